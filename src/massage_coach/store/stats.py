"""Figures for `history stats`, computed from stored sessions: a pure function of its inputs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from ..models import Library
from .history import Entry, History, local
from .workload import entry_load

NO_PROFILE = "(no profile)"


@dataclass(frozen=True)
class Bar:
    """One labelled value of a small bar chart."""

    label: str
    value: float


@dataclass(frozen=True)
class Stats:
    sessions: int
    minutes: float
    minutes_per_week: list[Bar]  # oldest week first, label = the week's Monday
    minutes_per_person: list[Bar]  # most first
    favourite_areas: list[Bar]  # minutes, most first
    average_rating: float | None
    rated: int
    load_per_day: list[Bar]  # the last 7 days, oldest first
    load_per_week: list[Bar]  # oldest week first
    practice: int = 0  # walk-throughs (--speed other than 1): counted apart, in nothing above


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def ranked(values: dict[str, float], limit: int | None = None) -> list[Bar]:
    """Bars, the largest first (ties by label), values to one decimal."""
    ordered = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Bar(label, round(value, 1)) for label, value in ordered[:limit]]


def stats(
    entries: Iterable[Entry],
    now: datetime,
    library: Library | None = None,
    weeks: int = 8,
    top_areas: int = 5,
) -> Stats:
    """Minutes per week and person, favourite areas, average rating and the giver's load.

    `now` is naive local time; weeks start on Monday; the charts cover the last `weeks` weeks
    and the last 7 days, empty ones included so the bars line up with the calendar.
    """
    today = local(now).date()
    this_week = _monday(today)
    week_starts = [this_week - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    days = [today - timedelta(days=n) for n in range(6, -1, -1)]
    week_minutes = dict.fromkeys(week_starts, 0.0)
    week_load = dict.fromkeys(week_starts, 0.0)
    day_load = dict.fromkeys(days, 0.0)
    people: dict[str, float] = {}
    areas: dict[str, float] = {}
    ratings: list[int] = []
    count = 0
    total = 0.0
    practice = 0
    for entry in entries:
        record = entry.record
        if record.practice:
            practice += 1
            continue
        count += 1
        minutes = record.actual_seconds / 60
        total += minutes
        started = local(record.started_at).date()
        load = entry_load(entry, library)
        week = _monday(started)
        if week in week_minutes:
            week_minutes[week] += minutes
            week_load[week] += load
        if started in day_load:
            day_load[started] += load
        person = record.profile or NO_PROFILE
        people[person] = people.get(person, 0.0) + minutes
        for area, seconds in record.seconds_by_area().items():
            areas[area] = areas.get(area, 0.0) + seconds / 60
        if record.rating is not None:
            ratings.append(record.rating)

    return Stats(
        sessions=count,
        minutes=round(total, 1),
        minutes_per_week=[Bar(w.isoformat(), round(v, 1)) for w, v in week_minutes.items()],
        minutes_per_person=ranked(people),
        favourite_areas=ranked(areas, top_areas),
        average_rating=round(sum(ratings) / len(ratings), 2) if ratings else None,
        rated=len(ratings),
        load_per_day=[Bar(d.isoformat(), round(v, 1)) for d, v in day_load.items()],
        load_per_week=[Bar(w.isoformat(), round(v, 1)) for w, v in week_load.items()],
        practice=practice,
    )


def stats_from(
    history: History,
    now: datetime,
    library: Library | None = None,
    weeks: int = 8,
    top_areas: int = 5,
) -> Stats:
    """The same figures as `stats`, read from the history without loading every session: the
    totals, people and areas are SQL aggregates, and only the sessions the charts cover (the
    last `weeks` weeks and 7 days) are read whole. A long history costs no more than a short
    one."""
    today = local(now).date()
    first_day = min(_monday(today) - timedelta(weeks=weeks - 1), today - timedelta(days=6))
    recent = history.since(datetime.combine(first_day, time()))
    charted = stats(recent, now, library, weeks, top_areas)
    by_profile = history.by_profile()
    people = {(name or NO_PROFILE): seconds / 60 for name, _n, seconds, _r, _s in by_profile}
    sessions = sum(row[1] for row in by_profile)
    seconds = sum(row[2] for row in by_profile)
    rated = sum(row[3] for row in by_profile)
    rating_sum = sum(row[4] for row in by_profile)
    areas = {area: seconds / 60 for area, seconds in history.seconds_by_area()}
    return replace(
        charted,
        sessions=sessions,
        minutes=round(seconds / 60, 1),
        minutes_per_person=ranked(people),
        favourite_areas=ranked(areas, top_areas),
        average_rating=round(rating_sum / rated, 2) if rated else None,
        rated=rated,
        practice=history.practice_count(),
    )
