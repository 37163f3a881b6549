"""Levels and caps: how firm a stroke or tool may be on an area, and where it may go."""

from __future__ import annotations

from ..models import Area, Pressure, Role, Stroke, Tool
from ..safety_floor import AREA_FLOOR, PERCUSSIVE_STROKES, is_point_tool, stroke_cap


def is_link(stroke: Stroke) -> bool:
    """A link stroke (effleurage) opens and closes each pass on an area, one level lighter."""
    return Role.warm_up in stroke.roles or Role.finish in stroke.roles


def area_level(area: Area, level: Pressure, max_pressure: Pressure) -> Pressure:
    """The firmest level allowed on `area`: the chosen level under every cap, the safety
    floor's included (the neck: light), whatever the content says."""
    return min(level, max_pressure, area.max_pressure, stroke_cap(area.id, None), key=_rank)


def _rank(pressure: Pressure) -> int:
    return pressure.rank


def stroke_cap_on(stroke: Stroke, area: Area) -> Pressure:
    """The firmest `stroke` is ever done on `area`: the area's per-stroke cap in the content
    and the floor's (friction under the ribs: medium), else firm."""
    own = area.stroke_max_pressure.get(stroke.id, Pressure.firm)
    return min(own, stroke_cap(area.id, stroke.id), key=_rank)


def is_percussive(stroke: Stroke) -> bool:
    """Percussion by property, and by id for the bundled percussive strokes."""
    return stroke.percussive or stroke.id in PERCUSSIVE_STROKES


def one_firmer_at_most(target: Pressure, previous: Pressure | None) -> Pressure:
    """Pressure builds up one level at a time: `target`, but at most one level firmer than the
    stroke before (domain notes, section 2)."""
    if previous is not None and target.rank > previous.rank + 1:
        return previous.step(1)
    return target


def tool_level(
    area: Area, level: Pressure, max_pressure: Pressure, previous: Pressure | None
) -> Pressure:
    """The level for a tool on `area`: under every cap, at most one firmer than before."""
    return one_firmer_at_most(area_level(area, level, max_pressure), previous)


def percussion_barred(area: Area, no_percussion: bool) -> bool:
    """No percussion here: a screening limit, the area's content, or the safety floor."""
    floor = AREA_FLOOR.get(area.id)
    return no_percussion or area.no_percussion or (floor is not None and floor.no_percussion)


def stroke_level(
    stroke: Stroke, area: Area, level: Pressure, max_pressure: Pressure, previous: Pressure | None
) -> Pressure | None:
    """The level for `stroke` on `area`: under every cap, one lighter for link strokes, at most
    one level firmer than the stroke before, and one the stroke's content allows (else None)."""
    target = min(area_level(area, level, max_pressure), stroke_cap_on(stroke, area), key=_rank)
    if is_link(stroke):
        target = target.step(-1)
    target = one_firmer_at_most(target, previous)
    allowed = [p for p in stroke.pressures if p.rank <= target.rank]
    return max(allowed, key=lambda p: p.rank) if allowed else None


def stroke_allowed(stroke: Stroke, area: Area, no_percussion: bool) -> bool:
    return not (is_percussive(stroke) and percussion_barred(area, no_percussion))


def tool_allowed(tool: Tool, area: Area, no_percussion: bool, level: Pressure) -> bool:
    """Tools go only where the content pairs them; percussive ones never where percussion is
    barred; point tools (percussive ones among them) never at light pressure (domain notes,
    section 8: they press on a small spot)."""
    if tool.heat or area.id not in tool.areas:
        return False
    if is_point_tool(tool) and level.rank == 0:
        return False
    return not (tool.percussive and percussion_barred(area, no_percussion))
