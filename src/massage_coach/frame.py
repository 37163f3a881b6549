"""What the live screen shows at one moment: the runner makes a `Frame`, `render.live` draws it."""

from __future__ import annotations

from dataclasses import dataclass

from .kinds.base import Pressure
from .record import Outcome
from .routine import Step


@dataclass(frozen=True)
class Frame:
    """Everything the screen shows at one moment; the view is redrawn when this changes."""

    index: int
    count: int
    entry: int  # counts step starts, so a restarted step is a new one
    step: Step
    next_step: Step | None
    step_left: int  # whole seconds left in the step (rounded up)
    elapsed: int
    remaining: int
    pressure: Pressure  # the session's level (an area may cap a step lower)
    paused: bool = False
    get_ready: int | None = None  # 3, 2, 1 while counting in
    confirm_quit: bool = False
    message: str | None = None
    answer: str | None = None  # a check-in's answer
    flash: bool = False
    switch_side: bool = False  # this step works the other side from the area's last one
    soon: bool = False  # the last seconds of a step: the next one is coming
    finished: bool = False
    outcome: Outcome | None = None

    @property
    def total(self) -> int:
        return self.elapsed + self.remaining

    @property
    def step_started(self) -> int:
        """Session seconds at which the shown step began."""
        return self.elapsed - (self.step.seconds - self.step_left)
