"""The live screen on a terminal: redrawn line by line on the alternate screen, woken by Ctrl-Z
and a resize."""

from __future__ import annotations

import os
import pty
import signal

import pytest
from rich.console import Console

from massage_coach.library import load_library
from massage_coach.models import Library
from massage_coach.session.keys import TerminalKeys

from ..conftest import FIXTURES
from .test_runner import READY, Session, paused_and_asked_to_quit


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(FIXTURES / "good")


@pytest.fixture(scope="module")
def session() -> Session:
    return paused_and_asked_to_quit()


def test_ctrl_z_wakes_a_waiting_key_read_as_suspend_and_its_handler_is_put_back() -> None:
    leader, follower = pty.openpty()
    before = signal.getsignal(signal.SIGTSTP)
    try:
        with TerminalKeys(follower, watch_resize=True) as keys:
            signal.raise_signal(signal.SIGTSTP)  # handled: it does not stop the tests
            assert keys.get(1.0) == "suspend"
            assert keys.get(0.01) is None
        assert signal.getsignal(signal.SIGTSTP) == before
    finally:
        os.close(leader)
        os.close(follower)


def test_a_resize_wakes_a_waiting_key_read() -> None:
    leader, follower = pty.openpty()
    try:
        with TerminalKeys(follower, watch_resize=True) as keys:
            signal.raise_signal(signal.SIGWINCH)
            assert keys.get(1.0) == "resize"
            os.write(leader, b"n")
            assert keys.get(1.0) == "n"
            assert keys.get(0.01) is None
    finally:
        os.close(leader)
        os.close(follower)


def test_the_live_view_redraws_only_changed_lines_and_restores_the_screen(
    session: Session, library: Library
) -> None:
    import io

    from massage_coach.session.view import LiveView

    out = io.StringIO()
    console = Console(file=out, width=80, height=24, force_terminal=True, color_system="256")
    with LiveView(console, library) as view:
        view.show(session.view.at(READY + 50))
        first = len(out.getvalue())
        view.show(session.view.at(READY + 51))  # one second later: digits and progress change
        second = len(out.getvalue()) - first
        view.show(session.view.at(READY + 51))  # nothing changed: nothing written
        third = len(out.getvalue()) - first - second
    text = out.getvalue()
    assert text.startswith("\x1b[?1049h")  # the alternate screen: the shell's screen is kept
    assert "\x1b[2J" in text[:first] and "\x1b[2J" not in text[first:]  # cleared once, no flicker
    assert 0 < second < first / 2 and third == 0
    assert text.endswith("\x1b[?1049l\x1b[?25h")  # back to the shell's screen, cursor shown


@pytest.mark.parametrize(("width", "height"), [(80, 24), (60, 15), (50, 12), (120, 40)])
def test_a_terminal_that_cannot_show_blocks_or_arrows_gets_every_line_in_ascii_at_its_width(
    session: Session, library: Library, width: int, height: int
) -> None:
    # A character the encoding had to replace ("→" as "->") made a full line one cell too wide:
    # the terminal wrapped it, scrolled, and the screen lost its top lines.
    import io
    import re

    from massage_coach.session.view import LiveView

    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii", write_through=True)  # strict: no replacing
    console = Console(file=out, width=width, height=height, force_terminal=True)
    with LiveView(console, library) as view:
        for at in (1, READY + 50, READY + 110, READY + 155, READY + 845 + 43):
            view.show(session.view.at(at))
    drawn = re.sub(r"\x1b\[[0-9;]*m", "", raw.getvalue().decode("ascii"))
    lines = re.findall(r"\x1b\[(\d+);1H([^\x1b]*)", drawn)
    assert lines and all(1 <= int(row) <= height for row, _ in lines)
    assert all(len(text) == width for _, text in lines)
    assert any("n/-> next  b/<- back" in text or "n next" in text for _, text in lines)
