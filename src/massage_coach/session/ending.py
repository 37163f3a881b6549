"""After the massage: saved first, then aftercare or the stop-signal advice, what was done, the
rating, and how to resume a session cut short; the exit code."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from ..errors import ExitCode
from ..models import Library
from ..record import Outcome, SessionRecord
from ..render import reference as render
from ..render.summary import first_steps, session_summary, without_sources
from ..routine import Plan
from ..store.checkpoint import ENDED
from .environment import Environment
from .saving import KEPT_FOR_LATER, save_record

if TYPE_CHECKING:
    from .saving import Checkpoints
    from .terminal import Terminal


RESUME_COMMAND = "massage-coach session --resume"


def after_session(
    record: SessionRecord,
    routine: Plan,
    library: Library,
    terminal: Terminal,
    env: Environment,
    saver: Checkpoints,
) -> int:
    """Save the session, then aftercare (or the stop-signal advice), what was done and the
    rating question; the exit code says how it ended.

    Saved first: a kill at the rating prompt (or a closed terminal) must not lose a massage
    that was given. Callers run this inside `terminate_as_exception`, so SIGTERM here is 143.
    """
    saver.final(record)
    saved = save_record(record, library, terminal, env, "This session", KEPT_FOR_LATER)
    if saved:
        saver.filed(record)
    if record.outcome is Outcome.terminated:
        how_to_resume(terminal)
        return ExitCode.TERMINATED
    if record.outcome is Outcome.stop_signal:
        guide = library.guides.get("stop-signals")
        terminal.console.print(
            "[bold red]Stop signal.[/] Hands off, stay with them, and check how they are."
        )
        if guide is not None:
            # The urgent actions first, on one screen; the details after a key.
            terminal.show(first_steps(guide))
            if terminal.ask:
                terminal.console.print("[dim]Press any key for the details.[/]")
                with suppress(EOFError), env.terminal_keys() as keys:
                    keys.get(None)
            terminal.show(render.guide_detail(without_sources(guide)))
    else:
        aftercare = library.checklists.get("aftercare")
        if aftercare is not None:
            terminal.show(render.checklist_print(aftercare))
    terminal.show(session_summary(record, routine, library))
    if saved:
        _rate(record, library, terminal, env)

        if (record.rating or record.note) and record.outcome not in ENDED:
            # The history has them; a checkpoint kept for --resume must too, or the resumed
            # session's save would write the row again without them.
            saver.final(record)
            saver.filed(record)
    if record.outcome is Outcome.interrupted:
        how_to_resume(terminal)
        return ExitCode.INTERRUPTED
    if record.outcome is Outcome.quit:
        how_to_resume(terminal)
    return ExitCode.OK


def _rate(record: SessionRecord, library: Library, terminal: Terminal, env: Environment) -> None:
    """Ask for a rating (in a terminal, after a session that ran its course) and keep it.
    Only called when the session itself was saved: a rating with nowhere to go is not asked."""
    if not (
        (terminal.ask or terminal.ask_lines) and record.outcome in (Outcome.finished, Outcome.quit)
    ):
        return
    record.rating, record.note = terminal.ask_rating()
    if (record.rating or record.note) and not save_record(
        record, library, terminal, env, "The rating"
    ):
        return
    # Say what happened to the answer, so a skipped prompt is not left hanging.
    note = " and your note" if record.note else ""
    terminal.console.print(
        f"Saved, with a rating of {record.rating}{note}." if record.rating else "No rating saved."
    )


def how_to_resume(terminal: Terminal) -> None:
    """The last line after a session cut short, whose checkpoint is kept."""
    with suppress(OSError):  # the terminal may be gone (SIGTERM, a closed window)
        terminal.console.print(f"To go on where it stopped: {RESUME_COMMAND} (within a day).")
