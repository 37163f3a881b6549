"""The routine rules of issue 3, each as a checker: plan -> list of broken promises (empty = kept).

Shared by the planner's property tests (plan, with_pressure, extend) so every rule is stated once.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import defaultdict

from massage_coach.models import Library, Pressure, Role
from massage_coach.planner import (
    CHECK_IN_EVERY_SECONDS,
    EVEN_SIDES_CUE,
    GLIDES_ONLY_NOTE,
    MIN_FOCUS_SHARE,
    SWITCH_SIDE_CUE,
    focus_share,
)
from massage_coach.planner.levels import is_percussive
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


def brief_percussion(plan: Plan, library: Library) -> list[str]:
    """Percussion stays a brief burst: no step of it longer than its stroke's typical most
    (or the 30 s every stroke gets at least)."""
    problems = []
    for i, s in enumerate(plan.steps):
        stroke = library.strokes.get(s.stroke) if s.stroke else None
        if stroke is None or not is_percussive(stroke):
            continue
        cap = max(stroke.typical_seconds.max, MIN_STROKE_SECONDS)
        if s.seconds > cap:
            problems.append(f"step {i}: {s.stroke} lasts {s.seconds} s, past its {cap} s burst")
    return problems


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


def glides_only(plan: Plan) -> bool:
    """A plan too short for any area's block: no main work, and a note that says so (and how
    many minutes the area work needs)."""
    said = GLIDES_ONLY_NOTE.format(minutes=plan.minutes)
    return not main_work(plan) and any(n.startswith(said) and " needs " in n for n in plan.notes)


def focus_and_avoid(plan: Plan, choices: Choices, library: Library) -> list[str]:
    """Avoided areas get nothing; focus areas get at least 60 % of the main work (a plan of
    whole-back glides only, with its note, has no main work to share)."""
    avoid = {(library.area_for(a) or library.areas["upper-back"]).id for a in choices.avoid}
    problems = [f"{s.area} is avoided" for s in plan.steps if s.area in avoid]
    if plan.focus and focus_share(plan) < MIN_FOCUS_SHARE and not glides_only(plan):
        problems.append(f"focus share is {focus_share(plan):.2f}")
    return problems


def stroke_order(plan: Plan, library: Library) -> list[str]:
    """On each area, strokes follow the classic flow between link (effleurage) strokes; each
    side's run of work follows it again."""
    problems = []
    area: str | None = None
    side: str | None = None
    last_sequence = 0
    for s in main_work(plan):
        if s.area != area:
            area, side, last_sequence = s.area, None, 0
        if s.side is not None and s.side != side:
            side, last_sequence = s.side, 0  # the other side's run follows the flow again
        if s.stroke is None:
            continue
        stroke = library.strokes[s.stroke]
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
    """From 30 minutes up, or in a shorter session when breaks are asked for more often than
    every 20 minutes, a giver break of at least the asked length at least every
    `giver_break_every_minutes`, counted from the start (the preparation included), between
    breaks, and to the end (the aftercare included); never inside one side's run of work
    (side-lying, where all of one side comes first, between strokes)."""
    every = choices.giver_break_every_minutes * 60
    pauses = [s for s in plan.steps if s.kind is StepKind.break_]
    problems = [
        f"break of {s.seconds} s" for s in pauses if s.seconds < choices.giver_break_seconds
    ]
    for g in [] if choices.side_lying else side_groups(plan):
        inside = [s for s in plan.steps[g[0] : g[-1] + 1] if s.kind is StepKind.break_]
        problems += [f"break at {s.start} inside a side's run" for s in inside]
    if choices.minutes < 30 and choices.giver_break_every_minutes >= 20:
        return problems + (["a break in a short session"] if pauses else [])
    edges = [0, *(x for s in pauses for x in (s.start, s.end)), choices.minutes * 60]
    for begin, end in zip(edges[::2], edges[1::2], strict=True):
        if end - begin > every:
            problems.append(f"{end - begin} s without a break from {begin}")
    return problems


def oil_and_heat(plan: Plan, choices: Choices, library: Library) -> list[str]:  # noqa: C901 - one rule list
    """One oil step, before the first stroke on skin (after any heat), with the patch-test and
    dilution reminders; without an oil (or with it left out) a little plain carrier, and with
    --oil none no oil step and a note; heat comes first with its safety cue; screening limits
    leave them out."""
    problems = []
    oil_steps = [i for i, s in enumerate(plan.steps) if s.why == "oil"]
    oil = library.oils.get(choices.oil or "")
    wanted = oil is not None and not (oil.type == "essential" and choices.no_essential_oils)
    if oil is not None and not wanted and not any(oil.name in n for n in plan.notes):
        problems.append("the left-out oil has no note")
    if choices.oil == "none":  # --oil none: no oil step, and a note says so
        if oil_steps or not any(n.startswith("No oil") for n in plan.notes):
            problems.append("--oil none has an oil step or no note")
    elif len(oil_steps) != 1:  # without an oil, a little plain carrier all the same
        problems.append(f"{len(oil_steps)} oil steps")
    for i in oil_steps:
        before = [s for s in plan.steps[:i] if s.kind is not StepKind.prep or s.why != "heat"]
        if before:
            problems.append("the oil is not applied before the first stroke, after any heat")
        used = library.oils.get(plan.steps[i].oil or "")
        if oil is None or not wanted:
            if plan.steps[i].oil is not None and (used is None or used.type != "carrier"):
                problems.append(f"the oil step uses {plan.steps[i].oil}, not a plain carrier")
        elif plan.steps[i].oil not in (oil.id, None):
            problems.append(f"the oil step uses {plan.steps[i].oil}, not {oil.id}")
    if wanted and oil is not None and oil_steps and plan.steps[oil_steps[0]].oil == oil.id:
        i = oil_steps[0]
        cue = plan.steps[i].cue
        if oil.patch_test and "patch test" not in cue:
            problems.append("no patch-test reminder")
        if oil.dilution:  # the blend mixed beforehand: its strength, never above the cap
            percents = [float(p) for p in re.findall(r"(\d+(?:\.\d+)?) %", cue)]
            if not percents or max(percents) > oil.dilution.max_percent:
                problems.append("no dilution reminder")
            if "never neat" not in cue or " mL " not in cue:
                problems.append("the essential oil is not named as a blend in its carrier")
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


def side_groups(plan: Plan) -> list[list[int]]:
    """The indexes of each side's run of work: one-sided steps on the same area and side, one
    after the other (pauses between them do not end a run, a both-sides step does)."""
    groups: list[list[int]] = []
    last: Step | None = None
    for i, s in enumerate(plan.steps):
        if s.kind is not StepKind.stroke:
            continue
        if s.side is not None:
            if last is not None and (last.area, last.side) == (s.area, s.side):
                groups[-1].append(i)
            else:
                groups.append([i])
        last = s
    return groups


def twins(plan: Plan) -> list[tuple[int, int]]:
    """Each one-sided step and its twin: the step in the same place of the other side's run that
    follows it on the same area (side-lying: the area's runs on the two sides, in order)."""
    pairs = []
    groups = side_groups(plan)
    used: set[int] = set()
    for g, h in itertools.pairwise(groups):
        a, b = plan.steps[g[0]], plan.steps[h[0]]
        if g[0] in used or a.area != b.area or a.side == b.side:
            continue
        between = plan.steps[g[-1] + 1 : h[0]]
        if any(s.kind is StepKind.stroke for s in between):
            continue
        used.update((g[0], h[0]))
        pairs += list(zip(g, h, strict=False))
    # side-lying: an area's runs on the two sides are far apart; they pair up in order
    waiting: dict[tuple[str | None, str | None], list[list[int]]] = defaultdict(list)
    for g in groups:
        if g[0] in used:
            continue
        s = plan.steps[g[0]]
        other = "right" if s.side == "left" else "left"
        if waiting[(s.area, other)]:
            pairs += list(zip(waiting[(s.area, other)].pop(0), g, strict=False))
        else:
            waiting[(s.area, s.side)].append(g)
    return pairs


def sides(plan: Plan, library: Library, paired: bool = True, strict: bool = True) -> list[str]:
    """On sided areas both sides get the same time (per area; per stroke when `strict`); a step
    is one-sided or bilateral (`side: null`, `bilateral: true`), unsided areas have neither.
    When `paired`, each side's run goes with the other side's next to it, its first step with
    a switch-side cue; when also `strict`, step for step the same (stroke, tool, length)."""
    problems = []
    totals: dict[tuple[str | None, ...], dict[str, int]] = defaultdict(
        lambda: {"left": 0, "right": 0}
    )
    for s in main_work(plan):
        area = library.areas[s.area or ""]
        if s.side is not None and s.bilateral:
            problems.append(f"step at {s.start} has a side and is bilateral")
        if not area.sided and (s.side is not None or s.bilateral):
            problems.append(f"step at {s.start} on unsided {area.id} has side {s.side}")
        if area.sided and s.side is None and not s.bilateral:
            problems.append(f"step at {s.start} on {area.id} has no side")
        if s.side is None:
            continue
        key = (s.area, s.stroke, s.tool) if strict else (s.area,)
        totals[key][s.side] += s.seconds
    problems += [f"{key}: {t}" for key, t in totals.items() if t["left"] != t["right"]]
    if paired:
        groups = side_groups(plan)
        twinned = {i for pair in twins(plan) for i in pair}
        for group in groups:
            if not all(i in twinned for i in group):
                problems.append(f"side run at {plan.steps[group[0]].start} has no twin run")
        for i, j in twins(plan) if strict else ():
            a, b = plan.steps[i], plan.steps[j]
            if (a.stroke, a.tool, a.seconds) != (b.stroke, b.tool, b.seconds):
                problems.append(f"step at {a.start} and its twin at {b.start} differ")
        for g, h in itertools.pairwise(groups):
            b = plan.steps[h[0]]
            if plan.steps[g[0]].area == b.area and "Switch" not in b.cue:
                first = [s for s in plan.steps[g[-1] + 1 : h[0]] if s.kind is StepKind.stroke]
                if not first:
                    problems.append(f"no switch-side cue at {b.start}")
    return problems


def side_switches(plan: Plan) -> list[str]:
    """Sides grouped: in a pass over an area (its hands-on steps with no both-sides step or
    other area between them) the giver changes side at most once. (Where the content has no
    both-sides stroke for an area, each pass is one run per side, which `sides` checks.)"""
    problems = []
    sides_in_pass: list[str] = []
    area: str | None = None
    both = {s.area for s in main_work(plan) if s.bilateral}
    for s in hands_on(plan):
        if s.area not in both:  # content with no both-sides stroke there: a run per pass
            continue
        if s.area != area or s.side is None:
            sides_in_pass, area = [], s.area
        if s.side is None:
            continue
        if not sides_in_pass or sides_in_pass[-1] != s.side:
            sides_in_pass.append(s.side)
        if len(sides_in_pass) > 2:
            problems.append(f"a second change of side on {s.area} at {s.start}")
    return problems


def calm(plan: Plan, choices: Choices) -> list[str]:
    """From 20 minutes the median stroke step lasts at least a minute; a plan of 20 to 29
    minutes has at most 14 hands-on steps and works one or two areas."""
    if choices.minutes < 20:
        return []
    problems = []
    lengths = sorted(s.seconds for s in hands_on(plan))
    middle = statistics.median(lengths)
    if middle < 60:
        problems.append(f"median stroke step {middle} s")
    if choices.minutes < 30:
        if len(lengths) > 14:
            problems.append(f"{len(lengths)} hands-on steps")
        areas = {s.area for s in main_work(plan)}
        if len(areas) > 2:
            problems.append(f"{len(areas)} areas in {choices.minutes} minutes")
    return problems


def no_repeats(plan: Plan) -> list[str]:
    """No two steps in a row with the same stroke, tool, area, side and pressure: they are one
    step (a check-in between them makes two)."""
    return [
        f"step at {b.start} repeats the one before"
        for a, b in itertools.pairwise(plan.steps)
        if a.kind is b.kind is StepKind.stroke
        and (a.stroke, a.tool, a.area, a.side, a.pressure)
        == (b.stroke, b.tool, b.area, b.side, b.pressure)
    ]


def one_warm_up_one_cool_down(plan: Plan) -> list[str]:
    """One warm-up step and one cool-down step, each at most five minutes."""
    problems = []
    for why in ("warm-up", "cool-down"):
        found = [s for s in plan.steps if s.why == why]
        if len(found) != 1:
            problems.append(f"{len(found)} {why} steps")
        problems += [f"{why} of {s.seconds} s" for s in found if s.seconds > 300]
    return problems


def check_in_places(plan: Plan, choices: Choices) -> list[str]:
    """A check-in never falls inside one side's run of work (side-lying, where all of one side
    comes first, between strokes), and never two come within two minutes of each other."""
    problems = []
    for g in [] if choices.side_lying else side_groups(plan):
        inside = [s for s in plan.steps[g[0] : g[-1] + 1] if s.kind is StepKind.check_in]
        problems += [f"check-in at {s.start} inside a side's run" for s in inside]
    starts = [s.start for s in plan.steps if s.kind is StepKind.check_in]
    problems += [f"check-ins at {a} and {b}" for a, b in itertools.pairwise(starts) if b - a < 120]
    return problems


def area_blocks(plan: Plan) -> list[str]:
    """Each area's block lasts at least two minutes, in a plan of any length, so that it
    stands between two check-ins (side-lying, each side's half of it: the turn ends a block)."""
    blocks: list[list[Step]] = []
    turned = False
    for s in plan.steps:
        if s.why == "turn":
            turned = True
        if s.kind is not StepKind.stroke or s.area is None:
            continue
        if blocks and blocks[-1][0].area == s.area and not turned:
            blocks[-1].append(s)
        else:
            blocks.append([s])
        turned = False
    return [
        f"{b[0].area} block of {sum(s.seconds for s in b)} s at {b[0].start}"
        for b in blocks
        if sum(s.seconds for s in b) < 120
    ]


def whole_back_names_avoided(plan: Plan, choices: Choices, library: Library) -> list[str]:
    """The whole-back warm-up and cool-down say which areas they leave out."""
    avoid = [(library.area_for(a) or library.areas["upper-back"]) for a in choices.avoid]
    problems = []
    for s in hands_on(plan):
        if s.area is None:
            problems += [
                f"{s.why} does not leave out {a.id}"
                for a in avoid
                if (a.name[0].lower() + a.name[1:]) not in s.cue
            ]
    return problems


def side_lying(plan: Plan, choices: Choices) -> list[str]:
    """Side-lying: nothing on both sides at once; all of one side's work, one turn, then the
    other side's (warm-up and cool-down included), the same time on each."""
    if not choices.side_lying:
        return []
    problems = [f"both sides at once at {s.start}" for s in plan.steps if s.bilateral]
    order = [s.side for s in hands_on(plan) if s.side is not None]
    changes = sum(1 for a, b in itertools.pairwise(order) if a != b)
    if changes != 1:
        problems.append(f"{changes} changes of side")
    turns = [i for i, s in enumerate(plan.steps) if s.why == "turn"]
    if len(turns) != 1:
        problems.append(f"{len(turns)} turns")
    else:
        before = {s.side for s in hands_on(plan) if s.start < plan.steps[turns[0]].start}
        after = {s.side for s in hands_on(plan) if s.start > plan.steps[turns[0]].start}
        if len(before - {None}) != 1 or after - {None} != {*order} - before:
            problems.append("the turn is not between the two sides")
    seconds = {side: sum(s.seconds for s in hands_on(plan) if s.side == side) for side in order}
    if len(set(seconds.values())) > 1:
        problems.append(f"uneven sides: {seconds}")
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
        + brief_percussion(plan, library)
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
        + side_switches(plan)
        + calm(plan, choices)
        + no_repeats(plan)
        + one_warm_up_one_cool_down(plan)
        + check_in_places(plan, choices)
        + area_blocks(plan)
        + whole_back_names_avoided(plan, choices, library)
        + side_lying(plan, choices)
    )
