"""`massage-coach history [stats]`: past sessions as a table or JSON; figures with bar charts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ContentError
from . import packs
from .app import (
    ASK_ATTEMPTS,
    CoachTyper,
    JsonOption,
    _guarded,
    emit_json,
    error_console,
    show,
    warn,
)
from .config import file_pending_sessions

if TYPE_CHECKING:
    from ..models import Library

history_app = CoachTyper(
    name="history",
    help="Past sessions (newest first); `history stats` for minutes, people, areas and load.",
    invoke_without_command=True,
)


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
    try:
        return packs.library_for(None)
    except ContentError:
        return None


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
    # deferred, not for --help: pydantic and sqlite3
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
    from ..render import history as render_history  # deferred: rich, not for --json

    show(render_history.history_table(entries, datetime.now()))


@history_app.command("stats")
def stats(
    weeks: Annotated[
        int, typer.Option("--weeks", min=1, max=52, help="Weeks to chart.", metavar="N")
    ] = 8,
    as_json: JsonOption = False,
) -> None:
    """Minutes per week and person, favourite areas, rating, and the load on your hands."""
    # deferred, not for --help: pydantic, YAML, the content and sqlite3
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
    from ..render import history as render_history  # deferred: rich, not for --json

    show(render_history.stats_view(result))
