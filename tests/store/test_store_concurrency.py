"""Several massage-coach processes at once: no session, key or field is lost.

Real processes, started together behind a barrier (a file they wait for), bounded in number and
time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("home")

TIMEOUT = 60


def run_together(scripts: Sequence[str], tmp_path: Path) -> list[subprocess.CompletedProcess[str]]:
    """Start one Python process per script; each waits for a shared go signal, then runs."""
    go = tmp_path / "go"
    prelude = textwrap.dedent(
        f"""
        import os, time
        deadline = time.monotonic() + {TIMEOUT}
        while not os.path.exists({str(go)!r}) and time.monotonic() < deadline:
            time.sleep(0.005)
        """
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", prelude + textwrap.dedent(script)],
            env=os.environ.copy(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for script in scripts
    ]
    time.sleep(0.3)  # let them start and reach the barrier (bounded; not a timing assertion)
    go.touch()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=TIMEOUT)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


SAVE_ONE = """
from datetime import datetime
from massage_coach.kinds.base import Pressure
from massage_coach.record import Outcome, SessionRecord
from massage_coach.store.history import History

record = SessionRecord(id={id!r}, started_at=datetime(2026, 3, 2, 19, 0), planned_minutes=5,
                       actual_seconds=300, outcome=Outcome.finished, pressure=Pressure.light)
with History() as history:
    assert history.save(record), history.problem
"""


def test_sixteen_sessions_finishing_at_once_on_a_fresh_install_are_all_saved(
    tmp_path: Path,
) -> None:
    from massage_coach.store.history import History

    ids = [f"s{n}" for n in range(16)]
    results = run_together([SAVE_ONE.format(id=i) for i in ids], tmp_path)
    assert [r.returncode for r in results] == [0] * 16, [r.stderr for r in results]
    with History() as history:
        assert sorted(e.record.id for e in history.all()) == sorted(ids)


def _cli(*args: str) -> str:
    """A script that runs `massage-coach ARGS` and fails on a non-zero exit."""
    return f"""
import sys
from massage_coach.cli import main
sys.argv = ["massage-coach", *{list(args)!r}]
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
"""


def test_six_config_sets_at_once_keep_every_key(tmp_path: Path) -> None:
    from massage_coach.store.config import load_config

    settings = {
        "minutes": "25",
        "pressure": "light",
        "cues": "silent",
        "voice": "no",
        "giver_break_seconds": "45",
        "rest_between_sessions_minutes": "40",
    }
    results = run_together([_cli("config", "set", k, v) for k, v in settings.items()], tmp_path)
    assert [r.returncode for r in results] == [0] * 6, [r.stderr for r in results]
    config = load_config(env={}).value
    assert (config.minutes, config.pressure.value, config.cues, config.voice) == (
        25,
        "light",
        "silent",
        False,
    )
    assert (config.giver_break_seconds, config.rest_between_sessions_minutes) == (45, 40)


def test_two_profile_edits_at_once_keep_both_fields(tmp_path: Path) -> None:
    from massage_coach.store.profiles import load_profile
    from tests.clirunner import run

    assert run("profile", "add", "Anna")[0] == 0
    edits = [_cli("profile", "edit", "Anna", "--pressure", "light"),
             _cli("profile", "edit", "Anna", "--notes", "Likes the shoulders.")]  # fmt: skip
    results = run_together(edits, tmp_path)
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    anna = load_profile("anna")
    assert anna.pressure is not None and anna.pressure.value == "light"
    assert anna.notes == "Likes the shoulders."
