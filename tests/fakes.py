"""Fakes for the session's collaborators: an `Environment` on a fake clock, and a speaker that
records what it was asked to say. Tests pass these in; nothing is patched. And a checkpoint as
Ctrl-C leaves it, for the resume tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime

from massage_coach.record import Outcome, SessionRecord
from massage_coach.routine import Choices, Plan
from massage_coach.session.clock import Clock, FakeClock
from massage_coach.session.cues import Speaker
from massage_coach.session.environment import Environment
from massage_coach.session.keys import KeySource, TimedKeys
from massage_coach.store.checkpoint import Checkpoint


class RecordingSpeaker:
    """A speech engine that writes down what it is asked to say, and how it was closed."""

    name = "recording"

    def __init__(self) -> None:
        self.said: list[str] = []
        self.quiet: list[bool] = []
        self.closed: str | None = None  # "waited" or "cut"

    def say(self, text: str, quiet: bool) -> None:
        self.said.append(text)
        self.quiet.append(quiet)

    def close(self, wait: float = 0.0) -> None:
        self.closed = "waited" if wait > 0 else "cut"


def _no_terminal(*args: object, **kwargs: object) -> AbstractContextManager[KeySource]:
    raise AssertionError("keys were read from the terminal")


@dataclass
class FakeEnvironment(Environment):
    """Nobody at a terminal, no speech engine, and a fake clock that only waits move."""

    fake_clock: FakeClock = field(default_factory=FakeClock)
    speaker_engine: Speaker | None = None

    def __post_init__(self) -> None:
        self.clock: Callable[[float], Clock] = lambda speed: self.fake_clock
        self.no_keys = lambda: TimedKeys(self.fake_clock, [])
        self.terminal_keys = _no_terminal
        self.speaker = lambda: self.speaker_engine
        self.tty = lambda: False

    def pressed_at_once(self, keys: Iterable[str]) -> TimedKeys:
        """`keys` pressed one after another as soon as they are waited for."""
        return TimedKeys(self.fake_clock, [(0.0, key) for key in keys])

    def keys_during_session(self, keys: Iterable[str]) -> None:
        """Keys pressed while a (piped) session runs."""
        scripted = self.pressed_at_once(list(keys))
        self.no_keys = lambda: scripted

    def person_at_terminal(self, keys: Iterable[str]) -> TimedKeys:
        """A person at the terminal, pressing `keys` for the questions."""
        scripted = self.pressed_at_once(list(keys))
        self.tty = lambda: True
        self.keys_available = lambda: True
        self.terminal_keys = lambda *a, **k: nullcontext(scripted)
        return scripted

    def at(self, moment: datetime) -> None:
        """The wall clock reads `moment` from now on."""
        self.now = lambda: moment


def cut_short(plan: Plan, choices: Choices, step_index: int, record_id: str) -> Checkpoint:
    """The checkpoint Ctrl-C leaves at the start of step `step_index` of `plan`, kept with
    `choices` (its screening limits)."""
    record = SessionRecord(
        id=record_id,
        started_at=datetime.now(UTC),
        planned_minutes=plan.minutes,
        actual_seconds=plan.steps[step_index].start,
        outcome=Outcome.interrupted,
        pressure=plan.pressure,
    )
    return Checkpoint(
        record=record,
        plan=plan,
        step_index=step_index,
        seconds_into_step=0,
        saved_at=datetime.now(UTC),
        choices=choices,
    )
