"""The giver's workload figure, the warning before a session, and `history stats`."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from massage_coach.cli import packs as packs_module
from massage_coach.library import load_library
from massage_coach.models import Library, Pressure
from massage_coach.record import Outcome, SessionRecord, Work
from massage_coach.store.config import Config
from massage_coach.store.history import Entry, History
from massage_coach.store.stats import NO_PROFILE, stats
from massage_coach.store.workload import (
    LoadLimits,
    hands_check,
    limits_from,
    load_warning,
    workload,
)

from ..clirunner import run

FIXTURES = Path(__file__).parents[1] / "fixtures"
NOW = datetime(2026, 3, 5, 18, 0)  # a Thursday


pytestmark = pytest.mark.usefixtures("home")


@pytest.fixture
def library() -> Library:
    """The fixture pack, with kneading made harder on the hands the firmer it gets."""
    base = load_library(FIXTURES / "good")
    kneading = base.strokes["petrissage"].model_copy(
        update={"workload": {Pressure.medium: 2.0, Pressure.firm: 3.0}}
    )
    return base.replace(strokes={**base.strokes, "petrissage": kneading})


def session(
    started: datetime,
    work: list[Work],
    profile: str | None = None,
    rating: int | None = None,
    session_id: str | None = None,
) -> SessionRecord:
    seconds = sum(item.seconds for item in work)
    return SessionRecord(
        id=session_id or started.isoformat(),
        started_at=started,
        ended_at=started + timedelta(seconds=seconds),
        profile=profile,
        planned_minutes=max(5, seconds // 60),
        actual_seconds=seconds,
        outcome=Outcome.finished,
        pressure=Pressure.medium,
        work=work,
        rating=rating,
    )


def knead(minutes: float, pressure: Pressure, area: str = "lower-back") -> Work:
    return Work(
        kind="stroke", stroke="petrissage", area=area, pressure=pressure, seconds=int(minutes * 60)
    )


def glide(minutes: float, area: str = "upper-back") -> Work:
    return Work(
        kind="stroke",
        stroke="effleurage",
        area=area,
        pressure=Pressure.light,
        seconds=int(minutes * 60),
    )


def test_workload_weighs_minutes_by_stroke_and_pressure(library: Library) -> None:
    record = session(
        NOW,
        [
            glide(4),  # 4 x 1.0
            knead(5, Pressure.firm),  # 5 x 3.0
            knead(3, Pressure.medium),  # 3 x 2.0
            Work(kind="tool", tool="massage-balls", area="upper-back", seconds=120),  # 2 x 1.0
            Work(kind="check-in", seconds=60),  # no load
            Work(kind="break", seconds=30),  # no load
        ],
    )
    assert workload(record, library) == 4 + 15 + 6 + 2


def test_firm_kneading_costs_more_than_the_same_minutes_of_light_gliding(
    library: Library,
) -> None:
    firm = workload(session(NOW, [knead(10, Pressure.firm)]), library)
    light = workload(session(NOW, [glide(10)]), library)
    assert firm == 3 * light


def test_a_stroke_the_content_lacks_counts_one_per_minute(library: Library) -> None:
    record = session(NOW, [Work(kind="stroke", stroke="gone", pressure=Pressure.firm, seconds=600)])
    assert workload(record, library) == 10


def entry(started: datetime, load: float, minutes: int = 20) -> Entry:
    return Entry(session(started, [glide(minutes)]), load)


def test_no_warning_after_an_ordinary_week() -> None:
    entries = [entry(NOW - timedelta(days=d, hours=2), 30) for d in (1, 3, 5)]
    assert load_warning(entries, NOW) is None


def test_warning_when_today_is_heavy() -> None:
    entries = [entry(NOW - timedelta(hours=5), 35), entry(NOW - timedelta(hours=3), 30)]
    message = load_warning(entries, NOW)
    assert message is not None
    assert "today's load is already 65 (over 60)" in message
    assert "checklist self-care" in message


def test_warning_when_the_week_is_heavy_but_today_is_not() -> None:
    entries = [entry(NOW - timedelta(days=d), 50) for d in range(1, 6)]
    message = load_warning(entries, NOW)
    assert message is not None and "this week's load is 250 (over 240)" in message
    assert "today" not in message
    old = [entry(NOW - timedelta(days=8 + d), 100) for d in range(5)]
    assert load_warning(old, NOW) is None


def test_warning_when_sessions_come_back_to_back() -> None:
    just_ended = entry(NOW - timedelta(minutes=30), 10, minutes=20)  # ended 10 minutes ago
    message = load_warning([just_ended], NOW)
    assert message is not None and "ended only 10 minutes ago" in message
    rested = entry(NOW - timedelta(minutes=60), 10, minutes=20)
    assert load_warning([rested], NOW) is None


def test_thresholds_come_from_the_config() -> None:
    limits = limits_from(Config(daily_load_limit=100, rest_between_sessions_minutes=0))
    assert limits == LoadLimits(daily=100, weekly=240, rest_minutes=0)
    entries = [entry(NOW - timedelta(minutes=25), 70, minutes=20)]
    assert load_warning(entries, NOW) is not None
    assert load_warning(entries, NOW, limits) is None


def test_stats_sum_minutes_per_week_person_and_area(library: Library) -> None:
    entries = [
        Entry(session(NOW - timedelta(days=1), [glide(10), knead(10, Pressure.firm)], "Anna", 5),
              None),
        Entry(session(NOW - timedelta(days=8), [glide(20)], "Ben", 3), 20.0),
        Entry(session(NOW - timedelta(days=60), [glide(10)]), 10.0),
    ]  # fmt: skip
    result = stats(entries, NOW, library, weeks=4)
    assert result.sessions == 3 and result.minutes == 50
    assert [(b.label, b.value) for b in result.minutes_per_week] == [
        ("2026-02-09", 0), ("2026-02-16", 0), ("2026-02-23", 20), ("2026-03-02", 20),
    ]  # fmt: skip
    assert [(b.label, b.value) for b in result.minutes_per_person] == [
        ("Anna", 20), ("Ben", 20), (NO_PROFILE, 10),
    ]  # fmt: skip
    assert result.favourite_areas[0].label == "upper-back"
    assert result.average_rating == 4 and result.rated == 2
    # Anna's session had no stored figure: computed from the content (10 x 1 + 10 x 3).
    assert result.load_per_day[-2].value == 40 and result.load_per_day[-1].value == 0
    assert result.load_per_week[-1].value == 40 and result.load_per_week[-2].value == 20


def test_stats_read_from_the_history_in_sql_match_the_sum_over_every_session(
    library: Library,
) -> None:
    """The history's aggregates give the figures adding up every session whole would."""
    from massage_coach.store.history import History
    from massage_coach.store.stats import stats_from

    entries = [
        Entry(session(NOW - timedelta(days=1), [glide(10), knead(10, Pressure.firm)], "Anna", 5),
              None),
        Entry(session(NOW - timedelta(days=8), [glide(20)], "Ben", 3), 20.0),
        Entry(session(NOW - timedelta(days=60), [glide(10)]), 10.0),
        Entry(session(NOW - timedelta(days=400), [knead(30, Pressure.medium)], "Anna"), 40.0),
        Entry(session(NOW - timedelta(days=2), [glide(5)], "Ben", 2), 0.0),
    ]  # fmt: skip
    entries[-1].record.practice = True  # a walk-through: counted apart, in nothing else
    for number, item in enumerate(entries):
        item.record.id = f"s{number}"
    with History() as history:
        for item in entries:
            assert history.save(item.record, item.workload)
        assert stats_from(history, NOW, library, weeks=4) == stats(entries, NOW, library, weeks=4)


def test_cli_stats_draws_bars_plainly_when_piped_and_json_on_demand(
    monkeypatch: pytest.MonkeyPatch, library: Library
) -> None:
    monkeypatch.setattr(packs_module, "library_for", lambda content=None: library)
    today = datetime.now().replace(hour=8, minute=0, second=0, microsecond=0)
    with History() as store:
        store.save(session(today, [glide(10)], "Anna", 4), workload=10)
        store.save(session(today - timedelta(days=1), [knead(5, Pressure.firm)], "Ben"))
    code, out, _ = run("history", "stats")
    assert code == 0 and "\x1b[" not in out and "█" not in out
    assert "2 sessions, 15 minutes; average rating 4 of 5 (1 rated)." in out
    anna = next(line for line in out.splitlines() if line.startswith("Anna"))
    ben = next(line for line in out.splitlines() if line.startswith("Ben"))
    assert anna.count("#") == 24 and ben.count("#") == 12
    code, out, _ = run("history", "stats", "--json")
    data = json.loads(out)
    assert data["sessions"] == 2 and data["load_per_day"][-2]["value"] == 15  # 5 firm x 3
    code, out, _ = run("history", "stats", terminal=True)
    assert "█" in out


def test_hands_check_reads_the_last_week_from_the_history(library: Library) -> None:
    with History() as store:
        assert hands_check(store, NOW, Config(), library) is None
        store.save(session(NOW - timedelta(hours=3), [knead(25, Pressure.firm)]))  # 75 units
        message = hands_check(store, NOW, Config(), library)
        assert message is not None and "today's load is already 75" in message
        assert hands_check(store, NOW, Config(daily_load_limit=100), library) is None


def test_cli_stats_say_one_session_not_one_sessions(
    monkeypatch: pytest.MonkeyPatch, library: Library
) -> None:
    monkeypatch.setattr(packs_module, "library_for", lambda content=None: library)
    with History() as store:
        store.save(session(datetime.now(), [glide(10)], "Anna"), workload=10)
    code, out, _ = run("history", "stats")
    assert code == 0 and "1 session, 10 minutes;" in out
