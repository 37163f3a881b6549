"""The checkpoint of a running session, so a crash, a kill or a closed terminal loses little.

The runner saves one (atomically) every few seconds and at each step change, and clears it on a
clean end. On the next start `recover` returns a checkpoint young enough to resume; an older
one is recorded in the history as `crashed` (the record is completed, never duplicated, since
history upserts by the record's id) and cleared.
"""

from __future__ import annotations

import contextlib
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..kinds.base import Pressure
from ..routine import Choices, Plan
from ..session.record import Outcome, SessionRecord
from . import paths
from .files import (
    CorruptFile,
    Loaded,
    StoreError,
    atomic_write_text,
    describe_validation,
    keep_aside,
    read_user_text,
)
from .history import History, local

MAX_AGE = timedelta(hours=24)
"""A session older than this is not offered for resuming (the body has long cooled down)."""


class Checkpoint(BaseModel):
    """Everything needed to pick a session up where it stopped."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = 1
    record: SessionRecord
    plan: Plan
    step_index: int = Field(ge=0)
    seconds_into_step: float = Field(ge=0)
    saved_at: datetime
    choices: Choices | None = None
    """The choices the plan was made from, with every screening limit (max pressure, no
    percussion, heat or essential oils, areas left out) and the allergy-checked oil. None in a
    checkpoint from before they were kept: see `resume_choices`."""

    def resume_choices(self) -> Choices:
        """The choices a resumed session re-plans under (firmer, softer, longer).

        An older checkpoint did not keep the screening's limits, so they are read the gentlest
        way: light at most, no percussion, no heat, no essential oils.
        """
        if self.choices is not None:
            return self.choices
        return Choices(
            pressure=Pressure.light,
            focus=tuple(self.plan.focus),
            avoid=tuple(self.plan.avoid),
            minutes=self.plan.minutes,
            max_pressure=Pressure.light,
            no_percussion=True,
            no_heat=True,
            no_essential_oils=True,
            no_tools=True,
        )

    def age(self, now: datetime) -> timedelta:
        return local(now) - local(self.saved_at)


def save_checkpoint(checkpoint: Checkpoint, path: Path | None = None) -> str | None:
    """Write the checkpoint atomically; a message (never an exception) when it cannot be."""
    path = path or paths.checkpoint_file()
    try:
        atomic_write_text(path, checkpoint.model_dump_json())
    except StoreError as exc:
        return f"The session cannot be saved for resuming: {exc}"
    return None


def load_checkpoint(path: Path | None = None) -> Loaded[Checkpoint | None]:
    """The saved checkpoint, if any; a damaged one is kept aside and reported."""
    checkpoint, _salvaged, notices = _load(path or paths.checkpoint_file())
    return Loaded(checkpoint, notices)


def _load(path: Path) -> tuple[Checkpoint | None, SessionRecord | None, list[str]]:
    """The checkpoint; or, when it is damaged, the session record if that part still reads."""
    try:
        text = read_user_text(path)
    except CorruptFile as exc:
        return None, None, [str(exc)]
    if text is None:
        return None, None, []
    try:
        return Checkpoint.model_validate_json(text), None, []
    except ValidationError as exc:
        reason = f"not a valid checkpoint ({describe_validation(exc)})"
        salvaged = _salvage_record(text)
        return None, salvaged, [str(CorruptFile(path, reason, keep_aside(path)))]


def _salvage_record(text: str) -> SessionRecord | None:
    """The record from a checkpoint whose plan no longer reads (say, after an upgrade)."""
    try:
        data = json.loads(text)
        return SessionRecord.model_validate(data["record"])
    except (ValueError, TypeError, KeyError, ValidationError):
        return None


def clear_checkpoint(path: Path | None = None) -> None:
    """Forget the checkpoint after a clean end (a missing file is fine)."""
    with contextlib.suppress(OSError):
        (path or paths.checkpoint_file()).unlink()


def abandon(
    checkpoint: Checkpoint,
    history: History,
    workload: float | None = None,
    path: Path | None = None,
) -> bool:
    """Record a session that will not be resumed as `crashed` and clear its checkpoint.

    Returns whether the history was saved (the checkpoint is cleared only then, so a session
    is never lost because the history folder was briefly unwritable).
    """
    record = checkpoint.record
    if record.outcome is None:
        ended = record.ended_at or (record.started_at + timedelta(seconds=record.actual_seconds))
        record = record.model_copy(update={"outcome": Outcome.crashed, "ended_at": ended})
    saved = history.save(record, workload)
    if saved:
        clear_checkpoint(path)
    return saved


def recover(
    now: datetime,
    history: History,
    max_age: timedelta = MAX_AGE,
    path: Path | None = None,
) -> Loaded[Checkpoint | None]:
    """The checkpoint to offer for `session --resume`, if one is younger than `max_age`.

    An older one is recorded as crashed in `history` and cleared, with a notice.
    """
    checkpoint, salvaged, notices = _load(path or paths.checkpoint_file())
    loaded = Loaded(checkpoint, notices)
    if salvaged is not None:
        stub = Checkpoint(
            record=salvaged,
            plan=Plan(minutes=salvaged.planned_minutes, pressure=salvaged.pressure,
                      focus=[], avoid=[], steps=[]),
            step_index=0,
            seconds_into_step=0,
            saved_at=now,
        )  # fmt: skip
        if abandon(stub, history, path=path):
            notices.append("Its session record was kept in the history.")
        return loaded
    if checkpoint is None or checkpoint.age(now) <= max_age:
        return loaded
    when = local(checkpoint.record.started_at).strftime("%Y-%m-%d %H:%M")
    if abandon(checkpoint, history, path=path):
        loaded.notices.append(
            f"The unfinished session of {when} is too old to resume; it is kept in the history."
        )
    return Loaded(None, loaded.notices)
