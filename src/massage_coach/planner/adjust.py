"""Changing a plan during a session: firmer or softer from a step on, a step made longer."""

from __future__ import annotations

import itertools
from collections import Counter

from ..models import Area, Library, Pressure, Stroke
from ..routine import MIN_STROKE_SECONDS, Choices, Plan, Side, Step, StepKind
from .drafts import cue_lines, stroke_cue
from .levels import (
    is_link,
    stroke_allowed,
    stroke_level,
    tool_allowed,
    tool_level,
)
from .limits import (
    CHECK_IN_GAP_SECONDS,
    EVEN_SIDES_CUE,
    MIN_AREA_SECONDS,
    MIN_FOCUS_SHARE,
    SWITCH_SIDE_CUE,
)


def with_pressure(
    plan: Plan, choices: Choices, library: Library, from_index: int, pressure: Pressure
) -> Plan:
    """The plan re-levelled from `from_index` on: the giver asked for firmer or softer.

    Steps before `from_index` are unchanged and every step keeps its start and length, so the
    session ends on time. Later hands-on steps move to `pressure` under every cap (screening,
    area, the stroke's own levels), one level at a time, with link strokes one lighter; a stroke
    not allowed at the new level is replaced by the area's closest stroke that is. Warm-up and
    cool-down stay light.
    """
    level = min(pressure, choices.max_pressure, key=lambda p: p.rank)
    steps = list(plan.steps[:from_index])
    previous = next(
        (s.pressure for s in reversed(steps) if s.kind is StepKind.stroke and s.pressure), None
    )
    pairs = twins(list(plan.steps))
    for index in range(from_index, len(plan.steps)):
        step = plan.steps[index]
        if step.kind is not StepKind.stroke or step.area is None or step.area not in library.areas:
            steps.append(step)
            if step.kind is StepKind.stroke and step.pressure is not None:
                previous = step.pressure
            continue
        twin = pairs.get(index)
        if twin is not None and from_index <= twin < index:
            # the second side does what the first side now does, so the pair stays a pair
            first = steps[twin]
            prefix = SWITCH_SIDE_CUE if step.cue.startswith(SWITCH_SIDE_CUE) else ""
            cue = prefix + first.cue.removeprefix(SWITCH_SIDE_CUE)
            update = {"stroke": first.stroke, "tool": first.tool, "pressure": first.pressure}
            new = step.model_copy(update={**update, "cue": cue})
        else:
            area = library.areas[step.area]
            after = _sequence_so_far(steps, area.id, step.side, library)
            new = _relevel(step, area, library, choices, level, previous, after)
        steps.append(new)
        previous = new.pressure
    return plan.model_copy(update={"steps": steps, "pressure": level})


def _relevel(
    step: Step,
    area: Area,
    library: Library,
    choices: Choices,
    level: Pressure,
    previous: Pressure | None,
    after: int,
) -> Step:
    prefix = SWITCH_SIDE_CUE if step.cue.startswith(SWITCH_SIDE_CUE) else ""
    if step.tool is not None and step.tool in library.tools:
        tool = library.tools[step.tool]
        got_tool = tool_level(area, level, choices.max_pressure, previous)
        if not choices.no_tools and tool_allowed(tool, area, choices.no_percussion, got_tool):
            return step.model_copy(update={"pressure": got_tool})
        current: Stroke | None = None
    else:
        current = library.strokes.get(step.stroke or "")
    if current is not None and stroke_allowed(current, area, choices.no_percussion):
        got = stroke_level(current, area, level, choices.max_pressure, previous)
        if got is not None:
            if got is step.pressure:
                return step
            cue = prefix + stroke_cue(current, got, cue_lines(current, area)[0])
            return step.model_copy(update={"pressure": got, "cue": cue})
    # replace: the area's stroke allowed at this level that keeps the classic order (not before
    # the last main stroke on the area, `after`), closest in the sequence, main strokes first
    sequence = current.sequence if current is not None else after
    routine = library.routines.get(choices.routine or "")
    left_out = set(routine.without_strokes) if routine else set()
    candidates = []
    for stroke_id in area.strokes:
        stroke = library.strokes[stroke_id]
        if not stroke_allowed(stroke, area, choices.no_percussion):
            continue
        if stroke.id in left_out and not is_link(stroke):
            continue
        got = stroke_level(stroke, area, level, choices.max_pressure, previous)
        if got is not None:
            out_of_order = not is_link(stroke) and stroke.sequence < after
            closeness = abs(stroke.sequence - sequence)
            key = (out_of_order, is_link(stroke), stroke.percussive, closeness, stroke.id)
            candidates.append((key, stroke, got))
    if not candidates:  # pragma: no cover - a validated area always has a gentle stroke
        return step
    _, stroke, got = min(candidates, key=lambda c: c[0])
    return step.model_copy(
        update={
            "stroke": stroke.id,
            "tool": None,
            "pressure": got,
            "cue": prefix + stroke_cue(stroke, got, cue_lines(stroke, area)[0]),
        }
    )


def _sequence_so_far(steps: list[Step], area: str, side: Side | None, library: Library) -> int:
    """The classic-flow place of the last main stroke in the current pass on `area` and side
    (0 if it has none yet: a link stroke, the other side's run or another area comes first)."""
    for step in reversed(steps):
        if step.kind is not StepKind.stroke:
            continue
        if step.area != area or (side is not None and step.side not in (None, side)):
            return 0
        stroke = library.strokes.get(step.stroke or "")
        if stroke is None:
            continue
        return 0 if is_link(stroke) else stroke.sequence
    return 0


def side_runs(steps: list[Step]) -> list[list[int]]:
    """The indexes of each side's run of work: one-sided steps on the same area and side one
    after the other (a pause between them does not end a run; a both-sides step does)."""
    runs: list[list[int]] = []
    last: Step | None = None
    for i, s in enumerate(steps):
        if s.kind is not StepKind.stroke:
            continue
        if s.side is not None:
            if last is not None and (last.area, last.side) == (s.area, s.side):
                runs[-1].append(i)
            else:
                runs.append([i])
        last = s
    return runs


def twins(steps: list[Step]) -> dict[int, int]:
    """Each one-sided step and its twin, both ways: the step in the same place of the other
    side's run that goes with its own (the two runs of a pass over an area), when it is the
    same stroke or tool. Runs not next to each other (side-lying) pair up by area, in order."""
    pairs: dict[int, int] = {}
    runs = side_runs(steps)
    paired: set[int] = set()
    for k in range(len(runs) - 1):
        g, h = runs[k], runs[k + 1]
        a, b = steps[g[0]], steps[h[0]]
        if k in paired or a.area != b.area or a.side == b.side:
            continue
        if any(s.kind is StepKind.stroke for s in steps[g[-1] + 1 : h[0]]):
            continue
        paired.update((k, k + 1))
        _pair(steps, g, h, pairs)
    # side-lying: all of one side, then the other, so an area's runs are far apart
    waiting: dict[tuple[str | None, Side | None], list[int]] = {}
    for k, run in enumerate(runs):
        if k in paired:
            continue
        step = steps[run[0]]
        other: Side = "right" if step.side == "left" else "left"
        earlier = waiting.get((step.area, other))
        if earlier:
            _pair(steps, runs[earlier.pop(0)], run, pairs)
        else:
            waiting.setdefault((step.area, step.side), []).append(k)
    return pairs


def _pair(steps: list[Step], first: list[int], second: list[int], pairs: dict[int, int]) -> None:
    for i, j in zip(first, second, strict=False):
        if (steps[i].stroke, steps[i].tool) == (steps[j].stroke, steps[j].tool):
            pairs[i], pairs[j] = j, i


def _twin(steps: list[Step], index: int) -> int | None:
    """The other-side step of a one-sided step (see `twins`), or None."""
    return twins(steps).get(index)


def extend(plan: Plan, index: int, seconds: int = 30) -> Plan:
    """The plan with step `index` longer by `seconds`, ending at the same time.

    Sides stay even. On a first side's step its twin (the same stroke in the other side's run
    that follows, adjacent or not) grows too. When the other side is already done (its twin
    comes before it), a step of `seconds` on the other side is inserted after this side's run
    ("switch back"), so both sides still get the same time. The time comes from later
    hands-on steps of the main work (areas outside the focus first, from the end of the
    session backwards, sided pairs shrinking together), then from the cool-down; no hands-on
    step drops below 30 s and focus areas keep at least 60 % of the main work.
    Returns the plan unchanged when there is no room, when `seconds` is not positive, or when
    an inserted other-side step would be shorter than 30 s. Check-ins stay at least two
    minutes apart and every area block lasts two minutes or more: time is never taken from a
    stretch between two check-ins, or from a block, below that (the stretch with the longer
    step only grows: the giver asked for the extra time).
    """
    steps = list(plan.steps)
    if seconds <= 0 or not 0 <= index < len(steps):
        return plan
    step = steps[index]
    grow = {index: seconds}
    insert: Step | None = None
    at = index
    if step.kind is StepKind.stroke and step.side is not None:
        twin = _twin(steps, index)
        if twin is not None and twin > index:
            grow[twin] = seconds
        else:
            if seconds < MIN_STROKE_SECONDS:
                return plan
            other: Side = "right" if step.side == "left" else "left"
            cue = step.cue.removeprefix(SWITCH_SIDE_CUE).removeprefix(EVEN_SIDES_CUE)
            cue = (EVEN_SIDES_CUE if other == "left" else SWITCH_SIDE_CUE) + cue
            insert = step.model_copy(update={"side": other, "seconds": seconds, "cue": cue})
            run = next((r for r in side_runs(steps) if index in r), [index])
            at = run[-1]
    need = sum(grow.values()) + (insert.seconds if insert else 0)
    budget = _shrink_plan(steps, index, set(grow), plan.focus, need)
    if budget is None:
        return plan
    new_steps: list[Step] = []
    start = 0
    for i, s in enumerate(steps):
        length = s.seconds + grow.get(i, 0) - budget.get(i, 0)
        new_steps.append(s.model_copy(update={"start": start, "seconds": length}))
        start += length
        if i == at and insert is not None:
            new_steps.append(insert.model_copy(update={"start": start}))
            start += insert.seconds
    result = plan.model_copy(update={"steps": new_steps})
    if plan.focus and focus_share(result) < MIN_FOCUS_SHARE <= focus_share(plan):
        return plan
    return result


def _shrink_plan(
    steps: list[Step], index: int, fixed: set[int], focus: list[str], need: int
) -> dict[int, int] | None:
    """Seconds to take from each later step to free `need`, or None if there is no room."""
    units: list[tuple[tuple[int, int], list[int]]] = []
    paired: set[int] = set()
    pairs = twins(steps)
    for i in range(len(steps) - 1, index, -1):
        s = steps[i]
        if i in fixed or i in paired or s.kind is not StepKind.stroke:
            continue
        members = [i]
        if s.side is not None:
            twin = pairs.get(i)
            if twin is None or twin <= index or twin in fixed:
                continue
            members.append(twin)
            paired.add(twin)
        if s.area is None:
            if s.why != "cool-down":
                continue
            rank = 2
        else:
            rank = 1 if s.area in focus else 0
        units.append(((rank, -i), members))
    units.sort(key=lambda u: u[0])
    stretch, spare = _spare_seconds(steps)
    taken: dict[int, int] = {}
    for _, members in units:
        if need <= 0:
            break
        room = min(steps[m].seconds - MIN_STROKE_SECONDS for m in members)
        per = min(room, need // len(members))
        within = Counter(key for m in members for key in stretch.get(m, ()))
        for key, count in within.items():
            per = min(per, spare[key] // count)
        if per <= 0:
            continue
        for m in members:
            taken[m] = per
        for key, count in within.items():
            spare[key] -= per * count
        need -= per * len(members)
    return taken if need == 0 else None


def _spare_seconds(steps: list[Step]) -> tuple[dict[int, list[str]], dict[str, int]]:
    """What a step belongs to that must keep its length, and how much each can give: a
    stretch between two check-ins before they come within two minutes, and an area's block
    before it is too short to stand between them (MIN_AREA_SECONDS; the turn ends a block)."""
    belongs: dict[int, list[str]] = {}
    spare: dict[str, int] = {}
    pauses = [i for i, s in enumerate(steps) if s.kind is StepKind.check_in]
    for a, b in itertools.pairwise(pauses):
        spare[f"stretch {a}"] = sum(s.seconds for s in steps[a:b]) - CHECK_IN_GAP_SECONDS
        for i in range(a, b):
            belongs.setdefault(i, []).append(f"stretch {a}")
    area: str | None = None  # the area of the block being walked, None after a turn
    for i, s in enumerate(steps):
        if s.why == "turn":
            area = None
        if s.kind is not StepKind.stroke or s.area is None:
            continue
        if s.area != area:
            area, block = s.area, f"block {i}"
            spare[block] = -MIN_AREA_SECONDS
        spare[block] += s.seconds
        belongs.setdefault(i, []).append(block)
    return belongs, {key: max(seconds, 0) for key, seconds in spare.items()}


def focus_share(plan: Plan) -> float:
    """The share of hands-on main work (steps on an area) spent on the focus areas."""
    on_areas = [s for s in plan.steps if s.kind is StepKind.stroke and s.area is not None]
    whole = sum(s.seconds for s in on_areas)
    if whole == 0:
        return 0.0
    return sum(s.seconds for s in on_areas if s.area in plan.focus) / whole
