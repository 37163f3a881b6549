"""The session runner with a fake clock and keys pressed at given moments: hours in milliseconds."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import pytest

from massage_coach.frame import Frame
from massage_coach.models import Pressure
from massage_coach.record import Outcome, SessionRecord
from massage_coach.routine import Plan, Step, StepKind
from massage_coach.session.clock import FakeClock
from massage_coach.session.cues import Moment, RecordingCues
from massage_coach.session.keys import Terminated, TimedKeys
from massage_coach.session.runner import (
    GET_READY_SECONDS,
    Parts,
    ResumeFrom,
    Runner,
    RunOptions,
)

READY = GET_READY_SECONDS

# (seconds, kind, stroke, area, side, pressure, why)
THIRTY_MINUTES = [
    (240, "stroke", "effleurage", None, None, "light", "warm-up"),
    (300, "stroke", "petrissage", "upper-back", "left", "medium", "balance: upper-back"),
    (300, "stroke", "petrissage", "upper-back", "right", "medium", "balance: upper-back"),
    (30, "check-in", None, None, None, None, "check-in"),
    (240, "stroke", "friction", "lower-back", "left", "medium", "balance: lower-back"),
    (240, "stroke", "friction", "lower-back", "right", "medium", "balance: lower-back"),
    (30, "break", None, None, None, None, "giver break"),
    (180, "stroke", "effleurage", "neck", None, "light", "balance: neck"),
    (240, "stroke", "effleurage", None, None, "light", "cool-down"),
]
CAPS = {"neck": Pressure.light}


def make_plan(
    rows: Iterable[tuple[object, ...]] = THIRTY_MINUTES, pressure: str = "medium"
) -> Plan:
    steps, start = [], 0
    for seconds, kind, stroke, area, side, level, why in rows:
        steps.append(
            Step(
                start=start,
                seconds=seconds,
                kind=StepKind(kind),
                stroke=stroke,
                area=area,
                side=side,
                pressure=Pressure(level) if level else None,
                cue=f"cue for {stroke or kind}",
                why=why,
            )
        )
        start += int(seconds)  # type: ignore[call-overload]
    return Plan(minutes=start // 60, pressure=Pressure(pressure), focus=[], avoid=[], steps=steps)


def restart(steps: list[Step]) -> list[Step]:
    out, start = [], 0
    for step in steps:
        out.append(step.model_copy(update={"start": start}))
        start += step.seconds
    return out


class FakeReplanner:
    """Stands in for the planner: sets pressures (capped by area) and grows a step and its twin."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, object]] = []

    def with_pressure(self, plan: Plan, from_index: int, pressure: Pressure) -> Plan:
        self.calls.append(("pressure", from_index, pressure))
        steps = list(plan.steps)
        for i in range(from_index, len(steps)):
            step = steps[i]
            if step.pressure is None or step.why in ("warm-up", "cool-down"):
                continue
            cap = CAPS.get(step.area or "", Pressure.firm)
            level = pressure if pressure.rank <= cap.rank else cap
            steps[i] = step.model_copy(update={"pressure": level})
        return plan.model_copy(update={"steps": steps, "pressure": pressure})

    def extend(self, plan: Plan, index: int, seconds: int) -> Plan:
        self.calls.append(("extend", index, seconds))
        steps = list(plan.steps)
        step = steps[index]
        grow = [index]
        for j in (index - 1, index + 1):
            other = steps[j] if 0 <= j < len(steps) else None
            if (
                other is not None
                and step.side
                and other.side not in (None, step.side)
                and (other.stroke, other.area) == (step.stroke, step.area)
            ):
                grow.append(j)
        need = seconds * len(grow)
        last = max(grow) + 1
        donors = [j for j in range(last, len(steps)) if steps[j].kind is StepKind.stroke]
        donor = next((j for j in donors if steps[j].seconds - need >= 60), None)
        if donor is None:
            return plan
        for j in grow:
            steps[j] = steps[j].model_copy(update={"seconds": steps[j].seconds + seconds})
        steps[donor] = steps[donor].model_copy(update={"seconds": steps[donor].seconds - need})
        return plan.model_copy(update={"steps": restart(steps)})


class RecordingView:
    def __init__(self, clock: FakeClock, min_interval: float = 0.25) -> None:
        self.clock = clock
        self.min_interval = min_interval
        self.frames: list[tuple[float, Frame]] = []

    def show(self, frame: Frame) -> None:
        self.frames.append((self.clock.now(), frame))

    def last(self) -> Frame:
        return self.frames[-1][1]

    def at(self, moment: float) -> Frame:
        """The frame on screen at clock time `moment`."""
        shown = [f for t, f in self.frames if t <= moment]
        return shown[-1]


class Session:
    """A runner over a plan with keys pressed at clock times (the count-in takes 3 s first)."""

    def __init__(
        self,
        presses: Iterable[tuple[float, str]] = (),
        plan: Plan | None = None,
        max_pressure: Pressure = Pressure.firm,
        min_interval: float = 0.25,
        get_ready_seconds: float = READY,
    ) -> None:
        self.clock = FakeClock()
        self.keys = TimedKeys(self.clock, presses)
        self.view = RecordingView(self.clock, min_interval)
        self.cues = RecordingCues()
        self.replanner = FakeReplanner()
        self.runner = Runner(
            plan or make_plan(),
            self.parts(),
            RunOptions(max_pressure=max_pressure, get_ready_seconds=get_ready_seconds),
        )

    def parts(self) -> Parts:
        return Parts(self.clock, self.keys, self.view, self.cues, self.replanner)

    def run(self) -> Session:
        self.record = self.runner.run()
        return self


def paused_and_asked_to_quit() -> Session:
    """A session paused 33 s (with the count-in) and asked to quit for 10 s, so its check-in
    starts 43 s late, then made firmer there: the frames the screen tests draw."""
    presses = [(READY + 100, " "), (READY + 130, " "), (READY + 150, "q"), (READY + 160, "n")]
    presses.append((READY + 840 + 43 + 5, "+"))
    return Session(presses).run()


def test_uninterrupted_session_ends_exactly_at_the_planned_end() -> None:
    s = Session().run()
    assert s.record.outcome is Outcome.finished
    assert s.record.actual_seconds == 1800
    assert s.clock.now() == pytest.approx(READY + 1800, abs=1e-6)
    assert max(s.runner.timing.lateness) < 1e-6
    assert s.record.skipped_steps == [] and s.record.extended_steps == []


def test_work_records_the_seconds_of_each_hands_on_step() -> None:
    s = Session().run()
    assert [w.seconds for w in s.record.work] == [240, 300, 300, 240, 240, 180, 240]
    assert s.record.seconds_by_area() == {"upper-back": 600, "lower-back": 480, "neck": 180}
    assert all(w.kind == "stroke" for w in s.record.work)


def test_redraws_once_per_shown_second_and_not_more() -> None:
    s = Session().run()
    draws = s.runner.timing.draws
    # One draw per second of countdown, plus the count-in's three and the final frame.
    assert 1800 <= draws <= 1800 + 10
    assert s.runner.timing.wakeups < draws + 40  # cue moments wake without drawing


def test_countdown_shows_whole_seconds_and_the_first_step_after_the_count_in() -> None:
    s = Session().run()
    first = s.view.frames[0][1]
    assert first.get_ready == 3 and not first.paused
    start = s.view.at(READY)
    assert start.get_ready is None and start.step_left == 240 and start.elapsed == 0
    assert s.view.at(READY + 10.5).step_left == 230
    assert s.view.at(READY + 10.5).elapsed == 10
    assert s.view.at(READY + 10.5).remaining == 1790


def test_a_longer_count_in_still_counts_three_two_one_in_even_parts() -> None:
    """At a high --speed the count-in is given more session seconds, to stay readable."""
    s = Session([(30 + 100, " "), (30 + 200, " ")], get_ready_seconds=30).run()
    shown = [(t, f.get_ready) for t, f in s.view.frames if t < 30 and f.get_ready]
    assert shown == [(0, 3), (10, 2), (20, 1)]
    after_pause = [f.get_ready for t, f in s.view.frames if 230 <= t < 260 and f.get_ready]
    assert after_pause == [3, 2, 1]
    assert s.view.at(30).get_ready is None and s.view.at(30).step_left == 240
    assert s.record.actual_seconds == 1800


def test_pause_freezes_the_clock_and_resume_counts_in_again() -> None:
    s = Session([(READY + 100, " "), (READY + 400, " ")]).run()
    paused = s.view.at(READY + 200)
    assert paused.paused and paused.step_left == 140
    assert [f.get_ready for t, f in s.view.frames if READY + 400 <= t < READY + 403] == [3, 2, 1]
    assert s.view.at(READY + 400 + READY + 0.5).step_left == 140
    assert s.record.actual_seconds == 1800
    assert s.clock.now() == pytest.approx(READY + 1800 + 300 + READY)


def test_space_during_the_count_in_stays_paused() -> None:
    s = Session([(READY + 10, " "), (READY + 20, " "), (READY + 21, " "), (READY + 30, " ")]).run()
    assert s.view.at(READY + 25).paused and s.view.at(READY + 25).get_ready is None
    assert s.record.actual_seconds == 1800


def test_next_skips_the_rest_of_a_step_and_the_session_ends_earlier() -> None:
    s = Session([(READY + 10, "n")]).run()
    assert s.record.skipped_steps == [0]
    assert s.record.work[0].seconds == 10
    assert s.record.actual_seconds == 1800 - 230
    assert s.view.at(READY + 10.5).index == 1 and s.view.at(READY + 10.5).step_left == 300


def test_right_arrow_is_next_and_left_arrow_goes_back_to_the_previous_step_start() -> None:
    s = Session([(READY + 250, "left"), (READY + 260, "right")]).run()
    # At 250 s we were 10 s into step 1; back restarts step 0 from its beginning.
    assert s.view.at(READY + 250.5).index == 0 and s.view.at(READY + 250.5).step_left == 240
    assert s.view.at(READY + 260.5).index == 1 and s.view.at(READY + 260.5).step_left == 300
    assert s.record.skipped_steps == [0]
    assert s.record.actual_seconds == 250 + 10 + 1560  # step 1 ran 10 s, then again in full


def test_back_on_the_first_step_restarts_it() -> None:
    s = Session([(READY + 30, "b")]).run()
    assert s.view.at(READY + 30.5).index == 0 and s.view.at(READY + 30.5).step_left == 240
    assert s.record.actual_seconds == 1830


def test_firmer_replans_the_rest_at_the_next_level_with_the_end_unchanged() -> None:
    s = Session([(READY + 300, "+")]).run()
    assert s.replanner.calls == [("pressure", 1, Pressure.firm)]
    [change] = s.record.pressure_changes
    assert (change.at, change.before, change.after, change.reason) == (
        300,
        Pressure.medium,
        Pressure.firm,
        "firmer",
    )
    assert s.runner.plan.steps[2].pressure is Pressure.firm
    assert s.runner.plan.steps[7].pressure is Pressure.light  # the neck keeps its cap
    assert s.record.actual_seconds == 1800
    # The step's work splits at the change, so the workload weighs each part at its level.
    assert [(w.seconds, w.pressure) for w in s.record.work[1:3]] == [
        (60, Pressure.medium),
        (240, Pressure.firm),
    ]
    assert "Firmer: firm" in (s.view.at(READY + 301).message or "")


def test_firmer_never_goes_past_firm_or_the_screening_limit() -> None:
    s = Session([(READY + 10, "+"), (READY + 20, "+")], plan=make_plan(pressure="firm")).run()
    assert s.record.pressure_changes == [] and s.replanner.calls == []
    assert "firmest" in (s.view.at(READY + 11).message or "")
    limited = Session([(READY + 10, "+")], max_pressure=Pressure.medium).run()
    assert limited.record.pressure_changes == []
    assert "screening" in (limited.view.at(READY + 11).message or "")


def test_softer_twice_reaches_light_and_stops_there() -> None:
    presses = [(READY + 300, "-"), (READY + 310, "-"), (READY + 320, "-")]
    s = Session(presses).run()
    assert [c.after for c in s.record.pressure_changes] == [Pressure.light]
    assert s.runner.pressure is Pressure.light
    assert "lightest" in (s.view.at(READY + 321).message or "")


def test_a_pressure_change_on_a_capped_area_says_the_area_stays_lower() -> None:
    s = Session([(READY + 1400, "+")]).run()  # during the neck step
    assert "this step stays light" in (s.view.at(READY + 1401).message or "")
    # Already at firm: the neck step still says it stays light, not just "the firmest".
    firm = Session([(READY + 1400, "+")], plan=make_plan(pressure="firm")).run()
    assert firm.runner.plan.steps[7].pressure is Pressure.light
    assert (
        firm.view.at(READY + 1401).message == "Already at firm: the firmest (this step stays light)"
    )


def test_extend_grows_a_sided_step_and_its_twin_and_keeps_the_end_time() -> None:
    s = Session([(READY + 250, "e")]).run()
    assert s.record.extended_steps == [1, 2]
    assert [step.seconds for step in s.runner.plan.steps[1:3]] == [330, 330]
    assert s.view.at(READY + 251).step_left == 319
    assert s.record.actual_seconds == 1800
    assert s.record.work[1].seconds == 330 and s.record.work[2].seconds == 330


def test_extend_without_room_leaves_the_plan_and_says_so() -> None:
    s = Session([(READY + 1700, "e")]).run()  # the last step: nothing after it can shrink
    assert s.record.extended_steps == []
    assert "No room" in (s.view.at(READY + 1701).message or "")


def test_quit_needs_a_yes_and_the_clock_stands_still_while_asking() -> None:
    s = Session([(READY + 60, "q"), (READY + 90, "n"), (READY + 120, "q"), (READY + 125, "y")])
    s.run()
    assert s.record.outcome is Outcome.quit
    assert s.view.at(READY + 61).confirm_quit and s.view.at(READY + 61).step_left == 180
    assert s.view.at(READY + 89).step_left == 180
    assert s.record.actual_seconds == 60 + 30
    assert s.record.ended_at is not None


def test_ctrl_z_pauses_first_and_the_time_stopped_never_counts() -> None:
    stopped: list[float] = []
    saved: list[int] = []

    def stop_for_ten_minutes() -> None:  # what the shell does between Ctrl-Z and `fg`
        stopped.append(s.clock.now())
        s.clock.advance(600)

    s = Session([(READY + 105, "suspend"), (READY + 705 + 30, " ")])
    s.runner.parts.on_suspend = stop_for_ten_minutes
    s.runner.parts.on_checkpoint = lambda record, plan, index, into: saved.append(
        record.actual_seconds
    )
    s.run()
    assert stopped == [READY + 105]
    assert 105 in saved  # where it stopped was saved before stopping (else every 10 s)
    back = s.view.at(READY + 705 + 1)  # continued: still paused, the step where it was
    assert back.paused and back.step_left == 135 and back.get_ready is None
    assert back.message is not None and "space to go on" in back.message
    assert s.view.at(READY + 735 + READY + 1).message is None  # gone once it goes on
    assert s.record.outcome is Outcome.finished and s.record.actual_seconds == 1800
    assert s.clock.now() == pytest.approx(READY + 1800 + 600 + 30 + READY)


def test_ctrl_z_while_asking_to_quit_keeps_the_question() -> None:
    s = Session([(READY + 60, "q"), (READY + 70, "suspend"), (READY + 80, "y")])
    s.runner.parts.on_suspend = lambda: None
    s.run()
    assert s.view.at(READY + 75).confirm_quit
    assert s.record.outcome is Outcome.quit and s.record.actual_seconds == 60


def test_after_ctrl_z_a_no_to_the_quit_question_stays_paused() -> None:
    s = Session([(READY + 60, "q"), (READY + 70, "suspend"), (READY + 80, "n"), (READY + 200, " ")])
    s.runner.parts.on_suspend = lambda: None
    s.run()
    after = s.view.at(READY + 150)
    assert after.paused and not after.confirm_quit and after.step_left == 180
    assert s.record.outcome is Outcome.finished and s.record.actual_seconds == 1800
    assert s.clock.now() == pytest.approx(READY + 1800 + 140 + READY)


def test_stop_signal_ends_the_session_at_once() -> None:
    s = Session([(READY + 500, "!")]).run()
    assert s.record.outcome is Outcome.stop_signal
    assert s.record.actual_seconds == 500
    assert s.clock.now() == pytest.approx(READY + 500)
    assert s.keys.remaining == 0 and s.view.last().finished


def test_check_in_takes_more_less_or_same_and_no_answer_means_the_same() -> None:
    check_in = READY + 840 + 5
    s = Session([(check_in, "-")]).run()
    [change] = s.record.pressure_changes
    assert change.reason == "check-in" and change.after is Pressure.light
    assert s.view.at(check_in + 1).answer == "less"
    same = Session([(check_in, "=")]).run()
    assert same.record.pressure_changes == [] and same.view.at(check_in + 1).answer == "the same"
    silent = Session().run()
    assert silent.record.pressure_changes == []


def test_cues_at_step_starts_switching_sides_halfway_ten_seconds_before_and_the_end() -> None:
    s = Session().run()
    moments = s.cues.moments()
    starts = [e.step.why for e in s.cues.events if e.moment in (Moment.start, Moment.switch_side)]
    assert len(starts) == 9
    switches = [e for e in s.cues.events if e.moment is Moment.switch_side]
    assert [(e.step.area, e.step.side) for e in switches] == [
        ("upper-back", "right"),
        ("lower-back", "right"),
    ]
    assert moments.count(Moment.end) == 1 and moments[-1] is Moment.end
    # Long steps (>= 90 s) get a halfway cue; every step with a next gets "next: ..." 10 s before.
    assert moments.count(Moment.halfway) == 7
    soon = [e for e in s.cues.events if e.moment is Moment.soon]
    assert len(soon) == 8 and soon[0].next_step is not None
    assert soon[0].next_step.stroke == "petrissage"
    assert [e.closing for e in s.cues.events if e.moment is Moment.start][-1] is True
    assert s.cues.closed


def test_a_cue_that_flashes_redraws_the_screen_inverted_briefly() -> None:
    s = Session()
    s.runner.parts.cues = s.cues = RecordingCues(flash=True)
    s.run()
    flashes = [t for t, f in s.view.frames if f.flash]
    assert flashes and s.view.at(READY + 0.2).flash and not s.view.at(READY + 1).flash


def test_ctrl_c_and_sigterm_end_the_session_with_a_record() -> None:
    class Raising:
        def __init__(self, error: BaseException) -> None:
            self.error = error

        def get(self, timeout: float | None) -> str | None:
            raise self.error

    for error, outcome in (
        (KeyboardInterrupt(), Outcome.interrupted),
        (Terminated("SIGTERM"), Outcome.terminated),
    ):
        s = Session()
        s.runner.parts.keys = Raising(error)
        s.run()
        assert s.record.outcome is outcome and s.cues.closed


def test_keys_in_a_burst_redraw_at_most_four_times_a_second() -> None:
    burst = [(READY + 100 + i * 0.01, key) for i, key in enumerate("+-+-+-+-+-")]
    s = Session(burst).run()
    times = [t for t, _ in s.view.frames if READY + 100 <= t < READY + 101]
    assert len(times) <= 4
    assert s.view.at(READY + 101).pressure is Pressure.medium  # the last press is shown


def test_piped_view_prints_one_line_per_step_as_it_starts() -> None:
    from massage_coach.library import load_library
    from massage_coach.session.view import PlainView

    from ..conftest import FIXTURES

    lines: list[str] = []
    s = Session([(READY + 10, "n")])
    s.runner.parts.view = PlainView(lines.append, load_library(FIXTURES / "good"))
    s.run()
    assert len(lines) == 9
    assert lines[0].startswith("   0:00  Effleurage | whole back | light | ")
    assert lines[1].startswith("   0:10  Petrissage | Upper back and shoulders (left) | medium")
    assert all("\x1b" not in line for line in lines)


def test_with_the_real_planner_firmer_and_extend_keep_the_end_time() -> None:
    from massage_coach import planner
    from massage_coach.library import bundled_library
    from massage_coach.routine import Choices
    from massage_coach.session.replanner import PlannerReplanner

    library = bundled_library()
    choices = Choices(minutes=30)
    plan = planner.plan(choices, library)
    sided = next(
        i
        for i, step in enumerate(plan.steps)
        if step.side == "left" and step.start > 300 and step.seconds >= 30
    )
    moment = READY + plan.steps[sided].start + 5
    s = Session([(READY + 400, "+"), (moment, "e")], plan=plan)
    s.runner.parts.replanner = PlannerReplanner(choices, library)  # the real one, not the fake
    s.run()
    assert s.record.outcome is Outcome.finished
    assert s.record.actual_seconds == 30 * 60
    assert [c.after for c in s.record.pressure_changes] == [Pressure.firm]
    assert s.runner.plan.total_seconds == 30 * 60
    # the step and its twin on the other side, after the rest of this side's run
    twin = planner.adjust.twins(list(plan.steps))[sided]
    assert twin > sided + 1
    assert s.record.extended_steps == [sided, twin]
    assert sum(w.seconds for w in s.record.work) == sum(
        step.seconds for step in s.runner.plan.steps if step.stroke or step.tool
    )


def test_checkpoints_are_handed_out_at_step_changes_and_every_ten_seconds() -> None:
    saved: list[tuple[int, int, float, int]] = []
    s = Session([(READY + 245, "n")])
    s.runner.parts.on_checkpoint = lambda record, plan, index, into: saved.append(
        (round(s.clock.now() - READY), index, into, record.actual_seconds)
    )
    s.run()
    assert saved[0] == (0, 0, 0.0, 0)
    assert saved[1] == (10, 0, 10.0, 10)
    assert (240, 1, 0.0, 240) in saved  # the step change
    assert (245, 2, 0.0, 245) in saved  # a skip is a step change too
    times = [at for at, *_ in saved]
    # Skipping 5 s into step 1 dropped its other 295 s: the session ends at 1505.
    assert max(b - a for a, b in itertools.pairwise(times)) <= 10 and times[-1] >= 1505 - 10


def test_a_late_wake_still_shows_every_step_that_started_meanwhile() -> None:
    class LateKeys:
        """Every wait oversleeps by ten minutes, as a very high --speed would."""

        def __init__(self, clock: FakeClock) -> None:
            self.clock = clock

        def get(self, timeout: float | None) -> str | None:
            self.clock.advance((timeout or 0) + 600)
            return None

    s = Session(min_interval=0)
    s.runner.parts.keys = LateKeys(s.clock)
    s.run()
    starts = {}
    for _, frame in s.view.frames:
        starts.setdefault(frame.entry, frame)
    assert [f.index for f in starts.values()] == list(range(9))
    assert [f.step_started for f in starts.values()] == [s.start for s in make_plan().steps]
    assert s.record.outcome is Outcome.finished and s.record.actual_seconds == 1800


def test_a_resumed_session_completes_the_same_record_from_its_checkpoint() -> None:
    saved: list[tuple[SessionRecord, Plan, int, float]] = []
    crash = READY + 605  # 65 s into step 2, between two checkpoints
    first = Session([(crash, "!")])
    first.runner.parts.on_checkpoint = lambda *args: saved.append(args)
    first.run()
    record, plan, index, into = saved[-1]  # the last checkpoint before the "crash"
    assert (index, into, record.actual_seconds) == (2, 60.0, 600)
    assert sum(w.seconds for w in record.work) == 600  # work up to the checkpoint, step 2 included

    again = Session(plan=plan)
    again.runner = Runner(plan, again.parts(), resume=ResumeFrom(record, index, into))
    again.run()
    done = again.record
    assert done.id == record.id and done.outcome is Outcome.finished
    assert done.actual_seconds == 1800
    assert done.seconds_by_area() == {"upper-back": 600, "lower-back": 480, "neck": 180}
    assert again.view.at(READY + 0.5).step_left == 240 and again.view.at(READY + 0.5).elapsed == 600
    # The resumed step is the right side after the left one: the giver is told to walk round.
    first = again.cues.events[0]
    assert first.moment is Moment.switch_side and first.step == plan.steps[2]


def test_ctrl_c_just_past_a_deadline_resumes_without_counting_any_work_twice() -> None:
    class CtrlCLate:
        """Ctrl-C lands 20 s (of a fast clock) after the first step's deadline, before the
        runner has seen that deadline pass (a slow draw at a high --speed)."""

        def __init__(self, clock: FakeClock) -> None:
            self.clock = clock

        def get(self, timeout: float | None) -> str | None:
            self.clock.advance(260)
            raise KeyboardInterrupt

    saved: list[tuple[SessionRecord, Plan, int, float]] = []
    first = Session(get_ready_seconds=0)
    first.runner.parts.keys = CtrlCLate(first.clock)
    first.runner.parts.on_checkpoint = lambda *args: saved.append(args)
    first.run()
    record, plan, index, into = saved[-1]
    assert first.record.outcome is Outcome.interrupted
    assert sum(w.seconds for w in record.work) == record.actual_seconds == 240

    again = Session(plan=plan)
    again.runner = Runner(plan, again.parts(), resume=ResumeFrom(record, index, into))
    again.run()
    assert again.record.actual_seconds == 1800
    assert sum(w.seconds for w in again.record.work) == sum(
        step.seconds for step in plan.steps if step.stroke or step.tool
    )


def test_a_three_two_one_comes_in_the_last_three_seconds_of_each_long_enough_step() -> None:
    s = Session().run()
    counted = [e for e in s.cues.events if e.moment in (Moment.three, Moment.two, Moment.one)]
    assert len(counted) == 3 * len(make_plan().steps)  # each step is 30 s or more
    assert [e.moment for e in counted[:3]] == [Moment.three, Moment.two, Moment.one]
    first = make_plan().steps[0]
    assert all(e.step == first for e in counted[:3])


def test_the_last_words_are_waited_for_only_on_a_normal_finish() -> None:
    assert Session().run().cues.drained
    stopped = Session([(READY + 10, "!")]).run()
    assert stopped.cues.closed and not stopped.cues.drained


def test_equals_does_nothing_outside_a_check_in() -> None:
    s = Session([(READY + 10, "="), (READY + 300, "=")]).run()
    assert s.record.pressure_changes == [] and s.replanner.calls == []
    assert s.view.at(READY + 301).message is None


@pytest.mark.parametrize(
    ("at", "said"),
    [
        (READY + 10, "Firmer: this step stays light; firm from the next step"),  # the warm-up
        (READY + 300, "Firmer: firm now (was medium)"),
        (READY + 1400, "Firmer: this step stays light, and so do the steps left"),  # the neck
        (READY + 850, "Firmer: firm from the next step"),  # a check-in answered "more"
        (READY + 1360, "Firmer: no step left changes"),  # a giver break: the neck stays light
    ],
)
def test_a_pressure_message_names_the_real_before_and_after(at: float, said: str) -> None:
    s = Session([(at, "+")]).run()
    assert s.view.at(at + 1).message == said


def test_a_change_of_side_after_a_check_in_or_break_is_announced_once() -> None:
    from massage_coach.render.words import shown_cue

    rows = [
        (60, "stroke", "petrissage", "upper-back", "left", "medium", "a"),
        (30, "check-in", None, None, None, None, "check-in"),
        (60, "stroke", "petrissage", "upper-back", "right", "medium", "b"),
        (60, "stroke", "friction", "upper-back", "right", "medium", "c"),
        (30, "break", None, None, None, None, "giver break"),
        (60, "stroke", "effleurage", "upper-back", None, "light", "d"),
        (60, "stroke", "friction", "upper-back", "left", "medium", "e"),
        (60, "stroke", "friction", "lower-back", "right", "medium", "f"),
    ]
    s = Session(plan=make_plan(rows)).run()
    switches = [e.step.why for e in s.cues.events if e.moment is Moment.switch_side]
    assert switches == ["b", "e"]
    starts = [e.step.why for e in s.cues.events if e.moment is Moment.start]
    assert "b" not in starts and "e" not in starts
    shown = {f.step.why: shown_cue(f) for _, f in s.view.frames if f.step.stroke}
    assert shown["b"] == "Switch side, to their right: cue for petrissage"
    assert shown["e"] == "Switch side, to their left: cue for friction"
    assert shown["c"] == "cue for friction" and shown["f"] == "cue for friction"
    # A cue the plan already opens with the change of side is shown as it is, once.
    steps = list(s.runner.plan.steps)
    steps[2] = steps[2].model_copy(update={"cue": "Switch side: cue for petrissage"})
    again = Session(plan=s.runner.plan.model_copy(update={"steps": steps})).run()
    shown = {f.step.why: shown_cue(f) for _, f in again.view.frames if f.step.stroke}
    assert shown["b"] == "Switch side: cue for petrissage"
