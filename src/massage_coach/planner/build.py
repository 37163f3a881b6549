"""Assembling the timeline: heat, warm-up and oil, the main work, cool-down, aftercare."""

from __future__ import annotations

import itertools
import math
import random

from ..errors import UsageError
from ..models import Library, Oil, Pressure, Stroke
from ..routine import (
    MAX_MINUTES,
    MIN_STROKE_SECONDS,
    Choices,
    Plan,
    Side,
    Step,
    StepKind,
)
from ..safety_floor import first_time
from .blocks import Builder, TooShort, main_work
from .drafts import Cues, Draft, split, stroke_cue
from .levels import (
    area_level,
    tool_allowed,
)
from .limits import (
    AFTERCARE_SECONDS,
    BREAK_MARGIN_SECONDS,
    CALM_FROM_MINUTES,
    CALM_MAIN_STEPS,
    CHECK_IN_EVERY_SECONDS,
    CHECK_IN_GAP_SECONDS,
    CHECK_IN_SECONDS,
    COOL_DOWN_FLOOR_SHARE,
    GLIDES_ONLY_NOTE,
    OIL_SECONDS,
    PLAIN_OIL_SECONDS,
    SHORT_PLAN_MINUTES,
    SIDE_LYING_GLIDE,
    SIDE_LYING_SIDES,
    SWITCH_SIDE_CUE,
    TURN_CUE,
    TURN_SECONDS,
    WARM_UP_FLOOR_SHARE,
    WHOLE_BACK_FLOOR_SECONDS,
    WHOLE_BACK_SECONDS,
)
from .pauses import (
    Pauses,
    add_break,
    break_stretch,
    breaks_needed,
    insert_pauses,
    segments,
    spread,
)
from .resolve import Setup, resolve, unique

# (minutes, warm-up seconds, cool-down seconds): domain notes section 1, interpolated between.
_TEMPLATE = (
    (5, 60, 45),
    (10, 120, 90),
    (20, 180, 180),
    (30, 240, 180),
    (45, 300, 300),
    (60, 360, 360),
    (90, 480, 420),
)


def _interpolate(minutes: int) -> tuple[int, int]:
    """Warm-up and cool-down seconds for a session length (template, rounded to 5 s)."""
    for (m0, w0, c0), (m1, w1, c1) in itertools.pairwise(_TEMPLATE):
        if m0 <= minutes <= m1:
            f = (minutes - m0) / (m1 - m0)
            return 5 * round((w0 + f * (w1 - w0)) / 5), 5 * round((c0 + f * (c1 - c0)) / 5)
    return _TEMPLATE[-1][1], _TEMPLATE[-1][2]


def _whole_back(
    stroke: Stroke, seconds: int, why: str, cues: Cues, setup: Setup, side: Side | None = None
) -> Draft:
    """One light step over the whole back, both sides at once (or, side-lying, the whole of
    one side), keeping off avoided areas."""
    if side is None:
        cue = stroke_cue(stroke, Pressure.light, cues.pick(stroke.cues))
    else:
        cue = stroke_cue(stroke, Pressure.light, SIDE_LYING_GLIDE.format(side=side))
    if setup.avoid_names:
        cue += f" Leave out the {_and(setup.avoid_names)}."
    return Draft(
        StepKind.stroke,
        seconds,
        cue,
        why,
        stroke=stroke.id,
        side=side,
        pressure=Pressure.light,
        bilateral=side is None,
    )


def _turn() -> Draft:
    """Side-lying: the one turn, from the first side to the second."""
    return Draft(StepKind.prep, TURN_SECONDS, TURN_CUE, "turn")


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


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


BLEND_ML = 10
"""A back massage uses roughly 10-15 mL of oil (domain notes, section 4): one blend of 10 mL."""
DROPS_PER_ML = 20


def blend(oil: Oil, choices: Choices) -> tuple[float, int]:
    """The essential oil's strength (percent) and its drops in BLEND_ML of carrier: the gentle
    strength for a first-time oil or a frail or older recipient, else the normal one."""
    assert oil.dilution is not None
    gentle = choices.gentle_dilution or first_time(oil, choices)
    percent = oil.dilution.gentle_percent if gentle else oil.dilution.normal_percent
    return percent, max(1, round(percent * BLEND_ML * DROPS_PER_ML / 100))


def blend_words(oil: Oil, carrier: Oil | None, choices: Choices) -> str:
    """'4 drops of lavender essential oil in 10 mL (2 teaspoons) of sunflower oil (2 %)'."""
    percent, drops = blend(oil, choices)
    base = carrier.name.lower() if carrier is not None else "a plain carrier oil"
    return (
        f"{drops} drop{'s' if drops != 1 else ''} of {oil.name.lower()} in {BLEND_ML} mL "
        f"(2 teaspoons) of {base} ({percent:g} %)"
    )


def _oil_cue(oil: Oil, carrier: Oil | None, choices: Choices) -> str:
    """Applying the oil: an essential oil as the blend mixed beforehand, its carrier named
    (never neat); the patch-test reminder and the oil's first caution."""
    if oil.type == "essential" and oil.dilution is not None:
        parts = [
            f"Use the blend you mixed beforehand: {blend_words(oil, carrier, choices)}, "
            "never neat. Warm a little in your hands and spread it with long strokes."
        ]
    else:
        parts = [f"Warm the {oil.name.lower()} in your hands and spread it with long strokes."]
    if oil.patch_test:
        parts.append("Only after a clear patch test 24 hours ago.")
    parts.append(oil.cautions[0])
    return " ".join(parts)


def _opening(
    setup: Setup, choices: Choices, cues: Cues, after: int
) -> tuple[list[Draft], list[Draft], tuple[int, int]]:
    """Heat (if any), the oil and the warm-up; then the cool-down (`after`: the seconds of
    aftercare that follow it); and the longest the warm-up and cool-down may grow. Where
    giver breaks come often, the heat and the whole-back steps are kept short enough for
    the breaks (see `_whole_back_caps`)."""
    total = choices.minutes * 60
    warm, cool = _interpolate(choices.minutes)
    stretch = break_stretch(choices)
    oil_seconds = 0
    if setup.oil is not None:
        oil_seconds = OIL_SECONDS if choices.minutes >= 10 else OIL_SECONDS // 2
    elif setup.plain_oil:
        oil_seconds = PLAIN_OIL_SECONDS
    head: list[Draft] = []
    if setup.heat_tool is not None:
        tool = setup.heat_tool
        seconds = max(MIN_STROKE_SECONDS, min(tool.seconds, total // 10))
        if stretch is not None:  # room left before the first break for the shortest warm-up
            seconds = min(seconds, stretch - oil_seconds - WHOLE_BACK_FLOOR_SECONDS)
        head.append(
            Draft(
                StepKind.prep,
                seconds,
                " ".join(x for x in (tool.cue, tool.check, tool.cautions[0]) if x),
                "heat",
                tool=tool.id,
            )
        )
    prep = oil_seconds + sum(d.seconds for d in head)
    caps = _whole_back_caps(choices, prep, after, setup.side_lying)
    warm, cool = min(warm, caps[0]), min(cool, caps[1])
    first: Side | None = None
    second: Side | None = None
    if setup.side_lying:  # the same time on each side: the warm-up on one, cool-down on the other
        warm = cool = min(5 * round((warm + cool) / 10), *caps)
        first, second = SIDE_LYING_SIDES
    if setup.oil is not None:
        # before the first stroke on skin, after any warm towel
        cue = _oil_cue(setup.oil, setup.carrier, choices)
        head.append(Draft(StepKind.prep, oil_seconds, cue, "oil", oil=setup.oil.id))
    elif setup.plain_oil:  # the prep list's "a little carrier oil", in one short step
        carrier = setup.carrier
        name = carrier.name.lower() if carrier else "plain carrier oil they have used before"
        cue = f"Warm a little {name} in your hands and spread it with long strokes."
        head.append(
            Draft(StepKind.prep, oil_seconds, cue, "oil", oil=carrier.id if carrier else None)
        )
    head.append(_whole_back(setup.warm_stroke, warm, "warm-up", cues, setup, first))
    tail = [_whole_back(setup.cool_stroke, cool, "cool-down", cues, setup, second)]
    return head, tail, caps


def _whole_back_caps(choices: Choices, prep: int, after: int, side_lying: bool) -> tuple[int, int]:
    """The longest warm-up and cool-down: five minutes each, and where giver breaks come
    often, short enough that no break is overdue before the first one (`prep` seconds of
    heat and oil, then the warm-up: a break never comes before the first stroke) nor after
    the last (a check-in, the cool-down and `after` seconds of aftercare: the hands are
    done). Side-lying, the same on each side."""
    warm = cool = WHOLE_BACK_SECONDS
    first, last = break_stretch(choices), break_stretch(choices, to_end=True)
    if first is not None and last is not None:
        warm = min(warm, first - prep)
        cool = min(cool, last - CHECK_IN_SECONDS - after)
    if side_lying:
        warm = cool = min(warm, cool)
    return warm, cool


def _aftercare(library: Library, choices: Choices) -> list[Draft]:
    checklist = library.checklists.get("aftercare")
    if checklist is None or choices.minutes < 10:
        return []
    cue = ". ".join(item.text for item in checklist.items[:2]) + "."
    return [Draft(StepKind.aftercare, AFTERCARE_SECONDS, cue, "aftercare")]


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
            _lower(library.areas[a].name) + (" (the focus)" if a in setup.focus else "")
            for a in longer.seconds_by_area()
        ]
        return f"{said}: working the {_and(names)} needs at least {minutes} minutes."
    return f"{said}: the area work needs a longer session."


def _lower(name: str) -> str:
    return name[0].lower() + name[1:]


def _whole_back_floors(minutes: int, side_lying: bool) -> tuple[int, int]:
    """The shortest warm-up and cool-down a plan under CALM_FROM_MINUTES gives way to."""
    if minutes >= CALM_FROM_MINUTES:
        return WHOLE_BACK_SECONDS, WHOLE_BACK_SECONDS  # no giving way: the template holds
    warm = max(WHOLE_BACK_FLOOR_SECONDS, 5 * math.ceil(minutes * 60 * WARM_UP_FLOOR_SHARE / 5))
    cool = max(WHOLE_BACK_FLOOR_SECONDS, 5 * math.ceil(minutes * 60 * COOL_DOWN_FLOOR_SHARE / 5))
    if side_lying:  # the same on each side
        warm = cool = 5 * math.ceil((warm + cool) / 10)
    return warm, cool


def _resize_whole_back(
    warm: Draft,
    cool: Draft,
    change: int,
    floors: tuple[int, int],
    caps: tuple[int, int],
    side_lying: bool,
) -> int:
    """Change the warm-up and cool-down by `change` seconds in all (side-lying, half each):
    shorter by the time they give way (shared by what each has above its floor), or longer by
    the time a glides-only plan gives them (at most `caps`, five minutes or less). Returns the
    seconds left over (an odd second side-lying, or past the caps), for the pauses."""
    half, odd = divmod(abs(change), 2)
    sign = 1 if change > 0 else -1
    if side_lying:
        parts = [sign * half, sign * half]
    elif change > 0:  # giving way: by what each has above its floor
        rooms = [max(warm.seconds - floors[0], 0), max(cool.seconds - floors[1], 0)]
        from_warm = min(rooms[0], round(change * rooms[0] / max(sum(rooms), 1)))
        parts, odd = [from_warm, change - from_warm], 0
    else:
        parts, odd = [-s for s in split(-change, 2)], 0
    left = odd
    for draft, part, cap in zip((warm, cool), parts, caps, strict=True):
        seconds = min(draft.seconds - part, cap)
        left += draft.seconds - part - seconds
        draft.seconds = seconds
    return left


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
        aftercare = _aftercare(library, choices)
        head, tail, caps = _opening(setup, choices, cues, sum(d.seconds for d in aftercare))
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
        floors = _whole_back_floors(choices.minutes, setup.side_lying)
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
                leftover = _resize_whole_back(
                    warm, cool, fixed - total, floors, caps, setup.side_lying
                )
            else:
                unit = 2 if setup.side_lying else 1
                main, notes, leftover, taken = main_work(builder, total - fixed - held, spare, unit)
                leftover += held
                leftover += _resize_whole_back(warm, cool, taken, floors, caps, setup.side_lying)
        except TooShort:
            if breaks == 0 and check_ins == 0:
                return None
            breaks, check_ins = (breaks - 1, check_ins) if breaks else (0, check_ins - 1)
            continue
        runs = [head]
        if setup.side_lying:
            one, other = _side_lying_runs(main, longest)
            runs += [*one, [_turn()], *other]
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
