"""Before and after a session: the plan on one screen, and what was actually done."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from ..models import Guide, Library
from ..record import Outcome, SessionRecord
from ..routine import Plan, Step, StepKind
from .adaptive import Item
from .plan import clock, share_bar, summary_line, what, where

WHOLE_BACK = "Whole back"
"""Where warm-up and cool-down strokes work (their steps name no area)."""

OUTCOME_WORDS = {
    Outcome.finished: "Finished",
    Outcome.quit: "Ended early",
    Outcome.stop_signal: "Stopped at a stop signal",
    Outcome.interrupted: "Interrupted",
    Outcome.terminated: "Ended by the system",
}


def plan_overview(plan: Plan, library: Library) -> RenderableType:
    """One screen: length, pressure, areas with their share of time, the number of steps."""
    strokes = sum(1 for s in plan.steps if s.kind is StepKind.stroke)
    check_ins = sum(1 for s in plan.steps if s.kind is StepKind.check_in)
    title = Text("Today's massage: " + summary_line(plan), style="bold")
    counts = Text(f"{len(plan.steps)} steps: {strokes} strokes, {check_ins} check-ins")
    parts: list[RenderableType] = [title, counts, Text(""), share_bar(plan, library)]
    parts.extend(Text(f"Note: {note}", style="yellow") for note in plan.notes)
    return Group(*parts)


def session_summary(record: SessionRecord, plan: Plan, library: Library) -> RenderableType:
    """Minutes per area, steps skipped or extended, pressure changes, and how it ended."""
    outcome = OUTCOME_WORDS.get(record.outcome, "Ended") if record.outcome else "Ended"
    head = Text(
        f"{outcome}: {clock(record.actual_seconds)} of {record.planned_minutes}:00 planned",
        style="bold",
    )
    lines = [head]
    areas = seconds_by_place(record, library)
    if areas:
        width = max(len(n) for n in areas)
        lines.append(Text("Time per area:"))
        lines.extend(Text(f"  {name:<{width}}  {clock(s)}") for name, s in areas.items())

    def steps(indexes: list[int]) -> str:
        return "; ".join(
            f"{i + 1}. {step_words(plan.steps[i], library)}"
            for i in indexes
            if 0 <= i < len(plan.steps)
        )

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
        lines.append(Text(f"Pressure: as planned, up to {record.pressure.value}; not changed"))
    return Group(*lines)


def seconds_by_place(record: SessionRecord, library: Library) -> dict[str, int]:
    """Hands-on seconds per area name, in order of first appearance; work on no one area
    (warm-up and cool-down strokes) counts as the whole back."""
    totals: dict[str, int] = {}
    for item in record.work:
        if item.area is None:
            name = WHOLE_BACK
        else:
            name = library.areas[item.area].name if item.area in library.areas else item.area
        totals[name] = totals.get(name, 0) + item.seconds
    return totals


def step_words(step: Step, library: Library) -> str:
    """A step as the summary names it: "Check-in at 3:00", "Petrissage, Upper back at 4:30"."""
    place = where(step, library)
    name = what(step, library) if place == "-" else f"{what(step, library)}, {place}"
    return f"{name} at {clock(step.start)}"


def first_steps(guide: Guide) -> RenderableType:
    """The stop-signal advice short enough for one 80x24 screen: each sign with the first
    sentence of what to do (the whole guide follows after a key)."""
    head = Text("What to do now:", style="bold")
    lines: list[RenderableType] = [head]
    for section in guide.sections:
        text = " ".join(section.text.split())
        end = text.find(". ")
        sentence = text if end < 0 else text[: end + 1]
        lines.append(Item(f"{section.title}: {sentence}"))
    return Group(*lines)


def without_sources(guide: Guide) -> Guide:
    """The guide as advice for the moment: the source tags stay in `guide` (the reference)."""
    sections = [s.model_copy(update={"sources": []}) for s in guide.sections]
    return guide.model_copy(update={"sections": sections, "references": {}})
