"""A closed output ends nothing silently: broken pipes, full disks, closed streams, ASCII.

Real processes with real pipes, /dev/full and closed file descriptors.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from massage_coach.record import Outcome
from massage_coach.store.history import History

from ..clirunner import run

pytestmark = pytest.mark.usefixtures("home")

SESSION = ("session", "--yes", "--minutes", "5", "--cues", "silent")


def coach(
    *args: str,
    stdout: int | object = subprocess.PIPE,
    before: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "massage_coach", *args],
        env={**os.environ, **(env or {})},
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        preexec_fn=before,
        text=True,
        timeout=60,
        check=False,
    )


def _outcomes() -> list[Outcome | None]:
    with History() as history:
        return [e.record.outcome for e in history.all()]


def all_clear(folder: Path) -> Path:
    """An answers file: no to every safety question, yes to consent and the patch test."""
    from massage_coach.answers import GATES
    from massage_coach.library import bundled_library

    safety = bundled_library().checklists["safety"]
    path = folder / "answers.yaml"
    lines = [f"{item.id}: no" for item in safety.items] + [f"{gate}: yes" for gate in GATES]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_broken_pipe_records_the_session_as_interrupted_and_exits_quietly(
    tmp_path: Path,
) -> None:
    """`session | head -1`: the reader goes away while the session runs (answered beforehand,
    so nothing but the steps comes after the first line)."""
    answers = ("--answers", str(all_clear(tmp_path)))
    process = subprocess.Popen(
        [sys.executable, "-m", "massage_coach", *SESSION, *answers, "--speed", "20"],
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.count(" | ") == 3:  # the first step has started
            break
    process.stdout.close()  # as `head` does; the other steps are still to come
    _, err = process.communicate(timeout=60)
    assert process.returncode == 141
    assert not any(word in err for word in ("Traceback", "Broken pipe", "Exception", "Stopped"))
    assert _outcomes() == [Outcome.interrupted]


def test_output_to_a_full_disk_is_one_line_and_an_exit_code() -> None:
    with open("/dev/full", "w") as full:
        done = coach(*SESSION, "--speed", "1000", stdout=full)
    assert done.returncode == 74
    assert done.stderr == (
        "massage-coach: the output could not be written (No space left on device).\n"
    )


def test_a_closed_stdout_is_one_line_and_exit_2() -> None:
    done = coach(*SESSION, "--speed", "1000", before=lambda: os.close(1))
    assert done.returncode == 2
    assert done.stderr == "massage-coach: standard output is closed, so nothing can be shown.\n"
    assert _outcomes() == []


def test_a_closed_stdin_reads_as_empty_and_the_session_is_saved() -> None:
    done = coach(*SESSION, "--speed", "1000", before=lambda: os.close(0))
    assert done.returncode == 0, done.stderr
    assert "standard input is closed; reading no answers." in done.stderr
    assert "Traceback" not in done.stderr
    assert _outcomes() == [Outcome.finished]


def test_a_trace_file_that_cannot_be_written_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MASSAGE_COACH_TRACE", str(tmp_path / "no-such-folder" / "trace.txt"))
    code, _, err = run(*SESSION, "--speed", "1000")
    assert code == 2
    assert err.strip().endswith("cannot write the trace there (No such file or directory).")
    assert _outcomes() == []


@pytest.mark.parametrize("args", [("plan", "--minutes", "20"), (*SESSION, "--speed", "1000")])
def test_an_ascii_only_output_falls_back_to_ascii_and_runs(args: tuple[str, ...]) -> None:
    done = coach(*args, env={"PYTHONIOENCODING": "ascii", "FORCE_COLOR": "1", "COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii() and "Traceback" not in done.stderr
    assert "+--" in done.stdout or "-" in done.stdout


def test_output_lost_in_the_middle_of_a_session_still_saves_it() -> None:
    """The disk behind stdout fills up while the steps are printed: the session stops as
    interrupted, is saved, and the error reaches the CLI (one line there, exit 74)."""
    import errno
    import io

    from rich.console import Console

    from massage_coach import planner
    from massage_coach.cli.checklist import ask_checklist, print_outcome
    from massage_coach.library import bundled_library
    from massage_coach.routine import Choices
    from massage_coach.session import coach

    from ..fakes import FakeEnvironment

    printed: list[str] = []

    def print_line(line: str) -> None:
        if len(printed) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        printed.append(line)

    out = Console(file=io.StringIO(), force_terminal=False, width=100)
    terminal = coach.Terminal(
        console=out, ask=False, show=out.print, warn=lambda notices: None,
        ask_checklist=ask_checklist, print_outcome=print_outcome,
        ask_rating=lambda: (None, None), print_line=print_line, bell=lambda: None,
    )  # fmt: skip
    library = bundled_library()
    choices = Choices(minutes=5)
    settings = coach.Settings(cues="silent", speed=1)
    with pytest.raises(OSError, match="No space left"):
        coach.start(planner.plan(choices, library), choices, library, settings, terminal,
                    yes=True, env=FakeEnvironment())  # fmt: skip
    assert len(printed) == 3
    assert _outcomes() == [Outcome.interrupted]
