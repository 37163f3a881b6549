"""What a session shows and asks through (`Terminal`), and how its live part runs
(`Settings`): shared by every part of the session, built by the CLI or by tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.console import Console, RenderableType

from ..answers import Answer
from ..models import Checklist
from .keys import KeySource


@dataclass
class Terminal:
    """What the session shows and asks through; the CLI builds the real one."""

    console: Console
    """Where everything is shown; what is printed on it adapts to it (plain when piped)."""
    ask: bool
    """A person can answer one-key questions (stdin and stdout are terminals, keys readable)."""
    show: Callable[[RenderableType], None]
    warn: Callable[[list[str]], None]
    ask_checklist: Callable[[Checklist, KeySource], dict[str, Answer]]
    print_outcome: Callable[[Checklist, dict[str, Answer]], None]
    ask_rating: Callable[[], tuple[int | None, str | None]]
    print_line: Callable[[str], None]
    bell: Callable[[], None]
    ask_lines: bool = False
    """A person can type a line and Enter (the rating), even where single keys cannot be read."""
    notices: list[str] = field(default_factory=list)
    """What changed the session before it began (shortened, adjusted for the answers), shown
    again on the live screen during the count-in: the questions may have scrolled it away."""

    @property
    def live(self) -> bool:
        """A full-screen countdown, and keys read while it runs (only where it can be seen: a
        terminal that is not a dumb one; elsewhere one plain line per step)."""
        return self.console.is_terminal and not self.console.is_dumb_terminal


@dataclass(frozen=True)
class Settings:
    """How the live part runs: the cue style, speech, and the clock's speed."""

    cues: str = "soft"
    voice: bool = True
    speed: float = 1.0
    countdown: bool = True
    """A 3-2-1 before each change (off in `silent` whatever this says)."""
