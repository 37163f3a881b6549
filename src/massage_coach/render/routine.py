"""Routines as renderables: the list, and one routine with its choices and planned time shares."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from ..models import Library, Routine
from ..routine import Plan
from .adaptive import Listing, Titled, listing
from .plan import share_bar, summary_line
from .reference import _bullets, _section


def _areas(routine: Routine, library: Library) -> str:
    """`Upper back and shoulders 65, Back of the neck 35`, or every area by default."""
    if not routine.areas:
        return "every area, by its usual share"
    names = {a: library.areas[a].name if a in library.areas else a for a in routine.areas}
    return ", ".join(f"{names[a]} {share}" for a, share in routine.areas.items())


def routines_table(routines: Sequence[Routine]) -> RenderableType:
    table = listing("routine")
    table.add_column("minutes", justify="right")
    table.add_column("pressure")
    table.add_column("focus")
    table.add_column("what it is", ratio=1)
    for routine in routines:
        table.add_row(
            routine.id,
            str(routine.minutes),
            routine.pressure.value if routine.pressure else "-",
            ", ".join(routine.focus) or "whole back",
            routine.summary,
        )
    return Listing(table)


def routine_choices(routine: Routine, library: Library) -> list[str]:
    """The routine's choices, one line each, as the planner takes them."""
    lines = [
        f"minutes: {routine.minutes}",
        "pressure: "
        + (f"up to {routine.pressure.value}" if routine.pressure else "the person's usual"),
        f"areas, in order: {_areas(routine, library)}",
        f"focus: {', '.join(routine.focus) or 'none (a balanced back)'}",
    ]
    if routine.avoid:
        lines.append(f"avoid: {', '.join(routine.avoid)}")
    if routine.tools:
        lines.append(f"tools: {', '.join(routine.tools)}")
    if routine.heat:
        heat = library.heat_for(routine.tools)
        shown = heat.name.lower() if heat else "but the content names no default heat: left out"
        lines.append(f"heat first: yes ({shown})")
    else:
        lines.append("heat first: no")
    if routine.without_strokes:
        lines.append(f"strokes left out: {', '.join(routine.without_strokes)}")
    return lines


def routine_detail(routine: Routine, plan: Plan, library: Library) -> RenderableType:
    """The routine: what it is, its choices, its tips, and how its plan shares the time."""
    parts: list[RenderableType] = [
        Text(routine.summary),
        Text(""),
        _section("Choices", _bullets(routine_choices(routine, library))),
    ]
    if routine.guidance:
        parts.append(_section("Before you start", _bullets(routine.guidance)))
    parts.append(_section(f"Planned: {summary_line(plan)}", share_bar(plan, library)))
    parts.extend(Text(f"Note: {note}", style="yellow") for note in plan.notes)
    parts.append(
        Text(f"massage-coach plan --routine {routine.id} shows every step; options change it.")
    )
    return Titled(Group(*parts), routine.name)
