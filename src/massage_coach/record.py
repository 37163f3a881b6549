"""What a session leaves behind: the record the runner returns and the history stores.

Shared by the runner (which fills it), the history store (which saves it) and the workload
figure (which weighs its `work` by stroke and pressure).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from .kinds.base import Pressure

FIRST_MINUTE = 60
"""A session ended before this many seconds does not count towards the giver's workload."""


class Outcome(StrEnum):
    """How a session ended."""

    finished = "finished"
    quit = "quit"  # `q`, confirmed
    stop_signal = "stop-signal"  # `!`: pain, numbness, dizziness
    interrupted = "interrupted"  # Ctrl-C, a broken pipe; or found as a leftover checkpoint
    terminated = "terminated"  # SIGTERM, closed terminal
    crashed = "crashed"  # how earlier releases recorded a leftover checkpoint (read only)


class PressureChange(BaseModel):
    """The pressure moved one level at `at` seconds into the session."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: int = Field(ge=0)
    before: Pressure
    after: Pressure
    reason: str  # "firmer", "softer", "check-in", "screening", "resumed"


class Work(BaseModel):
    """Seconds actually spent on one stroke step (tool steps have a tool and no stroke)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str  # a StepKind value
    stroke: str | None = None
    tool: str | None = None
    area: str | None = None
    side: str | None = None
    pressure: Pressure | None = None
    seconds: int = Field(ge=0)


class SessionRecord(BaseModel):
    """One session, finished or not. `id` lets a resumed session complete its record."""

    model_config = ConfigDict(extra="forbid")

    id: str
    started_at: datetime
    ended_at: datetime | None = None
    profile: str | None = None
    planned_minutes: int
    actual_seconds: int = 0
    outcome: Outcome | None = None
    pressure: Pressure
    pressure_changes: list[PressureChange] = Field(default=[])
    work: list[Work] = Field(default=[])
    skipped_steps: list[int] = Field(default=[], description="Plan step indexes.")
    extended_steps: list[int] = Field(default=[], description="Plan step indexes.")
    rating: int | None = Field(default=None, ge=1, le=5)
    note: str | None = None
    oils: list[str] = Field(
        default=[],
        description="Oils applied (their step was reached): an oil not in a profile's "
        "history is a first-time oil for that person.",
    )
    practice: bool = Field(
        default=False,
        description="Run at a --speed other than 1: a walk-through, not a massage; it never "
        "counts in minutes, stats or the giver's workload.",
    )

    @property
    def counts_as_work(self) -> bool:
        """Whether the hands did real work: not practice, not quit in its first minute."""
        return not self.practice and self.actual_seconds >= FIRST_MINUTE

    def seconds_by_area(self) -> dict[str, int]:
        """Hands-on seconds per area, in order of first appearance."""
        totals: dict[str, int] = {}
        for item in self.work:
            if item.area is not None:
                totals[item.area] = totals.get(item.area, 0) + item.seconds
        return totals
