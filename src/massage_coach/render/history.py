"""Past sessions as renderables: the history table and the `history stats` bar charts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from ..safe_text import sanitise
from ..store.history import local
from .adaptive import Listing, ascii_marks

if TYPE_CHECKING:
    from datetime import datetime

    from ..store.history import Entry
    from ..store.stats import Bar, Stats


def when(started: datetime, now: datetime) -> str:
    """A start time in 12 characters, the way `ls -l` shows dates: "Nov 25 05:35" this year,
    "Nov 25  2025" for another year."""
    if started.year == now.year:
        return f"{started:%b} {started.day:>2} {started:%H:%M}"
    return f"{started:%b} {started.day:>2}  {started.year}"


def _row(entry: Entry, now: datetime, who: bool) -> list[str]:
    record = entry.record
    pressures = [record.pressure.value] + [c.after.value for c in record.pressure_changes]
    areas = "\n".join(
        f"{area} {round(seconds / 60)}" for area, seconds in record.seconds_by_area().items()
    )
    return [
        # the person goes under the date: a column of its own does not fit 80 columns
        when(local(record.started_at), now) + (f"\n{record.profile or '-'}" if who else ""),
        f"{round(record.actual_seconds / 60)}/{record.planned_minutes}",
        ">".join(pressures),
        areas or "-",
        (record.outcome.value if record.outcome else "-")
        + ("\npractice" if record.practice else ""),
        str(record.rating) if record.rating else "-",
        f"{entry.workload:.0f}" if entry.workload is not None else "-",
    ]


def history_table(entries: Sequence[Entry], now: datetime) -> RenderableType:
    """Sessions, one row each: when, who, minutes, pressure, areas, outcome, rating, load."""
    # Fits 80 columns: short dates, no "who" when nobody had a profile, and only the names
    # (who, areas) may wrap; skipped and extended steps are left to --json.
    who = any(e.record.profile for e in entries)
    # Borderless in a terminal too: a rule between columns costs the room the areas need.
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("started, who" if who else "started", max_width=12, overflow="fold")
    table.add_column("min", justify="right", no_wrap=True)
    table.add_column("pressure", no_wrap=True)
    table.add_column("areas, min", min_width=10)
    table.add_column("outcome", no_wrap=True)
    table.add_column("rating", justify="right", no_wrap=True)
    table.add_column("load", justify="right", no_wrap=True)
    for entry in entries:
        # As text, made inert: a name or note from the database never acts on the terminal.
        table.add_row(*(Text(sanitise(cell)) for cell in _row(entry, now, who)))
    return Listing(table)


class _Chart:
    """A small horizontal bar chart: label, bar, value (`#` when plain, blocks in a terminal)."""

    WIDTH = 24

    def __init__(self, title: str, bars: list[Bar], unit: str) -> None:
        self.title, self.bars, self.unit = title, bars, unit

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        mark = "#" if ascii_marks(console, options) else "█"
        top = max((bar.value for bar in self.bars), default=0)
        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column(no_wrap=True)
        table.add_column(style="cyan", no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        for bar in self.bars:
            length = round(bar.value / top * self.WIDTH) if top else 0
            if bar.value and not length:
                length = 1
            value = f"{bar.value:g} {self.unit}".rstrip()
            table.add_row(Text(sanitise(bar.label)), mark * length, value)
        # plain, a long name is printed whole, not cut short with "…"
        yield Group(Text(self.title, style="bold"), Listing(table))


def stats_view(result: Stats) -> RenderableType:
    """The figures: a one-line summary, then bar charts of minutes, people, areas and load."""
    rating = (
        f"average rating {result.average_rating:g} of 5 ({result.rated} rated)"
        if result.average_rating is not None
        else "no ratings yet"
    )
    sessions = f"{result.sessions} session{'s' * (result.sessions != 1)}"
    minutes = f"{result.minutes:g} minute{'s' * (result.minutes != 1)}"
    practice = (
        f" Practice walk-throughs, not counted: {result.practice}." if result.practice else ""
    )
    summary = Text(f"{sessions}, {minutes}; {rating}.{practice}")
    return Group(
        summary,
        Text(""),
        _Chart("Minutes per week (from Monday)", result.minutes_per_week, "min"),
        Text(""),
        _Chart("Minutes per person", result.minutes_per_person, "min"),
        Text(""),
        _Chart("Favourite areas", result.favourite_areas, "min"),
        Text(""),
        _Chart("Load on your hands, last 7 days", result.load_per_day, ""),
        Text(""),
        _Chart("Load on your hands per week (from Monday)", result.load_per_week, ""),
        Text(
            "Load: hands-on minutes weighted by stroke and pressure "
            "(1 = a minute of light effleurage).",
            style="dim",
        ),
    )
