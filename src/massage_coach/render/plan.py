"""A plan as a timeline table with a time-share bar, as markdown, as plain text, or as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models import Library
from ..routine import Plan, Step, StepKind

if TYPE_CHECKING:  # rich is imported by the renderers that use it: `plan --format json` never does
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table
    from rich.text import Text

BAR_WIDTH = 40


def clock(seconds: int) -> str:
    """Seconds as m:ss (or h:mm:ss past an hour)."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def what(step: Step, library: Library) -> str:
    """The step's activity in a few words: the stroke, the tool, or the kind of pause."""
    if step.stroke:
        return library.strokes[step.stroke].name if step.stroke in library.strokes else step.stroke
    if step.tool:
        return library.tools[step.tool].name if step.tool in library.tools else step.tool
    if step.oil:
        return "Apply oil"
    return {
        StepKind.check_in: "Check-in",
        StepKind.break_: "Giver break",
        StepKind.aftercare: "Aftercare",
    }.get(step.kind, step.kind.value.capitalize())


def where(step: Step, library: Library) -> str:
    """The area (and side) a step works on; 'whole back' for warm-up and cool-down strokes."""
    if step.area is None:
        return "whole back" if step.kind is StepKind.stroke else "-"
    name = library.areas[step.area].name if step.area in library.areas else step.area
    return f"{name} ({step.side})" if step.side else name


def share_bar(plan: Plan, library: Library) -> RenderableType:
    """How the hands-on time is shared between areas, as bars (shorter in a narrow window;
    `#` and `.` when plain)."""
    return _ShareBar(plan, library)


class _ShareBar:
    def __init__(self, plan: Plan, library: Library) -> None:
        self.plan, self.library = plan, library

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text  # deferred: `plan --format json` loads no rich

        from .adaptive import ascii_marks

        filled_mark, empty_mark = ("#", ".") if ascii_marks(console, options) else ("█", "░")
        totals = self.plan.seconds_by_area()
        whole = sum(totals.values()) or 1
        library = self.library
        names = {a: library.areas[a].name if a in library.areas else a for a in totals}
        width = max((len(n) for n in names.values()), default=0)
        # name, two spaces, the bar, then "  100 %  1:23:45" (16)
        bar_width = max(10, min(BAR_WIDTH, options.max_width - width - 18))
        text = Text()
        for index, (area, seconds) in enumerate(totals.items()):
            name = names[area]
            filled = round(bar_width * seconds / whole)
            text.append(f"{name:<{width}}  ")
            text.append(filled_mark * filled, style="cyan")
            text.append(empty_mark * (bar_width - filled), style="dim")
            text.append(f"  {100 * seconds / whole:4.0f} %  {clock(seconds)}")
            if index < len(totals) - 1:
                text.append("\n")
        yield text


def summary_line(plan: Plan) -> str:
    focus = ", ".join(plan.focus) or "whole back"
    avoid = f"; avoiding {', '.join(plan.avoid)}" if plan.avoid else ""
    return f"{plan.minutes} minutes, {plan.pressure.value} pressure, focus: {focus}{avoid}"


# Below this width the timeline table leaves the cue a dozen characters and each step runs to
# nine lines; the compact layout gives the cue the whole width instead.
TABLE_FROM_COLUMNS = 110


def timeline(plan: Plan, library: Library) -> RenderableType:
    """The default `plan` output: a timeline (a table when wide enough, two-line steps when
    narrow), then the share bar and any notes."""
    from rich.console import Group  # deferred: `plan --format json` loads no rich
    from rich.text import Text

    parts: list[RenderableType] = [_Timeline(plan, library), Text("")]
    parts.append(share_bar(plan, library))
    parts.extend(Text(f"Note: {note}", style="yellow") for note in plan.notes)
    return Group(*parts)


class _Timeline:
    def __init__(self, plan: Plan, library: Library) -> None:
        self.plan, self.library = plan, library

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from .adaptive import Listing  # deferred: `plan --format json` loads no rich

        if options.max_width >= TABLE_FROM_COLUMNS:
            table = _timeline_table(self.plan, self.library)
        else:
            table = _timeline_compact(self.plan, self.library)
        yield Listing(table)


def _pressure(step: Step) -> Text:
    from rich.text import Text  # deferred: `plan --format json` loads no rich

    from .reference import PRESSURE_STYLE

    pressure = Text(step.pressure.value if step.pressure else "-")
    if step.pressure:
        pressure.stylize(PRESSURE_STYLE[step.pressure])
    return pressure


def _timeline_table(plan: Plan, library: Library) -> Table:
    from rich import box  # deferred: `plan --format json` loads no rich
    from rich.table import Table

    table = Table(
        box=box.SIMPLE_HEAVY,
        title=summary_line(plan),
        title_justify="left",
        header_style="bold",
        pad_edge=False,
    )
    # the cue is the long column: area and why wrap in narrow columns so it keeps its room
    table.add_column("start", justify="right", no_wrap=True)
    table.add_column("area", max_width=17, overflow="fold")
    table.add_column("stroke", no_wrap=True)
    table.add_column("pressure", no_wrap=True)
    table.add_column("time", justify="right", no_wrap=True)
    table.add_column("cue", ratio=1)
    table.add_column("why", max_width=19, overflow="fold")
    for step in plan.steps:
        table.add_row(
            clock(step.start),
            where(step, library),
            what(step, library),
            _pressure(step),
            clock(step.seconds),
            step.cue,
            step.why,
        )
    return table


def _timeline_compact(plan: Plan, library: Library) -> Table:
    """Each step in two lines or more: what, where, pressure, time and why; then the cue."""
    from rich.table import Table  # deferred: `plan --format json` loads no rich
    from rich.text import Text

    table = Table(
        box=None,
        title=summary_line(plan),
        title_justify="left",
        header_style="bold",
        pad_edge=False,
    )
    table.add_column("start", justify="right", no_wrap=True)
    table.add_column("step: what, where, pressure, time, why; the cue below", ratio=1)
    for step in plan.steps:
        head = Text(what(step, library), style="bold")
        area = where(step, library)
        if area != "-":
            head.append(f", {area}")
        if step.pressure:
            head.append(", ").append_text(_pressure(step))
        head.append(f", {clock(step.seconds)}")
        head.append(f" ({step.why})", style="dim")
        table.add_row(clock(step.start), Text("\n").join([head, Text(step.cue)]))
    return table


def as_text(plan: Plan, library: Library) -> str:
    """One line per step, for reading aloud or grepping."""
    lines = [summary_line(plan)]
    for step in plan.steps:
        pressure = step.pressure.value if step.pressure else "-"
        lines.append(
            f"{clock(step.start):>7}  {clock(step.seconds):>5}  {what(step, library)} | "
            f"{where(step, library)} | {pressure} | {step.cue} ({step.why})"
        )
    lines.extend(f"Note: {note}" for note in plan.notes)
    return "\n".join(lines)


def as_markdown(plan: Plan, library: Library) -> str:
    """A markdown document: summary, the steps as a table, and the share of time per area."""
    lines = [f"# Massage plan: {summary_line(plan)}", ""]
    lines.append("| start | time | what | where | pressure | cue | why |")
    lines.append("|---:|---:|---|---|---|---|---|")
    for step in plan.steps:
        cue = step.cue.replace("|", "\\|")
        pressure = step.pressure.value if step.pressure else "-"
        lines.append(
            f"| {clock(step.start)} | {clock(step.seconds)} | {what(step, library)} | "
            f"{where(step, library)} | {pressure} | {cue} | {step.why} |"
        )
    totals = plan.seconds_by_area()
    whole = sum(totals.values()) or 1
    lines += ["", "## Time per area", ""]
    for area, seconds in totals.items():
        lines.append(f"- {area}: {clock(seconds)} ({100 * seconds / whole:.0f} %)")
    if plan.notes:
        lines += ["", "## Notes", ""]
        lines.extend(f"- {note}" for note in plan.notes)
    return "\n".join(lines) + "\n"


def as_json(plan: Plan) -> dict[str, Any]:
    """The documented JSON contract (see README): plan fields plus steps."""
    return plan.model_dump(mode="json")
