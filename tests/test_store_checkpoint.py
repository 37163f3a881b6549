"""Checkpoints: a killed session can be resumed or is recorded, never lost and never duplicated."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from massage_coach.models import Pressure
from massage_coach.routine import Plan, Step, StepKind
from massage_coach.session.record import Outcome, SessionRecord, Work
from massage_coach.store import paths
from massage_coach.store.checkpoint import (
    Checkpoint,
    abandon,
    clear_checkpoint,
    load_checkpoint,
    recover,
    save_checkpoint,
)
from massage_coach.store.history import History

STARTED = datetime(2026, 3, 5, 20, 0)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key in list(os.environ):
        if key.startswith("MASSAGE_COACH_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("MASSAGE_COACH_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def plan() -> Plan:
    steps = [
        Step(start=0, seconds=180, kind=StepKind.stroke, stroke="effleurage", area="upper-back",
             pressure=Pressure.light, cue="Long glides.", why="warm-up"),
        Step(start=180, seconds=120, kind=StepKind.stroke, stroke="petrissage",
             area="upper-back", pressure=Pressure.medium, cue="Knead.", why="balance"),
    ]  # fmt: skip
    return Plan(minutes=5, pressure=Pressure.medium, focus=[], avoid=[], steps=steps)


def checkpoint(saved_at: datetime = STARTED + timedelta(minutes=4)) -> Checkpoint:
    record = SessionRecord(
        id="run-1",
        started_at=STARTED,
        planned_minutes=5,
        actual_seconds=200,
        pressure=Pressure.medium,
        work=[
            Work(
                kind="stroke",
                stroke="effleurage",
                area="upper-back",
                pressure=Pressure.light,
                seconds=180,
            ),
            Work(
                kind="stroke",
                stroke="petrissage",
                area="upper-back",
                pressure=Pressure.medium,
                seconds=20,
            ),
        ],
    )
    return Checkpoint(
        record=record, plan=plan(), step_index=1, seconds_into_step=20.5, saved_at=saved_at
    )


def test_a_checkpoint_round_trips_and_clears() -> None:
    saved = checkpoint()
    assert save_checkpoint(saved) is None
    assert load_checkpoint().value == saved
    clear_checkpoint()
    assert load_checkpoint().value is None
    clear_checkpoint()  # clearing twice is fine


def test_a_checkpoint_that_cannot_be_written_is_a_message_not_a_crash(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "data").write_text("a file where the data folder should be")
    message = save_checkpoint(checkpoint())
    assert message is not None and "cannot be saved for resuming" in message


def test_a_damaged_checkpoint_is_kept_aside_and_nothing_is_offered() -> None:
    path = paths.checkpoint_file()
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "record": ')
    with History() as store:
        loaded = recover(STARTED, store)
    assert loaded.value is None and str(path) in loaded.notices[0]
    assert [p.name.startswith("checkpoint.json.corrupt-") for p in path.parent.iterdir()] == [True]


def _killed_session() -> None:
    """Run a session process that saves a checkpoint and is then killed outright (SIGKILL)."""
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path(__file__).parent.parent)!r})
        from tests.test_store_checkpoint import checkpoint
        from massage_coach.store.checkpoint import save_checkpoint
        assert save_checkpoint(checkpoint()) is None
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], env=os.environ.copy(), timeout=60)
    assert done.returncode == -signal.SIGKILL


def test_after_a_kill_the_session_is_offered_and_resuming_completes_one_record() -> None:
    _killed_session()
    with History() as store:
        offered = recover(STARTED + timedelta(minutes=10), store).value
        assert offered is not None
        assert (offered.step_index, offered.seconds_into_step) == (1, 20.5)
        finished = offered.record.model_copy(
            update={"actual_seconds": 300, "outcome": Outcome.finished, "rating": 5}
        )
        assert store.save(finished, workload=6.0)
        clear_checkpoint()
        [entry] = store.all()
    assert entry.record.outcome is Outcome.finished and entry.record.rating == 5
    assert load_checkpoint().value is None


def test_after_a_kill_a_declined_resume_is_recorded_as_crashed() -> None:
    _killed_session()
    with History() as store:
        offered = recover(STARTED + timedelta(minutes=10), store).value
        assert offered is not None
        assert abandon(offered, store)
        [entry] = store.all()
    assert entry.record.outcome is Outcome.crashed
    assert entry.record.ended_at == STARTED + timedelta(seconds=200)
    assert entry.record.seconds_by_area() == {"upper-back": 200}
    assert load_checkpoint().value is None


def test_a_checkpoint_older_than_a_day_is_recorded_not_offered() -> None:
    save_checkpoint(checkpoint())
    with History() as store:
        loaded = recover(STARTED + timedelta(hours=25), store)
        assert loaded.value is None
        assert "too old to resume" in loaded.notices[0]
        [entry] = store.all()
    assert entry.record.id == "run-1" and entry.record.outcome is Outcome.crashed
    assert load_checkpoint().value is None


def test_the_checkpoint_is_kept_when_the_history_cannot_take_it(home: Path) -> None:
    save_checkpoint(checkpoint())
    with History(path=home / "blocked" / "history.sqlite3") as store:
        (home / "blocked").write_text("not a folder")
        loaded = recover(STARTED + timedelta(hours=30), store)
    assert loaded.value is None
    assert load_checkpoint().value is not None


def test_a_checkpoint_whose_plan_no_longer_reads_still_keeps_its_record() -> None:
    path = paths.checkpoint_file()
    data = json.loads(checkpoint().model_dump_json())
    data["plan"]["steps"][0]["kind"] = "a-kind-from-another-version"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data))
    with History() as store:
        loaded = recover(STARTED + timedelta(minutes=10), store)
        assert loaded.value is None
        assert "not a valid checkpoint" in loaded.notices[0]
        assert "kept in the history" in loaded.notices[1]
        [entry] = store.all()
    assert entry.record.id == "run-1" and entry.record.outcome is Outcome.crashed
    assert not path.exists()
    kept = [p.name for p in path.parent.iterdir() if p.name.startswith("checkpoint.json.")]
    assert len(kept) == 1 and kept[0].startswith("checkpoint.json.corrupt-")
