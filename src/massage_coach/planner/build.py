"""Assembling the timeline: heat, warm-up and oil, the main work, cool-down, aftercare."""

from __future__ import annotations

import random

from ..errors import UsageError
from ..models import Library, Pressure
from ..routine import (
    MAX_MINUTES,
    MIN_STROKE_SECONDS,
    Choices,
    Plan,
    Step,
)
from .areas import main_work
from .blocks import Builder, TooShort
from .drafts import Cues, Draft
from .ends import (
    aftercare_steps,
    joined,
    opening,
    resize_whole_back,
    turn,
    whole_back_floors,
)
from .levels import (
    area_level,
    tool_allowed,
)
from .limits import (
    BREAK_MARGIN_SECONDS,
    CALM_FROM_MINUTES,
    CALM_MAIN_STEPS,
    CHECK_IN_EVERY_SECONDS,
    CHECK_IN_GAP_SECONDS,
    CHECK_IN_SECONDS,
    GLIDES_ONLY_NOTE,
    SHORT_PLAN_MINUTES,
    SIDE_LYING_SIDES,
    SWITCH_SIDE_CUE,
    TURN_SECONDS,
    lower_first,
)
from .pauses import (
    Pauses,
    add_break,
    breaks_needed,
    insert_pauses,
    segments,
    spread,
)
from .resolve import Setup, resolve, unique


def _side_lying_runs(
    blocks: list[list[list[Draft]]], longest: int
) -> tuple[list[list[Draft]], list[list[Draft]]]:
    """The runs between check-ins of each half of a side-lying plan: every area's work on the
    first side, then (after the turn) on the second; a stroke that ends one pass and opens
    the next is done once."""
    halves: tuple[list[list[Draft]], list[list[Draft]]] = ([], [])
    for block in blocks:
        for half, side in zip(halves, SIDE_LYING_SIDES, strict=True):
            steps: list[Draft] = []
            for d in (d for g in block for d in g if (d.side or SIDE_LYING_SIDES[0]) == side):
                d.cue = d.cue.removeprefix(SWITCH_SIDE_CUE)
                last = steps[-1] if steps else None
                same = (d.stroke, d.tool, d.pressure)
                if last is not None and (last.stroke, last.tool, last.pressure) == same:
                    last.seconds += d.seconds
                else:
                    steps.append(d)
            half += segments([[d] for d in steps], longest, CHECK_IN_GAP_SECONDS) if steps else []
    second = halves[1]
    first_step = next((d for run in second for d in run if d.hands_on), None)
    if first_step is not None:
        first_step.cue = SWITCH_SIDE_CUE + first_step.cue
    return halves


def _to_plan(drafts: list[Draft], choices: Choices, setup: Setup, notes: list[str]) -> Plan:
    steps: list[Step] = []
    start = 0
    for d in drafts:
        steps.append(Step(start=start, **vars(d)))  # a draft is a step without its start
        start += d.seconds
    return Plan(
        minutes=choices.minutes,
        pressure=setup.level,
        focus=setup.focus,
        avoid=setup.avoid,
        routine=choices.routine,
        steps=steps,
        notes=unique(notes),
    )


def plan(choices: Choices, library: Library) -> Plan:
    """The timed routine for these choices: valid by every rule above, exactly minutes * 60 s.

    When no area's block fits between two check-ins, the plan is slow whole-back glides only,
    with a note saying how many minutes the area work needs.

    Raises UsageError for unknown areas, oils or tools (with a did-you-mean), an area both
    focused and avoided, every area avoided, or a session too short for what was asked.
    """
    setup = resolve(choices, library)
    made = _attempt(choices, setup, library)
    # too short for any area's block, but not for everything asked (the giver breaks, say):
    # gentle glides over the whole back instead
    if made is None and _attempt(choices, setup, library, whole_blocks=False) is not None:
        made = _attempt(choices, setup, library, glides=_glides_note(choices, setup, library))
    if made is None:
        raise UsageError(
            f"{choices.minutes} minutes is too short for everything asked; "
            "give more minutes or fewer extras."
        )
    return made


def _glides_note(choices: Choices, setup: Setup, library: Library) -> str:
    """Why a plan is whole-back glides only, and how many minutes the area work needs."""
    said = GLIDES_ONLY_NOTE.format(minutes=choices.minutes)
    for minutes in range(choices.minutes + 1, MAX_MINUTES + 1):
        longer = _attempt(choices.model_copy(update={"minutes": minutes}), setup, library)
        if longer is None:
            continue
        names = [
            lower_first(library.areas[a].name) + (" (the focus)" if a in setup.focus else "")
            for a in longer.seconds_by_area()
        ]
        return f"{said}: working the {joined(names)} needs at least {minutes} minutes."
    return f"{said}: the area work needs a longer session."


def _attempt(
    choices: Choices,
    setup: Setup,
    library: Library,
    glides: str | None = None,
    whole_blocks: bool = True,
) -> Plan | None:
    """The plan, or None when it does not fit. With `glides` (the note saying why), whole-back
    glides only: the warm-up and cool-down take the time the areas would have had. Without
    `whole_blocks`, area blocks too short to stand between two check-ins are allowed (only
    to ask whether anything but that makes the session too short)."""
    total = choices.minutes * 60
    # The pauses take time from the main work, and the main work decides the pauses: try
    # counts of check-ins and breaks until a plan needs no more than was set aside. Counts
    # grow to what a plan needed; when that leaves too little, fewer breaks are tried. When
    # the counts go round (frequent long breaks: the main work grows into more pauses than
    # are left time for), time is held back from the main work, for the pauses, until it
    # needs fewer of them.
    check_ins, breaks, held = 0, 0, 0
    tried: set[tuple[int, int, int]] = set()
    while (check_ins, breaks, held) not in tried:
        tried.add((check_ins, breaks, held))
        cues = Cues(random.Random(choices.seed) if choices.seed is not None else None)
        aftercare = aftercare_steps(library, choices)
        head, tail, caps = opening(setup, choices, cues, sum(d.seconds for d in aftercare))
        warm, cool = head[-1], tail[0]
        tail += aftercare
        fixed = sum(d.seconds for d in head + tail) + (TURN_SECONDS if setup.side_lying else 0)
        fixed += check_ins * CHECK_IN_SECONDS + breaks * choices.giver_break_seconds
        longest = min(
            CHECK_IN_EVERY_SECONDS,
            choices.giver_break_every_minutes * 60 - BREAK_MARGIN_SECONDS - CHECK_IN_SECONDS,
        )
        calm = CALM_FROM_MINUTES <= choices.minutes < SHORT_PLAN_MINUTES
        builder = Builder(
            library,
            choices,
            setup,
            cues,
            previous=Pressure.light,
            start_level=Pressure.light,
            pass_seconds=longest,
            most_steps=CALM_MAIN_STEPS if calm else None,
            whole_blocks=whole_blocks,
        )
        floors = whole_back_floors(choices.minutes, setup.side_lying)
        spare = max(warm.seconds - floors[0], 0) + max(cool.seconds - floors[1], 0)
        spare *= whole_blocks  # the question without them is the one asked before they were
        try:
            if glides is not None:
                if total - fixed < 0:
                    raise TooShort("no time")
                main: list[list[list[Draft]]] = []
                notes = [glides]
                if setup.side_lying:  # after the turn the giver works the other side
                    cool.cue = SWITCH_SIDE_CUE + cool.cue
                leftover = resize_whole_back(
                    warm, cool, fixed - total, floors, caps, setup.side_lying
                )
            else:
                unit = 2 if setup.side_lying else 1
                main, notes, leftover, taken = main_work(builder, total - fixed - held, spare, unit)
                leftover += held
                leftover += resize_whole_back(warm, cool, taken, floors, caps, setup.side_lying)
        except TooShort:
            if breaks == 0 and check_ins == 0:
                return None
            breaks, check_ins = (breaks - 1, check_ins) if breaks else (0, check_ins - 1)
            continue
        runs = [head]
        if setup.side_lying:
            one, other = _side_lying_runs(main, longest)
            runs += [*one, [turn()], *other]
        for block in [] if setup.side_lying else main:
            runs += segments(block, longest, CHECK_IN_GAP_SECONDS)
        runs += [tail[:1], tail[1:]] if len(tail) > 1 else [tail]
        timeline = insert_pauses(runs, choices, library)
        # a plan with giver breaks has at least one, whatever its work leaves over: the spare
        # time goes to the breaks, never to the stretches of work between them
        needed = max(timeline.breaks, int(breaks_needed(choices)))
        if timeline.check_ins <= check_ins and needed <= breaks:
            leftover += (check_ins - timeline.check_ins) * CHECK_IN_SECONDS
            for _ in range(breaks - timeline.breaks):
                # the time was set aside for a break: take it, in the longest break-free stretch
                if not add_break(timeline.drafts, Pauses(choices, library).giver_break()):
                    leftover += choices.giver_break_seconds  # the breaks there are grow
            spread(timeline.drafts, leftover)
            notes = setup.notes + notes
            notes += _unused_tool_notes(timeline.drafts, choices, setup, library, notes)
            return _to_plan(timeline.drafts, choices, setup, notes)
        grown = (max(check_ins, timeline.check_ins), max(breaks, needed))
        if any(grown == (c, b) for c, b, _ in tried):
            if glides is not None or held >= total:  # no main work to hold time back from
                return None
            held += MIN_STROKE_SECONDS
        else:
            check_ins, breaks = grown
    return None


def _unused_tool_notes(
    drafts: list[Draft], choices: Choices, setup: Setup, library: Library, notes: list[str]
) -> list[str]:
    """Why each tool that was asked for has no step, unless a note already says so."""
    used = {d.tool for d in drafts if d.tool}
    said: list[str] = []
    for name in unique(list(choices.tools)):
        tool = library.tools[name]
        reasons = (f"{tool.name} left out", *(("Heat left out",) if tool.heat else ()))
        if name in used or any(n.startswith(reasons) for n in notes):
            continue
        if tool.heat:  # not used and no "Heat left out" note: another heat source was chosen
            assert setup.heat_tool is not None
            said.append(
                f"{tool.name} left out: one heat to start with ({setup.heat_tool.name.lower()})."
            )
            continue
        covered = [a for a in setup.areas if a.id in tool.areas]
        allowed = [
            a
            for a in covered
            if tool_allowed(
                tool, a, setup.no_percussion, area_level(a, setup.level, choices.max_pressure)
            )
        ]
        if not covered:
            where = ", ".join(
                library.areas[a].name.lower() for a in tool.areas if a in library.areas
            )
            why = f"it is used only on the {where}, which this plan does not work on"
        elif allowed:
            why = f"no time left for it in {choices.minutes} minutes"
        elif setup.level.rank == 0:  # only a point tool is barred where it is allowed
            kind = "percussive" if tool.percussive else "point"
            why = f"a {kind} tool is not used at light pressure"
        else:
            why = "no area in this plan takes one (no percussion there, or light pressure only)"
        said.append(f"{tool.name} left out: {why}.")
    return said
