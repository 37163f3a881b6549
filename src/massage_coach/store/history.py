"""Session history in SQLite: one row per session, upserted by id, every write a transaction.

The schema version is SQLite's `PRAGMA user_version`; MIGRATIONS[n] takes a database from
version n to n + 1. The version is read and every step run inside one `BEGIN IMMEDIATE`
transaction, so a failed migration leaves the old schema whole and two processes opening a new
database at once never both migrate it (the second waits, then finds it done).
The full SessionRecord is kept as JSON next to the columns the queries need, so nothing the
runner recorded is lost even where no column exists for it yet.

A damaged database is kept aside (renamed, never deleted) and a fresh one started; a folder
that cannot be written only means this session is not saved, which the caller is told, with
the real cause ("the disk is full", "another program is using it"). Another program's SQLite
file at the history path is left untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple, TypeVar

from pydantic import ValidationError

from ..record import SessionRecord
from . import paths
from .files import keep_aside

R = TypeVar("R")


class Totals(NamedTuple):
    """Figures over every stored session."""

    sessions: int
    seconds: int
    rated: int
    rating_sum: int


@dataclass(frozen=True)
class Entry:
    """One stored session: the record and the giver's workload figure (None if unknown)."""

    record: SessionRecord
    workload: float | None


def _v1(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            started_at TEXT NOT NULL,          -- UTC, ISO 8601: sorts as text
            ended_at TEXT,
            profile TEXT,
            planned_minutes INTEGER NOT NULL,
            actual_seconds INTEGER NOT NULL,
            outcome TEXT,
            pressure TEXT NOT NULL,
            rating INTEGER,
            record TEXT NOT NULL               -- the whole SessionRecord as JSON
        )"""
    )
    db.execute(
        """CREATE TABLE work (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            stroke TEXT,
            tool TEXT,
            area TEXT,
            side TEXT,
            pressure TEXT,
            seconds INTEGER NOT NULL,
            PRIMARY KEY (session_id, position)
        )"""
    )


def _v2(db: sqlite3.Connection) -> None:
    """Version 2: the giver's workload and the rating note get columns; sessions by date."""
    db.execute("ALTER TABLE sessions ADD COLUMN workload REAL")
    db.execute("ALTER TABLE sessions ADD COLUMN note TEXT")
    db.execute("CREATE INDEX sessions_by_start ON sessions (started_at)")
    rows = db.execute("SELECT id, record FROM sessions").fetchall()
    for session_id, record in rows:
        try:
            note = json.loads(record).get("note")
        except (ValueError, AttributeError):
            note = None
        db.execute("UPDATE sessions SET note = ? WHERE id = ?", (note, session_id))


def _v3(db: sqlite3.Connection) -> None:
    """Version 3: practice walk-throughs get a column, and covering indexes let `history
    stats` add up a long history from small index pages instead of every whole record."""
    db.execute("ALTER TABLE sessions ADD COLUMN practice INTEGER NOT NULL DEFAULT 0")
    for session_id, record in db.execute("SELECT id, record FROM sessions").fetchall():
        try:
            practice = bool(json.loads(record).get("practice"))
        except (ValueError, AttributeError):
            practice = False
        if practice:
            db.execute("UPDATE sessions SET practice = 1 WHERE id = ?", (session_id,))
    db.execute(
        "CREATE INDEX sessions_by_profile ON sessions (practice, profile, actual_seconds, rating)"
    )
    db.execute("CREATE INDEX work_by_area ON work (area, session_id, seconds)")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3]
"""MIGRATIONS[n] upgrades a database at version n to n + 1. Only ever append."""
SCHEMA_VERSION = len(MIGRATIONS)


BUSY_TIMEOUT_SECONDS = 10.0
"""How long a write waits for another massage-coach to finish its own (SQLite's busy timeout)."""

OUR_TABLES = frozenset({"sessions", "work"})


class NewerDatabase(Exception):
    """The database was written by a newer massage-coach: read nothing, write nothing."""


class ForeignDatabase(Exception):
    """The file is another program's SQLite database: read nothing, write nothing."""


def _is_corruption(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return True
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(
        exc, sqlite3.OperationalError | sqlite3.IntegrityError | sqlite3.ProgrammingError
    )


def local(moment: datetime) -> datetime:
    """A naive local time, whatever the record holds (naive times are already local)."""
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def _utc_text(moment: datetime) -> str:
    """A sortable UTC timestamp; a naive time is taken as local time."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def migrate(db: sqlite3.Connection) -> int:
    """Bring `db` to SCHEMA_VERSION in one transaction; returns the version found.

    The version is read again inside `BEGIN IMMEDIATE` (which waits for any other writer), so
    of two processes that find a new database at once, only the first migrates it.
    """
    found = _user_version(db)
    if found == SCHEMA_VERSION:
        return found  # the usual case: no write lock taken
    if found > SCHEMA_VERSION:
        raise NewerDatabase(found)
    with _transaction(db):
        found = _user_version(db)
        if found > SCHEMA_VERSION:
            raise NewerDatabase(found)
        if found == 0:
            tables = {
                name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if tables - OUR_TABLES:
                raise ForeignDatabase(sorted(tables - OUR_TABLES))
        for version in range(found, SCHEMA_VERSION):
            MIGRATIONS[version](db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return found


def _user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction; on any failure it is rolled back and the first error raised
    (a failed ROLLBACK, as after a full disk, must not hide the real cause)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise


@dataclass
class History:
    """The history database at `path` (the user's by default), opened on first use.

    Nothing here raises for a damaged or unwritable database: `notices` collects what the
    user should be told, `save` returns False when the session could not be recorded.
    """

    path: Path = field(default_factory=paths.history_db)
    notices: list[str] = field(default_factory=list)
    problem: str | None = None
    """Why the last `save` failed, in the user's words (the caller says it, once)."""
    _db: sqlite3.Connection | None = field(default=None, init=False, repr=False)
    _unusable: bool = field(default=False, init=False, repr=False)
    _why_unusable: str = field(default="", init=False, repr=False)
    _cause: str = field(default="", init=False, repr=False)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- opening -------------------------------------------------------------------------

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        """An open, migrated connection; None when there is no usable database."""
        if self._db is not None:
            return self._db
        if self._unusable or (not create and not self.path.exists()):
            return None
        for _attempt in range(2):
            try:
                if create:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    _create_private(self.path)
                db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS)
            except (OSError, sqlite3.Error) as exc:
                cause = _reason(exc) if isinstance(exc, sqlite3.Error) else None
                return self._give_up(f"cannot open it ({_reason(exc)})", cause)
            try:
                db.execute("PRAGMA foreign_keys = ON")
                migrate(db)
                db.execute("SELECT count(*) FROM sessions").fetchone()
            except ForeignDatabase:
                db.close()
                return self._give_up(
                    "it is not a massage-coach history (another program's database?); it is "
                    "left untouched. Move it away, or set MASSAGE_COACH_HOME elsewhere"
                )
            except NewerDatabase as exc:
                db.close()
                return self._give_up(
                    f"it was written by a newer massage-coach (schema {exc.args[0]}, this "
                    f"one knows {SCHEMA_VERSION}); it is left untouched"
                )
            except sqlite3.Error as exc:
                db.close()
                if _is_corruption(exc):
                    self._set_aside(exc)
                    continue
                return self._give_up(f"cannot use it ({_reason(exc)})", _reason(exc))
            self._db = db
            return db
        return self._give_up("it could not be replaced by a fresh one")

    def _give_up(self, why: str, cause: str | None = None) -> sqlite3.Connection | None:
        """Note why the database cannot be used; every later call then skips it quietly."""
        self._unusable = True
        self._why_unusable = why
        self._cause = cause or why
        self.notices.append(f"History {self.path}: {why}.")
        return None

    def _set_aside(self, exc: sqlite3.Error) -> None:
        """Keep a damaged database (and its journal files) aside; the next open starts afresh."""
        self.close()
        kept = keep_aside(self.path)
        for suffix in ("-journal", "-wal", "-shm"):
            sidecar = self.path.with_name(self.path.name + suffix)
            if sidecar.exists() and kept is not None:
                with contextlib.suppress(OSError):
                    sidecar.rename(kept.with_name(kept.name + suffix))
        where = f"kept aside as {kept.name}" if kept else "it could not be moved aside"
        self.notices.append(
            f"History {self.path} is damaged ({_reason(exc)}); {where}; starting a new history."
        )
        if kept is None:
            self._unusable = True

    def _guarded(self, create: bool, action: Callable[[sqlite3.Connection], R]) -> R | None:
        """Run `action`; on corruption found mid-way, keep the file aside and try once more."""
        for _attempt in range(2):
            db = self._connect(create)
            if db is None:
                return None
            try:
                return action(db)
            except sqlite3.Error as exc:
                if not _is_corruption(exc):
                    raise
                self._set_aside(exc)
        return None

    # -- writing -------------------------------------------------------------------------

    def save(self, record: SessionRecord, workload: float | None = None) -> bool:
        """Insert or complete the record with this id, in one transaction.

        Returns False when the history could not be written, with the cause in `problem`
        (not in `notices`: the caller says it once, with what happens to the session).
        """
        self.problem = None
        before = len(self.notices)
        try:
            done = self._guarded(True, lambda db: self._upsert(db, record, workload))
        except sqlite3.Error as exc:
            self.problem = _reason(exc)
            return False
        if done is None:
            self.problem = self._cause or "it could not be opened"
            opened = f"History {self.path}: {self._why_unusable}."
            self.notices[before:] = [n for n in self.notices[before:] if n != opened]
            return False
        return True

    @staticmethod
    def _upsert(db: sqlite3.Connection, record: SessionRecord, workload: float | None) -> bool:
        with _transaction(db):
            db.execute(
                """INSERT INTO sessions (id, started_at, ended_at, profile, planned_minutes,
                       actual_seconds, outcome, pressure, rating, note, workload, practice,
                       record)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET
                       started_at = excluded.started_at, ended_at = excluded.ended_at,
                       profile = excluded.profile, planned_minutes = excluded.planned_minutes,
                       actual_seconds = excluded.actual_seconds, outcome = excluded.outcome,
                       pressure = excluded.pressure, rating = excluded.rating,
                       note = excluded.note, workload = excluded.workload,
                       practice = excluded.practice, record = excluded.record""",
                (
                    record.id,
                    _utc_text(record.started_at),
                    _utc_text(record.ended_at) if record.ended_at else None,
                    record.profile,
                    record.planned_minutes,
                    record.actual_seconds,
                    record.outcome.value if record.outcome else None,
                    record.pressure.value,
                    record.rating,
                    record.note,
                    workload,
                    int(record.practice),
                    record.model_dump_json(),
                ),
            )
            db.execute("DELETE FROM work WHERE session_id = ?", (record.id,))
            db.executemany(
                """INSERT INTO work (session_id, position, kind, stroke, tool, area, side,
                       pressure, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    (
                        record.id,
                        position,
                        item.kind,
                        item.stroke,
                        item.tool,
                        item.area,
                        item.side,
                        item.pressure.value if item.pressure else None,
                        item.seconds,
                    )
                    for position, item in enumerate(record.work)
                ],
            )
        return True

    # -- reading -------------------------------------------------------------------------

    def recent(self, limit: int = 20) -> list[Entry]:
        """The latest sessions, newest first."""
        return self._select("ORDER BY started_at DESC, id LIMIT ?", (limit,))

    def since(self, moment: datetime) -> list[Entry]:
        """Sessions started at or after `moment`, oldest first."""
        return self._select("WHERE started_at >= ? ORDER BY started_at, id", (_utc_text(moment),))

    def all(self) -> list[Entry]:
        """Every session, oldest first."""
        return self._select("ORDER BY started_at, id", ())

    def totals(self) -> Totals:
        """How many sessions, their seconds, and the ratings given: one SQL aggregate."""
        rows = self.by_profile()
        return Totals(
            sum(row[1] for row in rows),
            sum(row[2] for row in rows),
            sum(row[3] for row in rows),
            sum(row[4] for row in rows),
        )

    def by_profile(self) -> list[tuple[str | None, int, int, int, int]]:
        """Per profile name (None: no profile): sessions, seconds, ratings given and their sum,
        practice walk-throughs left out. One SQL aggregate, read from an index (see `_v3`)."""
        sql = (
            "SELECT profile, count(*), coalesce(sum(actual_seconds), 0), count(rating), "
            "coalesce(sum(rating), 0) FROM sessions WHERE practice = 0 GROUP BY profile"
        )
        return self._aggregate(lambda db: list(db.execute(sql).fetchall()), [])

    def practice_count(self) -> int:
        """How many practice walk-throughs the history holds."""
        sql = "SELECT count(*) FROM sessions WHERE practice = 1"
        return self._aggregate(lambda db: int(db.execute(sql).fetchone()[0]), 0)

    def seconds_by_area(self) -> list[tuple[str, int]]:
        """Hands-on seconds per area over every session but practice walk-throughs, in SQL."""
        # Practice walk-throughs are few: left out by a small list, the work rows are read
        # from their index alone (a join would look each session up).
        sql = (
            "SELECT area, sum(seconds) FROM work WHERE area IS NOT NULL AND session_id NOT IN "
            "(SELECT id FROM sessions WHERE practice = 1) GROUP BY area"
        )
        return self._aggregate(lambda db: list(db.execute(sql).fetchall()), [])

    def _aggregate(self, query: Callable[[sqlite3.Connection], R], empty: R) -> R:
        try:
            found = self._guarded(False, query)
        except sqlite3.Error as exc:
            self.notices.append(f"History {self.path} could not be read ({_reason(exc)}).")
            return empty
        return empty if found is None else found

    def get(self, session_id: str) -> Entry | None:
        found = self._select("WHERE id = ?", (session_id,))
        return found[0] if found else None

    def _select(self, clause: str, args: tuple[object, ...]) -> list[Entry]:
        def query(db: sqlite3.Connection) -> list[tuple[str, str, float | None]]:
            sql = f"SELECT id, record, workload FROM sessions {clause}"
            return db.execute(sql, args).fetchall()

        try:
            rows = self._guarded(False, query)
        except sqlite3.Error as exc:
            self.notices.append(f"History {self.path} could not be read ({_reason(exc)}).")
            return []
        entries = []
        for session_id, text, workload in rows or []:
            try:
                entries.append(Entry(SessionRecord.model_validate_json(text), workload))
            except ValidationError:
                self.notices.append(f"History: session {session_id} could not be read; skipped.")
        return entries


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner only (it holds health notes)."""
    with contextlib.suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


_PLAIN_CAUSES = {
    "SQLITE_FULL": "the disk is full",
    "SQLITE_BUSY": "the history is locked by another program",
    "SQLITE_LOCKED": "the history is locked by another program",
    "SQLITE_READONLY": "the file cannot be written (read-only)",
    "SQLITE_CANTOPEN": "the file cannot be opened",
    "SQLITE_PERM": "permission denied",
}


def _reason(exc: BaseException) -> str:
    """What went wrong in the user's words: "the disk is full", not "cannot rollback"."""
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    name = str(getattr(exc, "sqlite_errorname", ""))
    for prefix, words in _PLAIN_CAUSES.items():
        if name.startswith(prefix):
            return words
    text = str(exc)
    if "database is locked" in text:
        return _PLAIN_CAUSES["SQLITE_BUSY"]
    if name.startswith("SQLITE_IOERR"):
        return f"a write to the disk failed ({text})"
    return text
