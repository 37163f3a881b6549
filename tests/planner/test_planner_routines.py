"""Routines as the base of a plan: every planner rule still holds for any routine with any
choices, and the merge of command line, routine, profile and config keeps its promises."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from massage_coach import planner
from massage_coach.errors import UsageError
from massage_coach.library import bundled_library
from massage_coach.models import Library, Pressure, Routine
from massage_coach.routine import Choices, Plan, StepKind
from massage_coach.routine_options import RoutineOptions
from massage_coach.store.config import Config
from massage_coach.store.preferences import merge_choices
from massage_coach.store.profiles import Profile

from .. import planner_rules as rules
from .test_planner import LIBRARY, PRESSURES, PROPERTY, choices, refused_for_breaks

AREAS = sorted(LIBRARY.areas)
MAIN_STROKES = sorted(s.id for s in LIBRARY.strokes.values() if not planner.is_link(s))


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    """Any valid routine over the planner fixture's content."""
    worked = draw(st.lists(st.sampled_from(AREAS), unique=True, max_size=len(AREAS)))
    shares = {area: draw(st.integers(1, 100)) for area in worked}
    outside = [a for a in AREAS if a not in worked]
    focus_from = worked or AREAS
    focus = draw(st.lists(st.sampled_from(focus_from), unique=True, max_size=2))
    avoid_from = [a for a in (outside if worked else AREAS) if a not in focus]
    avoid = (
        draw(st.lists(st.sampled_from(avoid_from), unique=True, max_size=2)) if avoid_from else []
    )
    return Routine(
        id="drawn",
        name="Drawn",
        summary="A routine drawn by the property tests.",
        minutes=draw(st.integers(5, 90)),
        pressure=draw(st.none() | st.sampled_from(PRESSURES)),
        areas=shares,
        focus=focus,
        avoid=avoid,
        tools=draw(st.lists(st.sampled_from(sorted(LIBRARY.tools)), unique=True, max_size=2)),
        heat=draw(st.booleans()),
        without_strokes=draw(st.lists(st.sampled_from(MAIN_STROKES), unique=True)),
    )


def with_routine(routine: Routine) -> Library:
    return LIBRARY.replace(routines={routine.id: routine})


def routine_rules(plan: Plan, choices: Choices, routine: Routine, library: Library) -> list[str]:
    """Only the routine's areas (and chosen focus areas) are worked; its left-out strokes never
    appear (the warm-up and cool-down glide excepted)."""
    allowed = set(routine.areas or library.areas) | set(plan.focus)
    problems = [
        f"{s.area} is not in the routine"
        for s in plan.steps
        if s.area is not None and s.area not in allowed
    ]
    left_out = set(routine.without_strokes)
    problems += [f"{s.stroke} is left out" for s in plan.steps if s.stroke in left_out]
    return problems


@PROPERTY
@given(routines(), choices())
def test_every_rule_holds_for_any_routine_with_any_choices(routine: Routine, c: Choices) -> None:
    library = with_routine(routine)
    c = c.model_copy(update={"routine": routine.id})
    try:
        plan = planner.plan(c, library)
    except UsageError as exc:
        if refused_for_breaks(c, exc, library):  # frequent giver breaks in a short session
            return
        # the one refusal a routine adds: every area it works is avoided
        worked = set(routine.areas) | {library.area_for(f).id for f in c.focus}  # type: ignore[union-attr]
        avoided = {library.area_for(a).id for a in c.avoid}  # type: ignore[union-attr]
        assert routine.areas and worked <= avoided, exc
        return
    assert rules.all_rules(plan, c, library) == []
    assert routine_rules(plan, c, routine, library) == []


@st.composite
def typed(draw: st.DrawFn) -> RoutineOptions:
    """Command-line options as typed: each either given or not."""
    focus = draw(st.lists(st.sampled_from(AREAS), unique=True, max_size=2))
    avoid_from = [a for a in AREAS if a not in focus]
    avoid = draw(st.lists(st.sampled_from(avoid_from), unique=True, max_size=2))
    return RoutineOptions(
        pressure=draw(st.none() | st.sampled_from(["light", "medium", "firm"])),
        focus=focus or None,
        avoid=avoid or None,
        minutes=draw(st.none() | st.integers(5, 90)),
        tool=draw(st.none() | st.lists(st.sampled_from(sorted(LIBRARY.tools)), min_size=1)),
        heat=draw(st.none() | st.booleans()),
        seed=draw(st.none() | st.integers(0, 99)),
        routine="drawn",
    )


@st.composite
def profiles(draw: st.DrawFn) -> Profile | None:
    if draw(st.booleans()):
        return None
    return Profile(
        name="Drawn",
        pressure=draw(st.none() | st.sampled_from(PRESSURES)),
        focus=draw(st.lists(st.sampled_from(AREAS), unique=True, max_size=2)),
        avoid=draw(st.lists(st.sampled_from(AREAS), unique=True, max_size=1)),
    )


@PROPERTY
@given(routines(), typed(), profiles(), st.sampled_from([None, *PRESSURES]))
def test_merged_choices_keep_every_promise_and_every_rule(
    routine: Routine,
    options: RoutineOptions,
    profile: Profile | None,
    config_level: Pressure | None,
) -> None:
    library = with_routine(routine)
    config = Config(pressure=config_level) if config_level else Config()
    tools = tuple(options.tool or routine.tools)
    if options.heat is False:  # --no-heat: a heat source typed beside it is a contradiction
        if any(library.tools[t].heat for t in options.tool or []):
            with pytest.raises(UsageError, match="--no-heat and --tool"):
                merge_choices(options, routine, profile, config, library)
            return
        tools = tuple(t for t in tools if not library.tools[t].heat)  # the routine's go
    choices, _, _ = merge_choices(options, routine, profile, config, library)
    # the command line wins; otherwise the routine; avoided areas add up from every source
    assert choices.minutes == (options.minutes or routine.minutes)
    assert choices.tools == tools
    assert choices.heat == (routine.heat if options.heat is None else options.heat)
    everywhere = [*(options.avoid or []), *routine.avoid, *(profile.avoid if profile else [])]
    assert set(everywhere) <= set(choices.avoid)
    assert not set(choices.focus) & set(choices.avoid)
    if options.pressure is not None:
        assert choices.pressure.value == options.pressure
    elif routine.pressure is not None:
        # a routine's pressure is a ceiling: a lighter preference wins, never a firmer one
        assert choices.pressure.rank <= routine.pressure.rank
        preferred = (profile.pressure if profile else None) or config_level
        if preferred is not None:
            assert choices.pressure.rank <= preferred.rank
    try:
        plan = planner.plan(choices, library)
    except UsageError:
        assume(False)  # every area the routine works is avoided: refused, tested above
        return
    assert rules.all_rules(plan, choices, library) == []
    assert routine_rules(plan, choices, routine, library) == []


@PROPERTY
@given(
    routines(),
    choices(),
    st.sampled_from(PRESSURES),
    st.sampled_from(PRESSURES),
    st.integers(0, 200),
)
def test_a_pressure_change_mid_session_keeps_the_routine_s_left_out_strokes_out(
    routine: Routine, c: Choices, level: Pressure, cap: Pressure, index: int
) -> None:
    library = with_routine(routine)
    c = c.model_copy(update={"routine": routine.id})
    try:
        plan = planner.plan(c, library)
    except UsageError:
        assume(False)
        return
    # the session may tighten the cap (a later answer) as well as change the level
    later = c.model_copy(update={"max_pressure": cap})
    changed = planner.with_pressure(plan, later, library, index % len(plan.steps), level)
    assert routine_rules(changed, later, routine, library) == []


def test_check_ins_stay_two_minutes_apart_when_a_routine_leaves_only_short_bursts() -> None:
    # Without kneading and friction the upper back is long glides and 30-second bursts of
    # tapping; the last two bursts stood alone between check-ins 70 s apart, as only the
    # first long glide was tried cut in two.
    routine = Routine(
        id="drawn",
        name="Drawn",
        summary="s",
        minutes=5,
        areas={"upper-back": 5, "hips": 1, "lower-back": 2},
        without_strokes=["friction", "petrissage"],
    )
    library = with_routine(routine)
    options = RoutineOptions(focus=["hips"], minutes=62, routine="drawn")
    choices, _, _ = merge_choices(options, routine, None, Config(), library)
    plan = planner.plan(choices, library)
    assert rules.check_in_places(plan, choices) == []
    assert rules.all_rules(plan, choices, library) == []


def test_softening_replaces_a_stroke_with_one_the_routine_keeps() -> None:
    routine = Routine(
        id="no-friction", name="No friction", summary="s", minutes=20, without_strokes=["friction"]
    )
    library = with_routine(routine)
    choices = Choices(routine=routine.id, pressure=Pressure.medium)
    plan = planner.plan(choices, library)
    softer = choices.model_copy(update={"max_pressure": Pressure.light})
    changed = planner.with_pressure(plan, softer, library, 0, Pressure.light)
    assert changed != plan
    assert not [s for s in changed.steps if s.stroke == "friction"]


@pytest.mark.parametrize(
    ("marks", "stroke", "both_sides"),
    [
        ({"sided_strokes": ["effleurage"]}, "effleurage", False),
        ({"bilateral_strokes": ["petrissage"]}, "petrissage", True),
    ],
)
def test_a_routine_can_mark_a_stroke_bilateral_or_sided(
    marks: dict[str, list[str]], stroke: str, both_sides: bool
) -> None:
    routine = Routine(id="marked", name="Marked", summary="s", minutes=30, **marks)  # type: ignore[arg-type]
    library = LIBRARY.replace(routines={"marked": routine})
    c = Choices(routine="marked", minutes=30)
    plan = planner.plan(c, library)
    on_sided = [
        s for s in rules.main_work(plan) if s.stroke == stroke and library.areas[s.area or ""].sided
    ]
    assert on_sided and all(s.bilateral is both_sides for s in on_sided)
    assert all((s.side is None) is both_sides for s in on_sided)
    assert rules.all_rules(plan, c, library) == []


def test_bundled_routines_plan_as_written() -> None:
    library = bundled_library()
    expected = {
        "desk-reset": (10, {"upper-back", "neck"}),
        "lower-back-ease": (20, {"lower-back", "hips-glutes"}),
        "full-back": (45, set(library.areas)),
    }
    assert set(expected) <= set(library.routines)
    for routine_id, (minutes, areas) in expected.items():
        routine = library.routines[routine_id]
        choices, _, notices = merge_choices(
            RoutineOptions(routine=routine_id), routine, None, Config(), library
        )
        plan = planner.plan(choices, library)
        assert plan.minutes == minutes and notices == []
        assert set(plan.seconds_by_area()) == areas and plan.notes == []
        assert rules.all_rules(plan, choices, library) == []


def test_lower_back_ease_starts_warm_and_never_taps() -> None:
    library = bundled_library()
    routine = library.routines["lower-back-ease"]
    choices, _, _ = merge_choices(
        RoutineOptions(routine=routine.id, pressure="firm"), routine, None, Config(), library
    )
    plan = planner.plan(choices, library)
    assert plan.steps[0].why == "heat"
    assert not [s for s in plan.steps if s.stroke == "tapotement"]
    assert plan.focus == ["lower-back"] and planner.focus_share(plan) >= 0.6


def test_an_unknown_routine_gets_a_did_you_mean() -> None:
    try:
        planner.plan(Choices(routine="desk-rest"), bundled_library())
    except UsageError as exc:
        assert str(exc) == "Unknown routine 'desk-rest'. Did you mean 'desk-reset'?"
    else:  # pragma: no cover - the assertion above is the test
        raise AssertionError("no error")


def test_a_routine_whose_areas_are_all_avoided_is_refused_clearly() -> None:
    choices = Choices(routine="desk-reset", avoid=("neck", "shoulders"))
    try:
        planner.plan(choices, bundled_library())
    except UsageError as exc:
        assert "Every area the 'desk-reset' routine works is avoided" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("no error")


def test_a_focus_outside_the_routine_is_added_to_its_areas() -> None:
    library = bundled_library()
    c = Choices(routine="desk-reset", focus=("lower-back",), minutes=30)
    plan = planner.plan(c, library)
    worked = plan.seconds_by_area()
    assert set(worked) == {"upper-back", "neck", "lower-back"}
    assert planner.focus_share(plan) >= 0.6
    assert [s.kind for s in plan.steps].count(StepKind.stroke) > 0


def test_a_step_cut_in_two_by_a_check_in_counts_towards_a_calm_plans_fourteen_steps() -> None:
    # Found by the merged-choices property: the neck's one long glide was cut around a
    # check-in after the step budget was counted, so the plan had 15 hands-on steps.
    routine = Routine(
        id="drawn",
        name="Drawn",
        summary="Only the neck and the upper back, without kneading or friction.",
        minutes=26,
        avoid=["hips", "lower-back"],
        without_strokes=["friction", "petrissage"],
    )
    library = with_routine(routine)
    choices, _, _ = merge_choices(RoutineOptions(routine="drawn"), routine, None, Config(), library)
    plan = planner.plan(choices, library)
    assert len(rules.hands_on(plan)) <= 14
    assert rules.all_rules(plan, choices, library) == []


@pytest.mark.parametrize("bundled", [False, True])
def test_percussion_is_not_stretched_to_fill_a_side_when_it_is_the_only_one_sided_stroke(
    bundled: bool,
) -> None:
    # Without kneading or friction, tapotement was the only one-sided stroke, and each side's
    # run was inflated to two minutes around a check-in: 2:00 of percussion a side, four times.
    routine = Routine(
        id="drawn",
        name="Drawn",
        summary="Only the neck and the upper back, without kneading or friction.",
        minutes=26,
        avoid=["hips-glutes" if bundled else "hips", "lower-back"],
        without_strokes=["friction", "petrissage"],
    )
    base = bundled_library() if bundled else LIBRARY
    library = base.replace(routines={routine.id: routine})
    choices, _, _ = merge_choices(RoutineOptions(routine="drawn"), routine, None, Config(), library)
    plan = planner.plan(choices, library)
    taps = [s.seconds for s in plan.steps if s.stroke == "tapotement"]
    assert taps and max(taps) <= (30 if bundled else 60)
    assert rules.all_rules(plan, choices, library) == []
