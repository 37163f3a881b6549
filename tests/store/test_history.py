"""History: saving and completing records, migrations, damaged and unwritable databases, CLI."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from massage_coach.models import Pressure
from massage_coach.record import Outcome, PressureChange, SessionRecord, Work
from massage_coach.store import history as history_module
from massage_coach.store import paths
from massage_coach.store.history import SCHEMA_VERSION, History

from ..clirunner import run

T0 = datetime(2026, 3, 2, 19, 0)  # a Monday evening


pytestmark = pytest.mark.usefixtures("home")


def record(
    session_id: str = "s1",
    started: datetime = T0,
    seconds: int = 1200,
    profile: str | None = "Anna",
    outcome: Outcome | None = Outcome.finished,
    rating: int | None = 4,
    note: str | None = None,
) -> SessionRecord:
    return SessionRecord(
        id=session_id,
        started_at=started,
        ended_at=started + timedelta(seconds=seconds) if outcome else None,
        profile=profile,
        planned_minutes=20,
        actual_seconds=seconds,
        outcome=outcome,
        pressure=Pressure.medium,
        pressure_changes=[
            PressureChange(at=300, before=Pressure.medium, after=Pressure.light, reason="softer")
        ],
        work=[
            Work(
                kind="stroke",
                stroke="effleurage",
                area="upper-back",
                pressure=Pressure.light,
                seconds=seconds // 2,
            ),
            Work(
                kind="stroke",
                stroke="petrissage",
                area="lower-back",
                side="left",
                pressure=Pressure.medium,
                seconds=seconds // 2,
            ),
        ],
        skipped_steps=[3],
        extended_steps=[1, 2],
        rating=rating,
        note=note,
    )


def test_a_finished_session_round_trips_with_every_field() -> None:
    saved = record(note="Lovely.")
    with History() as store:
        assert store.save(saved, workload=27.5) is True
    with History() as store:
        [entry] = store.recent()
    assert entry.record == saved and entry.workload == 27.5
    assert store.notices == []
    db = sqlite3.connect(paths.history_db())
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    rows = db.execute("SELECT area, side, seconds FROM work ORDER BY position").fetchall()
    assert rows == [("upper-back", None, 600), ("lower-back", "left", 600)]
    assert db.execute("SELECT note FROM sessions").fetchone() == ("Lovely.",)


def test_saving_the_same_id_again_completes_the_record_instead_of_duplicating() -> None:
    with History() as store:
        store.save(record(seconds=300, outcome=None, rating=None))
        store.save(record(seconds=1200, outcome=Outcome.finished, rating=5))
        entries = store.all()
    assert len(entries) == 1
    assert entries[0].record.actual_seconds == 1200 and entries[0].record.rating == 5
    db = sqlite3.connect(paths.history_db())
    assert db.execute("SELECT count(*) FROM work").fetchone() == (2,)


def test_recent_is_newest_first_and_since_filters_by_start() -> None:
    with History() as store:
        for day in range(5):
            store.save(record(f"s{day}", started=T0 + timedelta(days=day)))
        assert [e.record.id for e in store.recent(3)] == ["s4", "s3", "s2"]
        assert [e.record.id for e in store.since(T0 + timedelta(days=3))] == ["s3", "s4"]
        assert store.get("s2") is not None and store.get("nope") is None


def test_reading_without_a_database_creates_nothing() -> None:
    with History() as store:
        assert store.recent() == []
    assert not paths.data_dir().exists()


def _make_v1_database(path: Path) -> None:
    """A database exactly as schema version 1 left it, with one session in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    history_module.MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    old = record("old", note="From before.")
    db.execute(
        "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ("old", "2026-03-02T18:00:00+00:00", None, "Anna", 20, 1200, "finished", "medium", 4,
         old.model_dump_json()),
    )  # fmt: skip
    db.close()


def test_a_version_1_database_is_migrated_keeping_its_sessions() -> None:
    path = paths.history_db()
    _make_v1_database(path)
    with History() as store:
        [entry] = store.recent()
        assert entry.record.id == "old" and entry.workload is None
        assert store.save(record("new"), workload=10.0)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    columns = {row[1] for row in db.execute("PRAGMA table_info(sessions)")}
    assert {"workload", "note"} <= columns
    assert db.execute("SELECT note FROM sessions WHERE id = 'old'").fetchone() == ("From before.",)
    assert db.execute("SELECT count(*) FROM sessions").fetchone() == (2,)


def test_a_failing_migration_leaves_the_old_schema_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    path = paths.history_db()
    _make_v1_database(path)

    def broken(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE sessions ADD COLUMN workload REAL")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(history_module, "MIGRATIONS", [history_module.MIGRATIONS[0], broken])
    with History() as store:
        assert store.recent() == []
    assert "disk I/O error" in store.notices[0]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "workload" not in {row[1] for row in db.execute("PRAGMA table_info(sessions)")}


def test_a_database_from_a_newer_version_is_left_untouched() -> None:
    path = paths.history_db()
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = path.read_bytes()
    with History() as store:
        assert store.save(record()) is False
    assert store.problem is not None and "newer massage-coach" in store.problem
    assert path.read_bytes() == before


def test_two_processes_opening_a_new_database_at_once_migrate_it_once() -> None:
    """The second opener reads the schema version only under the write lock: by then the first
    has migrated, so it neither repeats a step ("duplicate column name") nor loses its save."""
    path = paths.history_db()
    path.parent.mkdir(parents=True)

    class OtherProcessFirst:
        """A connection on which another process migrates just before our write lock."""

        def __init__(self) -> None:
            self.db = sqlite3.connect(path, isolation_level=None)

        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
            if sql == "BEGIN IMMEDIATE":
                with History(path=path) as other:
                    assert other.save(record("theirs"))
            return self.db.execute(sql, *args)

        @property
        def in_transaction(self) -> bool:
            return self.db.in_transaction

    ours = OtherProcessFirst()
    history_module.migrate(ours)  # type: ignore[arg-type]
    ours.db.close()
    with History(path=path) as store:
        assert store.save(record("ours"))
        assert sorted(e.record.id for e in store.all()) == ["ours", "theirs"]
        assert store.notices == []


def test_another_programs_sqlite_file_is_reported_and_left_untouched() -> None:
    path = paths.history_db()
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with History() as store:
        assert store.save(record()) is False
        assert store.recent() == []
    assert store.problem is not None and "not a massage-coach history" in store.problem
    assert path.read_bytes() == before
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("moz_places",)]


def test_a_full_disk_is_named_as_the_cause_not_the_failed_rollback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with History() as store:
        store.save(record("first"))

    def full(*args: object) -> bool:
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(History, "_upsert", staticmethod(full))
    with History() as store:
        assert store.save(record("second")) is False
    assert store.problem == "the disk is full"


def test_the_history_file_is_private_to_its_owner() -> None:
    with History() as store:
        store.save(record())
    assert paths.history_db().stat().st_mode & 0o777 == 0o600


def test_a_corrupt_database_is_kept_aside_and_a_fresh_one_started() -> None:
    path = paths.history_db()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database at all" * 100)
    with History() as store:
        assert store.save(record()) is True
        assert [e.record.id for e in store.recent()] == ["s1"]
    assert "damaged" in store.notices[0] and str(path) in store.notices[0]
    kept = [p for p in path.parent.iterdir() if p.name.startswith("history.sqlite3.corrupt-")]
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not a database")


def test_an_unwritable_data_folder_means_not_saved_and_no_crash(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "data").write_text("a file where the data folder should be")
    with History() as store:
        assert store.save(record()) is False
        assert store.recent() == []
    assert store.problem is not None and "cannot open it" in store.problem


def test_a_read_only_database_reports_it_could_not_save(monkeypatch: pytest.MonkeyPatch) -> None:
    with History() as store:
        store.save(record("first"))

    def read_only(*args: object) -> bool:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(History, "_upsert", staticmethod(read_only))
    with History() as store:
        assert store.save(record("second")) is False
        assert [e.record.id for e in store.all()] == ["first"]
    assert store.problem == "attempt to write a readonly database"


def test_cli_history_table_is_plain_when_piped_and_json_on_demand() -> None:
    with History() as store:
        store.save(record("a", started=T0), workload=30.4)
        store.save(record("b", started=T0 + timedelta(days=1), profile=None, rating=None))
    code, out, _ = run("history")
    assert code == 0 and "\x1b[" not in out and "│" not in out
    lines = out.splitlines()
    newest = next(i for i, line in enumerate(lines) if "Mar  3" in line)
    older = next(i for i, line in enumerate(lines) if "Mar  2" in line)
    assert newest < older
    assert "medium>light" in out and "20/20" in out and "Anna" in lines[older + 1]
    assert "upper-back 10" in out and lines[older].endswith(" 30")
    code, out, _ = run("history", "--json", "--limit", "1")
    data = json.loads(out)
    assert [item["id"] for item in data] == ["b"] and data[0]["workload"] is None


@pytest.mark.parametrize("terminal", [False, True])
def test_cli_history_reads_whole_at_80_columns(terminal: bool) -> None:
    now = datetime.now().replace(second=0, microsecond=0)
    with History() as store:
        store.save(
            record("a", started=now, outcome=Outcome.interrupted),
            workload=30.4,
        )
        last_year = now.replace(year=now.year - 1, day=min(now.day, 28))
        store.save(record("b", started=last_year, profile="Alexandrina"))
    code, out, _ = run("history", terminal=terminal, columns=80)
    plain = out.replace("\x1b[1m", "").replace("\x1b[0m", "")
    lines = plain.splitlines()
    assert code == 0 and all(len(line) <= 80 for line in lines)
    assert lines[0].split() == ["started,", "who", "min", "pressure", "areas,", "min",
                                "outcome", "rating", "load"]  # fmt: skip
    recent = lines[1]
    older = next(
        line for line in lines if f"{last_year:%b} {last_year.day:>2}  {last_year.year}" in line
    )
    assert "20/20" in older and older.split()[-3:] == ["finished", "4", "-"]
    assert recent.startswith(f"{now:%b} ") and f"{now:%H:%M}" in recent and "20/20" in recent
    assert recent.split()[-5:] == ["upper-back", "10", "interrupted", "4", "30"]
    assert "medium>light" in recent and "Alexandrina" in plain and "Anna" in plain


def test_cli_history_leaves_out_who_when_nobody_had_a_profile() -> None:
    with History() as store:
        store.save(record("a", profile=None))
    code, out, _ = run("history", columns=80)
    assert code == 0 and out.splitlines()[0].split()[:2] == ["started", "min"]
    assert "\n-" not in out


def test_cli_history_with_no_sessions_says_so() -> None:
    code, out, _ = run("history")
    assert code == 0 and "No sessions yet." in out
    code, out, _ = run("history", "stats")
    assert code == 0 and "No sessions yet." in out


def test_cli_history_warns_about_a_damaged_database_and_still_works() -> None:
    path = paths.history_db()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00" * 50)
    code, out, err = run("history")
    assert code == 0 and "No sessions yet." in out
    assert "damaged" in err and "kept aside" in err


def test_the_rating_question_accepts_1_to_5_a_note_or_a_skip() -> None:
    from massage_coach.cli.history import ask_rating

    def answers(*replies: str) -> Callable[[str], str]:
        queue = list(replies)
        return lambda question: queue.pop(0)

    assert ask_rating(answers("4", "Slower next time")) == (4, "Slower next time")
    assert ask_rating(answers("")) == (None, None)
    assert ask_rating(answers("9", "five", "2", "")) == (2, None)
    assert ask_rating(answers("0", "6", "x")) == (None, None)


def test_a_rating_out_of_range_is_asked_again_saying_why() -> None:
    from massage_coach.cli.history import ask_rating

    asked: list[str] = []
    replies = ["9", "4", ""]

    def ask(question: str) -> str:
        asked.append(question)
        return replies.pop(0)

    assert ask_rating(ask) == (4, None)
    assert asked[1] == "'9' is not 1-5. How was it, 1-5? (Enter to skip)"


def test_cli_history_lists_the_latest_and_says_how_many_more_all_shows() -> None:
    with History() as store:
        for day in range(5):
            store.save(record(f"s{day}", started=T0 + timedelta(days=day)))
    code, out, err = run("history", "--limit", "3", "--json")
    assert code == 0 and [e["id"] for e in json.loads(out)] == ["s4", "s3", "s2"]
    assert "2 older sessions: `massage-coach history --all` lists every one." in err
    code, out, err = run("history", "--all", "--json")
    assert code == 0 and len(json.loads(out)) == 5 and "older" not in err
