"""The real `massage-coach session` in a pseudo-terminal: keys work and the terminal comes back.

A 5-minute session at --speed 20 (15 s real at most); every test quits or stops it early, so
each takes a second or two (a count-in lasts a real second). The shell runs `stty -a` after
the command exits, in the same terminal, to show the mode the command left behind.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

SCRIPT = Path(sys.executable).with_name("massage-coach")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "massage_coach"]
ARGS = ["session", "--yes", "--minutes", "5", "--speed", "20", "--cues", "silent"]
TIMEOUT = 20
RUNNING = r"(?!0:00)\d+:\d\d done"  # elapsed time past zero: the count-in is over


def running_header(step: int) -> str:
    """The header line of step `step` while its clock runs, whatever the styling codes."""
    codes = r"(?:\x1b\[[\d;]*m)*"
    level = rf"{codes}\w+{codes}(?: {codes}\(session \w+\){codes})?"
    return rf"Step {step} of \d+ {codes}\s+pressure {level} *(?:\r|\x1b\[\d+;\d+H)"


def spawn(args: list[str] = ARGS) -> pexpect.spawn:
    # The trap keeps the shell alive through Ctrl-C and Ctrl-\ (a handled signal is reset in
    # the child).
    line = "trap true INT QUIT; " + shlex.join(COMMAND + args) + "; echo EXIT=$?; stty -a"
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env.pop("NO_COLOR", None)
    return pexpect.spawn(
        "sh", ["-c", line], dimensions=(24, 80), env=env, encoding="utf-8", timeout=TIMEOUT
    )


def terminal_mode_after(child: pexpect.spawn) -> tuple[int, str]:
    """The command's exit code and the `stty -a` output that followed it."""
    child.expect(r"EXIT=(\d+)")
    code = int(child.match.group(1))
    child.expect(pexpect.EOF)
    return code, child.before


def assert_canonical_with_echo(stty: str) -> None:
    words = set(re.split(r"[\s;]+", stty))
    assert "icanon" in words and "-icanon" not in words
    assert "echo" in words and "-echo" not in words


def command_pid(shell_pid: int) -> int:
    """The pid of the command the shell is running (its only child)."""
    listing = subprocess.run(
        ["ps", "-A", "-o", "pid=,ppid="], capture_output=True, text=True, check=True
    ).stdout
    children = [
        int(pid)
        for pid, ppid in (row.split() for row in listing.splitlines())
        if int(ppid) == shell_pid
    ]
    assert len(children) == 1, children
    return children[0]


def test_session_in_a_terminal_pauses_skips_quits_and_restores_the_terminal() -> None:
    child = spawn()
    child.expect("GET READY")  # the count-in lasts a second even at this speed
    child.expect("GLIDING")  # the first step, in everyday words
    child.expect(RUNNING)  # its clock has started
    child.send(" ")
    child.expect(r"Step (\d+) of \d+ [^\n]*PAUSED")
    paused_at = int(child.match.group(1))
    child.send(" ")
    child.expect(running_header(paused_at))  # resumed: the header says neither PAUSED nor READY
    child.send("n")
    child.expect(f"Step {paused_at + 1} of")
    child.send("q")
    child.expect("Quit the session")
    child.send("y")
    child.expect("Ended early")
    child.expect(f"Skipped: {paused_at}\\. ")  # the summary names the skipped step
    child.expect("How was it, 1-5")  # an optional rating for the history
    child.sendline("")
    code, stty = terminal_mode_after(child)
    assert code == 0
    assert_canonical_with_echo(stty)


def test_sigterm_ends_the_session_and_restores_the_terminal() -> None:
    child = spawn()
    child.expect(RUNNING)
    os.kill(command_pid(child.pid), signal.SIGTERM)
    code, stty = terminal_mode_after(child)
    assert code == 143
    assert_canonical_with_echo(stty)


def test_ctrl_c_stops_cleanly_with_a_summary() -> None:
    child = spawn()
    child.expect(RUNNING)
    child.sendintr()
    child.expect("Interrupted")
    code, stty = terminal_mode_after(child)
    assert code == 130
    assert_canonical_with_echo(stty)
    assert "Traceback" not in stty


def test_ctrl_c_during_the_screening_exits_130_and_restores_the_terminal() -> None:
    child = spawn([a for a in ARGS if a != "--yes"])
    child.expect("1/")  # the first safety question waits for a key
    child.send("n")
    child.expect("2/")
    child.sendintr()
    child.expect("Stopped before the massage began")
    assert "Traceback" not in child.before
    code, stty = terminal_mode_after(child)
    assert code == 130
    assert_canonical_with_echo(stty)
    assert "Traceback" not in stty


def test_ctrl_c_during_the_count_in_exits_130_and_restores_the_terminal() -> None:
    child = spawn()
    child.expect("GET READY")  # the count-in lasts a real second at least
    child.sendintr()
    child.expect("Interrupted: 0:00")
    code, stty = terminal_mode_after(child)
    assert code == 130
    assert_canonical_with_echo(stty)
    assert "Traceback" not in stty


def test_ctrl_z_gives_the_shell_its_terminal_and_fg_comes_back_paused() -> None:
    shell = interactive_shell()
    shell.sendline(shlex.join(COMMAND + ARGS))
    shell.expect("GLIDING")
    shell.expect(RUNNING)
    shell.send("\x1a")  # Ctrl-Z
    shell.expect(r"\x1b\[\?1049l")  # the live screen left the alternate screen first
    shell.expect("Stopped")
    shell.sendline("stty -a; echo STTY-$((20 + 6))")
    shell.expect("STTY-26")
    assert_canonical_with_echo(shell.before)  # the shell got a sane terminal back
    shell.sendline("fg")
    shell.expect("PAUSED")
    shell.expect("space to go on")
    shell.send("q")
    shell.expect("Quit the session")
    shell.send("y")
    shell.expect("How was it, 1-5")
    shell.sendline("")
    shell.sendline("echo EXIT=$?; stty -a")
    shell.expect(r"EXIT=(\d+)")
    assert shell.match.group(1) == "0"
    shell.expect(r"\$ ")
    assert_canonical_with_echo(shell.before)
    shell.sendline("exit")
    shell.expect(pexpect.EOF)


def interactive_shell() -> pexpect.spawn:
    """An interactive bash in the pseudo-terminal, for real job control (Ctrl-Z, fg, kill %1)."""
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24", "PS1": "$ "}
    env.pop("NO_COLOR", None)
    return pexpect.spawn(
        "bash",
        ["--norc", "--noprofile", "-i"],
        dimensions=(24, 80),
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
    )


def test_ctrl_z_during_the_screening_and_fg_take_single_keys_again() -> None:
    shell = interactive_shell()
    shell.sendline(shlex.join(COMMAND + [a for a in ARGS if a != "--yes"]))
    shell.expect("1/")
    shell.send("\x1a")  # Ctrl-Z while a safety question waits
    shell.expect("Stopped")
    shell.sendline("stty -a; echo STTY-$((20 + 6))")
    shell.expect("STTY-26")
    assert_canonical_with_echo(shell.before)
    shell.sendline("fg")
    shell.send("n")  # no Enter: cbreak mode is back
    shell.expect("2/")
    shell.sendintr()
    shell.expect("Stopped before the massage began")
    shell.sendline("exit")
    shell.expect(pexpect.EOF)


def test_a_session_killed_while_stopped_ends_and_leaves_the_shell_its_terminal() -> None:
    shell = interactive_shell()
    shell.sendline(shlex.join(COMMAND + ARGS))
    shell.expect("GET READY")  # stopped during the count-in: no need to wait for the clock
    shell.send("\x1a")
    shell.expect("Stopped")
    # Wait for the process itself to be gone (bash reaps it), not for a fixed time.
    shell.sendline("p=$(jobs -p %1); kill %1; while kill -0 $p 2>/dev/null; do :; done")
    shell.sendline("jobs; stty -a; echo JOBS-$((20 + 6))")
    shell.expect("JOBS-26")
    # Ended by SIGTERM as it asked (143), not stopped again on the way out by touching the
    # terminal from the background; the shell has its own terminal mode.
    assert "Exit 143" in shell.before and "Stopped" not in shell.before
    assert_canonical_with_echo(shell.before)
    shell.sendline("exit")
    shell.expect(pexpect.EOF)


def test_ctrl_backslash_stops_like_ctrl_c_and_gives_the_terminal_back() -> None:
    """SIGQUIT from the keyboard would end the process with the alternate screen on, the
    cursor hidden and no history row: it is handled like Ctrl-C."""
    from massage_coach.store.history import History

    child = spawn()
    child.expect(RUNNING)
    child.sendcontrol("\\")
    child.expect("Interrupted")
    code, stty = terminal_mode_after(child)
    assert code == 130
    assert_canonical_with_echo(stty)
    assert "Traceback" not in stty
    with History() as history:
        [entry] = history.all()
    assert entry.record.outcome is not None and entry.record.outcome.value == "interrupted"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_a_checklist_restores_the_terminal(sig: signal.Signals) -> None:
    child = spawn(["checklist", "prep"])
    child.expect("1/")  # the first item waits for a key, in cbreak mode
    os.kill(command_pid(child.pid), sig)
    code, stty = terminal_mode_after(child)
    assert code == 143
    assert_canonical_with_echo(stty)
