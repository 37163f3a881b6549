"""Before and after a session: the plan on one screen, and what was actually done."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from ..models import Library
from ..render_plan import clock, share_bar, summary_line, what, where
from ..routine import Plan, StepKind
from .record import Outcome, SessionRecord

OUTCOME_WORDS = {
    Outcome.finished: "Finished",
    Outcome.quit: "Ended early",
    Outcome.stop_signal: "Stopped at a stop signal",
    Outcome.interrupted: "Interrupted",
    Outcome.terminated: "Ended by the system",
    Outcome.screened_out: "Not today",
}


def plan_overview(plan: Plan, library: Library, plain: bool) -> RenderableType:
    """One screen: length, pressure, areas with their share of time, the number of steps."""
    strokes = sum(1 for s in plan.steps if s.kind is StepKind.stroke)
    check_ins = sum(1 for s in plan.steps if s.kind is StepKind.check_in)
    title = Text("Today's massage: " + summary_line(plan), style="" if plain else "bold")
    counts = Text(f"{len(plan.steps)} steps: {strokes} strokes, {check_ins} check-ins")
    parts: list[RenderableType] = [title, counts, Text(""), share_bar(plan, library, plain)]
    parts.extend(Text(f"Note: {note}", style="" if plain else "yellow") for note in plan.notes)
    return Group(*parts)


def session_summary(
    record: SessionRecord, plan: Plan, library: Library, plain: bool
) -> RenderableType:
    """Minutes per area, steps skipped or extended, pressure changes, and how it ended."""
    outcome = OUTCOME_WORDS.get(record.outcome, "Ended") if record.outcome else "Ended"
    head = Text(
        f"{outcome}: {clock(record.actual_seconds)} of {record.planned_minutes}:00 planned",
        style="" if plain else "bold",
    )
    lines = [head]
    areas = record.seconds_by_area()
    if areas:
        names = {a: library.areas[a].name if a in library.areas else a for a in areas}
        width = max(len(n) for n in names.values())
        lines.append(Text("Time per area:"))
        lines.extend(Text(f"  {names[a]:<{width}}  {clock(s)}") for a, s in areas.items())

    def steps(indexes: list[int]) -> str:
        named = []
        for i in indexes:
            if 0 <= i < len(plan.steps):
                step = plan.steps[i]
                named.append(f"{i + 1}. {what(step, library)} ({where(step, library)})")
        return "; ".join(named)

    if record.skipped_steps:
        lines.append(Text("Skipped: " + steps(record.skipped_steps)))
    if record.extended_steps:
        lines.append(Text("Extended: " + steps(record.extended_steps)))
    for change in record.pressure_changes:
        lines.append(
            Text(
                f"Pressure at {clock(change.at)}: {change.before.value} -> {change.after.value}"
                f" ({change.reason})"
            )
        )
    if not record.pressure_changes:
        lines.append(Text(f"Pressure: {record.pressure.value} throughout"))
    return Group(*lines)
