"""Keeping a session: a checkpoint while it runs, then the history at the end."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..models import Library
from ..record import SessionRecord
from ..routine import Choices, Plan
from ..store.checkpoint import ENDED, Checkpoint, Held, path_for
from ..store.workload import workload
from .environment import Environment

if TYPE_CHECKING:
    from ..store.checkpoint import Checkpoint, Held
    from .terminal import Terminal


class Checkpoints:
    """Saves the running session in its own checkpoint, locked while it runs, so a crash or a
    kill loses little.

    The checkpoint keeps the choices with their screening limits, so a resumed session stays
    within them. At the end the session as it ended is written there first, then the history
    saved; only then is the checkpoint removed (a session that ran its course) or marked filed
    (one cut short, kept for `session --resume`). A failed save leaves it to be filed later.
    """

    def __init__(self, choices: Choices, held: Held | None = None) -> None:
        self.choices = choices
        self.held = held
        self.last: Checkpoint | None = None
        self.problem: str | None = None

    def __call__(self, record: SessionRecord, plan: Plan, index: int, seconds: float) -> None:
        if self.problem is not None:
            return  # told once; the session carries on
        if self.held is None:
            held = Held(path_for(record.id))
            if not held.acquire():
                self.problem = f"The session cannot be saved for resuming: {held.why_not}."
                return
            self.held = held
        self.last = Checkpoint(
            record=record.model_copy(deep=True),
            plan=plan,
            step_index=index,
            seconds_into_step=seconds,
            saved_at=datetime.now(UTC),
            choices=self.choices,
        )
        self.problem = self.held.save(self.last)

    def final(self, record: SessionRecord) -> None:
        """Write the session as it ended, before the history is asked to keep it."""
        if self.held is None or self.last is None:
            return
        self.last = self.last.model_copy(
            update={"record": record.model_copy(deep=True), "saved_at": datetime.now(UTC)}
        )
        self.held.save(self.last)

    def filed(self, record: SessionRecord) -> None:
        """The history has the session: forget one that ran its course, keep one cut short
        (marked as filed) for resuming."""
        if self.held is None or self.last is None:
            return
        if record.outcome in ENDED:
            self.held.remove()
        else:
            self.held.save(self.last.model_copy(update={"filed": True}))

    def release(self) -> None:
        if self.held is not None:
            self.held.release()


KEPT_FOR_LATER = "; it is kept, and will be filed the next time the history can be written"


def save_record(
    record: SessionRecord,
    library: Library,
    terminal: Terminal,
    env: Environment,
    what: str,
    then: str = "",
) -> bool:
    """Save the session in the history, with its workload (again after a rating: the history
    keeps one entry per record id); say in one line why when it cannot be, and `then`."""
    with env.history() as history:
        saved = history.save(record, workload(record, library))
    problems = [] if saved else [f"{what} could not be saved ({history.problem}){then}."]
    terminal.warn(history.notices + problems)
    return saved
