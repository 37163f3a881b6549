"""Checkpoints of running sessions, so a crash, a kill or a closed terminal loses nothing.

Each session has its own checkpoint, `checkpoints/<id>.json`, and holds a lock on it (a
`.lock` file beside it) for as long as it runs; only an unlocked checkpoint is a leftover. The
runner saves one atomically every few seconds and at each step change, and the session writes
its final state there before it saves the history, so a failed save (a full disk, a locked
database, a kill while it waits) keeps the finished session to be filed later.

The next command that opens the store files every leftover into the history (`file_leftovers`):
a finished one as it ended, and then removed; one cut short as `interrupted`, with the minutes
it got to, and kept for `session --resume` for 24 hours (the history upserts by the record's
id, so resuming completes that same row). Listing the folder is the only cost when there is
nothing to file.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..kinds.base import Pressure
from ..record import Outcome, SessionRecord
from ..routine import Choices, Plan
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

if TYPE_CHECKING:
    from filelock import BaseFileLock

MAX_AGE = timedelta(hours=24)
"""A session older than this is not offered for resuming (the body has long cooled down)."""

ENDED = frozenset({Outcome.finished, Outcome.stop_signal})
"""Outcomes of a session that ran its course: filed as they are, never offered for resume. A
session quit with `q` is kept for resuming, like one cut short by Ctrl-C or a signal."""

SUFFIX = ".json"


class Checkpoint(BaseModel):
    """Everything needed to pick a session up where it stopped."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = 1
    record: SessionRecord
    plan: Plan
    step_index: int = Field(ge=0)
    seconds_into_step: float = Field(ge=0)
    saved_at: datetime
    filed: bool = False
    """The history already holds the session as it stands here (a cut-short session is kept
    for resuming after it was saved; one saved with `filed` False still has to be)."""
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


def folder() -> Path:
    return paths.checkpoints_dir()


def path_for(record_id: str, where: Path | None = None) -> Path:
    """The checkpoint file of the session with this id (an odd id is made file-safe)."""
    name = re.sub(r"[^A-Za-z0-9_-]", "_", record_id)[:80] or "session"
    return (where or folder()) / f"{name}{SUFFIX}"


class Held:
    """One session's checkpoint, locked by this process while the session runs.

    Another process finds the lock taken and leaves the checkpoint alone: two sessions never
    share one, and a running session is never filed as a leftover.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock: BaseFileLock | None = None
        self.why_not = ""
        """Why `acquire` said no, in the user's words."""

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another process holds it (or it cannot
        be taken at all, say in a read-only folder)."""
        if self._lock is not None:
            return True
        from filelock import FileLock, Timeout  # deferred: 25 ms; only a session holds one

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(self.lock_path, timeout=0, mode=0o600)
            lock.acquire()
        except Timeout:
            self.why_not = "another massage-coach is running it"
            return False
        except OSError as exc:
            self.why_not = f"{self.path.parent} cannot be written ({exc.strerror or exc})"
            return False
        self._lock = lock
        return True

    def release(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self._lock.release()
            self._lock = None

    def save(self, checkpoint: Checkpoint) -> str | None:
        """Write the checkpoint atomically; a message (never an exception) when it cannot be."""
        return save_checkpoint(checkpoint, self.path)

    def remove(self) -> None:
        """Forget the checkpoint (the history has the session); the lock file goes with it."""
        clear_checkpoint(self.path)
        with contextlib.suppress(OSError):
            self.lock_path.unlink()

    def __enter__(self) -> Held:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def save_checkpoint(checkpoint: Checkpoint, path: Path | None = None) -> str | None:
    """Write the checkpoint atomically; a message (never an exception) when it cannot be."""
    path = path or path_for(checkpoint.record.id)
    try:
        atomic_write_text(path, checkpoint.model_dump_json())
    except StoreError as exc:
        return f"The session cannot be saved for resuming: {exc}"
    return None


def clear_checkpoint(path: Path) -> None:
    """Forget one checkpoint (a missing file is fine)."""
    with contextlib.suppress(OSError):
        path.unlink()


def checkpoint_paths(where: Path | None = None) -> list[Path]:
    """Every checkpoint file, locked or not (the cheap check: one folder listing). A checkpoint
    left by a release that kept only one is moved in first."""
    where = where or folder()
    if where == folder():
        _adopt_single_checkpoint(where)
    try:
        names = [entry.name for entry in os.scandir(where) if entry.name.endswith(SUFFIX)]
    except OSError:
        return []
    return [where / name for name in sorted(names)]


def any_saved() -> bool:
    """Whether a checkpoint file is there at all, fit to resume or not: one folder listing,
    read-only (nothing is moved, opened or locked)."""
    if paths.checkpoint_file().exists():
        return True
    try:
        return any(entry.name.endswith(SUFFIX) for entry in os.scandir(folder()))
    except OSError:
        return False


def _adopt_single_checkpoint(where: Path) -> None:
    """Move `checkpoint.json` from an earlier release in with the others, under its own name."""
    old = paths.checkpoint_file()
    if not old.exists():
        return
    with contextlib.suppress(OSError):
        where.mkdir(parents=True, exist_ok=True)
        os.replace(old, where / f"from-an-earlier-release{SUFFIX}")


def load_checkpoint(path: Path | None = None) -> Loaded[Checkpoint | None]:
    """The checkpoint at `path` (by default the newest one), if any; a damaged one is kept
    aside and reported."""
    if path is None:
        found = checkpoint_paths()
        if not found:
            return Loaded(None)
        path = max(found, key=_mtime)
    checkpoint, _salvaged, notices = _load(path)
    return Loaded(checkpoint, notices)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _load(path: Path) -> tuple[Checkpoint | None, SessionRecord | None, list[str]]:
    """The checkpoint; or, when it is damaged, the session record if that part still reads."""
    try:
        text = read_user_text(path)
    except CorruptFile as exc:
        return None, None, [str(exc)]
    if text is None:
        return None, None, []
    try:
        data = parse_bounded_json(text)
    except ValueError as exc:  # no record can be read from it either
        reason = f"not a valid checkpoint ({exc})"
        return None, None, [str(CorruptFile(path, reason, keep_aside(path)))]
    try:
        checkpoint = Checkpoint.model_validate(data)
        problem = out_of_bounds(checkpoint)
    except ValidationError as exc:
        problem = describe_validation(exc)
    if problem is None:
        return checkpoint, None, []
    reason = f"not a valid checkpoint ({problem})"
    salvaged = _salvage_record(data)
    return None, salvaged, [str(CorruptFile(path, reason, keep_aside(path)))]


MAX_NUMBER_DIGITS = 15
"""No whole number a checkpoint holds needs more digits (a `10**400` is someone's mischief)."""

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, tzinfo=UTC)
"""Dates outside these are not from a session (and would overflow time zone arithmetic)."""

MAX_SESSION_SECONDS = 24 * 3600


def parse_bounded_json(text: str) -> object:
    """JSON with finite numbers of at most MAX_NUMBER_DIGITS digits and bounded nesting; a
    ValueError saying what is wrong otherwise."""

    def number(literal: str) -> float | int:
        is_float = any(c in literal for c in ".eE")
        if len(literal) > (32 if is_float else MAX_NUMBER_DIGITS):
            raise ValueError(f"a number far too long: {literal[:20]}...")
        value = float(literal) if is_float else int(literal)
        if not math.isfinite(value):
            raise ValueError(f"a number out of range: {literal[:20]}")
        return value

    def constant(name: str) -> float:
        raise ValueError(f"{name} is not a number a checkpoint holds")

    try:
        return json.loads(text, parse_int=number, parse_float=number, parse_constant=constant)
    except RecursionError:
        raise ValueError("nested far too deeply") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at line {exc.lineno}") from None


def out_of_bounds(checkpoint: Checkpoint) -> str | None:
    """What makes a well-formed checkpoint unusable (a step index past the plan, seconds that
    do not fit the step, dates no session has), or None."""
    plan, record = checkpoint.plan, checkpoint.record
    for moment, name in (
        (record.started_at, "record.started_at"),
        (checkpoint.saved_at, "saved_at"),
    ):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if not EARLIEST <= aware <= LATEST:
            return f"{name}: {moment.isoformat()} is not a date a session has"
    if record.ended_at is not None:
        aware = record.ended_at if record.ended_at.tzinfo else record.ended_at.replace(tzinfo=UTC)
        if not EARLIEST <= aware <= LATEST:
            return f"record.ended_at: {record.ended_at.isoformat()} is not a date a session has"
    if not 0 <= record.actual_seconds <= MAX_SESSION_SECONDS:
        return f"record.actual_seconds: {record.actual_seconds} is not a session's length"
    if any(w.seconds > MAX_SESSION_SECONDS for w in record.work):
        return "record.work: more seconds than a day has"
    if sum(step.seconds for step in plan.steps) > MAX_SESSION_SECONDS:
        return "plan.steps: longer than a day"
    if plan.steps and checkpoint.step_index >= len(plan.steps):
        return f"step_index: {checkpoint.step_index}, but the plan has {len(plan.steps)} steps"
    if plan.steps and checkpoint.seconds_into_step > plan.steps[checkpoint.step_index].seconds:
        return (
            f"seconds_into_step: {checkpoint.seconds_into_step:g}, but step "
            f"{checkpoint.step_index + 1} lasts {plan.steps[checkpoint.step_index].seconds}"
        )
    return None


def _salvage_record(data: object) -> SessionRecord | None:
    """The record from a checkpoint whose plan no longer reads (say, after an upgrade), if it
    is itself within bounds."""
    try:
        record = SessionRecord.model_validate(data["record"])  # type: ignore[index]
    except (TypeError, KeyError, IndexError, ValidationError):
        return None
    try:
        started = local(record.started_at)
    except (OverflowError, ValueError, OSError):
        return None
    if not 2000 <= started.year <= 2999 or not 0 <= record.actual_seconds <= MAX_SESSION_SECONDS:
        return None
    return record


def as_filed(record: SessionRecord) -> SessionRecord:
    """The record as the history keeps a session that stopped without an outcome (a crash, a
    kill): interrupted, ended as far as it got."""
    if record.outcome is not None:
        return record
    ended = record.ended_at or (record.started_at + timedelta(seconds=record.actual_seconds))
    return record.model_copy(update={"outcome": Outcome.interrupted, "ended_at": ended})


def _when(record: SessionRecord) -> str:
    return local(record.started_at).strftime("%Y-%m-%d %H:%M")


def file_leftovers(
    now: datetime, history: History, max_age: timedelta = MAX_AGE, where: Path | None = None
) -> list[str]:
    """File every unlocked checkpoint into `history`; what the user should be told.

    A session that ran its course is saved as it ended and its checkpoint removed. One cut
    short is saved as interrupted and kept for resuming, until it is older than `max_age`. A
    checkpoint is removed only once the history has its session; a damaged one is kept aside,
    and its record filed if that part still reads.
    """
    notices: list[str] = []
    for path in checkpoint_paths(where):
        with Held(path) as held:
            if held.acquire():
                notices += _file_one(held, now, history, max_age)
    return notices


def _file_one(held: Held, now: datetime, history: History, max_age: timedelta) -> list[str]:
    checkpoint, salvaged, notices = _load(held.path)
    record = checkpoint.record if checkpoint is not None else salvaged
    if record is None:  # nothing there (filed meanwhile), or nothing left that reads
        if not held.path.exists():
            held.remove()  # the lock file of a checkpoint kept aside
        return notices
    ended = record.outcome in ENDED
    stale = checkpoint is None or ended or checkpoint.age(now) > max_age
    if checkpoint is not None and checkpoint.filed:
        if stale:
            held.remove()
        return notices
    if not history.save(as_filed(record)):  # its workload is worked out when it is read
        notices.append(
            f"The session of {_when(record)} is still not in the history "
            f"({history.problem}); it is kept and will be filed later."
        )
        return notices
    if stale:
        held.remove()
    else:
        held.save(checkpoint.model_copy(update={"filed": True}))  # type: ignore[union-attr]
    how = " as quit" if record.outcome is Outcome.quit else " as interrupted"
    if ended:
        notices.append(
            f"The session of {_when(record)}, which could not be saved, is now in the history."
        )
    elif checkpoint is None or checkpoint.age(now) > max_age:
        notices.append(f"The unfinished session of {_when(record)} is kept in the history{how}.")
    else:
        notices.append(
            f"The unfinished session of {_when(record)} is kept in the history{how}; "
            "`massage-coach session --resume` picks it up (within a day)."
        )
    return notices


def file_pending(now: datetime) -> list[str]:
    """What the store-opening commands run first: file any leftover checkpoint. Without one
    (the usual case) this lists a folder and opens nothing."""
    if not checkpoint_paths():
        return []
    with History() as history:
        notices = file_leftovers(now, history)
    return history.notices + notices


@contextlib.contextmanager
def resumable(
    now: datetime, max_age: timedelta = MAX_AGE
) -> Iterator[Loaded[tuple[Held, Checkpoint] | None]]:
    """The newest cut-short session to resume, locked for this process while the `with` lasts
    (None when there is none), after every leftover was filed. A session older than `max_age`,
    or one that ran its course, is never offered."""
    notices = file_pending(now)
    candidates: list[tuple[datetime, Path, Checkpoint]] = []
    for path in checkpoint_paths():
        checkpoint, _salvaged, found = _load(path)
        notices += found
        if checkpoint is None or checkpoint.record.outcome in ENDED:
            continue
        if checkpoint.age(now) <= max_age:
            candidates.append((local(checkpoint.saved_at), path, checkpoint))
    chosen: tuple[Held, Checkpoint] | None = None
    for _saved_at, path, checkpoint in sorted(candidates, key=lambda c: c[0], reverse=True):
        held = Held(path)
        if held.acquire():
            chosen = held, checkpoint
            break
    try:
        yield Loaded(chosen, notices)
    finally:
        if chosen is not None:
            chosen[0].release()
