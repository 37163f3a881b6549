"""`massage-coach history [stats]`: past sessions as a table or JSON; figures with bar charts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from .app import (
    ASK_ATTEMPTS,
    CoachTyper,
    JsonOption,
    _guarded,
    app,
    emit_json,
    error_console,
    is_plain,
    show,
    warn,
)
from .config import file_pending_sessions

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..models import Library
    from ..store.history import Entry
    from ..store.stats import Bar

history_app = CoachTyper(
    name="history",
    help="Past sessions (newest first); `history stats` for minutes, people, areas and load.",
    invoke_without_command=True,
)
app.add_typer(history_app, name="history")


def ask_rating(ask: Callable[[str], str] | None = None) -> tuple[int | None, str | None]:
    """Ask for an optional 1-5 rating and a note at the end of a session (terminals only).

    `ask` shows a prompt and returns the answer (typer.prompt by default; tests pass their own).
    A blank answer skips; anything else but 1-5 is asked again, at most three times.
    """
    if ask is None:

        def ask(question: str) -> str:
            return str(typer.prompt(question, default="", show_default=False))

    rating: int | None = None
    question = "How was it, 1-5? (Enter to skip)"
    for _attempt in range(ASK_ATTEMPTS):
        answer = ask(question).strip()
        if not answer:
            return None, None
        if answer in ("1", "2", "3", "4", "5"):
            rating = int(answer)
            break
        question = f"'{answer}' is not 1-5. How was it, 1-5? (Enter to skip)"
    if rating is None:
        return None, None
    note = ask("A note for next time? (Enter to skip)").strip()
    return rating, note or None


def _library() -> Library | None:
    """The content, to weigh sessions saved without a workload figure; None if it won't load."""
    from ..errors import ContentError
    from .packs import library_for

    try:
        return library_for(None)
    except ContentError:
        return None


def when(started: datetime, now: datetime) -> str:
    """A start time in 12 characters, the way `ls -l` shows dates: "Nov 25 05:35" this year,
    "Nov 25  2025" for another year."""
    if started.year == now.year:
        return f"{started:%b} {started.day:>2} {started:%H:%M}"
    return f"{started:%b} {started.day:>2}  {started.year}"


def _row(entry: Entry, now: datetime, who: bool) -> list[str]:
    from ..store.history import local

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


@history_app.callback()
@_guarded
def history(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=1000, help="How many sessions.", metavar="N")
    ] = 20,
    every: Annotated[
        bool, typer.Option("--all", help="Every session, however many (instead of --limit).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Recent sessions, newest first: when, who, minutes, pressure, areas, outcome, rating."""
    file_pending_sessions()
    if ctx.invoked_subcommand is not None:
        return
    from rich.table import Table
    from rich.text import Text

    from ..safe_text import sanitise
    from ..store.history import History

    with History() as store:
        entries = list(reversed(store.all())) if every else store.recent(limit)
        older = 0 if every or len(entries) < limit else store.totals().sessions - len(entries)
    warn(store.notices)
    if older > 0:  # on stderr: the listing itself stays what a script reads
        error_console().print(
            f"{older} older session{'s' * (older != 1)}: `massage-coach history --all` lists "
            "every one.",
            style="dim",
            highlight=False,
        )
    if as_json:
        emit_json([{**e.record.model_dump(mode="json"), "workload": e.workload} for e in entries])
        return
    if not entries:
        typer.echo("No sessions yet.")
        return
    # Fits 80 columns: short dates, no "who" when nobody had a profile, and only the names
    # (who, areas) may wrap; skipped and extended steps are left to --json.
    who = any(e.record.profile for e in entries)
    # Borderless in a terminal too: a rule between columns costs the room the areas need.
    table = Table(box=None, pad_edge=False, header_style="" if is_plain() else "bold")
    table.add_column("started, who" if who else "started", max_width=12, overflow="fold")
    table.add_column("min", justify="right", no_wrap=True)
    table.add_column("pressure", no_wrap=True)
    table.add_column("areas, min", min_width=10)
    table.add_column("outcome", no_wrap=True)
    table.add_column("rating", justify="right", no_wrap=True)
    table.add_column("load", justify="right", no_wrap=True)
    now = datetime.now()
    for entry in entries:
        # As text, made inert: a name or note from the database never acts on the terminal.
        table.add_row(*(Text(sanitise(cell)) for cell in _row(entry, now, who)))
    show(table)


def _chart(title: str, bars: list[Bar], unit: str, plain: bool) -> RenderableType:
    """A small horizontal bar chart: label, bar, value (`#` when piped, blocks in a terminal)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from ..safe_text import sanitise

    width = 24
    top = max((bar.value for bar in bars), default=0)
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(no_wrap=True)
    table.add_column(style="cyan", no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for bar in bars:
        length = round(bar.value / top * width) if top else 0
        if bar.value and not length:
            length = 1
        value = f"{bar.value:g} {unit}".rstrip()
        table.add_row(Text(sanitise(bar.label)), ("#" if plain else "█") * length, value)
    if plain:  # a long name is printed whole, not cut short with "…"
        from ..render.reference import Whole

        return Group(Text(title, style="bold"), Whole(table))
    return Group(Text(title, style="bold"), table)


@history_app.command("stats")
def stats(
    weeks: Annotated[
        int, typer.Option("--weeks", min=1, max=52, help="Weeks to chart.", metavar="N")
    ] = 8,
    as_json: JsonOption = False,
) -> None:
    """Minutes per week and person, favourite areas, rating, and the load on your hands."""
    from dataclasses import asdict

    from rich.console import Group
    from rich.text import Text

    from ..store import stats as figures
    from ..store.history import History

    with History() as store:
        result = figures.stats_from(store, datetime.now(), _library(), weeks=weeks)
    warn(store.notices)
    if as_json:
        emit_json(asdict(result))
        return
    if not result.sessions and not result.practice:
        typer.echo("No sessions yet.")
        return
    plain = is_plain()
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
    show(
        Group(
            summary,
            Text(""),
            _chart("Minutes per week (from Monday)", result.minutes_per_week, "min", plain),
            Text(""),
            _chart("Minutes per person", result.minutes_per_person, "min", plain),
            Text(""),
            _chart("Favourite areas", result.favourite_areas, "min", plain),
            Text(""),
            _chart("Load on your hands, last 7 days", result.load_per_day, "", plain),
            Text(""),
            _chart("Load on your hands per week (from Monday)", result.load_per_week, "", plain),
            Text(
                "Load: hands-on minutes weighted by stroke and pressure "
                "(1 = a minute of light effleurage).",
                style="dim",
            ),
        )
    )
