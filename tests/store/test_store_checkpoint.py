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
from massage_coach.record import Outcome, SessionRecord, Work
from massage_coach.routine import Plan, Step, StepKind
from massage_coach.store import paths
from massage_coach.store.checkpoint import (
    Checkpoint,
    Held,
    checkpoint_paths,
    clear_checkpoint,
    file_leftovers,
    load_checkpoint,
    path_for,
    resumable,
    save_checkpoint,
)
from massage_coach.store.history import History

STARTED = datetime(2026, 3, 5, 20, 0)


pytestmark = pytest.mark.usefixtures("home")


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
    clear_checkpoint(path_for("run-1"))
    assert load_checkpoint().value is None
    clear_checkpoint(path_for("run-1"))  # clearing twice is fine


def test_a_checkpoint_that_cannot_be_written_is_a_message_not_a_crash(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "data").write_text("a file where the data folder should be")
    message = save_checkpoint(checkpoint())
    assert message is not None and "cannot be saved for resuming" in message


def test_a_checkpoint_is_private_to_its_owner() -> None:
    save_checkpoint(checkpoint())
    assert path_for("run-1").stat().st_mode & 0o777 == 0o600


def test_a_damaged_checkpoint_is_kept_aside_and_nothing_is_offered() -> None:
    path = path_for("run-1")
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "record": ')
    with resumable(STARTED) as loaded:
        assert loaded.value is None and str(path) in loaded.notices[0]
    assert [p.name.startswith("run-1.json.corrupt-") for p in path.parent.glob("*.json*")] == [True]
    assert checkpoint_paths() == []


def _killed_session() -> None:
    """Run a session process that saves a checkpoint and is then killed outright (SIGKILL)."""
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path(__file__).parents[2])!r})
        from tests.store.test_store_checkpoint import checkpoint
        from massage_coach.store.checkpoint import Held, path_for
        held = Held(path_for("run-1"))
        assert held.acquire() and held.save(checkpoint()) is None
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], env=os.environ.copy(), timeout=60)
    assert done.returncode == -signal.SIGKILL


def test_after_a_kill_the_session_is_offered_and_resuming_completes_one_record() -> None:
    _killed_session()
    with resumable(STARTED + timedelta(minutes=10)) as loaded:
        assert loaded.value is not None
        held, offered = loaded.value
        assert (offered.step_index, offered.seconds_into_step) == (1, 20.5)
        finished = offered.record.model_copy(
            update={"actual_seconds": 300, "outcome": Outcome.finished, "rating": 5}
        )
        with History() as store:
            assert store.save(finished, workload=6.0)
        held.remove()
    with History() as store:
        [entry] = store.all()
    assert entry.record.outcome is Outcome.finished and entry.record.rating == 5
    assert load_checkpoint().value is None


def test_a_leftover_is_filed_as_interrupted_and_stays_resumable_within_a_day() -> None:
    _killed_session()
    with History() as store:
        notices = file_leftovers(STARTED + timedelta(minutes=10), store)
        assert "kept in the history as interrupted" in notices[0] and "--resume" in notices[0]
        [entry] = store.all()
        assert file_leftovers(STARTED + timedelta(minutes=11), store) == []  # filed once
    assert entry.record.outcome is Outcome.interrupted
    assert entry.record.ended_at == STARTED + timedelta(seconds=200)
    assert entry.record.seconds_by_area() == {"upper-back": 200}
    with resumable(STARTED + timedelta(minutes=12)) as loaded:
        assert loaded.value is not None and loaded.value[1].record.id == "run-1"


def test_a_running_session_is_neither_filed_nor_offered_nor_shared(tmp_path: Path) -> None:
    """Its lock is held: another process leaves its checkpoint alone until it ends."""
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parents[2])!r})
        from tests.store.test_store_checkpoint import checkpoint
        from massage_coach.store.checkpoint import Held, path_for
        held = Held(path_for("run-1"))
        assert held.acquire() and held.save(checkpoint()) is None
        print("running", flush=True)
        sys.stdin.read()  # runs until the test closes its input
        """
    )
    running = subprocess.Popen(
        [sys.executable, "-c", script],
        env=os.environ.copy(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert running.stdout is not None and running.stdout.readline() == "running\n"
        assert not Held(path_for("run-1")).acquire()
        with History() as store:
            assert file_leftovers(STARTED + timedelta(days=3), store) == []
            assert store.all() == []
        with resumable(STARTED + timedelta(minutes=10)) as loaded:
            assert loaded.value is None
    finally:
        running.communicate("", timeout=60)
    with resumable(STARTED + timedelta(minutes=10)) as loaded:
        assert loaded.value is not None


def test_a_checkpoint_older_than_a_day_is_recorded_not_offered() -> None:
    save_checkpoint(checkpoint())
    with resumable(STARTED + timedelta(hours=25)) as loaded:
        assert loaded.value is None
        assert "kept in the history as interrupted" in loaded.notices[0]
    with History() as store:
        [entry] = store.all()
    assert entry.record.id == "run-1" and entry.record.outcome is Outcome.interrupted
    assert load_checkpoint().value is None


def test_a_finished_session_whose_save_failed_is_filed_as_finished_never_resumed() -> None:
    ended = checkpoint().record.model_copy(
        update={"outcome": Outcome.finished, "actual_seconds": 300}
    )
    save_checkpoint(checkpoint().model_copy(update={"record": ended}))
    with resumable(STARTED + timedelta(minutes=10)) as loaded:
        assert loaded.value is None
        assert "could not be saved, is now in the history" in loaded.notices[0]
    with History() as store:
        [entry] = store.all()
    assert entry.record.outcome is Outcome.finished and entry.record.actual_seconds == 300
    assert checkpoint_paths() == []


def test_the_checkpoint_is_kept_when_the_history_cannot_take_it(home: Path) -> None:
    save_checkpoint(checkpoint())
    with History(path=home / "blocked" / "history.sqlite3") as store:
        (home / "blocked").write_text("not a folder")
        notices = file_leftovers(STARTED + timedelta(hours=30), store)
    assert "still not in the history" in notices[0] and "filed later" in notices[0]
    assert load_checkpoint().value is not None


def test_a_checkpoint_whose_plan_no_longer_reads_still_keeps_its_record() -> None:
    path = path_for("run-1")
    data = json.loads(checkpoint().model_dump_json())
    data["plan"]["steps"][0]["kind"] = "a-kind-from-another-version"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data))
    with resumable(STARTED + timedelta(minutes=10)) as loaded:
        assert loaded.value is None
        assert "not a valid checkpoint" in loaded.notices[0]
        assert "kept in the history" in loaded.notices[1]
    with History() as store:
        [entry] = store.all()
    assert entry.record.id == "run-1" and entry.record.outcome is Outcome.interrupted
    assert not path.exists()
    kept = [p.name for p in path.parent.iterdir() if p.name.startswith("run-1.json.")]
    assert len(kept) == 1 and kept[0].startswith("run-1.json.corrupt-")


def test_the_one_checkpoint_of_an_earlier_release_is_taken_in() -> None:
    old = paths.checkpoint_file()
    old.parent.mkdir(parents=True)
    old.write_text(checkpoint().model_dump_json(exclude={"filed"}))
    with resumable(STARTED + timedelta(minutes=10)) as loaded:
        assert loaded.value is not None and loaded.value[1].record.id == "run-1"
    assert not old.exists()


def test_a_checkpoint_keeps_its_choices_with_the_screening_limits() -> None:
    from massage_coach.routine import Choices

    choices = Choices(
        pressure=Pressure.light,
        avoid=("lower-back",),
        max_pressure=Pressure.light,
        no_percussion=True,
        no_heat=True,
    )
    assert save_checkpoint(checkpoint().model_copy(update={"choices": choices})) is None
    loaded = load_checkpoint().value
    assert loaded is not None and loaded.choices == choices
    assert loaded.resume_choices() == choices


def test_an_older_checkpoint_without_choices_loads_and_reads_the_limits_gently() -> None:
    assert save_checkpoint(checkpoint()) is None
    data = json.loads(path_for("run-1").read_text())
    del data["choices"]
    path_for("run-1").write_text(json.dumps(data))
    loaded = load_checkpoint()
    assert loaded.notices == [] and loaded.value is not None and loaded.value.choices is None
    limits = loaded.value.resume_choices()
    assert limits.max_pressure is Pressure.light and limits.pressure is Pressure.light
    assert limits.no_percussion and limits.no_heat and limits.no_essential_oils


def _valid_text() -> str:
    return checkpoint().model_dump_json()


def _set(field: str, old: str, new: str):  # type: ignore[no-untyped-def]
    return lambda text: text.replace(f'"{field}":{old}', f'"{field}":{new}')


HOSTILE = {
    "a huge step index": _set("step_index", "1", "9" * 400),
    "an infinite time": _set("seconds_into_step", "20.5", "Infinity"),
    "a float past range": _set("seconds_into_step", "20.5", "1e400"),
    "negative seconds": _set("actual_seconds", "200", "-200"),
    "a step past the plan": _set("step_index", "1", "7"),
    "more seconds than the step": _set("seconds_into_step", "20.5", "500"),
    "a date at the end of time": _set("saved_at", '"2026-03-05T20:04:00"', '"9999-12-31T23:59:59"'),
    "a date at the start of time": _set(
        "started_at", '"2026-03-05T20:00:00"', '"0001-01-01T00:00:00"'
    ),
    "deep nesting": lambda t: '{"record": ' + "[" * 100_000 + "]" * 100_000 + "}",
}


@pytest.mark.parametrize("case", HOSTILE)
def test_an_unusable_checkpoint_is_kept_aside_with_one_line(case: str) -> None:
    text = HOSTILE[case](_valid_text())
    assert text != _valid_text()
    path = path_for("run-1")
    path.parent.mkdir(parents=True)
    path.write_text(text)
    with resumable(STARTED + timedelta(minutes=10)) as loaded:
        assert loaded.value is None
    assert len(loaded.notices) <= 2 and "not a valid checkpoint" in loaded.notices[0]
    assert "\n" not in loaded.notices[0] and len(loaded.notices[0]) < 400
    assert checkpoint_paths() == []
    with History() as store:
        entries = store.all()
    assert all(2000 <= e.record.started_at.year <= 2999 for e in entries)
    assert all(0 <= e.record.actual_seconds <= 86400 for e in entries)
