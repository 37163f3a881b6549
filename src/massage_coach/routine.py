"""The values that flow between the CLI, the planner and the session: Choices in, Plan out.

Kept apart from the planner so the session runner and renderers depend on the shape of a plan,
not on how it is made. The JSON form of `Plan` is a documented contract (see README).
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import UsageError
from .kinds.base import Pressure

if TYPE_CHECKING:
    from datetime import datetime

MIN_MINUTES = 5
MAX_MINUTES = 90
MIN_STROKE_SECONDS = 30


class StepKind(StrEnum):
    prep = "prep"
    stroke = "stroke"
    check_in = "check-in"
    break_ = "break"
    aftercare = "aftercare"


Side = Literal["left", "right"]


class Choices(BaseModel):
    """What the giver asked for, plus limits from the safety screening. Validated by the CLI."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pressure: Pressure = Pressure.medium
    focus: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    minutes: int = Field(default=20, ge=MIN_MINUTES, le=MAX_MINUTES)
    oil: str | None = None
    tools: tuple[str, ...] = ()
    heat: bool = False
    seed: int | None = None
    routine: str | None = None
    """A named routine (content) whose areas, shares, order and left-out strokes shape the plan.
    Its defaults (minutes, pressure, focus, tools, heat) are merged in before, by the CLI."""
    # Limits a screening answer may impose; the planner treats them as hard rules.
    max_pressure: Pressure = Pressure.firm
    no_percussion: bool = False
    no_heat: bool = False
    no_essential_oils: bool = False
    no_tools: bool = False
    no_point_tools: bool = False
    """No massage balls or massager: they press on a small spot (never at light pressure)."""
    no_nut_carriers: bool = False
    avoid_oils_for: tuple[str, ...] = ()
    """Conditions (`seizures`) whose oils are kept out: an oil's `avoid_if` names them."""
    no_first_time_oil: bool = False
    """No oil the recipient has not used before (no passed patch test, or nobody answered)."""
    gentle_dilution: bool = False
    """Essential oils at their gentle dilution (1 %): frail or older recipients."""
    side_lying: bool = False
    """Given side-lying with pillows instead of face down (pregnancy)."""
    carrier: str | None = None
    """The carrier oil an essential-oil blend is mixed in (named in the oil step)."""
    used_oils: tuple[str, ...] | None = None
    """Oils the recipient has used before (their profile's history); None without a profile,
    when every essential oil counts as first-time."""
    giver_break_every_minutes: int = Field(default=20, ge=5, le=60)
    giver_break_seconds: int = Field(default=30, ge=30, le=300)


class Step(BaseModel):
    """One timed step of a routine. `start` is seconds from the beginning of the session."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0)
    seconds: int = Field(gt=0)
    kind: StepKind
    stroke: str | None = None
    area: str | None = None
    side: Side | None = None
    bilateral: bool = False
    """Both sides at once (`side` is then None): a glide up both sides of the spine."""
    pressure: Pressure | None = None
    tool: str | None = None
    oil: str | None = None
    cue: str
    why: str

    @property
    def end(self) -> int:
        return self.start + self.seconds


class Plan(BaseModel):
    """A whole routine: steps back to back, adding up to exactly `minutes * 60` seconds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    minutes: int
    pressure: Pressure
    focus: list[str]
    avoid: list[str]
    routine: str | None = Field(default=None, description="The named routine it started from.")
    steps: list[Step]
    notes: list[str] = Field(default=[], description="What was left out, and why.")

    @property
    def total_seconds(self) -> int:
        return sum(step.seconds for step in self.steps)

    def seconds_by_area(self) -> dict[str, int]:
        """Seconds of stroke and tool work per area, in order of first appearance."""
        totals: dict[str, int] = {}
        for step in self.steps:
            if step.area is not None and step.kind is StepKind.stroke:
                totals[step.area] = totals.get(step.area, 0) + step.seconds
        return totals


def _clock_time(hhmm: str) -> tuple[int, int]:
    """The hour and minute of a 24-hour HH:MM, or a UsageError."""
    try:
        hour_text, minute_text = hhmm.split(":")
        hour, minute = int(hour_text), int(minute_text)
        if not (0 <= hour < 24 and 0 <= minute < 60):
            raise ValueError
    except ValueError:
        raise UsageError(f"--until expects a clock time HH:MM, got '{hhmm}'.") from None
    return hour, minute


def next_clock_time(hhmm: str, now: datetime) -> datetime:
    """The next moment the clock shows HH:MM: today, or tomorrow if that is past."""
    hour, minute = _clock_time(hhmm)
    today = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return today if today > now else today + timedelta(days=1)


def minutes_until(hhmm: str, now: datetime) -> int:
    """Whole minutes from `now` to the next HH:MM, rounded down: a session planned with
    --until ends by that time, never after it. A UsageError when that is not 5-90 minutes."""
    until = next_clock_time(hhmm, now)
    minutes = int((until - now).total_seconds() // 60)
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        today = until.replace(year=now.year, month=now.month, day=now.day)
        passed = today <= now and now - today < timedelta(hours=12)  # not far off tomorrow
        when = (
            f"that time has passed, it is {now:%H:%M} now"
            if passed
            else (f"{minutes} minutes from now")
        )
        raise UsageError(
            f"--until {hhmm}: {when}; a session lasts {MIN_MINUTES} to {MAX_MINUTES} minutes."
        )
    return minutes
