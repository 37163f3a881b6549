"""The session runner: a state machine over a plan, driven by an injected clock and keys.

Time is kept by deadlines on a monotonic clock: a step ends at `start + seconds` of *active*
session time (pauses excluded), and the next step starts exactly at that deadline, so nothing
drifts however long the session. The only blocking call is `keys.get(timeout)`, whose timeout
runs to the next moment anything must happen (a deadline, a cue, a change of the shown second);
and `on_suspend` for Ctrl-Z, while the process is stopped, with the session already paused.
The view is asked to draw only when the visible `Frame` changes, at most every `min_interval`
real seconds.
"""

from __future__ import annotations

import errno
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from ..frame import Frame
from ..kinds.base import Pressure
from ..record import Outcome, PressureChange, SessionRecord, Work
from ..routine import Plan, Step, StepKind
from .clock import Clock
from .cues import COUNT_MOMENTS, COUNTDOWN, COUNTDOWN_MIN_STEP, CueEvent, CuePlayer, Moment
from .keys import KeySource, Terminated

GET_READY_SECONDS = 3
EXTEND_SECONDS = 30
SOON_SECONDS = 10  # "next: ..." this long before a step ends
HALFWAY_MIN_SECONDS = 90  # only long steps get a halfway cue
EPS = 1e-6  # session seconds; absorbs float rounding at deadlines
OUTPUT_LOST = frozenset({errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG})
"""Errors writing the screen that end the session: the output is gone, not the program wrong."""

CHECKPOINT_SECONDS = 10.0  # active seconds between two saved checkpoints

FIRMER_KEYS = {"+"}  # '=' means "the same", and only in a check-in
NEXT_KEYS = {"n", "N", "right"}
BACK_KEYS = {"b", "B", "left"}
CLOSING_WHY = {"cool-down", "closing", "finish"}


class Replanner(Protocol):
    """The planner's re-planning functions, bound to the session's choices and library."""

    def with_pressure(self, plan: Plan, from_index: int, pressure: Pressure) -> Plan:
        """The plan with steps from `from_index` on re-planned at `pressure`, same end time."""
        ...

    def extend(self, plan: Plan, index: int, seconds: int) -> Plan:
        """The plan with step `index` (and its sided twin) longer; unchanged if no room."""
        ...


Checkpointer = Callable[[SessionRecord, Plan, int, float], None]
"""Called with (record so far, plan, step index, seconds into the step) to save a checkpoint."""

Tracer = Callable[..., None]
"""Called as trace(event, raw, *values) at each timing event (start, step, pause, resume,
end) with the raw clock reading it happened at; `bench/run.py` documents the events."""


class View(Protocol):
    min_interval: float
    """Real seconds between two draws at the least (0 for a view that must see every frame)."""

    def show(self, frame: Frame) -> None: ...


SUSPENDED_MESSAGE = "Paused while the coach was stopped: space to go on"


@dataclass
class Timing:
    """Measured behaviour, for tests and benchmarks."""

    draws: int = 0
    wakeups: int = 0
    lateness: list[float] = field(default_factory=list)  # real seconds past each deadline


@dataclass
class Parts:
    """What the runner talks to: time, input, the screen, sound, the planner, and the hooks the
    coach uses to save checkpoints, trace timing and stop the process on Ctrl-Z."""

    clock: Clock
    keys: KeySource
    view: View
    cues: CuePlayer
    replanner: Replanner
    wall_clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    on_checkpoint: Checkpointer | None = None
    trace: Tracer | None = None
    on_suspend: Callable[[], None] | None = None
    """Stops the process on Ctrl-Z; returns once continued."""


@dataclass(frozen=True)
class RunOptions:
    """How one run goes: its limits, its count-in, how often it saves, whose session it is."""

    max_pressure: Pressure = Pressure.firm
    get_ready_seconds: float = GET_READY_SECONDS
    checkpoint_every: float = CHECKPOINT_SECONDS
    session_id: str | None = None
    profile: str | None = None
    practice: bool = False
    """A walk-through at a --speed other than 1: recorded as practice."""


@dataclass(frozen=True)
class ResumeFrom:
    """A checkpointed session to go on with: its record so far, the step and seconds into it."""

    record: SessionRecord
    index: int
    into: float


@dataclass
class _Time:
    """Raw clock readings and the active-time arithmetic (pauses and the count-in excluded)."""

    origin: float = 0.0
    offset: float = 0.0  # active seconds already done before this run (a resumed session)
    paused_since: float | None = None  # raw clock
    paused_total: float = 0.0
    ready_until: float | None = None  # raw clock: the count-in runs until then
    started: bool = False


@dataclass
class _Place:
    """Where in the plan the session is, in active seconds."""

    index: int = 0
    step_start: float = 0.0
    step_end: float = 0.0
    segment_start: float = 0.0  # work is recorded per segment
    fired: set[Moment] = field(default_factory=set)
    entries: int = 0
    last_checkpoint: float | None = None


@dataclass
class _Shown:
    """What the screen shows beside the countdown, and when it was last drawn."""

    confirm_quit: bool = False
    resume_after_confirm: bool = False
    message: str | None = None
    answer: str | None = None
    flash_until: float | None = None  # raw clock
    frame: Frame | None = None
    pending: Frame | None = None
    last_draw: float | None = None


class Runner:
    """Runs one plan to a `SessionRecord`; see the module docstring for how time is kept."""

    def __init__(
        self,
        plan: Plan,
        parts: Parts,
        options: RunOptions | None = None,
        resume: ResumeFrom | None = None,
    ) -> None:
        if not plan.steps:
            raise ValueError("a plan without steps cannot be run")
        options = options or RunOptions()
        self.plan = plan
        self.parts = parts
        self.options = options
        self.pressure = plan.pressure
        self.timing = Timing()
        self.output_error: OSError | None = None
        """Set when writing the screen failed (the session then ended as interrupted)."""
        self._trace = parts.trace or (lambda event, raw, *values: None)
        if resume is None:
            record = SessionRecord(
                id=options.session_id or uuid.uuid4().hex,
                started_at=parts.wall_clock(),
                profile=options.profile,
                planned_minutes=plan.minutes,
                pressure=plan.pressure,
                practice=options.practice,
            )
        else:
            record = resume.record
        # A resumed session completes its own record (the history keeps one per id).
        self.record = record.model_copy(deep=True, update={"outcome": None, "ended_at": None})
        self._time = _Time()
        self._at = _Place(step_end=float(plan.steps[0].seconds))
        self._shown = _Shown()
        self._outcome: Outcome | None = None
        if resume is not None:
            at = self._at
            self._time.offset = float(self.record.actual_seconds)
            at.index = min(max(resume.index, 0), len(plan.steps) - 1)
            at.step_start = self._time.offset - max(resume.into, 0.0)
            at.step_end = at.step_start + plan.steps[at.index].seconds
            at.segment_start = self._time.offset
            step = plan.steps[at.index]
            if resume.into >= step.seconds // 2:
                at.fired.add(Moment.halfway)
            if resume.into >= step.seconds - SOON_SECONDS:
                at.fired.add(Moment.soon)
            for left, moment in COUNT_MOMENTS.items():
                if resume.into >= step.seconds - left:
                    at.fired.add(moment)

    @property
    def clock(self) -> Clock:
        return self.parts.clock

    @property
    def keys(self) -> KeySource:
        return self.parts.keys

    @property
    def view(self) -> View:
        return self.parts.view

    @property
    def cues(self) -> CuePlayer:
        return self.parts.cues

    @property
    def max_pressure(self) -> Pressure:
        return self.options.max_pressure

    @property
    def get_ready_seconds(self) -> float:
        return self.options.get_ready_seconds

    # --- time ---------------------------------------------------------------------------------

    def _active(self, raw: float) -> float:
        """Active session seconds at raw clock time `raw`: pauses (and get-ready) excluded."""
        paused = self._time.paused_total
        if self._time.paused_since is not None:
            paused += raw - self._time.paused_since
        return raw - self._time.origin - paused + self._time.offset

    @property
    def step(self) -> Step:
        return self.plan.steps[self._at.index]

    def _next_step(self) -> Step | None:
        steps = self.plan.steps
        return steps[self._at.index + 1] if self._at.index + 1 < len(steps) else None

    def _closing(self, step: Step) -> bool:
        return step.kind is StepKind.aftercare or step.why in CLOSING_WHY

    # --- the loop -----------------------------------------------------------------------------

    def run(self) -> SessionRecord:
        """Run the session to its end (or a stop, quit or interruption) and return its record."""
        self._time.origin = self.clock.now()
        self._begin_pause(self._time.origin)
        self._time.ready_until = self._time.origin + self.get_ready_seconds
        try:
            while True:
                raw = self.clock.now()
                self.timing.wakeups += 1
                self._advance_time(raw)
                self._draw(raw, self._frame(raw))
                if self._outcome is not None:
                    break
                # The draw took time: measure the wait from now, or every deadline runs late.
                key = self.keys.get(self._timeout(self.clock.now()))
                if key is not None:
                    self._on_key(key, self.clock.now())
        except KeyboardInterrupt:
            self._finish(Outcome.interrupted, self.clock.now())
        except (Terminated, EOFError):
            self._finish(Outcome.terminated, self.clock.now())
        except OSError as exc:
            if exc.errno not in OUTPUT_LOST:
                raise
            # The screen is gone (a closed pipe, a full disk behind stdout): the session
            # stops as if interrupted, and the caller saves it before it says anything.
            self.output_error = exc
            self._finish(Outcome.interrupted, self.clock.now())
        finally:
            # A normal finish lets the last words end; a stop, Ctrl-C or a signal cuts them.
            self.cues.close(drain=self._outcome is Outcome.finished)
        return self.record

    def _advance_time(self, raw: float) -> None:
        if self._time.ready_until is not None and raw + EPS >= self._time.ready_until:
            ready = self._time.ready_until
            self._end_pause(ready)
            self._time.ready_until = None
            if not self._time.started:
                self._time.started = True
                self._trace("start", ready, self.clock.speed)
                self._cue_start(raw)
        if self._time.paused_since is not None or self._outcome is not None:
            return
        active = self._active(raw)
        while active + EPS >= self._at.step_end:
            deadline = self._at.step_end
            self.timing.lateness.append(self.clock.real_seconds(active - deadline))
            self._close_segment(deadline)
            if self._at.index + 1 >= len(self.plan.steps):
                self._trace("end", raw, deadline)
                self._finish(Outcome.finished, raw, at=deadline)
                self._emit(CueEvent(Moment.end, self.step, closing=True), raw)
                return
            self._enter(self._at.index + 1, deadline, raw)
            self._trace("step", raw, self._at.index, deadline)
            if active + EPS >= self._at.step_end:
                # Woken too late to show this step while it ran (only at very high --speed):
                # a view that lists steps must still see it start.
                self._draw(raw, self._frame(raw, at=self._at.step_start))
        self._maybe_cue(active, raw)
        if (
            self._at.last_checkpoint is None
            or active >= self._at.last_checkpoint + self.options.checkpoint_every
        ):
            self._checkpoint(active)

    def _checkpoint(self, active: float) -> None:
        """Hand the session so far to `on_checkpoint` (at step changes and every few seconds)."""
        self._at.last_checkpoint = active
        if self.parts.on_checkpoint is None:
            return
        self.record.actual_seconds = max(round(active), 0)
        into = max(active - self._at.step_start, 0.0)
        # The saved record includes the work of the step so far, so a resumed run starts a new
        # segment where this one stopped and nothing is counted twice.
        snapshot = self.record.model_copy(deep=True)
        open_work = self._work_since(self._at.segment_start, active)
        if open_work is not None:
            snapshot.work.append(open_work)
        self.parts.on_checkpoint(snapshot, self.plan, self._at.index, into)

    def _maybe_cue(self, active: float, raw: float) -> None:
        step = self.step
        if (
            Moment.halfway not in self._at.fired
            and step.seconds >= HALFWAY_MIN_SECONDS
            and active + EPS >= self._at.step_start + step.seconds // 2
        ):
            self._at.fired.add(Moment.halfway)
            self._emit(CueEvent(Moment.halfway, step, closing=self._closing(step)), raw)
        nxt = self._next_step()
        if (
            Moment.soon not in self._at.fired
            and nxt is not None
            and step.seconds >= 2 * SOON_SECONDS
            and active + EPS >= self._at.step_end - SOON_SECONDS
        ):
            self._at.fired.add(Moment.soon)
            self._emit(CueEvent(Moment.soon, step, nxt, closing=self._closing(nxt)), raw)
        if step.seconds >= COUNTDOWN_MIN_STEP:
            for left, moment in sorted(COUNT_MOMENTS.items()):
                if moment not in self._at.fired and active + EPS >= self._at.step_end - left:
                    # Only the latest due: a late wake-up must not ring three times at once.
                    self._at.fired.update(m for n, m in COUNT_MOMENTS.items() if n >= left)
                    closing = nxt is None or self._closing(nxt)
                    self._emit(CueEvent(moment, step, nxt, closing=closing), raw)
                    break

    def _timeout(self, raw: float) -> float | None:
        """Real seconds until the next moment something must happen; None: only a key can."""
        moments: list[float] = []
        if self._time.ready_until is not None:
            unit = self._count_unit()
            left = (self._time.ready_until - raw) / unit  # in digits of the count-in
            moments.append(raw + (left - (math.ceil(left - EPS) - 1)) * unit)
        elif self._time.paused_since is None:
            active = self._active(raw)
            left = self._at.step_end - active
            tick = left - (math.ceil(left - EPS) - 1)  # when the shown second changes
            targets = [self._at.step_end - active, tick]
            half = self._at.step_start + self.step.seconds // 2
            if Moment.halfway not in self._at.fired and active < half:
                targets.append(half - active)
            soon = self._at.step_end - SOON_SECONDS
            if Moment.soon not in self._at.fired and active < soon:
                targets.append(soon - active)
            count = self._at.step_end - COUNTDOWN
            if Moment.three not in self._at.fired and active < count:
                targets.append(count - active)
            moments.extend(raw + t for t in targets)
        if self._shown.pending is not None and self._shown.last_draw is not None:
            moments.append(self._shown.last_draw + self._min_interval())
        if self._shown.flash_until is not None:
            moments.append(self._shown.flash_until)
        if not moments:
            return None
        return self.clock.real_seconds(max(min(moments) - raw, 0.0))

    def _count_unit(self) -> float:
        """Session seconds each digit of the count-in (3, 2, 1) stays on screen."""
        return max(self.get_ready_seconds / GET_READY_SECONDS, EPS)

    def _min_interval(self) -> float:
        """The view's minimum real interval between draws, in session seconds."""
        return self.view.min_interval * self.clock.speed

    # --- drawing ------------------------------------------------------------------------------

    def _frame(self, raw: float, at: float | None = None) -> Frame:
        """What the screen shows at raw time `raw` (or, for the step counters, active time `at`)."""
        step = self.step
        active = self._active(raw) if at is None else at
        left = max(math.ceil(self._at.step_end - active - EPS), 0)
        later = sum(s.seconds for s in self.plan.steps[self._at.index + 1 :])
        if self._outcome is not None:
            left, later = 0, 0
        if self._shown.flash_until is not None and raw + EPS >= self._shown.flash_until:
            self._shown.flash_until = None
        place = self._at
        elapsed = round(place.step_start) + (round(place.step_end - place.step_start) - left)
        ready = None
        if self._time.ready_until is not None:
            ready = max(math.ceil((self._time.ready_until - raw) / self._count_unit() - EPS), 1)
        return Frame(
            index=self._at.index,
            entry=self._at.entries,
            count=len(self.plan.steps),
            step=step,
            next_step=self._next_step(),
            step_left=left,
            elapsed=max(elapsed, 0),
            remaining=left + later,
            pressure=self.pressure,
            paused=self._time.paused_since is not None and self._time.ready_until is None,
            get_ready=ready,
            confirm_quit=self._shown.confirm_quit,
            message=self._shown.message,
            answer=self._shown.answer,
            flash=self._shown.flash_until is not None,
            switch_side=self._side_changed(self._at.index),
            soon=Moment.soon in self._at.fired and self._outcome is None,
            finished=self._outcome is not None,
            outcome=self._outcome,
        )

    def _draw(self, raw: float, frame: Frame) -> None:
        if frame == self._shown.frame:
            self._shown.pending = None
            return
        last = self._shown.last_draw
        due = last is None or raw + EPS >= last + self._min_interval()
        if due or frame.finished:
            self.view.show(frame)
            self.timing.draws += 1
            self._shown.frame, self._shown.pending, self._shown.last_draw = frame, None, raw
        else:
            self._shown.pending = frame

    # --- steps --------------------------------------------------------------------------------

    def _enter(self, index: int, at: float, raw: float) -> None:
        """Start step `index` at active time `at`."""
        self._at.index = index
        self._at.step_start = at
        self._at.step_end = at + self.step.seconds
        self._at.segment_start = at
        self._at.fired = set()
        self._at.entries += 1
        self._at.last_checkpoint = None  # save at every step change
        self._shown.message = None
        self._shown.answer = None
        if self._time.started:
            self._cue_start(raw)

    def _cue_start(self, raw: float) -> None:
        step = self.step
        moment = Moment.switch_side if self._side_changed(self._at.index) else Moment.start
        self._emit(CueEvent(moment, step, self._next_step(), self._closing(step)), raw)

    def _side_changed(self, index: int) -> bool:
        """True when step `index` works one side of an area whose last one-sided step in the
        plan was on the other side: the giver must walk round, even after a check-in or break."""
        steps = self.plan.steps
        if not 0 <= index < len(steps):
            return False
        step = steps[index]
        if step.side is None or not (step.stroke or step.tool):
            return False
        for before in reversed(steps[:index]):
            if (
                before.side is not None
                and before.area == step.area
                and (before.stroke or before.tool)
            ):
                return before.side != step.side
        return False

    def _emit(self, event: CueEvent, raw: float) -> None:
        if self.cues.cue(event):
            self._shown.flash_until = raw + 0.4 * self.clock.speed

    def _close_segment(self, at: float) -> None:
        """Record the hands-on work done on the current step since its last segment began."""
        work = self._work_since(self._at.segment_start, at)
        self._at.segment_start = at
        if work is not None:
            self.record.work.append(work)

    def _work_since(self, start: float, at: float) -> Work | None:
        """The current step's hands-on work from `start` to `at`; None for none or no hands."""
        step = self.step
        seconds = round(at - start)
        if seconds <= 0 or (step.stroke is None and step.tool is None):
            return None
        return Work(
            kind=step.kind.value,
            stroke=step.stroke,
            tool=step.tool,
            area=step.area,
            side=step.side,
            pressure=step.pressure,
            seconds=seconds,
        )

    def _finish(self, outcome: Outcome, raw: float, at: float | None = None) -> None:
        if self._outcome is not None:
            return
        if self._time.paused_since is not None:
            self._end_pause(raw)
        active = self._active(raw) if at is None else at
        if outcome is not Outcome.finished:
            # Ctrl-C or SIGTERM can land after a deadline the loop has not reached: the session
            # stops at that deadline, or the seconds past it would count for this step now and
            # again for the next one once resumed.
            active = min(active, self._at.step_end)
            self._close_segment(active)
        self._outcome = outcome
        self._shown.confirm_quit = False
        self.record.outcome = outcome
        self.record.actual_seconds = max(round(active), 0)
        self.record.ended_at = self.parts.wall_clock()
        if outcome in (Outcome.interrupted, Outcome.terminated, Outcome.quit):
            self._checkpoint(active)  # cut short: where it stopped, for resuming

    # --- pauses -------------------------------------------------------------------------------

    def _begin_pause(self, raw: float) -> None:
        if self._time.paused_since is None:
            self._time.paused_since = raw
            if self._time.started:
                self._trace("pause", raw)

    def _end_pause(self, raw: float) -> None:
        if self._time.paused_since is not None:
            self._time.paused_total += raw - self._time.paused_since
            self._time.paused_since = None
            if self._time.started:
                self._trace("resume", raw)

    # --- keys ---------------------------------------------------------------------------------

    def _on_key(self, key: str, raw: float) -> None:
        self._advance_time(raw)  # the key may arrive just after a deadline
        if self._outcome is not None:
            return
        if key == "!":
            self._finish(Outcome.stop_signal, raw)
            return
        if key == "suspend":
            self._suspend(raw)
            return
        if self._shown.confirm_quit:
            self._shown.confirm_quit = False
            if key in ("y", "Y"):
                self._finish(Outcome.quit, raw)
            elif self._shown.resume_after_confirm:
                self._end_pause(raw)
            return
        if key == " ":
            self._toggle_pause(raw)
        elif key in ("q", "Q"):
            self._shown.confirm_quit = True
            self._shown.resume_after_confirm = self._time.paused_since is None
            self._time.ready_until = None
            self._begin_pause(raw)
        elif key in NEXT_KEYS:
            self._skip(raw)
        elif key in BACK_KEYS:
            self._back(raw)
        elif self.step.kind is StepKind.check_in and key in ("+", "-", "="):
            self._check_in_answer(key, raw)
        elif key in FIRMER_KEYS:
            self._change_pressure(+1, "firmer", raw)
        elif key in ("-", "_"):
            self._change_pressure(-1, "softer", raw)
        elif key in ("e", "E"):
            self._extend()
        # 'resize' and any other key: nothing changes; the frame is redrawn if it differs.
        if key == "resize":
            self._shown.frame = None

    def _suspend(self, raw: float) -> None:
        """Ctrl-Z: pause at once (the time stopped is never counted as massage), save where the
        session is, stop the process; once continued, stay paused until space."""
        self._begin_pause(raw)
        self._time.ready_until = None
        # A quit question answered 'no' after it stays paused.
        self._shown.resume_after_confirm = False
        if self._time.started:
            self._checkpoint(self._active(raw))
        if self.parts.on_suspend is not None:
            self.parts.on_suspend()
        self._shown.message = SUSPENDED_MESSAGE
        self._shown.frame = None  # the screen is drawn again from scratch

    def _toggle_pause(self, raw: float) -> None:
        if self._time.paused_since is None:
            self._begin_pause(raw)
        elif self._time.ready_until is not None:
            self._time.ready_until = None  # a second press during the count-in stays paused
        else:
            self._time.ready_until = raw + self.get_ready_seconds
            if self._shown.message == SUSPENDED_MESSAGE:
                self._shown.message = None

    def _skip(self, raw: float) -> None:
        active = self._active(raw)
        self._close_segment(active)
        if self._at.index not in self.record.skipped_steps:
            self.record.skipped_steps.append(self._at.index)
        if self._at.index + 1 >= len(self.plan.steps):
            self._finish(Outcome.finished, raw, at=active)
            return
        self._enter(self._at.index + 1, active, raw)

    def _back(self, raw: float) -> None:
        active = self._active(raw)
        self._close_segment(active)
        self._enter(max(self._at.index - 1, 0), active, raw)

    def _check_in_answer(self, key: str, raw: float) -> None:
        if key == "=":
            self._shown.answer = "the same"
            return
        delta, word = (1, "more") if key == "+" else (-1, "less")
        self._shown.answer = word
        self._change_pressure(delta, "check-in", raw)

    def _change_pressure(self, delta: int, reason: str, raw: float) -> None:
        before = self.pressure
        after = before.step(delta)
        cap = self.step.pressure
        # A firmer press on a step its area keeps lighter must not read as if the hands
        # should now be at the session's level.
        capped = (
            f" (this step stays {cap.value})"
            if delta > 0 and cap and cap.rank < before.rank
            else ""
        )
        if after is before:
            edge = "firmest" if delta > 0 else "lightest"
            self._shown.message = f"Already at {before.value}: the {edge}{capped}"
            return
        if after.rank > self.max_pressure.rank:
            self._shown.message = (
                f"Staying at {before.value}: screening allows {self.max_pressure.value}{capped}"
            )
            return
        active = self._active(raw)
        self._close_segment(active)
        was = self.step.pressure
        self.plan = self.parts.replanner.with_pressure(self.plan, self._at.index, after)
        self._at.index = min(self._at.index, len(self.plan.steps) - 1)
        self._at.step_end = self._at.step_start + self.step.seconds
        self.pressure = after
        self.record.pressure_changes.append(
            PressureChange(at=max(round(active), 0), before=before, after=after, reason=reason)
        )
        self._shown.message = self._pressure_message(delta, was, after)
        if active + EPS >= self._at.step_end:
            self._advance_time(raw)

    def _pressure_message(self, delta: int, was: Pressure | None, level: Pressure) -> str:
        """What a pressure change really does: to this step (its level before and after), or,
        where this step keeps its level, from which step the new one applies."""
        word = "Firmer" if delta > 0 else "Softer"
        now = self.step.pressure
        if now is not None and was is not None and now is not was:
            return f"{word}: {now.value} now (was {was.value})"
        later = self.plan.steps[self._at.index + 1 :]
        first = next((i for i, s in enumerate(later) if s.pressure is level), None)
        when = (
            None
            if first is None
            else "the next step"
            if first == 0
            else f"step {self._at.index + first + 2}"
        )
        if now is None:
            return f"{word}: {level.value} from {when}" if when else f"{word}: no step left changes"
        if when is None:
            return f"{word}: this step stays {now.value}, and so do the steps left"
        return f"{word}: this step stays {now.value}; {level.value} from {when}"

    def _extend(self) -> None:
        before = self.plan
        after = self.parts.replanner.extend(before, self._at.index, EXTEND_SECONDS)
        if after == before:
            self._shown.message = "No room to extend: the end time stays"
            return
        self.plan = after
        self._at.step_end = self._at.step_start + self.step.seconds
        for index, (old, new) in enumerate(zip(before.steps, after.steps, strict=False)):
            if new.seconds > old.seconds and index not in self.record.extended_steps:
                self.record.extended_steps.append(index)
        self._shown.message = f"+{EXTEND_SECONDS} s on this step; later steps are a little shorter"
