"""One area's block: its passes, the strokes and tools of each pass, one side's run then the
other's."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..models import Area, Library, Pressure, Stroke, Tool
from ..routine import MIN_STROKE_SECONDS, Choices, Side, StepKind
from .drafts import Cues, Draft, apportion, balance_runs, cue_lines, even_sides, split, stroke_cue
from .levels import (
    is_link,
    is_percussive,
    stroke_allowed,
    stroke_level,
    tool_allowed,
    tool_level,
)
from .limits import (
    CALM_FROM_MINUTES,
    CALM_STEP_SECONDS,
    CHECK_IN_EVERY_SECONDS,
    CHECK_IN_GAP_SECONDS,
    LONG_PLAN_MINUTES,
    MIN_AREA_SECONDS,
    PERCUSSION_SHARE,
    SWITCH_SIDE_CUE,
)
from .resolve import Setup


@dataclass
class _Item:
    """One stroke or tool planned in a pass on an area."""

    stroke: Stroke | None
    tool: Tool | None
    level: Pressure
    weight: float
    cap: int | None = None
    priority: int = 0  # higher is dropped first when a pass is short
    bilateral: bool = False
    """Done on both sides of a sided area at once, in one step."""


def _works(item: _Item) -> bool:
    """Kneading, friction, tapping, vibration or a tool: more than the glides that link them."""
    return item.stroke is None or not is_link(item.stroke)


class TooShort(Exception):
    pass


@dataclass
class Builder:
    library: Library
    choices: Choices
    setup: Setup
    cues: Cues
    previous: Pressure | None = None
    tools_used: set[str] = field(default_factory=set)
    start_level: Pressure | None = None
    floor: int = MIN_STROKE_SECONDS
    """The shortest hands-on step this plan aims for: calm plans take their time."""
    pass_seconds: int = 300
    """The most hands-on time between two check-ins: one side's run stays well inside it."""
    done: list[list[Draft]] = field(default_factory=list)

    most_steps: int | None = None
    """At most this many hands-on steps in the main work (a 20-minute plan stays calm)."""
    whole_blocks: bool = True
    """Every area block stands between two check-ins (False: only asks whether the session
    has room for any area work at all)."""

    def floors(self) -> list[int]:
        """The shortest steps to try, calmest first that fits the step budget."""
        if self.choices.minutes < CALM_FROM_MINUTES:
            return [MIN_STROKE_SECONDS]
        # longer sessions settle into longer strokes
        start = CALM_STEP_SECONDS if self.choices.minutes < LONG_PLAN_MINUTES else 90
        return [f for f in (CALM_STEP_SECONDS, 75, 90, 120, 150) if f >= start]

    def restart(self, floor: int) -> None:
        self.floor = floor
        self.previous = self.start_level
        self.tools_used = set()
        self.done = []

    def block_floor(self, area: Area) -> int:
        """The shortest area block: one that stands between two check-ins, in a plan of any
        length (side-lying, on each side)."""
        halves = 2 if self.setup.side_lying and area.sided else 1
        return MIN_AREA_SECONDS * halves if self.whole_blocks else 0

    def why(self, area: Area) -> str:
        return f"focus: {area.id}" if area.id in self.setup.focus else f"balance: {area.id}"

    def minimum(self, area: Area) -> int:
        """The shortest block worth doing on an area: one stroke, each side at least 30 s."""
        return MIN_STROKE_SECONDS * (2 if area.sided else 1)

    def shortest(self, item: _Item) -> int:
        """A calm plan's steps last a minute or more; percussion stays a brief burst."""
        if item.stroke is not None and is_percussive(item.stroke):
            return MIN_STROKE_SECONDS
        return self.floor

    def room(self, item: _Item) -> int:
        """The time an item needs in a pass to be kept: its shortest step; but where frequent
        giver breaks cut a calm plan's passes short, a percussive burst needs a calm step's
        time, so that in a short pass it gives way before the bursts outnumber calm steps."""
        short_passes = self.pass_seconds < CHECK_IN_EVERY_SECONDS
        if short_passes and self.choices.minutes >= CALM_FROM_MINUTES:
            return max(self.shortest(item), self.floor)
        return self.shortest(item)

    def is_sided(self, area: Area, item: _Item) -> bool:
        """Worked one side at a time: on a sided area, a tool or a stroke not done bilaterally."""
        if not area.sided:
            return False
        return item.stroke is None or not item.bilateral

    def pass_items(self, area: Area, first_pass: bool) -> list[_Item]:
        """The strokes and tools of a pass, in working order: the opening link, both-sides
        strokes that come first in the classic order, the one-sided work (strokes, then tools),
        the other both-sides strokes, the closing link."""
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
        marked = [s for s in main if area.sided and s.id in self.setup.bilateral]
        one = [s for s in main if s not in marked]
        # both-sides strokes keep the classic order: before the one-sided run, or after it;
        # one whose place falls inside the run is done one side at a time with it
        first = min((s.sequence for s in one), default=None)
        last = max((s.sequence for s in one), default=None)
        before = [s for s in marked if first is not None and s.sequence < first]
        both = [s for s in marked if last is None or s.sequence > last]
        one = sorted([*one, *(s for s in marked if s not in before + both)], key=main.index)
        items: list[_Item] = []
        previous = self.previous
        if link is not None:
            link_level = stroke_level(link, area, level, self.choices.max_pressure, previous)
            if link_level is not None:
                link_both = area.sided and link.id in self.setup.bilateral
                items.append(_Item(link, None, link_level, 0.15, priority=1, bilateral=link_both))
                previous = link_level

        def add_strokes(group: list[Stroke], bilateral: bool) -> None:
            nonlocal previous
            for stroke in group:
                got = stroke_level(stroke, area, level, self.choices.max_pressure, previous)
                if got is None:
                    continue
                typical = (stroke.typical_seconds.min + stroke.typical_seconds.max) / 2
                cap = stroke.typical_seconds.max if is_percussive(stroke) else None
                priority = 2  # percussion is brief (30 s a side), so it fits where others do not
                items.append(_Item(stroke, None, got, typical, cap, priority, bilateral))
                previous = got

        add_strokes(before, bilateral=True)
        add_strokes(one, bilateral=False)
        if first_pass:
            at = tool_level(area, level, self.choices.max_pressure, previous)
            for tool in self.setup.tools:
                if tool_allowed(tool, area, self.setup.no_percussion, at):
                    weight = float(tool.seconds)
                    # a tool not used yet is kept before kneading; a repeat goes first
                    priority = 1 if tool.id not in self.tools_used else 3
                    items.append(_Item(None, tool, at, weight, tool.seconds, priority))
                    previous = at
        add_strokes(both, bilateral=True)
        if link is not None and len(items) > 1:
            close_level = stroke_level(link, area, level, self.choices.max_pressure, None)
            if close_level is not None:
                link_both = area.sided and link.id in self.setup.bilateral
                items.append(_Item(link, None, close_level, 0.10, priority=4, bilateral=link_both))
        # main strokes share ~75 % of the pass by their typical length; links ~15 % and ~10 %
        main_weight = sum(i.weight for i in items if i.stroke is None or not is_link(i.stroke))
        for item in items:
            if item.stroke is None or not is_link(item.stroke):
                item.weight = 0.75 * item.weight / (main_weight or 1.0)
        return items

    def area_block(self, area: Area, seconds: int) -> list[list[Draft]]:
        """Passes over one area, as groups of steps no check-in may split: a both-sides step,
        or one side's run of strokes (all of one side's work in the pass, then the other's)."""
        sided = area.sided
        # a pass is two runs between check-ins: the opening glide and one side, then the other
        # (and any both-sides strokes)
        one_sided = any(self.is_sided(area, i) for i in self.pass_items(area, True))
        cap = 2 * self.pass_seconds - max(self.floor, 90) if one_sided else self.pass_seconds
        passes = max(1, math.ceil(seconds / cap))
        unit = 2 if sided else 1
        groups: list[list[Draft]] = []
        for index, part in enumerate(split(seconds // unit, passes)):
            groups.extend(self.one_pass(area, part * unit, first_pass=index == 0))
        return _merge_repeats(groups)

    def sides_now(self, area: Area, groups: list[list[Draft]]) -> tuple[Side, Side]:
        """The side to start on: where the giver already stands when the pass before on this
        area ended on one side and only both-sides work came since, else left first."""
        both_since = False
        for group in reversed(groups):
            side = group[0].side
            if group[0].area != area.id:
                break
            if side is None:
                both_since = True
            elif both_since:
                return (side, "left" if side == "right" else "right")
            else:
                break
        return ("left", "right")

    def one_pass(self, area: Area, seconds: int, first_pass: bool) -> list[list[Draft]]:
        """One pass over an area in `seconds`: as many of its strokes and tools as fit, in
        working order. A pass too short at the plan's calm step length for anything but the
        glides takes shorter steps (never under a calm minute), so the area is still kneaded
        or worked, not only stroked."""
        calm = self.floor
        # (passes cut short by frequent giver breaks keep their calm length: a side's run
        # must still fit between two breaks)
        full = self.pass_seconds >= CHECK_IN_EVERY_SECONDS
        shorter = [f for f in (90, 75, CALM_STEP_SECONDS) if f < calm] if full else []
        try:
            for floor in [calm, *shorter]:
                self.floor = floor
                items = self.fitting(area, seconds, first_pass)
                if any(_works(i) for i in items):
                    break
            return self.pass_of(area, seconds, items)
        finally:
            self.floor = calm

    def fitting(self, area: Area, seconds: int, first_pass: bool) -> list[_Item]:
        """The pass's items that fit in `seconds`, the least needed dropped first."""
        items = self.pass_items(area, first_pass)
        while items and sum(self.room(i) * self.steps(area, i) for i in items) > seconds:
            if len(items) == 1:
                break
            # the least needed first; of the main strokes, the last in the classic order
            drop = max(range(len(items)), key=lambda i: (items[i].priority, i))
            items.pop(drop)
        return items

    def steps(self, area: Area, item: _Item) -> int:
        """How many steps an item takes in a pass: two (one a side) when worked one-sided."""
        return 2 if self.is_sided(area, item) else 1

    def pass_of(self, area: Area, seconds: int, items: list[_Item]) -> list[list[Draft]]:
        """The pass's steps from its items, timed: groups no check-in may split."""

        def steps(item: _Item) -> int:
            return self.steps(area, item)

        least = sum(MIN_STROKE_SECONDS * steps(i) for i in items)
        if not items or seconds < least:
            raise TooShort(area.id)
        minimum = [self.shortest(i) * steps(i) for i in items]
        if sum(minimum) > seconds:  # one item left, shorter than calm: as long as it can be
            minimum = [MIN_STROKE_SECONDS * steps(i) for i in items]
        times = apportion(seconds, [i.weight for i in items], minimum)
        most: list[int | None] = [None] * len(items)
        # percussion and tools stay brief: move their excess to the largest main stroke
        for i, item in enumerate(items):
            cap = item.cap
            per_side = seconds // (2 if area.sided else 1)
            if item.stroke is not None and is_percussive(item.stroke):
                cap = min(
                    cap or per_side, max(MIN_STROKE_SECONDS, int(per_side * PERCUSSION_SHARE))
                )
            if cap is not None:
                cap *= steps(item)
                most[i] = cap
            if cap is not None and times[i] > cap:
                excess = times[i] - cap
                times[i] = cap
                receivers = [j for j, it in enumerate(items) if it.cap is None and j != i]
                target = max(receivers, key=lambda j: times[j]) if receivers else i
                times[target] += excess
        even_sides(times, [steps(i) == 2 for i in items])
        if seconds > self.pass_seconds and self.choices.minutes >= CALM_FROM_MINUTES:
            # a check-in will fall between the sides: each side's run should stand alone
            minimum = [MIN_STROKE_SECONDS * steps(i) for i in items]
            sided = [steps(i) == 2 for i in items]
            balance_runs(times, sided, minimum, self.pass_seconds, CHECK_IN_GAP_SECONDS, most)
        groups: list[list[Draft]] = []
        run: list[tuple[_Item, int]] = []
        for item, total in zip(items, times, strict=True):
            if steps(item) == 2:
                run.append((item, total // 2))
                continue
            groups.extend(self.side_groups(area, run))
            run = []
            groups.append([self.draft(area, item, total, None)])
        groups.extend(self.side_groups(area, run))
        for item in items:
            if item.tool is not None:
                self.tools_used.add(item.tool.id)
        if items:
            self.previous = items[-1].level
        return groups

    def side_groups(self, area: Area, run: list[tuple[_Item, int]]) -> list[list[Draft]]:
        """One side's run, then the other side's: the giver changes side once."""
        if not run:
            return []
        first, second = self.sides_now(area, self.done)
        last = self.done[-1][0] if self.done else None
        groups: list[list[Draft]] = []
        for side in (first, second):
            group = [self.draft(area, item, per, side) for item, per in run]
            moved = last is not None and last.area == area.id and last.side not in (None, side)
            if groups or moved:
                group[0].cue = SWITCH_SIDE_CUE + group[0].cue
            groups.append(group)
            self.done.append(group)
        return groups

    def draft(self, area: Area, item: _Item, seconds: int, side: Side | None) -> Draft:
        if item.tool is not None:
            cue = item.tool.cue
        else:
            assert item.stroke is not None
            lines = cue_lines(item.stroke, area)
            cue = stroke_cue(item.stroke, item.level, self.cues.pick(lines))
        draft = Draft(
            StepKind.stroke,
            seconds,
            cue,
            self.why(area),
            stroke=item.stroke.id if item.stroke else None,
            area=area.id,
            side=side,
            pressure=item.level,
            tool=item.tool.id if item.tool else None,
            bilateral=area.sided and side is None,
        )
        if side is None:
            self.done.append([draft])
        return draft


def _merge_repeats(groups: list[list[Draft]]) -> list[list[Draft]]:
    """One pass closes with a link stroke and the next opens with it: do it once, longer (one
    too long for the check-ins is cut by `segments`)."""
    out: list[list[Draft]] = []
    for group in groups:
        if out and len(group) == 1 and len(out[-1]) == 1:
            p, g = out[-1][0], group[0]
            if (p.stroke, p.tool, p.pressure, p.side, p.area) == (
                g.stroke,
                g.tool,
                g.pressure,
                g.side,
                g.area,
            ):
                p.seconds += g.seconds
                continue
        out.append(group)
    return out
