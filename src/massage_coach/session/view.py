"""The live screen on the terminal, and a plain line-per-step view for piped output.

`LiveView` shows `render.live`'s screen on the alternate screen, rewriting only the lines that
changed and only when the runner asks (no timer of its own); `PlainView` prints one line per
step.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console
from rich.control import Control
from rich.segment import Segment
from rich.text import Text

from ..render.live import screen_lines
from ..render.words import plain_line

if TYPE_CHECKING:
    from ..frame import Frame
    from ..models import Library


class LiveView:
    """The live screen on the terminal's alternate screen; a context manager that always restores.

    Each draw rewrites only the lines that changed since the last one (usually the countdown
    digits and the progress line), in place: no clearing, so no flicker, and little CPU.
    """

    min_interval = 0.25  # at most four draws a second

    def __init__(
        self,
        console: Console,
        library: Library,
        size: Callable[[], tuple[int, int]] | None = None,
        now: Callable[[], datetime] = datetime.now,
        speed: float = 1.0,
        notices: Sequence[str] = (),
    ) -> None:
        self.console = console
        self.library = library
        self._now = now
        self._speed = speed
        self.notices = list(notices)
        self._terminal_size = size or (lambda: (self.console.width, self.console.height))
        self._drawn: list[tuple[object, ...]] = []
        self._size: tuple[int, int] | None = None

    def _live_screen(self, on: bool) -> None:
        """The alternate screen with the cursor hidden, or the normal screen and cursor."""
        self.console.set_alt_screen(on)
        self.console.show_cursor(not on)

    def __enter__(self) -> LiveView:
        self._live_screen(True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._live_screen(False)

    @contextlib.contextmanager
    def suspended(self) -> Iterator[None]:
        """The normal screen and cursor while the process is stopped (Ctrl-Z); then the live
        screen again, drawn from scratch (the shell wrote over the terminal meanwhile)."""
        self._live_screen(False)
        yield  # a signal that ends the session while stopped leaves the normal screen as it is
        self._live_screen(True)
        self._size, self._drawn = None, []

    def show(self, frame: Frame) -> None:
        size = self._terminal_size()
        if size != self._size:  # a resize: start from a clean screen
            self._size, self._drawn = size, []
            self.console.control(Control.clear(), Control.home())
        width, height = size
        finishes = None
        if not frame.finished:
            end = self._now() + timedelta(seconds=frame.remaining / self._speed)
            finishes = f"{end:%H:%M}"
        # A terminal whose encoding lacks block characters and arrows gets a screen drawn in
        # ASCII: one the output encoding replaced would be wider than the terminal and scroll.
        ascii = self.console.options.ascii_only
        lines = screen_lines(frame, self.library, width, height, finishes, self.notices, ascii)
        lines = lines[:height]
        lines += [Text("")] * (len(self._drawn) - len(lines))  # blank what is no longer there
        drawn: list[tuple[object, ...]] = []
        with self.console:  # one write for the whole draw, not one per line
            for row, line in enumerate(lines):
                key = (line.plain, tuple(line.spans), str(line.style))
                drawn.append(key)
                if row < len(self._drawn) and self._drawn[row] == key:
                    continue
                # Every line already fits: render its spans directly, skipping rich's wrapping.
                segments = Segment.adjust_line_length(list(line.render(self.console)), width)
                self.console.update_screen_lines([segments], 0, row)
        self._drawn = drawn


class PlainView:
    """Piped output: one plain line per step as it starts; nothing else, no escape codes."""

    min_interval = 0.0

    def __init__(self, write: Callable[[str], None], library: Library) -> None:
        self._write = write
        self.library = library
        self._last_entry: int | None = None

    def show(self, frame: Frame) -> None:
        if frame.finished or frame.entry == self._last_entry:
            return
        self._last_entry = frame.entry
        self._write(plain_line(frame, self.library))
