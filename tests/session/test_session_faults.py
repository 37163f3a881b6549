"""A massage is never lost: a killed session, a failed save, a full disk, a locked history."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from massage_coach.record import Outcome
from massage_coach.session.clock import FakeClock
from massage_coach.session.environment import Environment
from massage_coach.session.keys import TimedKeys
from massage_coach.store import paths
from massage_coach.store.checkpoint import checkpoint_paths, load_checkpoint
from massage_coach.store.history import History

from ..clirunner import run

FAST = ("--minutes", "5", "--speed", "1000", "--cues", "silent")
RESUME = FAST[2:]  # a resumed session keeps its minutes: --minutes would be refused
TESTS = Path(__file__).parents[2]

pytestmark = pytest.mark.usefixtures("home")


@pytest.fixture
def env() -> Environment:
    """Sessions run on a fake clock: no real time passes, nobody presses a key."""
    clock = FakeClock()
    return Environment(clock=lambda speed=1.0: clock, no_keys=lambda: TimedKeys(clock, []))


def _killed_session() -> None:
    """A session process that saved its checkpoint a moment ago and was then killed (SIGKILL)."""
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from datetime import datetime
        sys.path.insert(0, {str(TESTS)!r})
        from tests.store.test_store_checkpoint import checkpoint
        from massage_coach.store.checkpoint import Held, path_for
        held = Held(path_for("run-1"))
        assert held.acquire() and held.save(checkpoint(saved_at=datetime.now())) is None
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], env=os.environ.copy(), timeout=60)
    assert done.returncode == -signal.SIGKILL


def _outcomes() -> dict[str, Outcome | None]:
    with History() as history:
        return {e.record.id: e.record.outcome for e in history.all()}


def test_a_killed_session_is_filed_by_the_next_one_and_resuming_completes_that_row(
    env: Environment,
) -> None:
    _killed_session()
    code, out, err = run("session", "--yes", *FAST, environment=env)
    assert code == 0, err
    assert "kept in the history as interrupted" in err
    outcomes = _outcomes()
    assert outcomes.pop("run-1") is Outcome.interrupted
    assert list(outcomes.values()) == [Outcome.finished]  # the new session, on its own
    code, out, err = run("session", "--resume", *RESUME, environment=env)
    assert code == 0 and "Resuming the session" in out, err
    assert _outcomes()["run-1"] is Outcome.finished and len(_outcomes()) == 2
    assert checkpoint_paths() == []


def test_a_save_blocked_by_a_locked_history_keeps_the_session_and_files_it_later(
    monkeypatch: pytest.MonkeyPatch, env: Environment
) -> None:
    from massage_coach.store import history as history_module

    monkeypatch.setattr(history_module, "BUSY_TIMEOUT_SECONDS", 0.05)
    path = paths.history_db()
    path.parent.mkdir(parents=True)
    other = sqlite3.connect(path, isolation_level=None)
    history_module.migrate(other)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the history
    try:
        code, _, err = run("session", "--yes", *FAST, environment=env)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 0
    assert (
        "This session could not be saved (the history is locked by another program); it is "
        "kept, and will be filed the next time the history can be written." in err
    )
    kept = load_checkpoint().value
    assert kept is not None and kept.record.outcome is Outcome.finished
    code, out, err = run("history")
    assert code == 0 and "could not be saved, is now in the history" in err
    assert "finished" in out and checkpoint_paths() == []
    assert list(_outcomes().values()) == [Outcome.finished]
    code, out, _ = run("session", "--resume", *RESUME, environment=env)
    assert code == 0 and "no unfinished session" in out  # never offered for resuming


def test_sigterm_while_the_save_waits_keeps_the_finished_session(
    monkeypatch: pytest.MonkeyPatch, env: Environment
) -> None:
    from massage_coach.session.keys import Terminated

    def killed_while_waiting(self: History, *args: object) -> bool:
        raise Terminated("SIGTERM")

    with monkeypatch.context() as patch:
        patch.setattr(History, "save", killed_while_waiting)
        code, _, _ = run("session", "--yes", *FAST, environment=env)
    assert code == 143
    code, _, err = run("history", "stats")
    assert code == 0 and "is now in the history" in err
    assert list(_outcomes().values()) == [Outcome.finished]


def test_a_file_size_limit_keeps_the_session_for_later() -> None:
    """A real file size limit (`ulimit -f`, RLIMIT_FSIZE) in a real session process: the
    checkpoint fits, the new history does not, so the save fails, says so in one line, and the
    session is filed once the limit is gone."""
    limit = 8192  # a checkpoint of a 5-minute plan is about 3 KB; a new history 24 KB

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(
        [sys.executable, "-m", "massage_coach", "session", "--yes", *FAST],
        env={**os.environ, "COLUMNS": "100"},
        preexec_fn=limited,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stderr.splitlines() if "could not be saved" in line]
    assert line.startswith("This session could not be saved (")
    assert line.endswith("it is kept, and will be filed the next time the history can be written.")
    assert "Traceback" not in done.stderr
    code, _, err = run("history")
    assert code == 0 and "is now in the history" in err
    assert list(_outcomes().values()) == [Outcome.finished] and checkpoint_paths() == []


def test_a_checkpoint_folder_that_cannot_be_written_is_said_and_the_session_still_saved(
    env: Environment,
) -> None:
    paths.data_dir().mkdir(parents=True)
    paths.checkpoints_dir().write_text("a file where the checkpoint folder should be")
    code, _, err = run("session", "--yes", *FAST, environment=env)
    assert code == 0
    assert (
        f"The session cannot be saved for resuming: {paths.checkpoints_dir()} cannot be written"
        in err
    )
    assert list(_outcomes().values()) == [Outcome.finished]
