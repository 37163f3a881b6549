"""The session's collaborators in one object: the clock, keys, speech, history and the terminal.

The coach reaches the outside world only through an `Environment`: the CLI passes the real one
(the defaults), tests pass fakes (a fake clock, scripted keys, a recording speaker, a fixed wall
clock) instead of patching modules. Each default is built, and its module imported, only when
asked for: `checklist --print` and `profile add` import this module and use none of them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store.history import History
    from .clock import Clock
    from .cues import Speaker
    from .keys import KeySource


def _clock(speed: float) -> Clock:
    from .clock import MonotonicClock  # deferred: as the keys below

    return MonotonicClock(speed)


def _terminal_keys(watch_resize: bool = False) -> AbstractContextManager[KeySource]:
    from .keys import TerminalKeys  # deferred: 1 ms that `checklist --print` has no use for

    return TerminalKeys(watch_resize=watch_resize)


def _no_keys() -> KeySource:
    from .keys import NoKeys  # deferred: as the keys above

    return NoKeys()


def _speaker() -> Speaker | None:
    from .cues import find_speaker  # deferred: 2 ms, and only a spoken session needs it

    return find_speaker()


def _history() -> History:
    from ..store.history import History  # deferred: sqlite3 and filelock, 11 ms

    return History()


def person_at_terminal() -> bool:
    """A person can answer: stdin and stdout are both terminals. The one such check."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _keys_available() -> bool:
    from .keys import KEYS_AVAILABLE  # deferred: as the keys above

    return KEYS_AVAILABLE


def _terminal_size() -> tuple[int, int]:
    try:
        size = os.get_terminal_size(sys.stdout.fileno())
    except (OSError, ValueError):
        return (80, 24)
    return (size.columns, size.lines)


@dataclass
class Environment:
    """What a session talks to besides the console; every field can be replaced by a fake."""

    clock: Callable[[float], Clock] = field(default=_clock)
    """The session clock for a `--speed` factor."""
    terminal_keys: Callable[..., AbstractContextManager[KeySource]] = field(default=_terminal_keys)
    """Single keys from the terminal (cbreak mode while open); `watch_resize=True` for the live
    screen, which is redrawn when the window changes size."""
    no_keys: Callable[[], KeySource] = field(default=_no_keys)
    """Where nobody can press a key: waits that only time ends (Ctrl-C still stops them)."""
    speaker: Callable[[], Speaker | None] = field(default=_speaker)
    """The speech engine, or None when none is installed."""
    history: Callable[[], History] = field(default=_history)
    """The session history (a context manager)."""
    now: Callable[[], datetime] = field(default=datetime.now)
    """The local wall clock (for --until and the giver's workload)."""
    tty: Callable[[], bool] = field(default=person_at_terminal)
    """Are stdin and stdout terminals?"""
    keys_available: Callable[[], bool] = field(default=_keys_available)
    """Can single keys be read here (termios)?"""
    terminal_size: Callable[[], tuple[int, int]] = field(default=_terminal_size)
    """(columns, lines) of the terminal."""

    @classmethod
    def given(cls, obj: object) -> Environment:
        """The environment a command was handed as its context object (tests hand in fakes),
        else the real one."""
        return obj if isinstance(obj, Environment) else cls()

    def interactive(self) -> bool:
        """A person at a terminal whose keys can be read one at a time."""
        return self.tty() and self.keys_available()
