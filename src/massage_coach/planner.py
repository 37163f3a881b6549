"""Choices + Library -> Plan: every routine rule lives here.

A pure function of its arguments: no I/O, no clock, and randomness only from `Choices.seed`.
The rules (domain notes, sections 1-3, and the project's issue 3):

- A light whole-back warm-up opens and a light cool-down closes; deeper work comes after the
  warm-up and builds up one level at a time, with lighter link strokes between deeper passes.
- No step is firmer than the chosen level, the screening cap or the area's cap, and a stroke is
  only used at a level its content lists; percussion never goes where it is barred.
- Focus areas get at least 60 % of the main work; avoided areas get nothing.
- A named routine (`Choices.routine`) only narrows the plan: its areas, their order and shares,
  and the strokes it leaves out. Every rule above holds for it as for any choices.
- A check-in at every change of area and after at most five minutes of hands-on work; a giver
  break after at most `giver_break_every_minutes` (sessions of 30 minutes or more).
- Sided areas are worked left then right for the same time; steps are whole seconds, every
  hands-on step lasts at least 30 s, and the steps add up to exactly `minutes * 60`.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError, UsageError
from .library import suggest
from .models import Area, Library, Oil, Pressure, Role, Routine, Stroke, Tool
from .routine import MIN_STROKE_SECONDS, Choices, Plan, Side, Step, StepKind

CHECK_IN_SECONDS = 10
CHECK_IN_EVERY_SECONDS = 300
"""At most this much hands-on time between two check-ins (domain notes: ~every 5 minutes)."""
MAX_STROKE_STEP_SECONDS = 240
"""Longer blocks are split so a check-in always fits inside the five minutes."""
ROUND_SECONDS = 480
"""An area (each side) is worked in passes of at most this long, opening and closing lightly."""
FOCUS_SHARE = 0.7
MIN_FOCUS_SHARE = 0.6
PERCUSSION_SHARE = 0.10
"""Tapotement stays a brief burst: at most this share of a pass (domain notes, section 1)."""
BREAK_MARGIN_SECONDS = 60
"""Breaks are placed this much before the deadline, so small adjustments never overshoot it."""
OIL_SECONDS = 60
AFTERCARE_SECONDS = 30
BREAKS_FROM_MINUTES = 30
DEFAULT_BREAK_EVERY_MINUTES = 20

STRETCHES_ITEM = "stretches"
"""The self-care checklist item whose `how` says what to do in a giver break."""

CHECK_IN_CUE = "How is the pressure: more, less or the same?"
NEW_AREA_CUE = "Moving on to {area}. " + CHECK_IN_CUE
SWITCH_SIDE_CUE = "Switch side: "
BREAK_CUE = "Giver break: stretch your hands and wrists."
EVEN_SIDES_CUE = "Switch side again, so both sides get the same time: "

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


# ---------------------------------------------------------------------------------------------
# Resolving the choices against the content


@dataclass(frozen=True)
class _Setup:
    """The choices, checked against the library and reduced to what the planner works with."""

    level: Pressure
    areas: list[Area]  # usable, in working order
    focus: list[str]
    avoid: list[str]
    oil: Oil | None
    tools: list[Tool]
    heat_tool: Tool | None
    warm_stroke: Stroke
    cool_stroke: Stroke
    no_percussion: bool
    notes: list[str]
    weights: dict[str, float]
    """Each usable area's weight in the main work: the routine's share, else default_share."""
    without: frozenset[str] = frozenset()
    """Strokes the routine leaves out (never the warm-up and cool-down glide)."""


def _area_id(name: str, library: Library) -> str:
    area = library.area_for(name)
    if area is None:
        aliases = [alias for known in library.areas.values() for alias in known.aliases]
        known_names = [*library.areas, *aliases]
        raise UsageError(f"Unknown area '{name}'.", suggest(name, known_names))
    return area.id


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _light_stroke(library: Library, role: Role) -> Stroke:
    for stroke in library.strokes_in_sequence():
        if role in stroke.roles and Pressure.light in stroke.pressures and not stroke.percussive:
            return stroke
    raise ContentError.single(
        Path("content/strokes"), f"no stroke with the role '{role.value}' can be done lightly"
    )


def routine_for(name: str, library: Library) -> Routine:
    """The routine called `name`, or a UsageError with a did-you-mean."""
    if name in library.routines:
        return library.routines[name]
    known = sorted(library.routines)
    hint = suggest(name, known)
    listed = "" if hint or not known else f" Known: {', '.join(known)}."
    raise UsageError(f"Unknown routine '{name}'.{listed}", hint)


def _routine_areas(
    routine: Routine | None, focus: list[str], library: Library
) -> tuple[list[Area], dict[str, float]]:
    """The areas a plan may work, in working order, and their weights: every area by its
    default share, or a routine's areas in its order plus any focus area it does not list."""
    by_diagram = sorted(library.areas.values(), key=lambda a: (a.diagram.first, a.id))
    if routine is None or not routine.areas:
        return by_diagram, {a.id: float(a.default_share) for a in by_diagram}
    listed = [library.areas[a] for a in routine.areas if a in library.areas]
    extra = [a for a in by_diagram if a.id in focus and a.id not in routine.areas]
    weights = {a.id: float(routine.areas.get(a.id, a.default_share)) for a in listed + extra}
    return listed + extra, weights


def _resolve(choices: Choices, library: Library) -> _Setup:
    """Check every id (with did-you-mean) and the combinations; collect what is left out."""
    notes: list[str] = []
    routine = routine_for(choices.routine, library) if choices.routine is not None else None
    focus = _unique([_area_id(name, library) for name in choices.focus])
    avoid = _unique([_area_id(name, library) for name in choices.avoid])
    both = [a for a in focus if a in avoid]
    if both:
        raise UsageError(f"'{both[0]}' is in both --focus and --avoid; choose one.")
    order, weights = _routine_areas(routine, focus, library)
    if not [a for a in order if a.id not in avoid]:
        if routine is not None and routine.areas:
            raise UsageError(
                f"Every area the '{routine.id}' routine works is avoided "
                f"({', '.join(a.id for a in order)}); choose another routine or --focus an area."
            )
        raise UsageError("Every area is avoided; there is nothing left to massage.")

    oil: Oil | None = None
    if choices.oil is not None:
        if choices.oil not in library.oils:
            raise UsageError(f"Unknown oil '{choices.oil}'.", suggest(choices.oil, library.oils))
        oil = library.oils[choices.oil]
        if oil.type == "essential" and choices.no_essential_oils:
            notes.append(f"{oil.name} left out: no essential oils after the safety questions.")
            oil = None

    tools: list[Tool] = []
    for name in _unique(list(choices.tools)):
        if name not in library.tools:
            raise UsageError(f"Unknown tool '{name}'.", suggest(name, library.tools))
        if not library.tools[name].heat:
            tools.append(library.tools[name])
    wants_heat = choices.heat or any(library.tools[t].heat for t in choices.tools)
    # A heat tool named, else the content's default: the gentlest heat (domain notes,
    # section 5: a lay giver should prefer a warm towel to hot stones); never a guess.
    heat_tool = library.heat_for(choices.tools) if wants_heat else None
    if wants_heat and choices.no_heat:
        notes.append("Heat left out: no heat after the safety questions.")
        heat_tool = None
    elif wants_heat and heat_tool is None:
        notes.append("Heat left out: the content names no default heat; choose one with --tool.")

    no_percussion = choices.no_percussion
    for tool in list(tools):
        if choices.no_tools:
            notes.append(f"{tool.name} left out: no massage tools after the safety questions.")
            tools.remove(tool)
        elif tool.position == "face-up":
            # The routine is given face down: turning over mid-way, one side at a time, makes
            # no sense for a tool they lie on. It stays in `tools` for afterwards.
            notes.append(
                f"{tool.name} left out: they lie face up on it, so it is not part of this "
                f"face-down routine (afterwards, see `massage-coach tools {tool.id}`)."
            )
            tools.remove(tool)
        elif tool.percussive and no_percussion:
            notes.append(f"{tool.name} left out: no percussion after the safety questions.")
            tools.remove(tool)

    areas = [a for a in order if a.id not in avoid]
    if choices.seed is not None:
        random.Random(choices.seed).shuffle(areas)
    level = min(choices.pressure, choices.max_pressure, key=lambda p: p.rank)
    if level is not choices.pressure:
        notes.append(f"Pressure kept to {level.value} after the safety questions.")
    return _Setup(
        level=level,
        areas=areas,
        focus=focus,
        avoid=avoid,
        oil=oil,
        tools=tools,
        heat_tool=heat_tool,
        warm_stroke=_light_stroke(library, Role.warm_up),
        cool_stroke=_light_stroke(library, Role.finish),
        no_percussion=no_percussion,
        notes=notes,
        weights=weights,
        without=frozenset(routine.without_strokes if routine else ()),
    )


# ---------------------------------------------------------------------------------------------
# Pressure


def is_link(stroke: Stroke) -> bool:
    """A link stroke (effleurage) opens and closes each pass on an area, one level lighter."""
    return Role.warm_up in stroke.roles or Role.finish in stroke.roles


def area_level(area: Area, level: Pressure, max_pressure: Pressure) -> Pressure:
    """The firmest level allowed on `area`: the chosen level under every cap."""
    return min(level, max_pressure, area.max_pressure, key=lambda p: p.rank)


def percussion_barred(area: Area, no_percussion: bool) -> bool:
    return no_percussion or area.no_percussion


def stroke_level(
    stroke: Stroke, area: Area, level: Pressure, max_pressure: Pressure, previous: Pressure | None
) -> Pressure | None:
    """The level for `stroke` on `area`: under every cap, one lighter for link strokes, at most
    one level firmer than the stroke before, and one the stroke's content allows (else None)."""
    target = area_level(area, level, max_pressure)
    if is_link(stroke):
        target = target.step(-1)
    if previous is not None and target.rank > previous.rank + 1:
        target = previous.step(1)
    allowed = [p for p in stroke.pressures if p.rank <= target.rank]
    return max(allowed, key=lambda p: p.rank) if allowed else None


def stroke_allowed(stroke: Stroke, area: Area, no_percussion: bool) -> bool:
    return not (stroke.percussive and percussion_barred(area, no_percussion))


def tool_allowed(tool: Tool, area: Area, no_percussion: bool, level: Pressure) -> bool:
    """Tools go only where the content pairs them; percussive ones never where percussion is
    barred, nor at light pressure (the gentler reading of 'short bursts on thick muscle')."""
    if tool.heat or area.id not in tool.areas:
        return False
    return not (tool.percussive and (percussion_barred(area, no_percussion) or level.rank == 0))


# ---------------------------------------------------------------------------------------------
# Drafts: steps before their start times are known


@dataclass
class _Draft:
    kind: StepKind
    seconds: int
    cue: str
    why: str
    stroke: str | None = None
    area: str | None = None
    side: Side | None = None
    pressure: Pressure | None = None
    tool: str | None = None
    oil: str | None = None

    @property
    def hands_on(self) -> bool:
        return self.kind is StepKind.stroke


@dataclass
class _Cues:
    rng: random.Random | None

    def pick(self, options: list[str]) -> str:
        return options[self.rng.randrange(len(options))] if self.rng else options[0]


def cue_lines(stroke: Stroke, area: Area | None) -> list[str]:
    """The cues to say for `stroke`: the area's own for it when the content has them, else the
    stroke's general ones."""
    return (area.stroke_cues.get(stroke.id) if area is not None else None) or stroke.cues


def stroke_cue(stroke: Stroke, level: Pressure, base: str | None = None) -> str:
    """A stroke's spoken cue, with the first sentence of the content's note for this level."""
    text = base or stroke.cues[0]
    note = stroke.pressure_notes.get(level)
    if not note:
        return text
    first = note.split(". ")[0].rstrip(".")
    return f"{text} {first}."


def _split(total: int, parts: int) -> list[int]:
    """`total` in `parts` whole numbers differing by at most one, larger first."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _apportion(total: int, weights: list[float], minimum: list[int]) -> list[int]:
    """Split `total` by weights, each part at least its minimum (largest remainders)."""
    rest = total - sum(minimum)
    whole = sum(weights) or 1.0
    raw = [rest * w / whole for w in weights]
    parts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[: rest - sum(parts)]:
        parts[i] += 1
    return [m + p for m, p in zip(minimum, parts, strict=True)]


# ---------------------------------------------------------------------------------------------
# Area blocks


@dataclass
class _Item:
    """One stroke or tool planned in a pass on an area."""

    stroke: Stroke | None
    tool: Tool | None
    level: Pressure
    weight: float
    cap: int | None = None
    priority: int = 0  # higher is dropped first when a pass is short


class _TooShort(Exception):
    pass


@dataclass
class _Builder:
    library: Library
    choices: Choices
    setup: _Setup
    cues: _Cues
    previous: Pressure | None = None
    tools_used: set[str] = field(default_factory=set)

    def why(self, area: Area) -> str:
        return f"focus: {area.id}" if area.id in self.setup.focus else f"balance: {area.id}"

    def minimum(self, area: Area) -> int:
        """The shortest block worth doing on an area: one stroke, each side at least 30 s."""
        return MIN_STROKE_SECONDS * (2 if area.sided else 1)

    def pass_items(self, area: Area, first_pass: bool) -> list[_Item]:
        level = self.setup.level
        strokes = [self.library.strokes[s] for s in area.strokes]
        strokes = [
            s
            for s in strokes
            if stroke_allowed(s, area, self.setup.no_percussion)
            and (is_link(s) or s.id not in self.setup.without)
        ]
        strokes.sort(key=lambda s: (s.sequence, s.id))
        link = next((s for s in strokes if is_link(s)), None)
        main = [s for s in strokes if s is not link]
        items: list[_Item] = []
        previous = self.previous
        if link is not None:
            link_level = stroke_level(link, area, level, self.choices.max_pressure, previous)
            if link_level is not None:
                items.append(_Item(link, None, link_level, 0.15, priority=1))
                previous = link_level
        for stroke in main:
            got = stroke_level(stroke, area, level, self.choices.max_pressure, previous)
            if got is None:
                continue
            typical = (stroke.typical_seconds.min + stroke.typical_seconds.max) / 2
            cap = stroke.typical_seconds.max if stroke.percussive else None
            priority = 3 if stroke.percussive else 2
            items.append(_Item(stroke, None, got, typical, cap=cap, priority=priority))
            previous = got
        if first_pass:
            tool_level = area_level(area, level, self.choices.max_pressure)
            if previous is not None and tool_level.rank > previous.rank + 1:
                tool_level = previous.step(1)
            for tool in self.setup.tools:
                if tool_allowed(tool, area, self.setup.no_percussion, tool_level):
                    weight = float(tool.seconds)
                    # a tool not used yet is kept before kneading; a repeat goes first
                    priority = 1 if tool.id not in self.tools_used else 3
                    items.append(_Item(None, tool, tool_level, weight, tool.seconds, priority))
        if link is not None and len(items) > 1:
            close_level = stroke_level(link, area, level, self.choices.max_pressure, None)
            if close_level is not None:
                items.append(_Item(link, None, close_level, 0.10, priority=4))
        # main strokes share ~75 % of the pass by their typical length; links ~15 % and ~10 %
        main_weight = sum(i.weight for i in items if i.stroke is None or not is_link(i.stroke))
        for item in items:
            if item.stroke is None or not is_link(item.stroke):
                item.weight = 0.75 * item.weight / (main_weight or 1.0)
        return items

    def area_block(self, area: Area, seconds: int) -> list[_Draft]:
        """Passes over one area: link, main strokes (and tools), link; each side in turn."""
        unit = 2 if area.sided else 1
        passes = max(1, math.ceil(seconds / unit / ROUND_SECONDS))
        drafts: list[_Draft] = []
        for index, pass_seconds in enumerate(_split(seconds // unit, passes)):
            drafts.extend(self.one_pass(area, pass_seconds, unit, first_pass=index == 0))
        return _merge_repeats(drafts, unit)

    def one_pass(self, area: Area, per_side: int, unit: int, first_pass: bool) -> list[_Draft]:
        items = self.pass_items(area, first_pass)
        while items and MIN_STROKE_SECONDS * len(items) > per_side:
            if len(items) == 1:
                break
            drop = max(range(len(items)), key=lambda i: (items[i].priority, i))
            items.pop(drop)
        if not items or per_side < MIN_STROKE_SECONDS:
            raise _TooShort(area.id)
        times = _apportion(per_side, [i.weight for i in items], [MIN_STROKE_SECONDS] * len(items))
        # percussion and tools stay brief: move their excess to the largest main stroke
        for i, item in enumerate(items):
            cap = item.cap
            if item.stroke is not None and item.stroke.percussive:
                cap = min(
                    cap or per_side, max(MIN_STROKE_SECONDS, int(per_side * PERCUSSION_SHARE))
                )
            if cap is not None and times[i] > cap:
                excess = times[i] - cap
                times[i] = cap
                receivers = [j for j, it in enumerate(items) if it.cap is None and j != i]
                target = max(receivers, key=lambda j: times[j]) if receivers else i
                times[target] += excess
        drafts: list[_Draft] = []
        for item, per in zip(items, times, strict=True):
            drafts.extend(self.item_steps(area, item, per, unit))
            if item.tool is not None:
                self.tools_used.add(item.tool.id)
            self.previous = item.level
        return drafts

    def item_steps(self, area: Area, item: _Item, per_side: int, unit: int) -> list[_Draft]:
        pieces = _split(per_side, max(1, math.ceil(per_side / MAX_STROKE_STEP_SECONDS)))
        drafts: list[_Draft] = []
        for piece in pieces:
            sides: list[Side | None] = ["left", "right"] if unit == 2 else [None]
            for side in sides:
                if item.tool is not None:
                    cue = item.tool.cue
                else:
                    assert item.stroke is not None
                    lines = cue_lines(item.stroke, area)
                    cue = stroke_cue(item.stroke, item.level, self.cues.pick(lines))
                if side == "right":
                    cue = SWITCH_SIDE_CUE + cue
                drafts.append(
                    _Draft(
                        StepKind.stroke,
                        piece,
                        cue,
                        self.why(area),
                        stroke=item.stroke.id if item.stroke else None,
                        area=area.id,
                        side=side,
                        pressure=item.level,
                        tool=item.tool.id if item.tool else None,
                    )
                )
        return drafts


def _merge_repeats(drafts: list[_Draft], unit: int) -> list[_Draft]:
    """One pass closes with a link stroke and the next opens with it: do it once, longer."""
    out: list[_Draft] = []
    for start in range(0, len(drafts), unit):
        group = drafts[start : start + unit]
        previous = out[-unit:] if len(out) >= unit else []
        if previous and all(
            (p.stroke, p.tool, p.pressure, p.side) == (g.stroke, g.tool, g.pressure, g.side)
            and p.seconds + g.seconds <= MAX_STROKE_STEP_SECONDS
            for p, g in zip(previous, group, strict=True)
        ):
            for p, g in zip(previous, group, strict=True):
                p.seconds += g.seconds
            continue
        out.extend(group)
    return out


def _shares(setup: _Setup, areas: list[Area]) -> dict[str, float]:
    """Fractions of the main work per area: focus areas share FOCUS_SHARE, the others the rest,
    each group by the content's default shares (a group alone takes all of it)."""
    focus = [a for a in areas if a.id in setup.focus]
    others = [a for a in areas if a.id not in setup.focus]

    def by_default(group: list[Area], total: float) -> dict[str, float]:
        # a chosen focus always gets time, even if the content gives it no default share
        weights = {a.id: max(setup.weights[a.id], float(a.id in setup.focus)) for a in group}
        whole = sum(weights.values())
        if whole == 0:
            return {a.id: total / len(group) for a in group}
        return {a: total * w / whole for a, w in weights.items()}

    if not focus:
        return by_default(others, 1.0)
    if not others:
        return by_default(focus, 1.0)
    shares = by_default(focus, FOCUS_SHARE)
    shares.update(by_default(others, 1.0 - FOCUS_SHARE))
    return shares


def _main_work(builder: _Builder, budget: int) -> tuple[list[_Draft], list[str], int]:
    """The blocks between warm-up and cool-down filling `budget` seconds; areas too small for
    the time are dropped (others first, then focus areas). Returns drafts, notes, leftover."""
    areas = list(builder.setup.areas)
    notes: list[str] = []
    while areas:
        shares = _shares(builder.setup, areas)
        # areas with nothing to share (default_share 0, no focus) are not worked
        areas = [a for a in areas if shares[a.id] > 0]
        if not areas:
            break
        times = _apportion(budget, [shares[a.id] for a in areas], [0] * len(areas))
        # a block should hold two strokes; the last area left may make do with one
        least = 1 if len(areas) == 1 else 2
        short = [a for a, t in zip(areas, times, strict=True) if t < builder.minimum(a) * least]
        if short:
            # drop the least important short area: not focused, smallest share
            drop = min(short, key=lambda a: (a.id in builder.setup.focus, shares[a.id], a.id))
            areas.remove(drop)
            notes.append(f"No time left for {drop.name} in {builder.choices.minutes} minutes.")
            continue
        drafts: list[_Draft] = []
        leftover = 0  # an odd second on a sided area goes to the pauses
        for area, seconds in zip(areas, times, strict=True):
            unit = 2 if area.sided else 1
            leftover += seconds % unit
            drafts.extend(builder.area_block(area, seconds - seconds % unit))
        return drafts, notes, leftover
    raise _TooShort("no area")


# ---------------------------------------------------------------------------------------------
# Assembling the timeline


def _interpolate(minutes: int) -> tuple[int, int]:
    """Warm-up and cool-down seconds for a session length (template, rounded to 5 s)."""
    for (m0, w0, c0), (m1, w1, c1) in itertools.pairwise(_TEMPLATE):
        if m0 <= minutes <= m1:
            f = (minutes - m0) / (m1 - m0)
            return 5 * round((w0 + f * (w1 - w0)) / 5), 5 * round((c0 + f * (c1 - c0)) / 5)
    return _TEMPLATE[-1][1], _TEMPLATE[-1][2]


def _breaks_needed(choices: Choices) -> bool:
    """Giver breaks from 30 minutes up, or whenever screening asked for them more often."""
    every = choices.giver_break_every_minutes
    if choices.minutes * 60 <= every * 60:
        return False
    return choices.minutes >= BREAKS_FROM_MINUTES or every < DEFAULT_BREAK_EVERY_MINUTES


@dataclass
class _Timeline:
    drafts: list[_Draft]
    check_ins: int
    breaks: int


@dataclass
class _Pauses:
    """Walks the drafts, adding check-ins and giver breaks where the rules call for them."""

    choices: Choices
    library: Library
    out: list[_Draft] = field(default_factory=list)
    hands_on: int = 0
    since_break: int = 0
    previous_area: str | None = None
    seen_stroke: bool = False
    check_ins: int = 0
    breaks: int = 0

    def with_check_in(
        self, draft: _Draft, hands_on: int, area: str | None, seen: bool
    ) -> list[_Draft]:
        if not draft.hands_on:
            return [draft]
        new_area = seen and draft.area != area
        if not new_area and hands_on + draft.seconds <= CHECK_IN_EVERY_SECONDS:
            return [draft]
        if new_area and draft.area is not None:
            name = self.library.areas[draft.area].name
            cue = NEW_AREA_CUE.format(area=name[0].lower() + name[1:])
            check_in = _Draft(StepKind.check_in, CHECK_IN_SECONDS, cue, "check-in: new area")
        else:
            check_in = _Draft(StepKind.check_in, CHECK_IN_SECONDS, CHECK_IN_CUE, "check-in")
        return [check_in, draft]

    def expand(self, group: list[_Draft]) -> list[_Draft]:
        """The group with its check-ins, worked out on a copy of the running counts."""
        hands_on, area, seen = self.hands_on, self.previous_area, self.seen_stroke
        unit: list[_Draft] = []
        for draft in group:
            for d in self.with_check_in(draft, hands_on, area, seen):
                unit.append(d)
                if d.kind is StepKind.check_in:
                    hands_on = 0
                if d.hands_on:
                    hands_on += d.seconds
                    area, seen = d.area, True
        return unit

    def add(self, group: list[_Draft]) -> None:
        unit = self.expand(group)
        length = sum(d.seconds for d in unit)
        limit = self.choices.giver_break_every_minutes * 60 - BREAK_MARGIN_SECONDS
        due = self.since_break > 0 and self.since_break + length > limit
        # the hands are done once the cool-down ends: no break before the aftercare
        if _breaks_needed(self.choices) and due and group[0].kind is not StepKind.aftercare:
            self.out.append(self.giver_break())
            self.breaks += 1
            self.since_break = 0
        for d in unit:
            if d.kind is StepKind.check_in:
                self.check_ins += 1
                self.hands_on = 0
            if d.hands_on:
                self.hands_on += d.seconds
                self.previous_area, self.seen_stroke = d.area, True
            self.out.append(d)
            self.since_break += d.seconds

    def giver_break(self) -> _Draft:
        cue = BREAK_CUE
        self_care = self.library.checklists.get("self-care")
        items = self_care.items if self_care is not None else []
        item = next((i for i in items if i.id == STRETCHES_ITEM), None)
        if item is not None:
            cue = f"Giver break. {item.how or item.text}"
        return _Draft(StepKind.break_, self.choices.giver_break_seconds, cue, "giver break")


def _insert_pauses(drafts: list[_Draft], choices: Choices, library: Library) -> _Timeline:
    """Add check-ins (each change of area; at most 5 min hands-on between) and giver breaks
    (never between the two sides of a stroke)."""
    pauses = _Pauses(choices, library)
    i = 0
    while i < len(drafts):
        size = 1
        if drafts[i].side == "left" and i + 1 < len(drafts) and drafts[i + 1].side == "right":
            size = 2
        pauses.add(drafts[i : i + size])
        i += size
    return _Timeline(pauses.out, pauses.check_ins, pauses.breaks)


def _whole_back(stroke: Stroke, seconds: int, why: str, cues: _Cues) -> list[_Draft]:
    pieces = _split(seconds, max(1, math.ceil(seconds / MAX_STROKE_STEP_SECONDS)))
    return [
        _Draft(
            StepKind.stroke,
            piece,
            stroke_cue(stroke, Pressure.light, cues.pick(stroke.cues)),
            why,
            stroke=stroke.id,
            pressure=Pressure.light,
        )
        for piece in pieces
    ]


def _oil_cue(oil: Oil) -> str:
    """Applying the oil, with the dilution and patch-test reminders and its first caution."""
    parts = [f"Warm the {oil.name.lower()} in your hands and spread it with long strokes."]
    if oil.dilution is not None:
        d = oil.dilution
        parts.append(
            f"Diluted in a carrier: {d.gentle_percent:g} % for first use, "
            f"{d.normal_percent:g} % normally, never above {d.max_percent:g} %."
        )
    if oil.patch_test:
        parts.append("Only after a clear patch test 24 hours ago.")
    parts.append(oil.cautions[0])
    return " ".join(parts)


def _opening(setup: _Setup, choices: Choices, cues: _Cues) -> tuple[list[_Draft], list[_Draft]]:
    """Heat (if any) and the warm-up, with the oil after its first stroke; then the cool-down."""
    total = choices.minutes * 60
    warm, cool = _interpolate(choices.minutes)
    head: list[_Draft] = []
    if setup.heat_tool is not None:
        tool = setup.heat_tool
        seconds = max(MIN_STROKE_SECONDS, min(tool.seconds, total // 10))
        head.append(
            _Draft(
                StepKind.prep,
                seconds,
                f"{tool.cue} {tool.cautions[0]}",
                "heat",
                tool=tool.id,
            )
        )
    if setup.oil is not None:
        first = max(MIN_STROKE_SECONDS, min(60, warm // 3))
        head += _whole_back(setup.warm_stroke, first, "warm-up", cues)
        oil_seconds = OIL_SECONDS if choices.minutes >= 10 else OIL_SECONDS // 2
        head.append(
            _Draft(StepKind.prep, oil_seconds, _oil_cue(setup.oil), "oil", oil=setup.oil.id)
        )
        head += _whole_back(
            setup.warm_stroke, max(MIN_STROKE_SECONDS, warm - first), "warm-up", cues
        )
    else:
        head += _whole_back(setup.warm_stroke, warm, "warm-up", cues)
    tail = _whole_back(setup.cool_stroke, cool, "cool-down", cues)
    return head, tail


def _aftercare(library: Library, choices: Choices) -> list[_Draft]:
    checklist = library.checklists.get("aftercare")
    if checklist is None or choices.minutes < 10:
        return []
    cue = ". ".join(item.text for item in checklist.items[:2]) + "."
    return [_Draft(StepKind.aftercare, AFTERCARE_SECONDS, cue, "aftercare")]


def _to_plan(drafts: list[_Draft], choices: Choices, setup: _Setup, notes: list[str]) -> Plan:
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
        notes=_unique(notes),
    )


def plan(choices: Choices, library: Library) -> Plan:
    """The timed routine for these choices: valid by every rule above, exactly minutes * 60 s.

    Raises UsageError for unknown areas, oils or tools (with a did-you-mean), an area both
    focused and avoided, every area avoided, or a session too short for what was asked.
    """
    setup = _resolve(choices, library)
    total = choices.minutes * 60
    check_ins, breaks = 0, 0
    for _attempt in range(50):
        cues = _Cues(random.Random(choices.seed) if choices.seed is not None else None)
        head, tail = _opening(setup, choices, cues)
        tail += _aftercare(library, choices)
        fixed = sum(d.seconds for d in head + tail)
        fixed += check_ins * CHECK_IN_SECONDS + breaks * choices.giver_break_seconds
        builder = _Builder(library, choices, setup, cues, previous=Pressure.light)
        try:
            main, notes, leftover = _main_work(builder, total - fixed)
        except _TooShort:
            raise UsageError(
                f"{choices.minutes} minutes is too short for everything asked; "
                "give more minutes or fewer extras."
            ) from None
        timeline = _insert_pauses(head + main + tail, choices, library)
        if timeline.check_ins <= check_ins and timeline.breaks <= breaks:
            leftover += (check_ins - timeline.check_ins) * CHECK_IN_SECONDS
            for _ in range(breaks - timeline.breaks):
                # the time was set aside for a break: take it, in the longest break-free stretch
                _add_break(timeline.drafts, _Pauses(choices, library).giver_break())
            _spread(timeline.drafts, leftover)
            notes = setup.notes + notes
            notes += _unused_tool_notes(timeline.drafts, choices, setup, library, notes)
            return _to_plan(timeline.drafts, choices, setup, notes)
        check_ins = max(check_ins, timeline.check_ins)
        breaks = max(breaks, timeline.breaks)
    raise AssertionError("the planner did not settle")  # pragma: no cover - counts only grow


def _unused_tool_notes(
    drafts: list[_Draft], choices: Choices, setup: _Setup, library: Library, notes: list[str]
) -> list[str]:
    """Why each tool that was asked for has no step, unless a note already says so."""
    used = {d.tool for d in drafts if d.tool}
    said: list[str] = []
    for name in _unique(list(choices.tools)):
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
        elif setup.level.rank == 0:  # only a percussive tool is barred where it is allowed
            why = "a percussive tool is not used at light pressure"
        else:
            why = "no area in this plan takes one (no percussion there, or light pressure only)"
        said.append(f"{tool.name} left out: {why}.")
    return said


def _add_break(drafts: list[_Draft], pause: _Draft) -> None:
    """Insert a giver break near the middle of the longest stretch without one, between the
    first and last hands-on steps and never between the two sides of a stroke."""
    strokes = [i for i, d in enumerate(drafts) if d.hands_on]
    starts = list(itertools.accumulate((d.seconds for d in drafts), initial=0))
    edges = [0, *(i for i, d in enumerate(drafts) if d.kind is StepKind.break_), len(drafts)]
    best: tuple[int, int] | None = None  # (stretch seconds, insertion index)
    for begin, end in itertools.pairwise(edges):
        middle = (starts[begin] + starts[end]) / 2
        spots = [
            j
            for j in range(max(begin + 1, strokes[0] + 1), min(end, strokes[-1]) + 1)
            if not (drafts[j].side == "right" and drafts[j - 1].side == "left")
            and drafts[j - 1].kind is not StepKind.check_in
            and drafts[j - 1].kind is not StepKind.break_
            and drafts[j].kind is not StepKind.break_
        ]
        if spots:
            spot = min(spots, key=lambda j: abs(starts[j] - middle))
            if best is None or starts[end] - starts[begin] > best[0]:
                best = (starts[end] - starts[begin], spot)
    if best is not None:
        drafts.insert(best[1], pause)
    else:  # pragma: no cover - any plan has room between its warm-up and cool-down
        drafts[-1].seconds += pause.seconds


def _spread(drafts: list[_Draft], seconds: int) -> None:
    """Give spare seconds to the pauses (breaks first, then check-ins): their length touches
    no spacing rule, since check-ins count hands-on time and breaks start on time."""
    for kind in (StepKind.break_, StepKind.check_in):
        targets = [d for d in drafts if d.kind is kind]
        if targets:
            for d, extra in zip(targets, _split(seconds, len(targets)), strict=True):
                d.seconds += extra
            return
    drafts[-1].seconds += seconds


# ---------------------------------------------------------------------------------------------
# Changing a plan during a session


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
    for index in range(from_index, len(plan.steps)):
        step = plan.steps[index]
        if step.kind is not StepKind.stroke or step.area is None or step.area not in library.areas:
            steps.append(step)
            if step.kind is StepKind.stroke and step.pressure is not None:
                previous = step.pressure
            continue
        twin = _twin(list(plan.steps), index) if step.side == "right" else None
        if twin is not None and twin >= from_index:
            # the right side does what its left side now does, so the pair stays a pair
            left = steps[twin]
            cue = SWITCH_SIDE_CUE + left.cue
            update = {"stroke": left.stroke, "tool": left.tool, "pressure": left.pressure}
            new = step.model_copy(update={**update, "cue": cue})
        else:
            area = library.areas[step.area]
            after = _sequence_so_far(steps, area.id, library)
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
        tool_level = area_level(area, level, choices.max_pressure)
        if previous is not None and tool_level.rank > previous.rank + 1:
            tool_level = previous.step(1)
        if not choices.no_tools and tool_allowed(tool, area, choices.no_percussion, tool_level):
            return step.model_copy(update={"pressure": tool_level})
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


def _sequence_so_far(steps: list[Step], area: str, library: Library) -> int:
    """The classic-flow place of the last main stroke in the current pass on `area` (0 if the
    pass has none yet: a link stroke or another area comes first)."""
    for step in reversed(steps):
        if step.kind is not StepKind.stroke:
            continue
        if step.area != area:
            return 0
        stroke = library.strokes.get(step.stroke or "")
        if stroke is None:
            continue
        return 0 if is_link(stroke) else stroke.sequence
    return 0


def _twin(steps: list[Step], index: int) -> int | None:
    """The other-side step of a sided step: the matching step on the other side of the same
    area, stroke and tool, before the work moves on to anything else."""
    step = steps[index]
    direction = 1 if step.side == "left" else -1
    other = "right" if step.side == "left" else "left"
    j = index + direction
    while 0 <= j < len(steps):
        s = steps[j]
        if s.kind is StepKind.stroke:
            if s.area != step.area:
                return None
            if s.side == other and s.stroke == step.stroke and s.tool == step.tool:
                return j
            if s.side == step.side:
                return None
        j += direction
    return None


def extend(plan: Plan, index: int, seconds: int = 30) -> Plan:
    """The plan with step `index` longer by `seconds`, ending at the same time.

    Sides stay even. On a left-side step its twin (the right side of the same stroke, just
    after it) grows too. When the other side is already done (a right-side step: its twin is
    the left side before it), a step of `seconds` on the other side is inserted straight after
    it ("switch back"), so both sides still get the same time. The time comes from later
    hands-on steps of the main work (areas outside the focus first, from the end of the
    session backwards, sided pairs shrinking together), then from the cool-down; no hands-on
    step drops below 30 s and focus areas keep at least 60 % of the main work.
    Returns the plan unchanged when there is no room, when `seconds` is not positive, or when
    an inserted other-side step would be shorter than 30 s. Check-in spacing may stretch by the
    added seconds: the giver asked for the extra time.
    """
    steps = list(plan.steps)
    if seconds <= 0 or not 0 <= index < len(steps):
        return plan
    step = steps[index]
    grow = {index: seconds}
    insert: Step | None = None
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
        if i == index and insert is not None:
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
    for i in range(len(steps) - 1, index, -1):
        s = steps[i]
        if i in fixed or i in paired or s.kind is not StepKind.stroke:
            continue
        members = [i]
        if s.side is not None:
            twin = _twin(steps, i)
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
    taken: dict[int, int] = {}
    for _, members in units:
        if need <= 0:
            break
        room = min(steps[m].seconds - MIN_STROKE_SECONDS for m in members)
        if room <= 0:
            continue
        per = min(room, need // len(members))
        if per <= 0:
            continue
        for m in members:
            taken[m] = per
        need -= per * len(members)
    return taken if need == 0 else None


def focus_share(plan: Plan) -> float:
    """The share of hands-on main work (steps on an area) spent on the focus areas."""
    on_areas = [s for s in plan.steps if s.kind is StepKind.stroke and s.area is not None]
    whole = sum(s.seconds for s in on_areas)
    if whole == 0:
        return 0.0
    return sum(s.seconds for s in on_areas if s.area in plan.focus) / whole
