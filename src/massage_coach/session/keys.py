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
import time
from collections import deque
from collections.abc import Iterable, Iterator
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .clock import FakeClock

try:
    import termios
    import tty
except ImportError:  # not a POSIX system (Windows): no single-key input
    termios = None  # type: ignore[assignment]
    tty = None  # type: ignore[assignment]

KEYS_AVAILABLE = termios is not None
"""Single keys without Enter need a POSIX terminal (termios). Where there is none, a session
prints its questions as reminders and counts down without keys; Ctrl-C still stops it."""

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

    # SIGHUP (the terminal closed) exists on POSIX systems only.
    signals = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    saved = {sig: signal.signal(sig, handler) for sig in signals}
    try:
        yield
    finally:
        for sig, previous in saved.items():
            signal.signal(sig, previous)


def _quit_as_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


class TerminalKeys:
    """Reads keys from a terminal file descriptor in cbreak mode; a context manager.

    Ctrl-Z (SIGTSTP) always gives the shell its terminal back in the mode it was found in before
    the process stops, and takes cbreak mode back once the shell continues it in the foreground
    (`fg`). With `watch_resize` (the live screen) two signals become keys instead of acting on
    the spot: a resize (SIGWINCH) is 'resize', and Ctrl-Z is 'suspend', so the session can pause
    and leave its screen first; then it calls `suspend()`.
    """

    def __init__(self, fd: int | None = None, watch_resize: bool = False) -> None:
        self.fd = sys.stdin.fileno() if fd is None else fd
        self._saved: list[Any] | None = None
        self._cbreak = False
        self._watch_resize = watch_resize
        self._resize_pipe: tuple[int, int] | None = None
        self._saved_handlers: dict[int, Any] = {}

    def __enter__(self) -> TerminalKeys:
        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        self._cbreak = True
        handlers: dict[int, Any] = {signal.SIGTSTP: self._on_stop}
        if self._watch_resize:
            # A signal must wake a waiting `get`, so the handler writes to a pipe it selects on.
            self._resize_pipe = os.pipe()
            for end in self._resize_pipe:
                os.set_blocking(end, False)
            handlers = {signal.SIGTSTP: self._on_signal, signal.SIGWINCH: self._on_signal}
        # Ctrl-\ (SIGQUIT) would end the process on the spot, leaving the terminal in cbreak
        # mode (and the live screen's alternate screen on, its cursor hidden): it stops the
        # way Ctrl-C does instead, through every `with` that restores the terminal.
        handlers[signal.SIGQUIT] = _quit_as_interrupt
        for sig, handler in handlers.items():
            self._saved_handlers[sig] = signal.signal(sig, handler)
        return self

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self._resize_pipe is not None:
            with contextlib.suppress(OSError):
                os.write(self._resize_pipe[1], b"z" if signum == signal.SIGTSTP else b"r")

    def _on_stop(self, signum: int, frame: FrameType | None) -> None:
        self.suspend()  # a question on the normal screen: nothing to pause or leave first

    def suspend(self) -> None:
        """Stop the process as Ctrl-Z asked, with the terminal in its own mode meanwhile, and
        take cbreak mode back once the shell continues it in the foreground (`fg`).

        Continued in the background (`bg`), the terminal is the shell's: it stops again until
        `fg`. Where nothing could continue it (a process group without a job-control shell) the
        system ignores the stop. A signal that ends the process while it is stopped (`kill %1`)
        leaves the terminal in the shell's mode and does not touch it again."""
        if self._cbreak and self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
            self._cbreak = False
        ours = signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        try:
            os.kill(os.getpid(), signal.SIGTSTP)  # the process stops here until SIGCONT
            while not self._in_foreground():
                os.kill(os.getpid(), signal.SIGTTOU)  # stopped again, until `fg`
                if not self._in_foreground():
                    time.sleep(0.2)  # the stop was ignored: wait for the terminal
        finally:
            signal.signal(signal.SIGTSTP, ours)
        self._drain()
        if self._saved is not None:
            # TCSADRAIN, not setcbreak's default flush: a key pressed just after `fg` answers the
            # question on the screen instead of vanishing (the flush would drop it).
            tty.setcbreak(self.fd, termios.TCSADRAIN)
            self._cbreak = True

    def _in_foreground(self) -> bool:
        try:
            return os.tcgetpgrp(self.fd) == os.getpgrp()
        except OSError:  # not our controlling terminal: there is no one else to wait for
            return True

    def _drain(self) -> None:
        """Forget a second Ctrl-Z pressed while the first was stopping the process."""
        if self._resize_pipe is not None:
            with contextlib.suppress(OSError):
                while os.read(self._resize_pipe[0], 64):
                    pass

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
            if self._cbreak:
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
                self._cbreak = False
            self._saved = None
        for sig, previous in self._saved_handlers.items():
            signal.signal(sig, previous if previous is not None else signal.SIG_DFL)
        self._saved_handlers = {}
        if self._resize_pipe is not None:
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
