"""The giver's workload: minutes of hands-on work weighted by how hard they are on the hands.

A minute of light effleurage counts 1.0; each stroke's content gives heavier weights for firmer
levels (kneading and friction at firm pressure load the thumbs and wrists most). Tool steps
count 1.0 a minute (the tool does the pressing); check-ins, breaks, prep and aftercare count 0.

The warning thresholds are DESIGN, from domain notes section 6 ("begin with 10-20 min sessions
and lengthen gradually; vary strokes; a hand and wrist break every 20 min"): a 20-minute
session at mostly medium pressure comes to roughly 25-35 units, so

- a day above 60 units is about two such sessions, or one long firm one;
- a week above 240 units is about an hour and a half of firm work, or daily 30-minute sessions;
- less than 30 minutes between the end of one session and the start of the next is back to back
  (the hands have had no real rest).

All three are config keys (`daily_load_limit`, `weekly_load_limit`,
`rest_between_sessions_minutes`), so a trained giver can raise them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..models import Library, Pressure
from ..record import SessionRecord
from .config import Config
from .history import Entry, History, local

HANDS_ON_KINDS = ("stroke", "tool")
"""Step kinds whose seconds load the giver's hands (StepKind values)."""

TOOL_WEIGHT = 1.0


@dataclass(frozen=True)
class LoadLimits:
    daily: float = 60.0
    weekly: float = 240.0
    rest_minutes: int = 30


def workload(record: SessionRecord, library: Library) -> float:
    """Hands-on minutes weighted by stroke and pressure (a stroke the library lacks counts 1.0);
    0 for practice and for a session ended in its first minute."""
    if not record.counts_as_work:
        return 0.0
    total = 0.0
    for item in record.work:
        if item.kind not in HANDS_ON_KINDS:
            continue
        weight = TOOL_WEIGHT
        if item.stroke is not None:
            weight = pressure_weight(library, item.stroke, item.pressure or record.pressure)
        total += item.seconds / 60 * weight
    return round(total, 2)


def entry_load(entry: Entry, library: Library | None) -> float:
    """The stored figure, or one computed now for sessions saved before it was kept."""
    if not entry.record.counts_as_work:
        return 0.0
    if entry.workload is not None:
        return entry.workload
    if library is None:
        return round(sum(w.seconds for w in entry.record.work if w.kind in HANDS_ON_KINDS) / 60, 2)
    return workload(entry.record, library)


def _end(entry: Entry) -> datetime:
    record = entry.record
    if record.ended_at is not None:
        return local(record.ended_at)
    return local(record.started_at) + timedelta(seconds=record.actual_seconds)


def load_warning(
    entries: Iterable[Entry],
    now: datetime,
    limits: LoadLimits | None = None,
    library: Library | None = None,
) -> str | None:
    """What to tell the giver before a session when their hands have done a lot; None if fine.

    `now` is naive local time; `entries` are the recent sessions (the last 7 days suffice).
    """
    limits = limits or LoadLimits()
    now = local(now)
    today = now.date()
    week_start = now - timedelta(days=7)
    day_load = week_load = 0.0
    last_end: datetime | None = None
    for entry in entries:
        started = local(entry.record.started_at)
        if started > now or started < week_start or not entry.record.counts_as_work:
            continue
        load = entry_load(entry, library)
        week_load += load
        if started.date() == today:
            day_load += load
        end = _end(entry)
        last_end = end if last_end is None else max(last_end, end)
    reasons = []
    if day_load > limits.daily:
        reasons.append(f"today's load is already {day_load:.0f} (over {limits.daily:.0f})")
    if week_load > limits.weekly:
        reasons.append(f"this week's load is {week_load:.0f} (over {limits.weekly:.0f})")
    if last_end is not None:
        rest = (now - last_end).total_seconds() / 60
        if 0 <= rest < limits.rest_minutes:
            ago = (
                "less than a minute" if rest < 1 else f"{rest:.0f} minute{'s' * (round(rest) != 1)}"
            )
            reasons.append(f"the last session ended only {ago} ago")
    if not reasons:
        return None
    return (
        "Your hands have worked hard: "
        + "; ".join(reasons)
        + ". Consider a shorter, lighter session, and run `massage-coach checklist self-care`."
    )


def limits_from(config: Config) -> LoadLimits:
    """The warning thresholds the user configured."""
    return LoadLimits(
        daily=config.daily_load_limit,
        weekly=config.weekly_load_limit,
        rest_minutes=config.rest_between_sessions_minutes,
    )


def pressure_weight(library: Library, stroke: str, pressure: Pressure) -> float:
    """The weight of one minute of `stroke` at `pressure` (1.0 for an unknown stroke)."""
    found = library.strokes.get(stroke)
    return found.workload_weight(pressure) if found else 1.0


def hands_check(
    history: History, now: datetime, config: Config, library: Library | None = None
) -> str | None:
    """The warning to show before a session, from the last 7 days of `history`; None if fine."""
    return load_warning(
        history.since(local(now) - timedelta(days=7)), now, limits_from(config), library
    )
