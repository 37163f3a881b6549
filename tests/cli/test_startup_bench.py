"""The benchmark's own arithmetic: the schedule it rebuilds from a session trace, and its verdicts.

Timings are never asserted here (they are the benchmark's output); what is tested is that a
runner on time reads as on time, and a runner that drifts or ends late cannot hide it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from massage_coach.models import Pressure
from massage_coach.record import Outcome
from massage_coach.routine import Plan, Step, StepKind
from massage_coach.session.clock import FakeClock
from massage_coach.session.cues import RecordingCues
from massage_coach.session.keys import TimedKeys
from massage_coach.session.runner import GET_READY_SECONDS, Parts, Runner

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_a_runner_on_schedule_through_a_pause_reads_as_on_time(bench: ModuleType) -> None:
    # Speed 60: a 60 s step lasts 1 s of wall time; a 2 s pause pushes what follows by 2 s.
    trace = bench.Trace.parse(
        "start 60.0 100.0\n"
        "step 1 60.0 101.0\n"
        "pause 101.5\n"
        "resume 103.5\n"
        "step 2 120.0 104.0\n"
        "some-future-event 1 2\n"
        "end 180.0 105.0\n"
    )
    assert trace.lateness() == pytest.approx([0.0, 0.0])
    planned_total, end = trace.end
    assert end - trace.scheduled(planned_total, end) == pytest.approx(0.0)


def test_a_runner_that_drifts_shows_its_lateness_growing(bench: ModuleType) -> None:
    # Counting down by adding up sleeps: every step a little later than the one before.
    trace = bench.Trace.parse(
        "start 1.0 0.0\nstep 1 10.0 10.02\nstep 2 20.0 20.04\nstep 3 30.0 30.06\nend 40.0 40.08\n"
    )
    assert trace.lateness() == pytest.approx([0.02, 0.04, 0.06])
    planned_total, end = trace.end
    assert end - trace.scheduled(planned_total, end) == pytest.approx(0.08)


def test_a_figure_over_its_budget_is_over_and_one_without_a_baseline_is_judged_on_the_rest(
    bench: ModuleType,
) -> None:
    report = bench.Report()
    over = report.judge(bench.Row("start-up", "x", 130.0, "ms", 100.0, "F"), max_ratio=1.2)
    assert (over.verdict, over.budget) == ("over", "<= 1.2x")
    ok = report.judge(bench.Row("memory", "y", 40.0, "MiB"), max_ratio=1.5, max_figure=64)
    assert ok.verdict == "ok" and "no baseline" in ok.budget


def test_the_generated_pack_renames_ids_and_the_references_to_them(
    bench: ModuleType, tmp_path: Path
) -> None:
    source = tmp_path / "source"
    (source / "areas").mkdir(parents=True)
    (source / "strokes").mkdir()
    (source / "strokes" / "glide.yaml").write_text("id: glide\nname: Glide\n")
    (source / "areas" / "back.yaml").write_text(
        "id: back\naliases: [spine]\nstrokes: [glide]\nsummary: glide over the back\n"
        "shares: {back: 60, light: 40}\n"
    )
    assert bench.make_pack(source, tmp_path / "pack", 2) == 4
    text = (tmp_path / "pack" / "areas" / "back-x1.yaml").read_text()
    assert "id: back-x1" in text and "glide-x1" in text and "spine-x1" in text
    assert "summary: glide over the back" in text
    assert "back-x1: 60" in text and "light: 40" in text


def test_the_generated_pack_of_the_bundled_content_loads_with_one_default_heat(
    bench: ModuleType, tmp_path: Path
) -> None:
    from massage_coach.content_files import bundled_content_dir
    from massage_coach.library import load_library

    files = bench.make_pack(bundled_content_dir(), tmp_path / "pack", 2)
    library = load_library(tmp_path / "pack")
    assert files == 2 * len(list(bundled_content_dir().glob("*/*.yaml")))
    assert [t.id for t in library.tools.values() if t.heat_default] == ["warm-towel-x0"]


class _Screen:
    min_interval = 0.25

    def show(self, frame: object) -> None:
        pass


class _SamePlan:
    def with_pressure(self, plan: Plan, from_index: int, pressure: Pressure) -> Plan:
        return plan

    def extend(self, plan: Plan, index: int, seconds: int) -> Plan:
        return plan


def test_the_runners_trace_read_by_the_benchmark_shows_a_session_on_schedule(
    bench: ModuleType,
) -> None:
    steps = [
        Step(start=start, seconds=60, kind=StepKind.stroke, cue="glide", why="warm-up")
        for start in (0, 60, 120)
    ]
    plan = Plan(minutes=3, pressure=Pressure.light, focus=[], avoid=[], steps=steps)
    clock = FakeClock()
    lines: list[str] = []

    def trace(event: str, raw: float, *values: float) -> None:  # the fake clock is real time
        lines.append(" ".join([event, *(repr(v) for v in values), repr(raw)]))

    # A pause 70 s into the session, resumed 10 s later (then a count-in of GET_READY_SECONDS).
    keys = TimedKeys(clock, [(GET_READY_SECONDS + 70, " "), (GET_READY_SECONDS + 80, " ")])
    runner = Runner(plan, Parts(clock, keys, _Screen(), RecordingCues(), _SamePlan(), trace=trace))
    assert runner.run().outcome is Outcome.finished
    assert [line.split()[0] for line in lines] == [
        "start",
        "step",
        "pause",
        "resume",
        "step",
        "end",
    ]
    parsed = bench.Trace.parse("\n".join(lines))
    assert parsed.start == pytest.approx(GET_READY_SECONDS)
    assert parsed.pauses == [pytest.approx((GET_READY_SECONDS + 70, GET_READY_SECONDS * 2 + 80))]
    assert parsed.lateness() == pytest.approx([0.0, 0.0], abs=1e-6)
    planned_total, end = parsed.end
    assert planned_total == 180
    assert end - parsed.scheduled(planned_total, end) == pytest.approx(0.0, abs=1e-6)
