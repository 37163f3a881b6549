"""The planner's rules as properties over all choices, plus the errors for bad choices."""

from __future__ import annotations

import itertools
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from massage_coach import planner
from massage_coach.errors import UsageError
from massage_coach.library import bundled_library, load_library
from massage_coach.models import Library, Pressure
from massage_coach.routine import Choices, Plan, StepKind, minutes_until

from .. import planner_rules as rules
from ..conftest import FIXTURES

LIBRARY: Library = load_library(FIXTURES / "planner")
AREAS = sorted(LIBRARY.areas)
PRESSURES = list(Pressure)


@st.composite
def choices(
    draw: st.DrawFn,
    library: Library = LIBRARY,
    min_minutes: int = 5,
    max_minutes: int = 90,
    min_tools: int = 0,
    avoid_any: bool = True,
) -> Choices:
    """Any valid set of choices for the library, including screening limits.

    The keywords narrow the space where a property holds only for some choices, which is
    much cheaper than filtering the examples afterwards."""
    areas = sorted(library.areas)
    most_avoided = len(areas) - 1 if avoid_any else 0
    avoid = draw(st.lists(st.sampled_from(areas), unique=True, max_size=most_avoided))
    free = [a for a in areas if a not in avoid]
    focus = draw(st.lists(st.sampled_from(free), unique=True, max_size=len(free)))
    aliases = {a: area.aliases for a, area in library.areas.items() if area.aliases}
    focus = [draw(st.sampled_from([a, *aliases[a]])) if a in aliases else a for a in focus]
    avoid = [draw(st.sampled_from([a, *aliases[a]])) if a in aliases else a for a in avoid]
    return Choices(
        pressure=draw(st.sampled_from(PRESSURES)),
        focus=tuple(focus),
        avoid=tuple(avoid),
        minutes=draw(st.integers(min_minutes, max_minutes)),
        oil=draw(st.none() | st.sampled_from([*sorted(library.oils), "none"])),
        tools=tuple(
            draw(st.lists(st.sampled_from(sorted(library.tools)), unique=True, min_size=min_tools))
        ),
        heat=draw(st.booleans()),
        seed=draw(st.none() | st.integers(0, 2**32)),
        max_pressure=draw(st.sampled_from(PRESSURES)),
        no_percussion=draw(st.booleans()),
        no_heat=draw(st.booleans()),
        no_essential_oils=draw(st.booleans()),
        no_tools=draw(st.booleans()),
        # the whole allowed range, often the frequent breaks screening may ask for
        giver_break_every_minutes=draw(st.integers(5, 10) | st.integers(5, 60) | st.just(20)),
        giver_break_seconds=draw(st.integers(30, 300) | st.sampled_from([30, 300])),
        side_lying=draw(st.sampled_from([False, False, False, True])),
    )


# How many examples: the hypothesis profile in conftest (HYPOTHESIS_PROFILE=thorough for more).
PROPERTY = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def refused_for_breaks(c: Choices, exc: UsageError, library: Library = LIBRARY) -> bool:
    """The one refusal drawn choices meet: a session of 20 minutes or less that needs giver
    breaks, whose breaks leave too little time (the same choices without them are planned)."""
    if "is too short" not in str(exc) or not c.giver_break_every_minutes < c.minutes <= 20:
        return False
    planner.plan(c.model_copy(update={"giver_break_every_minutes": 60}), library)
    return True


def plan_for(c: Choices, library: Library = LIBRARY) -> Plan:
    """The plan for drawn choices; refused only as `refused_for_breaks` allows (hypothesis
    then draws other choices)."""
    try:
        return planner.plan(c, library)
    except UsageError as exc:
        if not refused_for_breaks(c, exc, library):
            raise
        reject()


@PROPERTY
@given(choices())
def test_steps_are_whole_seconds_back_to_back_adding_up_to_the_minutes(c: Choices) -> None:
    assert rules.timing(plan_for(c), c) == []


@PROPERTY
@given(choices())
def test_every_stroke_step_lasts_at_least_thirty_seconds(c: Choices) -> None:
    assert rules.stroke_minimum(plan_for(c)) == []


@PROPERTY
@given(choices())
def test_opens_with_light_warm_up_and_closes_with_light_cool_down(c: Choices) -> None:
    assert rules.warm_up_and_cool_down(plan_for(c), LIBRARY) == []


@PROPERTY
@given(choices())
def test_no_step_is_firmer_than_the_chosen_screened_or_area_pressure(c: Choices) -> None:
    assert rules.pressure_caps(plan_for(c), c, LIBRARY) == []


@PROPERTY
@given(choices())
def test_pressure_builds_up_one_level_at_a_time(c: Choices) -> None:
    assert rules.gradual(plan_for(c)) == []


@PROPERTY
@given(choices())
def test_no_percussion_where_an_area_or_the_screening_bars_it(c: Choices) -> None:
    assert rules.area_cautions(plan_for(c), c, LIBRARY) == []


@PROPERTY
@given(choices())
def test_focus_areas_get_sixty_percent_and_avoided_areas_nothing(c: Choices) -> None:
    assert rules.focus_and_avoid(plan_for(c), c, LIBRARY) == []


@PROPERTY
@given(choices())
def test_strokes_on_an_area_follow_the_classic_order(c: Choices) -> None:
    assert rules.stroke_order(plan_for(c), LIBRARY) == []


@PROPERTY
@given(choices())
def test_check_in_every_five_minutes_and_at_each_new_area(c: Choices) -> None:
    assert rules.check_ins(plan_for(c)) == []


@PROPERTY
@given(choices())
def test_giver_breaks_at_least_every_twenty_minutes_from_thirty_minutes(c: Choices) -> None:
    assert rules.breaks(plan_for(c), c) == []


@PROPERTY
@given(choices())
def test_every_tool_asked_for_is_used_or_a_note_says_why_not(c: Choices) -> None:
    assert rules.tools_used_or_noted(plan_for(c), c, LIBRARY) == []


def test_a_focus_area_left_out_for_time_is_named_as_a_focus() -> None:
    """Asked for and not worked: the note says so, not only that there was no time."""
    plan = planner.plan(Choices(minutes=9, focus=("neck", "lower-back")), BUNDLED)
    worked = {step.area for step in plan.steps}
    assert "neck" not in worked and "lower-back" in worked
    assert "No time left for Back of the neck (a focus) in 9 minutes." in plan.notes
    assert "No time left for Hips and glutes in 9 minutes." in plan.notes


def test_the_notes_say_why_a_tool_was_left_out() -> None:
    def notes(**choices: object) -> list[str]:
        # 30 minutes: every area has room, so the only notes are about the tool
        return planner.plan(Choices(minutes=30, **choices), BUNDLED).notes  # type: ignore[arg-type]

    assert notes(tools=("electric-massager",), pressure=Pressure.light) == [
        "Electric massager left out: a percussive tool is not used at light pressure."
    ]
    assert notes(tools=("massage-balls",), avoid=("upper-back", "hips-glutes")) == [
        "Massage balls left out: it is used only on the upper back and shoulders, hips and "
        "glutes, which this plan does not work on."
    ]
    # They lie face up on a foam roller: never a left and a right step mid-way through a
    # face-down massage.
    assert notes(tools=("foam-roller",)) == [
        "Foam roller left out: they lie face up on it, so it is not part of this face-down "
        "routine (afterwards, see `massage-coach tools foam-roller`)."
    ]
    # Two heat sources named: the gentlest (the default heat) is used, whatever the order.
    assert notes(tools=("hot-stones", "warm-towel")) == [
        "Hot stones left out: one heat to start with (warm towel)."
    ]


@PROPERTY
@given(choices())
def test_oil_before_the_first_stroke_and_heat_first_unless_screened_out(c: Choices) -> None:
    assert rules.oil_and_heat(plan_for(c), c, LIBRARY) == []


@PROPERTY
@given(choices())
def test_both_sides_get_the_same_time_with_a_switch_cue(c: Choices) -> None:
    assert rules.sides(plan_for(c), LIBRARY) == []


@PROPERTY
@given(choices())
def test_one_sided_work_is_grouped_one_change_of_side_per_pass(c: Choices) -> None:
    assert rules.side_switches(plan_for(c)) == []


@PROPERTY
@given(choices(min_minutes=20))
def test_plans_of_twenty_minutes_or_more_work_in_calm_blocks(c: Choices) -> None:
    assert rules.calm(plan_for(c), c) == []


@PROPERTY
@given(choices())
def test_no_two_identical_steps_in_a_row(c: Choices) -> None:
    assert rules.no_repeats(plan_for(c)) == []


@PROPERTY
@given(choices())
def test_one_warm_up_and_one_cool_down_step_of_at_most_five_minutes(c: Choices) -> None:
    assert rules.one_warm_up_one_cool_down(plan_for(c)) == []


@PROPERTY
@given(choices())
def test_check_ins_never_inside_a_side_s_run_nor_two_within_two_minutes(c: Choices) -> None:
    assert rules.check_in_places(plan_for(c), c) == []


@PROPERTY
@given(choices())
def test_every_area_block_stands_between_two_check_ins(c: Choices) -> None:
    assert rules.area_blocks(plan_for(c)) == []


@PROPERTY
@given(choices().map(lambda c: c.model_copy(update={"side_lying": True})))
def test_side_lying_works_all_of_one_side_then_turns_once(c: Choices) -> None:
    assert rules.side_lying(plan_for(c), c) == []


@PROPERTY
@given(choices())
def test_whole_back_steps_name_the_areas_they_leave_out(c: Choices) -> None:
    assert rules.whole_back_names_avoided(plan_for(c), c, LIBRARY) == []


@PROPERTY
@given(choices())
def test_every_step_says_why_it_is_there(c: Choices) -> None:
    assert rules.reasons(plan_for(c)) == []


@PROPERTY
@given(choices())
def test_same_choices_give_the_same_plan(c: Choices) -> None:
    assert plan_for(c) == plan_for(c)


@PROPERTY
@given(choices(min_minutes=30, min_tools=1, avoid_any=False))
def test_chosen_tools_are_used_on_their_areas(c: Choices) -> None:
    plan = plan_for(c)
    used = {s.tool for s in plan.steps if s.tool}
    for tool_id in c.tools:
        tool = LIBRARY.tools[tool_id]
        light = Pressure.light in (c.pressure, c.max_pressure)
        point = tool.percussive or tool.point  # never at light pressure (the safety floor)
        barred = c.no_tools or (tool.percussive and c.no_percussion) or (point and light)
        if not tool.heat and not barred:
            # used, unless the areas it suits got too little time (a strong focus elsewhere)
            no_time = f"{tool.name} left out: no time left for it in {c.minutes} minutes."
            assert tool_id in used or no_time in plan.notes, tool_id


def test_seed_gives_a_different_but_valid_routine() -> None:
    base = Choices(minutes=30)
    plans = [planner.plan(base.model_copy(update={"seed": n}), LIBRARY) for n in range(5)]
    unseeded = planner.plan(base, LIBRARY)
    assert any(p.steps != unseeded.steps for p in plans)
    for p, n in zip(plans, range(5), strict=True):
        assert rules.all_rules(p, base.model_copy(update={"seed": n}), LIBRARY) == []


def test_light_pressure_leaves_out_tapotement() -> None:
    plan = planner.plan(Choices(pressure=Pressure.light, focus=("upper-back",)), LIBRARY)
    assert "tapotement" not in {s.stroke for s in plan.steps}
    firm = planner.plan(Choices(pressure=Pressure.firm, focus=("upper-back",), minutes=30), LIBRARY)
    assert "tapotement" in {s.stroke for s in firm.steps}


def test_no_tapotement_on_the_lower_back_even_when_firm() -> None:
    plan = planner.plan(Choices(pressure=Pressure.firm, focus=("lower-back",)), LIBRARY)
    assert not [s for s in plan.steps if s.area == "lower-back" and s.stroke == "tapotement"]


def test_neck_is_worked_lightly_at_firm_pressure() -> None:
    plan = planner.plan(Choices(pressure=Pressure.firm, focus=("neck",)), LIBRARY)
    neck = [s for s in plan.steps if s.area == "neck"]
    assert neck and {s.pressure for s in neck} == {Pressure.light}


def test_shoulders_is_an_alias_for_the_upper_back() -> None:
    plan = planner.plan(Choices(focus=("shoulders",)), LIBRARY)
    assert plan.focus == ["upper-back"]


def test_screening_limits_leave_out_essential_oil_and_heat_with_notes() -> None:
    c = Choices(oil="lavender", heat=True, no_essential_oils=True, no_heat=True)
    plan = planner.plan(c, LIBRARY)
    assert not [s for s in plan.steps if s.oil or s.tool]
    assert any("Lavender" in n for n in plan.notes)
    assert any("Heat" in n for n in plan.notes)


def test_heat_without_a_tool_is_the_content_s_default_heat_and_never_a_guess() -> None:
    [towel] = [s.tool for s in planner.plan(Choices(heat=True), BUNDLED).steps if s.tool]
    assert towel == "warm-towel" and BUNDLED.tools[towel].heat_default
    # A library whose warm towel is no longer the default: stones are not picked instead.
    tools = dict(BUNDLED.tools)
    tools["warm-towel"] = tools["warm-towel"].model_copy(update={"heat_default": False})
    no_default = BUNDLED.replace(tools=tools)
    plan = planner.plan(Choices(heat=True), no_default)
    assert not [s for s in plan.steps if s.tool]
    assert "Heat left out: the content names no default heat; choose one with --tool." in (
        plan.notes
    )
    assert rules.oil_and_heat(plan, Choices(heat=True), no_default) == []
    from massage_coach.render.routine import routine_choices

    warm_start = BUNDLED.routines["lower-back-ease"]
    assert warm_start.heat and "heat first: yes (warm towel)" in routine_choices(
        warm_start, BUNDLED
    )
    shown = routine_choices(warm_start, no_default)
    assert "heat first: yes (but the content names no default heat: left out)" in shown
    named = Choices(heat=True, tools=("hot-stones",))  # named, it is used
    plan = planner.plan(named, no_default)
    assert plan.steps[0].tool == "hot-stones"
    assert rules.oil_and_heat(plan, named, no_default) == []


def test_carrier_oil_is_kept_when_essential_oils_are_ruled_out() -> None:
    plan = planner.plan(Choices(oil="sweet-almond", no_essential_oils=True), LIBRARY)
    assert [s.oil for s in plan.steps if s.oil] == ["sweet-almond"]


def test_screening_cap_keeps_every_step_light() -> None:
    plan = planner.plan(Choices(pressure=Pressure.firm, max_pressure=Pressure.light), LIBRARY)
    assert {s.pressure for s in plan.steps if s.pressure} == {Pressure.light}
    assert plan.pressure is Pressure.light


def test_thirty_minutes_has_a_giver_break_and_twenty_has_none() -> None:
    def count(minutes: int) -> int:
        plan = planner.plan(Choices(minutes=minutes), LIBRARY)
        return sum(1 for s in plan.steps if s.kind is StepKind.break_)

    assert count(20) == 0
    assert count(30) >= 1
    assert count(60) >= 2


@pytest.mark.parametrize(
    ("choice", "message", "suggestion"),
    [
        ({"focus": ("lower-bak",)}, "Unknown area 'lower-bak'.", "lower-back"),
        ({"avoid": ("nek",)}, "Unknown area 'nek'.", "neck"),
        ({"oil": "lavendar"}, "Unknown oil 'lavendar'.", "lavender"),
        ({"tools": ("massage-ball",)}, "Unknown tool 'massage-ball'.", "massage-balls"),
        ({"focus": ("neck",), "avoid": ("neck",)}, "'neck' is in both --focus and --avoid", None),
        ({"avoid": tuple(AREAS)}, "Every area is avoided", None),
    ],
)
def test_bad_choices_are_usage_errors(
    choice: dict[str, object], message: str, suggestion: str | None
) -> None:
    with pytest.raises(UsageError) as caught:
        planner.plan(Choices.model_validate(choice), LIBRARY)
    assert message in caught.value.message
    assert caught.value.suggestion == suggestion


def test_focus_and_avoid_clash_is_found_through_an_alias() -> None:
    with pytest.raises(UsageError, match="both"):
        planner.plan(Choices(focus=("shoulders",), avoid=("upper-back",)), LIBRARY)


def test_plans_with_the_small_good_pack_are_valid(tmp_path: Path) -> None:
    library = load_library(FIXTURES / "good")
    c = Choices(focus=("lower-back",), minutes=45, tools=("massage-balls",), oil="lavender")
    assert rules.all_rules(planner.plan(c, library), c, library) == []


BUNDLED = bundled_library()


@PROPERTY
@given(choices(BUNDLED))
def test_plans_from_the_bundled_content_keep_every_rule(c: Choices) -> None:
    assert rules.all_rules(plan_for(c, BUNDLED), c, BUNDLED) == []


@PROPERTY
@given(choices(max_minutes=19))
def test_short_plans_keep_every_rule(c: Choices) -> None:
    # under 20 minutes too: every area block stands between two check-ins, two minutes apart
    assert rules.all_rules(plan_for(c), c, LIBRARY) == []


@PROPERTY
@given(choices(BUNDLED, max_minutes=19), st.sampled_from([None, *sorted(BUNDLED.routines)]))
def test_short_bundled_plans_and_routines_keep_every_rule(c: Choices, routine: str | None) -> None:
    if not c.avoid:  # a routine whose every area is avoided is refused (tested with routines)
        c = c.model_copy(update={"routine": routine})
    assert rules.all_rules(plan_for(c, BUNDLED), c, BUNDLED) == []


def check_in_gaps(plan: Plan) -> list[int]:
    starts = [s.start for s in plan.steps if s.kind is StepKind.check_in]
    return [b - a for a, b in itertools.pairwise(starts)]


@pytest.mark.parametrize("pressure", PRESSURES)
def test_a_ten_minute_desk_reset_works_both_areas_with_check_ins_two_minutes_apart(
    pressure: Pressure,
) -> None:
    # The neck's block was 1:45, so its check-in came 115 s after the one before it: the
    # warm-up and cool-down now give way, and the neck keeps its two minutes.
    c = Choices(routine="desk-reset", minutes=10, pressure=pressure)
    plan = planner.plan(c, BUNDLED)
    assert set(plan.seconds_by_area()) == {"upper-back", "neck"}
    assert min(plan.seconds_by_area().values()) >= 120
    assert min(check_in_gaps(plan)) >= 120
    warm_up, cool_down = (s for s in plan.steps if s.why in ("warm-up", "cool-down"))
    assert warm_up.seconds >= 90 and cool_down.seconds >= 60  # 15 % and 10 % of the session
    assert plan.notes == [] and rules.all_rules(plan, c, BUNDLED) == []


@pytest.mark.parametrize("minutes", [5, 6])
def test_five_and_six_minutes_side_lying_are_whole_back_glides_with_a_note(minutes: int) -> None:
    # The two halves of an area and the turn could not each stand between check-ins: 55 s of
    # kneading a side, check-ins 95 s and 65 s apart.
    c = Choices(minutes=minutes, side_lying=True, focus=("lower-back",))
    plan = planner.plan(c, BUNDLED)
    assert plan.seconds_by_area() == {}
    assert [(s.kind, s.why, s.side) for s in plan.steps] == [
        (StepKind.prep, "oil", None),
        (StepKind.stroke, "warm-up", "left"),
        (StepKind.prep, "turn", None),
        (StepKind.check_in, "check-in", None),
        (StepKind.stroke, "cool-down", "right"),
    ]
    assert plan.notes[-1] == (
        f"Only slow glides over the whole back fit in {minutes} minutes: working the lower "
        "back (the focus) needs at least 8 minutes."
    )
    assert rules.all_rules(plan, c, BUNDLED) == []


def test_the_shortest_plan_still_works_an_area() -> None:
    plan = planner.plan(Choices(minutes=5), BUNDLED)
    assert plan.seconds_by_area() == {"upper-back": 144}
    assert rules.all_rules(plan, Choices(minutes=5), BUNDLED) == []


def test_a_session_too_short_for_what_screening_asks_is_refused() -> None:
    c = Choices(minutes=10, giver_break_every_minutes=5, giver_break_seconds=300)
    with pytest.raises(UsageError, match="10 minutes is too short"):
        planner.plan(c, LIBRARY)


HEAT_TOOL_AND_OIL = {"tools": ("massage-balls",), "heat": True, "oil": "lavender"}


@pytest.mark.parametrize(
    ("minutes", "every", "seconds", "extra"),
    [
        # the warm towel, the oil and the warm-up came before the first break: 311 s and 420 s
        (16, 5, 30, HEAT_TOOL_AND_OIL),
        (30, 6, 30, HEAT_TOOL_AND_OIL),
        # a five-minute warm-up, and after the last break the cool-down and aftercare: 330 s
        # from the start, 340 s to the end
        (45, 5, 30, {"focus": ("lower-back",)}),
        (20, 5, 300, {"focus": ("lower-back",)}),  # whole-back glides only
        (31, 5, 300, {"routine": "desk-reset"}),
        (22, 7, 300, HEAT_TOOL_AND_OIL),
        (23, 5, 300, HEAT_TOOL_AND_OIL),  # planned, with the area work held back for the breaks
        (12, 5, 300, {}),
    ],
)
def test_frequent_giver_breaks_come_on_time_from_the_start_to_the_end(
    minutes: int, every: int, seconds: int, extra: dict[str, object]
) -> None:
    c = Choices.model_validate(
        {
            "minutes": minutes,
            "giver_break_every_minutes": every,
            "giver_break_seconds": seconds,
            **extra,
        }
    )
    plan = planner.plan(c, BUNDLED)
    assert rules.all_rules(plan, c, BUNDLED) == []
    assert [s.why for s in plan.steps if s.kind is StepKind.break_]


def test_passes_cut_short_by_frequent_breaks_stay_calm() -> None:
    # Breaks every five minutes cut the hips' passes short; each kept its 30-second burst of
    # tapotement a side, and the median stroke step fell to 56 s in a 20-minute plan.
    avoid = ("lower-back", "neck", "upper-back")
    c = Choices(minutes=20, avoid=avoid, heat=True, giver_break_every_minutes=5)
    plan = planner.plan(c, LIBRARY)
    assert rules.calm(plan, c) == [] and rules.all_rules(plan, c, LIBRARY) == []


@pytest.mark.parametrize("every", [5, 6, 7])
def test_breaks_every_five_to_seven_minutes_keep_every_rule_at_every_length(every: int) -> None:
    # Screening may ask for breaks this often; one plan in twenty broke the breaks rule.
    for minutes, seconds in itertools.product(range(5, 91), (30, 300)):
        c = Choices(minutes=minutes, giver_break_every_minutes=every, giver_break_seconds=seconds)
        try:
            plan = planner.plan(c, BUNDLED)
        except UsageError as exc:
            assert refused_for_breaks(c, exc, BUNDLED), exc
            continue
        assert rules.all_rules(plan, c, BUNDLED) == [], c


@pytest.mark.parametrize(
    ("until", "now", "minutes"),
    [
        ("21:30", (21, 0), 30),
        ("00:10", (23, 50), 20),
        ("22:30", (21, 0), 90),
        ("08:55", (8, 45, 45), 9),  # rounded down: it ends by 08:55, not 45 s after
    ],
)
def test_until_counts_minutes_to_the_clock_time_across_midnight(
    until: str, now: tuple[int, ...], minutes: int
) -> None:
    assert minutes_until(until, datetime(2026, 11, 25, *now)) == minutes


@pytest.mark.parametrize(
    ("until", "now", "message"),
    [
        ("21:04", (21, 0), "--until 21:04: 4 minutes from now; a session lasts 5 to 90 minutes."),
        ("22:31", (21, 0), "--until 22:31: 91 minutes from now; a session lasts 5 to 90 minutes."),
        ("20:40", (8, 33), "--until 20:40: 727 minutes from now; a session lasts 5 to 90 minutes."),
        ("08:00", (23, 0), "--until 08:00: 540 minutes from now; a session lasts 5 to 90 minutes."),
        (
            "08:23",
            (8, 33),
            "--until 08:23: that time has passed, it is 08:33 now; a session lasts 5 to 90 "
            "minutes.",
        ),
    ],
)
def test_until_too_soon_too_far_or_past_is_a_usage_error(
    until: str, now: tuple[int, int], message: str
) -> None:
    with pytest.raises(UsageError) as caught:
        minutes_until(until, datetime(2026, 11, 25, *now))
    assert str(caught.value) == message


def test_a_short_pass_still_kneads_instead_of_only_gliding() -> None:
    # A 50-minute plan cut the neck into two passes too short at its calm 90 s steps for
    # anything but the opening glide: the neck got glides only. Shorter calm steps now fit.
    plan = planner.plan(Choices(minutes=50, pressure=Pressure.medium), BUNDLED)
    neck = {s.stroke for s in plan.steps if s.area == "neck"}
    assert neck - {"effleurage"}, neck
    side_lying = planner.plan(Choices(minutes=45, side_lying=True), BUNDLED)
    for area in side_lying.seconds_by_area():
        strokes = {s.stroke for s in side_lying.steps if s.area == area}
        assert strokes - {"effleurage"}, (area, strokes)
