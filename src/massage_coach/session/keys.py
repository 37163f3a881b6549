"""Single keys from the terminal, without Enter, and a scripted source for tests.

`TerminalKeys` puts the terminal in cbreak mode (no echo, no line buffering) for as long as it
is open and always restores the saved mode on the way out, whatever the way out is.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import termios
import time
import tty
from collections import deque
from collections.abc import Iterable, Iterator
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .clock import FakeClock

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


class TimedKeys:
    """Keys pressed at given moments of a `FakeClock`; waiting for a key advances that clock.

    `get(timeout)` returns the next key if it comes within `timeout` (moving the clock to it),
    else moves the clock by `timeout` and returns None. With no keys left and no timeout it
    raises EOFError, as a closed terminal would, so a test can never hang.
    """

    def __init__(self, clock: FakeClock, presses: Iterable[tuple[float, str]]) -> None:
        self.clock = clock
        self._presses: deque[tuple[float, str]] = deque(sorted(presses, key=lambda p: p[0]))

    def get(self, timeout: float | None) -> str | None:
        now = self.clock.now()
        if self._presses:
            at, key = self._presses[0]
            if timeout is None or at <= now + timeout:
                self._presses.popleft()
                self.clock.advance_to(at)
                return key
        if timeout is None:
            raise EOFError("no more keys")
        self.clock.advance(timeout)
        return None

    @property
    def remaining(self) -> int:
        return len(self._presses)


class NoKeys:
    """No keyboard (stdin is not a terminal): every wait simply runs out."""

    def get(self, timeout: float | None) -> str | None:
        if timeout is None:
            raise EOFError("no keyboard")
        time.sleep(timeout)
        return None


class Terminated(Exception):
    """SIGTERM or SIGHUP arrived: unwind through every `with` so the terminal is restored."""


@contextlib.contextmanager
def terminate_as_exception() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise `Terminated` instead of killing the process."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Terminated(signal.Signals(signum).name)

    saved = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, previous in saved.items():
            signal.signal(sig, previous)


class TerminalKeys:
    """Reads keys from a terminal file descriptor in cbreak mode; a context manager.

    With `watch_resize` (the live screen) two signals become keys too: a resize (SIGWINCH) is
    'resize', and Ctrl-Z (SIGTSTP) is 'suspend' instead of stopping the process on the spot, so
    the session can pause and put the terminal back first; then it calls `suspend()`.
    """

    def __init__(self, fd: int | None = None, watch_resize: bool = False) -> None:
        self.fd = sys.stdin.fileno() if fd is None else fd
        self._saved: list[Any] | None = None
        self._watch_resize = watch_resize
        self._resize_pipe: tuple[int, int] | None = None
        self._saved_handlers: dict[int, Any] = {}

    def __enter__(self) -> TerminalKeys:
        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        if self._watch_resize:
            # A signal must wake a waiting `get`, so the handler writes to a pipe it selects on.
            self._resize_pipe = os.pipe()
            os.set_blocking(self._resize_pipe[1], False)
            for sig in (signal.SIGWINCH, signal.SIGTSTP):
                self._saved_handlers[sig] = signal.signal(sig, self._on_signal)
        return self

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self._resize_pipe is not None:
            with contextlib.suppress(OSError):
                os.write(self._resize_pipe[1], b"z" if signum == signal.SIGTSTP else b"r")

    def suspend(self) -> None:
        """Stop the process as Ctrl-Z asked, with the terminal in its own mode meanwhile, and
        take cbreak mode back once the shell continues it (`fg`). Where nothing could continue
        it (a process group without a job-control shell), the system ignores the stop."""
        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
        ours = signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        try:
            os.kill(os.getpid(), signal.SIGTSTP)  # the process stops here until SIGCONT
        finally:
            signal.signal(signal.SIGTSTP, ours)
            if self._saved is not None:
                tty.setcbreak(self.fd)

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
        if self._resize_pipe is not None:
            for sig, previous in self._saved_handlers.items():
                signal.signal(sig, previous if previous is not None else signal.SIG_DFL)
            self._saved_handlers = {}
            for end in self._resize_pipe:
                os.close(end)
            self._resize_pipe = None

    def _ready(self, timeout: float | None) -> bool:
        readable, _, _ = select.select([self.fd], [], [], timeout)
        return bool(readable)

    def get(self, timeout: float | None) -> str | None:
        """The next key; 'resize' when the terminal changed size and 'suspend' for Ctrl-Z (if
        watched)."""
        if self._resize_pipe is not None:
            readable, _, _ = select.select([self.fd, self._resize_pipe[0]], [], [], timeout)
            if not readable:
                return None
            if self._resize_pipe[0] in readable:
                return "suspend" if b"z" in os.read(self._resize_pipe[0], 64) else "resize"
        elif not self._ready(timeout):
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
