"""Levels and caps: how firm a stroke or tool may be on an area, and where it may go."""

from __future__ import annotations

from ..models import Area, Pressure, Role, Stroke, Tool


def is_link(stroke: Stroke) -> bool:
    """A link stroke (effleurage) opens and closes each pass on an area, one level lighter."""
    return Role.warm_up in stroke.roles or Role.finish in stroke.roles


def area_level(area: Area, level: Pressure, max_pressure: Pressure) -> Pressure:
    """The firmest level allowed on `area`: the chosen level under every cap."""
    return min(level, max_pressure, area.max_pressure, key=lambda p: p.rank)


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
    return no_percussion or area.no_percussion


def stroke_level(
    stroke: Stroke, area: Area, level: Pressure, max_pressure: Pressure, previous: Pressure | None
) -> Pressure | None:
    """The level for `stroke` on `area`: under every cap, one lighter for link strokes, at most
    one level firmer than the stroke before, and one the stroke's content allows (else None)."""
    target = area_level(area, level, max_pressure)
    if is_link(stroke):
        target = target.step(-1)
    target = one_firmer_at_most(target, previous)
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
