"""The routine rules of issue 3, each as a checker: plan -> list of broken promises (empty = kept).

Shared by the planner's property tests (plan, with_pressure, extend) so every rule is stated once.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from massage_coach.models import Library, Pressure, Role
from massage_coach.planner import (
    CHECK_IN_EVERY_SECONDS,
    EVEN_SIDES_CUE,
    MIN_FOCUS_SHARE,
    SWITCH_SIDE_CUE,
    focus_share,
)
from massage_coach.routine import MIN_STROKE_SECONDS, Choices, Plan, Step, StepKind


def hands_on(plan: Plan) -> list[Step]:
    return [s for s in plan.steps if s.kind is StepKind.stroke]


def main_work(plan: Plan) -> list[Step]:
    return [s for s in hands_on(plan) if s.area is not None]


def timing(plan: Plan, choices: Choices) -> list[str]:
    """Whole seconds, back to back from 0, adding up to exactly minutes x 60."""
    problems = []
    start = 0
    for i, step in enumerate(plan.steps):
        if step.start != start:
            problems.append(f"step {i} starts at {step.start}, expected {start}")
        start += step.seconds
    if start != choices.minutes * 60:
        problems.append(f"steps add up to {start}, expected {choices.minutes * 60}")
    return problems


def stroke_minimum(plan: Plan) -> list[str]:
    """Every hands-on step lasts at least 30 s."""
    return [
        f"step {i} lasts {s.seconds} s"
        for i, s in enumerate(plan.steps)
        if s.kind is StepKind.stroke and s.seconds < MIN_STROKE_SECONDS
    ]


def warm_up_and_cool_down(plan: Plan, library: Library) -> list[str]:
    """Opens with a light whole-back warm-up stroke (only prep before it) and closes with a
    light whole-back cool-down stroke (only aftercare after it)."""
    problems = []
    strokes = [i for i, s in enumerate(plan.steps) if s.kind is StepKind.stroke]
    first, last = plan.steps[strokes[0]], plan.steps[strokes[-1]]
    if not all(s.kind is StepKind.prep for s in plan.steps[: strokes[0]]):
        problems.append("something other than preparation comes before the warm-up")
    if not all(s.kind is StepKind.aftercare for s in plan.steps[strokes[-1] + 1 :]):
        problems.append("something other than aftercare comes after the cool-down")
    for step, role, why in ((first, Role.warm_up, "warm-up"), (last, Role.finish, "cool-down")):
        stroke = library.strokes[step.stroke or ""]
        if role not in stroke.roles or step.pressure is not Pressure.light or step.area:
            problems.append(f"{why} step is {step}")
        if step.why != why:
            problems.append(f"{why} step says why '{step.why}'")
    return problems


def pressure_caps(plan: Plan, choices: Choices, library: Library) -> list[str]:
    """No step above the chosen level, the screening cap or the area's cap; a stroke only at a
    level its content lists; pauses carry no pressure."""
    problems = []
    limit = min(choices.pressure.rank, choices.max_pressure.rank)
    for i, s in enumerate(plan.steps):
        if s.kind is not StepKind.stroke:
            if s.pressure is not None:
                problems.append(f"step {i} ({s.kind}) has a pressure")
            continue
        assert s.pressure is not None
        if s.pressure.rank > limit:
            problems.append(f"step {i} is {s.pressure} above the chosen limit")
        if s.area is not None and s.pressure.rank > library.areas[s.area].max_pressure.rank:
            problems.append(f"step {i} is {s.pressure} on {s.area} above its cap")
        if s.stroke is not None and s.pressure not in library.strokes[s.stroke].pressures:
            problems.append(f"step {i}: {s.stroke} is not done at {s.pressure}")
    return problems


def gradual(plan: Plan) -> list[str]:
    """Deeper work builds up: each hands-on step at most one level firmer than the one before."""
    steps = hands_on(plan)
    return [
        f"{a.pressure} -> {b.pressure} at {b.start}"
        for a, b in itertools.pairwise(steps)
        if a.pressure and b.pressure and b.pressure.rank > a.pressure.rank + 1
    ]


def area_cautions(plan: Plan, choices: Choices, library: Library) -> list[str]:
    """No percussion where an area or the screening bars it, no tools where it bars them;
    strokes and tools only where the content recommends or pairs them."""
    problems = []
    for i, s in enumerate(main_work(plan)):
        area = library.areas[s.area or ""]
        barred = area.no_percussion or choices.no_percussion
        if s.stroke is not None:
            stroke = library.strokes[s.stroke]
            if stroke.percussive and barred:
                problems.append(f"{s.stroke} on {area.id}")
            if s.stroke not in area.strokes:
                problems.append(f"{s.stroke} is not recommended on {area.id}")
        if s.tool is not None:
            tool = library.tools[s.tool]
            if choices.no_tools:
                problems.append(f"{s.tool} after the screening ruled out tools")
            if tool.percussive and barred:
                problems.append(f"{s.tool} on {area.id}")
            if area.id not in tool.areas or s.tool not in choices.tools or tool.heat:
                problems.append(f"main step {i}: {s.tool} on {area.id}")
    return problems


def focus_and_avoid(plan: Plan, choices: Choices, library: Library) -> list[str]:
    """Avoided areas get nothing; focus areas get at least 60 % of the main work."""
    avoid = {(library.area_for(a) or library.areas["upper-back"]).id for a in choices.avoid}
    problems = [f"{s.area} is avoided" for s in plan.steps if s.area in avoid]
    if plan.focus and focus_share(plan) < MIN_FOCUS_SHARE:
        problems.append(f"focus share is {focus_share(plan):.2f}")
    return problems


def stroke_order(plan: Plan, library: Library) -> list[str]:
    """On each area, strokes follow the classic flow between link (effleurage) strokes."""
    problems = []
    run_area: str | None = None
    last_sequence = 0
    for s in main_work(plan):
        if s.stroke is None:
            continue
        stroke = library.strokes[s.stroke]
        if s.area != run_area:
            run_area, last_sequence = s.area, 0
        if Role.finish in stroke.roles or Role.warm_up in stroke.roles:
            last_sequence = 0
            continue
        if stroke.sequence < last_sequence:
            problems.append(f"{s.stroke} after a later stroke on {s.area} at {s.start}")
        last_sequence = stroke.sequence
    return problems


def check_ins(plan: Plan) -> list[str]:
    """A check-in after at most five minutes of hands-on work, and before each new area."""
    problems = []
    since = 0
    previous_area: str | None = "start"
    previous_kind: StepKind | None = None
    for s in plan.steps:
        if s.kind is StepKind.check_in:
            since = 0
        elif s.kind is StepKind.stroke:
            new_area = previous_area != "start" and s.area != previous_area
            if new_area and previous_kind is not StepKind.check_in:
                problems.append(f"no check-in before {s.area} at {s.start}")
            previous_area = s.area
            since += s.seconds
            if since > CHECK_IN_EVERY_SECONDS:
                problems.append(f"{since} s of hands-on work without a check-in at {s.start}")
        previous_kind = s.kind
    return problems


def breaks(plan: Plan, choices: Choices) -> list[str]:
    """From 30 minutes up, a giver break of at least the asked length at least every
    `giver_break_every_minutes` (counted from the start, between breaks, and to the end)."""
    every = choices.giver_break_every_minutes * 60
    pauses = [s for s in plan.steps if s.kind is StepKind.break_]
    problems = [
        f"break of {s.seconds} s" for s in pauses if s.seconds < choices.giver_break_seconds
    ]
    if choices.minutes < 30 and choices.giver_break_every_minutes >= 20:
        return problems + (["a break in a short session"] if pauses else [])
    edges = [0, *(x for s in pauses for x in (s.start, s.end)), choices.minutes * 60]
    for begin, end in zip(edges[::2], edges[1::2], strict=True):
        if end - begin > every:
            problems.append(f"{end - begin} s without a break from {begin}")
    return problems


def oil_and_heat(plan: Plan, choices: Choices, library: Library) -> list[str]:
    """The oil step follows the first warm-up stroke and carries the patch-test and dilution
    reminders; heat comes first with its safety cue; screening limits leave them out."""
    problems = []
    oil_steps = [i for i, s in enumerate(plan.steps) if s.oil is not None]
    oil = library.oils.get(choices.oil or "")
    wanted = oil is not None and not (oil.type == "essential" and choices.no_essential_oils)
    if oil is not None and not wanted and not any(oil.name in n for n in plan.notes):
        problems.append("the left-out oil has no note")
    if len(oil_steps) != (1 if wanted else 0):
        problems.append(f"{len(oil_steps)} oil steps")
    if wanted and oil is not None and oil_steps:
        i = oil_steps[0]
        before = [s for s in plan.steps[:i] if s.kind is StepKind.stroke]
        if len(before) != 1 or before[0].why != "warm-up":
            problems.append("the oil is not applied after the first warm-up stroke")
        cue = plan.steps[i].cue
        if oil.patch_test and "patch test" not in cue:
            problems.append("no patch-test reminder")
        if oil.dilution and f"{oil.dilution.max_percent:g} %" not in cue:
            problems.append("no dilution reminder")
        if plan.steps[i].kind is not StepKind.prep:
            problems.append("the oil step is not a prep step")
    heat_steps = [s for s in plan.steps if s.tool and library.tools[s.tool].heat]
    named = [t for t in choices.tools if library.tools[t].heat]
    default = [t.id for t in library.tools.values() if t.heat_default]
    asked = choices.heat or bool(named)
    # Heat asked for without a tool is the content's default heat, never a guess; of several
    # named, the default (the gentlest) if it is one of them.
    chosen = ([d for d in default if d in named] or named or default)[:1]
    expected = chosen if asked and not choices.no_heat else []
    if not expected:
        problems += [f"heat step at {s.start}" for s in heat_steps]
        if asked and not any("Heat" in n for n in plan.notes):
            problems.append("the left-out heat has no note")
    else:
        if len(heat_steps) != 1 or plan.steps[0] != heat_steps[0]:
            problems.append("heat is not the first step")
        elif heat_steps[0].tool != expected[0]:
            problems.append(f"heat from {heat_steps[0].tool}, not {expected[0]}")
        elif library.tools[heat_steps[0].tool or ""].cautions[0] not in heat_steps[0].cue:
            problems.append("the heat step has no safety cue")
    return problems


def tools_used_or_noted(plan: Plan, choices: Choices, library: Library) -> list[str]:
    """Every tool asked for has a step, or a note says why not (heat: a note on the heat)."""
    used = {s.tool for s in plan.steps if s.tool}
    problems = []
    for name in choices.tools:
        tool = library.tools[name]
        noted = any(n.startswith(f"{tool.name} left out") for n in plan.notes) or (
            tool.heat and any(n.startswith("Heat left out") for n in plan.notes)
        )
        if name not in used and not noted:
            problems.append(f"{name} neither used nor noted")
    return problems


def sides(plan: Plan, library: Library, paired: bool = True, strict: bool = True) -> list[str]:
    """On sided areas both sides get the same time (per area; per stroke when `strict`), and
    each left step is followed by an equal right step with a switch-side cue (when `paired`);
    unsided areas have no side."""
    problems = []
    totals: dict[tuple[str | None, ...], dict[str, int]] = defaultdict(
        lambda: {"left": 0, "right": 0}
    )
    steps = main_work(plan)
    for i, s in enumerate(steps):
        area = library.areas[s.area or ""]
        if area.sided != (s.side is not None):
            problems.append(f"step at {s.start} on {area.id} has side {s.side}")
            continue
        if s.side is None:
            continue
        key = (s.area, s.stroke, s.tool) if strict else (s.area,)
        totals[key][s.side] += s.seconds
        if s.side == "right" and "Switch" not in s.cue:
            problems.append(f"no switch-side cue at {s.start}")
        if s.side == "left" and paired:
            twin = steps[i + 1] if i + 1 < len(steps) else None
            same = (s.area, "right", s.seconds) + ((s.stroke, s.tool) if strict else ())
            if (
                twin is None
                or (twin.area, twin.side, twin.seconds)
                + ((twin.stroke, twin.tool) if strict else ())
                != same
            ):
                problems.append(f"left step at {s.start} has no equal right step after it")
    problems += [f"{key}: {t}" for key, t in totals.items() if t["left"] != t["right"]]
    return problems


def reasons(plan: Plan) -> list[str]:
    """Every step says why it is there."""
    return [f"step at {s.start} has no why" for s in plan.steps if not s.why.strip()]


def area_cues(plan: Plan, library: Library) -> list[str]:
    """A stroke on an area whose content words that stroke for it says one of those cues."""
    problems = []
    for step in main_work(plan):
        area = library.areas.get(step.area or "")
        own = area.stroke_cues.get(step.stroke or "") if area and not step.tool else None
        said = step.cue.removeprefix(SWITCH_SIDE_CUE).removeprefix(EVEN_SIDES_CUE)
        if own and not any(said.startswith(line) for line in own):
            problems.append(f"step at {step.start} ({step.stroke} on {step.area}) says {said!r}")
    return problems


def all_rules(plan: Plan, choices: Choices, library: Library) -> list[str]:
    return (
        timing(plan, choices)
        + stroke_minimum(plan)
        + warm_up_and_cool_down(plan, library)
        + pressure_caps(plan, choices, library)
        + gradual(plan)
        + area_cautions(plan, choices, library)
        + focus_and_avoid(plan, choices, library)
        + stroke_order(plan, library)
        + check_ins(plan)
        + breaks(plan, choices)
        + oil_and_heat(plan, choices, library)
        + tools_used_or_noted(plan, choices, library)
        + sides(plan, library)
        + reasons(plan)
        + area_cues(plan, library)
    )
