"""Single keys from the terminal, without Enter, and a scripted source for tests.

`TerminalKeys` puts the terminal in cbreak mode (no echo, no line buffering) for as long as it
is open and always restores the saved mode on the way out, whatever the way out is.
"""

from __future__ import annotations

import os
import select
import sys
import termios
import tty
from collections import deque
from collections.abc import Iterable
from types import TracebackType
from typing import Any, Protocol

# Escape sequences for the arrow keys, as xterm-like terminals send them.
_ARROWS = {"\x1b[C": "right", "\x1b[D": "left", "\x1b[A": "up", "\x1b[B": "down"}
_ARROWS.update({"\x1bOC": "right", "\x1bOD": "left", "\x1bOA": "up", "\x1bOB": "down"})


class KeySource(Protocol):
    def get(self, timeout: float | None) -> str | None:
        """The next key (a character, or 'left'/'right'/...), or None after `timeout` seconds."""
        ...


class ScriptedKeys:
    """Keys given in advance; returns None (as a timeout would) when they run out."""

    def __init__(self, keys: Iterable[str | None]) -> None:
        self._keys: deque[str | None] = deque(keys)

    def get(self, timeout: float | None) -> str | None:
        return self._keys.popleft() if self._keys else None

    @property
    def remaining(self) -> int:
        return len(self._keys)


class TerminalKeys:
    """Reads keys from a terminal file descriptor in cbreak mode; a context manager."""

    def __init__(self, fd: int | None = None) -> None:
        self.fd = sys.stdin.fileno() if fd is None else fd
        self._saved: list[Any] | None = None

    def __enter__(self) -> TerminalKeys:
        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.restore()

    def restore(self) -> None:
        """Put back the terminal mode saved on entry (safe to call more than once)."""
        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
            self._saved = None

    def _ready(self, timeout: float | None) -> bool:
        readable, _, _ = select.select([self.fd], [], [], timeout)
        return bool(readable)

    def get(self, timeout: float | None) -> str | None:
        if not self._ready(timeout):
            return None
        data = os.read(self.fd, 1)
        if not data:
            raise EOFError("the terminal closed")
        key = data.decode("utf-8", "replace")
        if key != "\x1b":
            if key == "\x03":  # cbreak keeps ISIG, but be safe if a terminal sends it raw
                raise KeyboardInterrupt
            return key
        # An escape sequence arrives in one burst; a lone Escape does not.
        sequence = key
        while len(sequence) < 3 and self._ready(0.02):
            sequence += os.read(self.fd, 1).decode("utf-8", "replace")
        return _ARROWS.get(sequence, "escape")
