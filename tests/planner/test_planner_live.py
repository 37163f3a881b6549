"""Changing a plan mid-session: `with_pressure` (firmer / softer) and `extend` (more time)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massage_coach import planner
from massage_coach.models import Pressure
from massage_coach.routine import Choices, Plan, StepKind

from .. import planner_rules as rules
from .test_planner import BUNDLED, LIBRARY, choices, plan_for

# How many examples: the hypothesis profile in conftest (HYPOTHESIS_PROFILE=thorough for more).
PROPERTY = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def plan_and_index(draw: st.DrawFn) -> tuple[Choices, Plan, int]:
    c = draw(choices())
    plan = plan_for(c)
    return c, plan, draw(st.integers(0, len(plan.steps) - 1))


@PROPERTY
@given(plan_and_index(), st.sampled_from(list(Pressure)))
def test_new_pressure_keeps_the_past_and_every_step_time(
    case: tuple[Choices, Plan, int], pressure: Pressure
) -> None:
    c, plan, index = case
    new = planner.with_pressure(plan, c, LIBRARY, index, pressure)
    assert new.steps[:index] == plan.steps[:index]
    assert [(s.start, s.seconds, s.kind, s.area, s.side, s.why) for s in new.steps] == [
        (s.start, s.seconds, s.kind, s.area, s.side, s.why) for s in plan.steps
    ]


@PROPERTY
@given(plan_and_index(), st.sampled_from(list(Pressure)))
def test_new_pressure_is_valid_by_every_rule_at_the_new_level(
    case: tuple[Choices, Plan, int], pressure: Pressure
) -> None:
    c, plan, index = case
    new = planner.with_pressure(plan, c, LIBRARY, index, pressure)
    # the steps already done were within the old level, the rest within the new one
    highest = max(c.pressure, pressure, key=lambda p: p.rank)
    assert rules.pressure_caps(new, c.model_copy(update={"pressure": highest}), LIBRARY) == []
    later = Plan(**{**new.model_dump(), "steps": new.steps[index:]})
    limit = c.model_copy(update={"pressure": pressure})
    assert [p for p in rules.pressure_caps(later, limit, LIBRARY) if "above" in p] == []
    assert rules.gradual(new) == []
    assert rules.area_cautions(new, c, LIBRARY) == []
    assert rules.warm_up_and_cool_down(new, LIBRARY) == []
    assert rules.stroke_order(new, LIBRARY) == []
    assert rules.sides(new, LIBRARY, strict=False) == []
    assert rules.focus_and_avoid(new, c, LIBRARY) == []
    assert rules.check_ins(new) == []


def test_firmer_feedback_replans_rest_at_next_pressure() -> None:
    c = Choices(pressure=Pressure.medium, focus=("upper-back", "lower-back"), minutes=20)
    plan = planner.plan(c, LIBRARY)
    index = next(i for i, s in enumerate(plan.steps) if s.stroke == "petrissage")
    twin = dict(rules.twins(plan))[index]
    firmer = planner.with_pressure(plan, c, LIBRARY, index, Pressure.firm)
    # one level at a time: the kneading in hand (and its twin on the other side) goes to
    # medium-then-firm, the rest is firm (but friction under the ribs, which the safety floor
    # keeps at medium)
    assert firmer.steps[twin].pressure == firmer.steps[index].pressure == Pressure.medium
    later = [
        s
        for i, s in enumerate(firmer.steps[index + 1 :], index + 1)
        if s.stroke in ("petrissage", "friction") and i != twin
    ]
    kidneys = [s for s in later if s.area == "lower-back" and s.stroke == "friction"]
    assert kidneys and {s.pressure for s in kidneys} == {Pressure.medium}
    assert {s.pressure for s in later if s not in kidneys} == {Pressure.firm}
    assert all(s.pressure is Pressure.light for s in firmer.steps if s.area == "neck")
    assert firmer.steps[-1].end == plan.steps[-1].end
    assert firmer.pressure is Pressure.firm


def test_firmer_never_passes_the_screening_cap() -> None:
    c = Choices(pressure=Pressure.medium, max_pressure=Pressure.medium, focus=("upper-back",))
    plan = planner.plan(c, LIBRARY)
    firmer = planner.with_pressure(plan, c, LIBRARY, 0, Pressure.firm)
    assert Pressure.firm not in {s.pressure for s in firmer.steps}


def test_softer_to_light_replaces_tapotement_on_both_sides() -> None:
    c = Choices(pressure=Pressure.firm, focus=("upper-back",), minutes=30)
    plan = planner.plan(c, LIBRARY)
    tapping = [i for i, s in enumerate(plan.steps) if s.stroke == "tapotement"]
    assert tapping
    softer = planner.with_pressure(plan, c, LIBRARY, tapping[0], Pressure.light)
    assert "tapotement" not in {s.stroke for s in softer.steps}
    # its twin on the other side is further on, after the rest of this side's run
    twin = dict(rules.twins(plan))[tapping[0]]
    assert twin > tapping[0] + 1
    left, right = softer.steps[tapping[0]], softer.steps[twin]
    assert (left.side, right.side) == ("left", "right")
    assert left.stroke == right.stroke and left.seconds == right.seconds


@st.composite
def extension(draw: st.DrawFn) -> tuple[Choices, Plan, int, int]:
    c, plan, index = draw(plan_and_index())
    return c, plan, index, draw(st.sampled_from([1, 15, 30, 60, 120, 600]))


@PROPERTY
@given(extension())
def test_extend_grows_the_step_and_keeps_the_end_time(case: tuple[Choices, Plan, int, int]) -> None:
    c, plan, index, seconds = case
    new = planner.extend(plan, index, seconds)
    if new == plan:
        return
    assert new.steps[:index] == plan.steps[:index]
    assert new.steps[index].seconds == plan.steps[index].seconds + seconds
    assert rules.timing(new, c) == []


@PROPERTY
@given(extension())
def test_extend_keeps_sides_even_strokes_long_enough_and_the_focus(
    case: tuple[Choices, Plan, int, int],
) -> None:
    c, plan, index, seconds = case
    new = planner.extend(plan, index, seconds)
    assert rules.stroke_minimum(new) == []
    assert rules.sides(new, LIBRARY, paired=False) == []
    assert rules.focus_and_avoid(new, c, LIBRARY) == []
    assert rules.warm_up_and_cool_down(new, LIBRARY) == []
    assert rules.pressure_caps(new, c, LIBRARY) == []
    assert rules.check_in_places(new, c) == []
    assert rules.area_blocks(new) == []


def test_extending_a_first_side_grows_its_twin_further_on() -> None:
    plan = planner.plan(Choices(focus=("upper-back",), minutes=45), LIBRARY)
    index = next(
        i for i, s in enumerate(plan.steps) if (s.stroke, s.side) == ("petrissage", "left")
    )
    twin = dict(rules.twins(plan))[index]
    left, right = plan.steps[index], plan.steps[twin]
    assert (left.side, right.side) == ("left", "right")
    assert twin > index + 1  # the rest of the left side's run comes between them
    new = planner.extend(plan, index, 30)
    assert new.steps[index].seconds == left.seconds + 30
    assert new.steps[twin].seconds == right.seconds + 30
    assert new.total_seconds == plan.total_seconds
    assert rules.sides(new, LIBRARY) == []


def test_extending_a_second_side_adds_a_matching_step_after_its_run() -> None:
    plan = planner.plan(Choices(focus=("upper-back",), minutes=45), LIBRARY)
    first = next(
        i for i, s in enumerate(plan.steps) if (s.stroke, s.side) == ("petrissage", "left")
    )
    index = dict(rules.twins(plan))[first]
    run = next(r for r in rules.side_groups(plan) if index in r)
    new = planner.extend(plan, index, 30)
    assert new.steps[index].seconds == plan.steps[index].seconds + 30
    extra = new.steps[run[-1] + 1]
    assert (extra.side, extra.stroke, extra.seconds) == ("left", "petrissage", 30)
    assert extra.cue.startswith(planner.EVEN_SIDES_CUE)
    assert new.total_seconds == plan.total_seconds


def test_extend_without_room_returns_the_plan_unchanged() -> None:
    plan = planner.plan(Choices(minutes=5), LIBRARY)
    last_stroke = max(i for i, s in enumerate(plan.steps) if s.kind is StepKind.stroke)
    assert planner.extend(plan, last_stroke, 30) == plan
    assert planner.extend(plan, 0, 900) == plan


@PROPERTY
@given(extension(), st.lists(st.tuples(st.integers(0, 200), st.sampled_from([30, 45])), max_size=4))
def test_repeated_extensions_keep_sides_even_and_the_end_time(
    case: tuple[Choices, Plan, int, int], more: list[tuple[int, int]]
) -> None:
    c, plan, index, seconds = case
    plan = planner.extend(plan, index, seconds)
    for position, extra in more:
        plan = planner.extend(plan, position % len(plan.steps), extra)
    assert rules.timing(plan, c) == []
    assert rules.sides(plan, LIBRARY, paired=False) == []
    assert rules.stroke_minimum(plan) == []
    assert rules.check_in_places(plan, c) == []
    assert rules.area_blocks(plan) == []


def test_extending_the_warm_up_keeps_check_ins_two_minutes_apart() -> None:
    # The minute was taken from the lower back's first stretch, and its check-ins came 114 s
    # apart: time is now taken only where a stretch between check-ins has it to give.
    c = Choices(minutes=20)
    plan = planner.plan(c, BUNDLED)
    warm_up = next(i for i, s in enumerate(plan.steps) if s.why == "warm-up")
    longer = planner.extend(plan, warm_up, 60)
    assert longer.steps[warm_up].seconds == plan.steps[warm_up].seconds + 60
    assert rules.check_in_places(longer, c) == [] and rules.timing(longer, c) == []


def test_extending_the_warm_up_of_a_short_plan_keeps_its_area_block_two_minutes_long() -> None:
    # The 30 s came from the only area block, which shrank to 1:54: too short to stand
    # between its check-ins. Time is now taken only where a block has it to give.
    c = Choices(minutes=5, focus=("lower-back",))
    plan = planner.plan(c, BUNDLED)
    assert rules.area_blocks(plan) == []
    warm_up = next(i for i, s in enumerate(plan.steps) if s.why == "warm-up")
    longer = planner.extend(plan, warm_up, 30)
    assert rules.area_blocks(longer) == [] and rules.timing(longer, c) == []
