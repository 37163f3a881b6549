"""Session time: a monotonic clock (optionally sped up) and a fake one for tests.

The runner never sleeps: it reads `now()` and waits for a key with a timeout until its next
deadline. `real_seconds` turns a span of session time into the real time to wait, which is how
`--speed F` makes a session run F times faster without changing any deadline arithmetic.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Monotonic session seconds; only differences matter."""
        ...

    def real_seconds(self, seconds: float) -> float:
        """How long to wait in real time for `seconds` of session time to pass."""
        ...

    @property
    def speed(self) -> float:
        """Session seconds per real second."""
        ...


class MonotonicClock:
    """The real monotonic clock, running `speed` times faster than real time."""

    def __init__(self, speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._speed = speed
        self._origin = time.monotonic()

    @property
    def speed(self) -> float:
        return self._speed

    def now(self) -> float:
        return (time.monotonic() - self._origin) * self._speed

    def real_seconds(self, seconds: float) -> float:
        return max(seconds, 0.0) / self._speed

    def real_time(self, raw: float) -> float:
        """The time.monotonic() value at which `now()` read `raw`."""
        return self._origin + raw / self._speed


class FakeClock:
    """A clock that only moves when told to; a fake key source advances it while it "waits"."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    @property
    def speed(self) -> float:
        return 1.0

    def now(self) -> float:
        return self._now

    def real_seconds(self, seconds: float) -> float:
        return max(seconds, 0.0)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock never goes back")
        self._now += seconds

    def advance_to(self, moment: float) -> None:
        self._now = max(self._now, moment)
