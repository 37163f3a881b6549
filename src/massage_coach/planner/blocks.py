"""The main work: areas shared out by focus and weight, each worked in passes."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..models import Area, Library, Pressure, Stroke, Tool
from ..routine import MIN_STROKE_SECONDS, Choices, Side, StepKind
from .drafts import Cues, Draft, apportion, cue_lines, split, stroke_cue
from .levels import (
    is_link,
    stroke_allowed,
    stroke_level,
    tool_allowed,
    tool_level,
)
from .limits import (
    FOCUS_SHARE,
    MAX_STROKE_STEP_SECONDS,
    PERCUSSION_SHARE,
    ROUND_SECONDS,
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
            at = tool_level(area, level, self.choices.max_pressure, previous)
            for tool in self.setup.tools:
                if tool_allowed(tool, area, self.setup.no_percussion, at):
                    weight = float(tool.seconds)
                    # a tool not used yet is kept before kneading; a repeat goes first
                    priority = 1 if tool.id not in self.tools_used else 3
                    items.append(_Item(None, tool, at, weight, tool.seconds, priority))
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

    def area_block(self, area: Area, seconds: int) -> list[Draft]:
        """Passes over one area: link, main strokes (and tools), link; each side in turn."""
        unit = 2 if area.sided else 1
        passes = max(1, math.ceil(seconds / unit / ROUND_SECONDS))
        drafts: list[Draft] = []
        for index, pass_seconds in enumerate(split(seconds // unit, passes)):
            drafts.extend(self.one_pass(area, pass_seconds, unit, first_pass=index == 0))
        return _merge_repeats(drafts, unit)

    def one_pass(self, area: Area, per_side: int, unit: int, first_pass: bool) -> list[Draft]:
        items = self.pass_items(area, first_pass)
        while items and MIN_STROKE_SECONDS * len(items) > per_side:
            if len(items) == 1:
                break
            drop = max(range(len(items)), key=lambda i: (items[i].priority, i))
            items.pop(drop)
        if not items or per_side < MIN_STROKE_SECONDS:
            raise TooShort(area.id)
        times = apportion(per_side, [i.weight for i in items], [MIN_STROKE_SECONDS] * len(items))
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
        drafts: list[Draft] = []
        for item, per in zip(items, times, strict=True):
            drafts.extend(self.item_steps(area, item, per, unit))
            if item.tool is not None:
                self.tools_used.add(item.tool.id)
            self.previous = item.level
        return drafts

    def item_steps(self, area: Area, item: _Item, per_side: int, unit: int) -> list[Draft]:
        pieces = split(per_side, max(1, math.ceil(per_side / MAX_STROKE_STEP_SECONDS)))
        drafts: list[Draft] = []
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
                    Draft(
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


def _merge_repeats(drafts: list[Draft], unit: int) -> list[Draft]:
    """One pass closes with a link stroke and the next opens with it: do it once, longer."""
    out: list[Draft] = []
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


def _shares(setup: Setup, areas: list[Area]) -> dict[str, float]:
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


def main_work(builder: Builder, budget: int) -> tuple[list[Draft], list[str], int]:
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
        times = apportion(budget, [shares[a.id] for a in areas], [0] * len(areas))
        # a block should hold two strokes; the last area left may make do with one
        least = 1 if len(areas) == 1 else 2
        short = [a for a, t in zip(areas, times, strict=True) if t < builder.minimum(a) * least]
        if short:
            # drop the least important short area: not focused, smallest share
            drop = min(short, key=lambda a: (a.id in builder.setup.focus, shares[a.id], a.id))
            areas.remove(drop)
            notes.append(f"No time left for {drop.name} in {builder.choices.minutes} minutes.")
            continue
        drafts: list[Draft] = []
        leftover = 0  # an odd second on a sided area goes to the pauses
        for area, seconds in zip(areas, times, strict=True):
            unit = 2 if area.sided else 1
            leftover += seconds % unit
            drafts.extend(builder.area_block(area, seconds - seconds % unit))
        return drafts, notes, leftover
    raise TooShort("no area")
