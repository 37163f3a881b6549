"""The massage-coach benchmark: start-up, content, planner, live session, timing, memory, store.

    python bench/run.py            # the full run, a few minutes; prints a table
    python bench/run.py --quick    # a few runs of each, short sessions: under a minute (CI)

Run it with the project's own interpreter (`.venv/bin/python bench/run.py`) after
`pip install -e '.[test]'`: it needs only the standard library and the project's dependencies
(the pseudo-terminal sections use the standard library's `pty`, not pexpect). When `termdown`
is installed in the same environment or on PATH, the live-session section measures it as a
baseline; otherwise that row reads n/a. Results go to `bench/results.json` (or `--out`).

How figures are taken, and why (timings on a shared machine are noisy):
- Every command is run as a fresh process, stdout and stdin on /dev/null, from a temporary
  folder with HOME and the XDG folders pointed into it (no user data is read or written).
- The runs of a command, of its import floor and of the others are interleaved round-robin,
  the order rotating each round: a burst of load from elsewhere hits a command and its floor
  alike, so their ratio is steadier than either figure.
- A full run takes BLOCKS blocks of RUNS runs. The figure is the median within each block (one
  slow run does not move it), then the smallest of the block medians: noise only ever adds
  time, so the least disturbed block is the best estimate of the machine's own speed. Quick
  mode takes one block of three, i.e. a plain median. Each budget is a ratio to a baseline
  taken the same way in the same run, never an absolute time from another day.
- Peak memory (ru_maxrss) and CPU time come from wait4() on each child; the median is shown.
- Live-session CPU is marginal, start-up excluded: the CPU a long run (30 s) used after the
  short run's length (6 s), per minute, read from /proc/PID/task/*/schedstat within the one
  run. The classic difference of two runs, (CPU of the long run - CPU of the short one) /
  (wall difference), is shown beside it (and used without /proc): it carries the start-up
  variance of two processes, ~0.15 CPU-s here. Each run has its own empty user folders, runs
  in a pseudo-terminal at 80x24 and is stopped with SIGTERM.
- The session's timing is read from a trace it writes when MASSAGE_COACH_TRACE names a file
  (see TRACE FORMAT below); the benchmark computes the schedule itself from the planned step
  offsets, the speed and the pauses, so a runner that drifts cannot hide it.

Exit status: 0 whatever the timings (a budget missed shows as "over" in the table); 1 only on
a real error: a command that crashes (an exit status other than 0 or the usage/content
status 2), or a fault in this script. A command that is not there yet reads n/a.

TRACE FORMAT (written by the session when MASSAGE_COACH_TRACE names a file; one event per line,
appended and flushed as it happens; `T` is real time.monotonic() seconds, not the session's
sped-up clock; numbers as Python's repr of a float):
    start SPEED T              active time begins: the first get-ready count-in is over
    step INDEX DUE T           the runner switched to step INDEX (1, 2, ...); DUE is the active
                               session second it was due at (plan.steps[INDEX].start unless the
                               plan was changed); T is when the switch actually happened
    pause T                    active time stopped (a pause, or q waiting for its answer)
    resume T                   active time runs again (after the count-in that follows a pause)
    end TOTAL T                the last step's time is up: TOTAL active seconds, T when noticed
For `pause`, `resume` and `start`, T is the moment the runner's own arithmetic says active time
stopped or started (the count-in's deadline, not the wake-up after it), so that the schedule
the benchmark rebuilds is the runner's own. Unknown event names are ignored. With speed S,
active second p is due at wall time start + p / S + the wall time spent paused before it.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import platform
import pty
import re
import select
import shlex
import shutil
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
USAGE_EXIT = 2  # the CLI's exit status for usage and content errors: "not available" here

# Import floors (see the README's Benchmarks section): what any typer CLI with rich help pays,
# and what a command that shows content must pay at least.
HELP_FLOOR = "import typer, typer.rich_utils"
# typer's own rich help, for scale: a bare app with as many commands as ours, no code of ours.
BARE_TYPER_COMMANDS = 13  # as many as `massage-coach --help` lists
BARE_TYPER_HELP = """
import sys, typer
app = typer.Typer(rich_markup_mode="rich", help="A bare typer app.")
for number in range({commands}):
    def command() -> None:
        "One line of help for this command, about as long as the real ones are."
    app.command(f"command-{{number}}")(command)
sys.argv[1:] = ["--help"]
app()
"""
CONTENT_FLOOR = (
    "import typer, rich.console, rich.table, yaml, pydantic; "
    "pydantic.create_model('M', x=(int, ...))"
)
# Modules `--help` and completion must not import.
HEAVY_MODULES = (
    "pydantic",
    "yaml",
    "massage_coach.models",
    "massage_coach.library",
    "massage_coach.planner",
    "massage_coach.routine",
)
IMPORT_PROBE = f"""
import sys
from massage_coach.cli import main
sys.argv = ["massage-coach", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = {HEAVY_MODULES!r}
sys.stderr.write("\\nIMPORTED:" + ",".join(m for m in heavy if m in sys.modules) + "\\n")
"""

# The session's options the benchmark needs. The first name of each group that the session's
# --help lists is used; `--speed` is required for the timing section.
SKIP_QUESTIONS = ("--skip-screening", "--no-screening", "--skip-checks", "--no-checks", "--yes")
SKIP_PREP = ("--skip-prep", "--no-prep")
NO_VOICE = ("--no-voice", "--silent", "--quiet", "--mute")
PAUSE_KEY = b" "


@dataclass(frozen=True)
class Mode:
    blocks: int
    runs: int  # per block
    inprocess_runs: int  # per block
    live_long: float  # seconds
    live_short: float
    live_reps: int
    timing_minutes: int
    speed: int
    pauses: tuple[tuple[float, float], ...]  # (at, length) in wall seconds after the start
    quick: bool = False


FULL = Mode(5, 7, 7, 30.0, 6.0, 3, 60, 60, ((10.0, 2.0), (30.0, 1.0)))
QUICK = Mode(1, 3, 3, 5.0, 2.5, 1, 5, 60, ((2.0, 0.5),), quick=True)


class Unavailable(Exception):
    """What is measured does not exist yet (or refused the input): the row reads n/a."""


class Broken(Exception):
    """A command crashed: a real error, reported and turned into exit status 1."""


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds
    rss: int  # peak resident set, bytes


@dataclass
class Row:
    section: str
    name: str
    figure: float | None = None
    unit: str = ""
    baseline: float | None = None
    baseline_name: str = ""
    budget: str = ""
    verdict: str = "info"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.figure is None or not self.baseline:
            return None
        return self.figure / self.baseline


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    samples: dict[str, list[dict[str, float]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def missing(self, section: str, name: str, why: str) -> None:
        self.add(Row(section, name, verdict="n/a", note=f"not available: {why}"))

    def judge(
        self,
        row: Row,
        max_ratio: float | None = None,
        max_figure: float | None = None,
    ) -> Row:
        """Set the budget text and verdict from a ratio and/or absolute limit."""
        parts, ok = [], True
        if max_ratio is not None and (row.baseline is None or row.figure is None):
            parts.append(f"<= {max_ratio:g}x (no baseline this run)")
        elif max_ratio is not None:
            parts.append(f"<= {max_ratio:g}x")
            ok = ok and row.ratio is not None and row.ratio <= max_ratio
        if max_figure is not None:
            parts.append(f"<= {max_figure:g} {row.unit}")
            ok = ok and row.figure is not None and row.figure <= max_figure
        row.budget = ", ".join(parts)
        row.verdict = "ok" if ok else "over"
        return self.add(row)


# -- running children ----------------------------------------------------------------------


def child_env(home: Path, **extra: str) -> dict[str, str]:
    """The caller's environment, minus anything that changes the CLI's behaviour or speed."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "_MASSAGE_COACH", "MASSAGE_COACH", "COMP_"))
        and k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "LINES")
    }
    env.update(
        MASSAGE_COACH_HOME=str(home / "massage-coach"),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        COLUMNS="80",
        LINES="24",
    )
    env.update(extra)
    return env


def fresh_env(env: dict[str, str]) -> dict[str, str]:
    """`env` with new, empty user folders: no run sees what an earlier one left (a history,
    a checkpoint to resume), which would change its start-up."""
    home = Path(tempfile.mkdtemp(prefix="run-", dir=env["HOME"]))
    folders = {k: v for k, v in child_env(home).items() if k in env and v != env[k]}
    return env | folders | {"HOME": str(home)}


def run_child(argv: Sequence[str], env: dict[str, str], cwd: Path) -> tuple[Sample, int, str]:
    """Run once to completion; wall time, CPU and peak RSS from wait4(), exit status, stderr."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
            env=env, cwd=cwd,
        )  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return (
        Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024),
        proc.returncode,
        stderr,
    )


def last_line(text: str) -> str:
    """The last line of a message that says something (not a box border or escape codes)."""
    text = re.sub(r"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07|.)", "", text)
    lines = [line.strip(" \t\r│╭╮╰╯─|") for line in text.splitlines()]
    lines = [line for line in lines if any(c.isalnum() for c in line)]
    return lines[-1][:160] if lines else "(no message)"


def check_status(code: int, stderr: str) -> None:
    if code == USAGE_EXIT:
        raise Unavailable(last_line(stderr))
    missing = re.search(r"(ModuleNotFoundError|ImportError): .*massage_coach.*", stderr)
    if code == 1 and missing:  # a module another branch is still writing
        raise Unavailable(missing.group(0)[:160])
    if code != 0:
        raise Broken(f"exit status {code}: {last_line(stderr)}")


def measure_interleaved(
    commands: dict[str, Sequence[str]],
    env: dict[str, str],
    cwd: Path,
    mode: Mode,
    report: Report,
    extra_env: dict[str, dict[str, str]] | None = None,
) -> tuple[dict[str, list[list[Sample]]], dict[str, Exception]]:
    """Warm each command up once, then run them round-robin.

    Returns the samples of each command, block by block, and why the others could not run.
    """
    envs = {name: env | (extra_env or {}).get(name, {}) for name in commands}
    ready: dict[str, Sequence[str]] = {}
    failed: dict[str, Exception] = {}
    for name, argv in commands.items():
        _, code, stderr = run_child(argv, envs[name], cwd)  # warm-up: page cache, bytecode
        try:
            check_status(code, stderr)
        except (Unavailable, Broken) as exc:
            failed[name] = exc
            continue
        ready[name] = argv
    samples: dict[str, list[list[Sample]]] = {name: [] for name in ready}
    names = list(ready)
    for _block in range(mode.blocks):
        for name in names:
            samples[name].append([])
        for round_ in range(mode.runs):
            shift = round_ % len(names) if names else 0
            for name in names[shift:] + names[:shift]:
                sample, _, _ = run_child(ready[name], envs[name], cwd)
                samples[name][-1].append(sample)
    for name, blocks in samples.items():
        report.samples[name] = [asdict(s) for block in blocks for s in block]
    return samples, failed


def best_median(blocks: list[list[Sample]], key: Callable[[Sample], float]) -> float:
    """The smallest of the per-block medians (see the module docstring)."""
    return min(statistics.median(key(s) for s in block) for block in blocks)


def overall_median(blocks: list[list[Sample]], key: Callable[[Sample], float]) -> float:
    return statistics.median(key(s) for block in blocks for s in block)


def coach_argv() -> list[str]:
    """The console script beside this interpreter, else `python -m massage_coach`."""
    script = Path(sys.executable).parent / "massage-coach"
    return [str(script)] if script.exists() else [sys.executable, "-m", "massage_coach"]


def termdown_argv() -> list[str] | None:
    beside = Path(sys.executable).parent / "termdown"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("termdown")
    return [found] if found else None


# -- 1. start-up, and 6. memory of the one-shot commands -------------------------------------


def startup(report: Report, mode: Mode, env: dict[str, str], cwd: Path) -> None:
    py, coach = sys.executable, coach_argv()
    completion = {
        "_MASSAGE_COACH_COMPLETE": "complete_bash",
        "COMP_WORDS": "massage-coach techniques ef",
        "COMP_CWORD": "2",
    }
    floors = {
        "python -c pass": [py, "-c", "pass"],
        "import typer": [py, "-c", "import typer"],
        "floor H (typer + rich help)": [py, "-c", HELP_FLOOR],
        "floor F (content stack)": [py, "-c", CONTENT_FLOOR],
        "bare typer app --help (terminal)": [
            py, "-c", BARE_TYPER_HELP.format(commands=BARE_TYPER_COMMANDS)
        ],
    }  # fmt: skip
    # Help as a terminal shows it (typer's rich boxes; FORCE_COLOR is rich's and typer's "this is
    # a terminal") and as a pipe gets it (click's plain text, which needs no rich).
    terminal = {"FORCE_COLOR": "1"}
    commands = {
        "--help": [*coach, "--help"],
        "--help (terminal)": [*coach, "--help"],
        "techniques --help": [*coach, "techniques", "--help"],
        "techniques --help (terminal)": [*coach, "techniques", "--help"],
        "completion (techniques ef<TAB>)": coach,
        "techniques": [*coach, "techniques"],
        "checklist prep --print": [*coach, "checklist", "prep", "--print"],
        "plan --format json": [*coach, "plan", "--format", "json"],
    }
    samples, failed = measure_interleaved(
        {**floors, **commands}, env, cwd, mode, report,
        {
            "completion (techniques ef<TAB>)": completion,
            "--help (terminal)": terminal,
            "techniques --help (terminal)": terminal,
            "bare typer app --help (terminal)": terminal,
        },
    )  # fmt: skip

    def unmeasured(section: str, name: str) -> None:
        exc = failed.get(name)
        if isinstance(exc, Broken):
            report.errors.append(f"{name}: {exc}")
            report.add(Row(section, name, verdict="error", note=str(exc)))
        elif exc is not None:
            report.missing(section, name, str(exc))

    def wall(name: str) -> float | None:
        return best_median(samples[name], lambda s: s.wall) * 1000 if name in samples else None

    for name in ("python -c pass", "import typer"):
        report.add(Row("start-up", name, wall(name), "ms", note="reference"))
    floor_h, floor_f = wall("floor H (typer + rich help)"), wall("floor F (content stack)")
    report.add(Row("start-up", "floor H: " + HELP_FLOOR, floor_h, "ms", note="baseline"))
    report.add(Row("start-up", "floor F: typer, rich, yaml, pydantic model", floor_f, "ms"))
    bare = "bare typer app --help (terminal)"
    bare_ms = wall(bare)
    if bare_ms is not None:
        ratio = f"{bare_ms / floor_h:.2f}x H" if floor_h else "-"
        note = f"for scale: typer alone, {BARE_TYPER_COMMANDS} commands: {ratio}"
        report.add(Row("start-up", bare, bare_ms, "ms", note=note))
    unmeasured("start-up", bare)
    for name, floor, floor_name, limit in (
        ("--help", floor_h, "H", 1.15),
        ("--help (terminal)", floor_h, "H", 1.15),
        ("techniques --help", floor_h, "H", 1.15),
        ("techniques --help (terminal)", floor_h, "H", 1.15),
        ("completion (techniques ef<TAB>)", floor_h, "H", 1.15),
        ("techniques", floor_f, "F", 1.3),
        ("checklist prep --print", floor_f, "F", 1.3),
        ("plan --format json", floor_f, "F", 1.3),
    ):
        if name in samples:
            report.judge(Row("start-up", name, wall(name), "ms", floor, floor_name), limit)
        unmeasured("start-up", name)

    for argv, label in (
        (["--help"], "--help"),
        (["techniques", "--help"], "techniques --help"),
        ([], "completion"),
    ):
        probe_env = env if argv else env | completion
        _, _, stderr = run_child([py, "-c", IMPORT_PROBE, *argv], probe_env, cwd)
        marker = [line for line in stderr.splitlines() if line.startswith("IMPORTED:")]
        if not marker:
            report.errors.append(f"import probe {label}: {last_line(stderr)}")
            report.add(Row("start-up", f"{label} imports", verdict="error", note=last_line(stderr)))
            continue
        heavy = marker[-1].removeprefix("IMPORTED:")
        report.add(
            Row(
                "start-up",
                f"{label} imports",
                budget="none of pydantic, yaml, content, planner",
                verdict="over" if heavy else "ok",
                note=heavy.replace(",", ", ") or "none of them",
            )
        )

    rss_f = (
        overall_median(samples["floor F (content stack)"], lambda s: s.rss) / MIB
        if "floor F (content stack)" in samples
        else None
    )
    report.add(Row("memory", "floor F peak RSS", rss_f, "MiB", note="baseline"))
    for name in ("--help", "techniques", "checklist prep --print", "plan --format json"):
        if name in samples:
            rss = overall_median(samples[name], lambda s: s.rss) / MIB
            report.judge(Row("memory", f"{name} peak RSS", rss, "MiB", rss_f, "F"), 1.5, 64)
        else:
            report.missing("memory", f"{name} peak RSS", "see start-up")


# -- 2. content --------------------------------------------------------------------------


def timed(fns: dict[str, Callable[[], object]], mode: Mode) -> dict[str, float]:
    """Wall time of each `fn()` in milliseconds, taken like the commands' (module docstring):
    one warm-up call each, then calls interleaved, the smallest of the block medians."""
    for fn in fns.values():
        fn()
    blocks: dict[str, list[list[float]]] = {name: [] for name in fns}
    for _ in range(mode.blocks):
        for name in fns:
            blocks[name].append([])
        for _ in range(mode.inprocess_runs):
            for name, fn in fns.items():
                start = time.perf_counter()
                fn()
                blocks[name][-1].append(time.perf_counter() - start)
    return {name: min(map(statistics.median, b)) * 1000 for name, b in blocks.items()}


def rename_ids(data: Any, ids: set[str], suffix: str) -> Any:
    """Every string that is an id (or alias), key or value, gets `suffix`: references (a list
    of stroke ids, a routine's area shares keyed by id) stay consistent."""
    if isinstance(data, dict):
        return {rename_ids(k, ids, suffix): rename_ids(v, ids, suffix) for k, v in data.items()}
    if isinstance(data, list):
        return [rename_ids(value, ids, suffix) for value in data]
    if isinstance(data, str) and data in ids:
        return data + suffix
    return data


def make_pack(source: Path, target: Path, copies: int) -> int:
    """Write `copies` copies of every content file of `source` under new ids; files written."""
    import yaml

    files = sorted(p for p in source.glob("*/*") if p.suffix in (".yaml", ".yml"))
    parsed = {p: yaml.load(p.read_text("utf-8"), Loader=yaml.CSafeLoader) for p in files}
    ids = {p.stem for p in files}
    for data in parsed.values():
        if isinstance(data, dict):
            ids.update(a for a in data.get("aliases", []) if isinstance(a, str))
    for copy in range(copies):
        suffix = f"-x{copy}"
        for path, data in parsed.items():
            out = target / path.parent.name / f"{path.stem}{suffix}{path.suffix}"
            out.parent.mkdir(parents=True, exist_ok=True)
            copied = rename_ids(data, ids, suffix)
            if copy > 0 and isinstance(copied, dict) and copied.get("heat_default"):
                copied["heat_default"] = False  # one default heat per library, as the loader asks
            text = yaml.dump(
                copied,
                Dumper=yaml.CSafeDumper,
                sort_keys=False,
                allow_unicode=True,
            )
            out.write_text(text, "utf-8")
    return len(files) * copies


def content(report: Report, mode: Mode, tmp: Path) -> None:
    section = "content"
    try:
        import yaml

        from massage_coach import library
        from massage_coach.content_files import bundled_content_dir
    except ImportError as exc:
        report.missing(section, "load + validate bundled library", str(exc))
        return
    bundled = bundled_content_dir()
    files = sorted(p for p in bundled.glob("*/*") if p.suffix in (".yaml", ".yml"))
    texts = [p.read_text("utf-8") for p in files]
    loader_ok = getattr(library, "SafeLoader", None) is getattr(yaml, "CSafeLoader", object())
    report.add(
        Row(
            section,
            "YAML loader in use",
            budget="CSafeLoader",
            verdict="ok" if loader_ok else "over",
            note=getattr(getattr(library, "SafeLoader", None), "__name__", "?"),
        )
    )
    if hasattr(yaml, "CSafeLoader"):
        parse = timed(
            {
                "fast": lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts],
                "slow": lambda: [yaml.load(t, Loader=yaml.SafeLoader) for t in texts],
            },
            mode,
        )
        fast, slow = parse["fast"], parse["slow"]
        report.add(
            Row(
                section,
                "parse only, SafeLoader",
                slow,
                "ms",
                fast,
                "CSafeLoader",
            )
        )
    pack = tmp / "pack10"
    count = make_pack(bundled, pack, 10)
    try:
        one = timed({"bundled": library.load_library}, mode)["bundled"]
    except Exception as exc:  # the content itself is another branch's work: report, go on
        report.missing(section, "load + validate bundled library", f"{type(exc).__name__}: {exc}")
        return
    try:  # interleaved with the bundled library, which is timed again for the ratio
        both = timed({"one": library.load_library, "ten": lambda: library.load_library(pack)}, mode)
    except Exception as exc:  # the pack is made here from loadable content: a real error
        both = {}
        report.missing(section, "10x pack", f"{type(exc).__name__}: {str(exc)[:120]}")
        report.errors.append(f"10x pack: {type(exc).__name__}: {str(exc)[:200]}")
    one = min(one, both.get("one", one))
    report.judge(
        Row(section, f"load + validate bundled ({len(files)} files)", one, "ms"), max_figure=15
    )
    if not both:
        return
    one, ten = both["one"], both["ten"]
    row = Row(section, f"load + validate 10x pack ({count} files)", ten, "ms", one, "bundled")
    report.judge(row, max_ratio=12).note = "linear = 10x; budget allows 20 % over"


# -- 3. planner --------------------------------------------------------------------------


def planner(report: Report, mode: Mode) -> None:
    section = "planner"
    try:
        from massage_coach import planner as core
        from massage_coach.library import load_library
        from massage_coach.routine import Choices

        lib = load_library()
    except Exception as exc:
        report.missing(section, "plan 5/20/90 minutes", f"{type(exc).__name__}: {exc}")
        return
    plans = {
        minutes: (lambda m=minutes: core.plan(Choices(minutes=m), lib)) for minutes in (5, 20, 90)
    }
    try:
        times = timed({str(m): fn for m, fn in plans.items()}, mode)
    except Exception as exc:
        report.missing(section, "plan 5/20/90 minutes", f"{type(exc).__name__}: {exc}")
        return
    for minutes in plans:
        row = Row(section, f"plan {minutes} min", times[str(minutes)], "ms", times["5"], "5 min")
        report.add(row)
    for minutes in SHAPE_MINUTES:
        try:
            made = core.plan(Choices(minutes=minutes, focus=SHAPE_FOCUS), lib)
        except Exception as exc:
            report.missing(section, f"shape {minutes} min", f"{type(exc).__name__}: {exc}")
            continue
        figures = plan_shape(made, lib)
        for (name, unit), figure, before in zip(
            SHAPE_FIGURES, figures, SHAPE_BEFORE[minutes], strict=True
        ):
            report.add(Row(section, f"{minutes} min: {name}", figure, unit, before, "before"))


SHAPE_MINUTES = (10, 20, 45, 90)
SHAPE_FOCUS = ("lower-back",)
SHAPE_FIGURES = (("steps", "steps"), ("median stroke", "s"), ("side switches/pass", "x"))
SHAPE_BEFORE = {
    # Measured with this function on the planner before calm blocks and grouped sides
    # (every stroke split left/right), same choices: --focus lower-back.
    10: (16, 32.5, 4.5),
    20: (23, 46.0, 4.67),
    45: (50, 54.0, 3.86),
    90: (84, 74.0, 5.0),
}


def plan_shape(plan: Any, library: Any) -> tuple[float, float, float]:
    """Steps in the plan, the median hands-on step (seconds) and the side switches per pass
    over an area (a pass starts at an area's first step or at a link glide after other work)."""
    hands_on = [s for s in plan.steps if s.kind == "stroke"]
    median = statistics.median(s.seconds for s in hands_on) if hands_on else 0.0
    switches = passes = 0
    last_side: tuple[str, str] | None = None  # (area, side) of the last one-sided step
    previous = None
    for step in hands_on:
        if step.area is None:
            previous, last_side = step, None
            continue
        stroke = library.strokes.get(step.stroke or "")
        link = stroke is not None and "warm-up" in [r.value for r in stroke.roles]
        new_area = previous is None or previous.area != step.area
        after_work = previous is not None and previous.stroke != step.stroke
        if new_area or (link and after_work):
            passes += 1
        if new_area:
            last_side = None
        if step.side is not None:
            if last_side is not None and last_side != (step.area, step.side):
                switches += 1
            last_side = (step.area, step.side)
        previous = step
    return float(len(plan.steps)), float(median), switches / passes if passes else 0.0


# -- 4.-6. the live session --------------------------------------------------------------


@dataclass
class PtyRun:
    sample: Sample
    stopped_after: float  # wall seconds from spawn to SIGTERM (or to its own exit)
    output_tail: bytes
    code: int
    ran_to_stop: bool  # still running when it was stopped (it did not exit on its own)
    steady_rate: float | None  # CPU-s per minute from `warm` seconds to the stop, from /proc


def process_cpu(pid: int) -> float | None:
    """CPU seconds of every thread of `pid` so far (Linux /proc schedstat, nanoseconds)."""
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return total / 1e9


def run_in_pty(
    argv: Sequence[str],
    env: dict[str, str],
    cwd: Path,
    seconds: float,
    keys: Sequence[tuple[float, bytes]] = (),
    stop_early: Callable[[], bool] | None = None,
    warm: float | None = None,
) -> PtyRun:
    """Run `argv` on an 80x24 pseudo-terminal, type `keys` at their times, SIGTERM at `seconds`.

    With `warm`, also measure the CPU rate from `warm` seconds in to the stop, within the run.
    """
    pid, fd = pty.fork()
    if pid == 0:  # the child: size the terminal, then become the command
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.chdir(cwd)
            os.execve(argv[0], list(argv), env)
        finally:
            os._exit(127)
    start = time.perf_counter()
    pending = sorted(keys)
    tail = b""
    stopped_at: float | None = None
    result: tuple[int, int, Any] | None = None
    first: tuple[float, float | None] | None = None
    steady: float | None = None
    try:
        while result is None:
            now = time.perf_counter() - start
            while pending and pending[0][0] <= now:
                os.write(fd, pending.pop(0)[1])
            if warm is not None and first is None and now >= warm:
                first = (now, process_cpu(pid))
            if stopped_at is None and (now >= seconds or (stop_early and stop_early())):
                stopped_at = now
                last = process_cpu(pid)
                if first is not None and first[1] is not None and last is not None:
                    steady = (last - first[1]) / (now - first[0]) * 60
                os.kill(pid, signal.SIGTERM)
            elif stopped_at is not None and now > stopped_at + 5:
                os.kill(pid, signal.SIGKILL)
            readable, _, _ = select.select([fd], [], [], 0.02)
            if readable:
                with contextlib.suppress(OSError):  # EIO: the child side closed
                    tail = (tail + os.read(fd, 65536))[-4096:]
            done_pid, status, usage = os.wait4(pid, os.WNOHANG)
            if done_pid:
                result = (done_pid, status, usage)
    finally:
        if result is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    _, status, usage = result
    ended = stopped_at if stopped_at is not None else time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    sample = Sample(time.perf_counter() - start, cpu, usage.ru_maxrss * 1024)
    code = os.waitstatus_to_exitcode(status)
    return PtyRun(sample, ended, tail, code, stopped_at is not None, steady)


def session_argv(env: dict[str, str], cwd: Path, override: str | None) -> list[str]:
    """The session command line with the options the benchmark needs, or Unavailable."""
    if override is not None:
        return shlex.split(override)
    coach = coach_argv()
    result = subprocess.run(
        [*coach, "session", "--help"], env=env, cwd=cwd, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise Unavailable(f"`session --help`: {last_line(result.stderr)}")
    offered = set(re.findall(r"--[a-z][a-z-]*", result.stdout))
    if "--speed" not in offered:
        raise Unavailable("the session has no --speed option")
    chosen = ["session"]
    for group, required in ((SKIP_QUESTIONS, True), (SKIP_PREP, False), (NO_VOICE, False)):
        flag = next((name for name in group if name in offered), None)
        if flag is not None:
            chosen.append(flag)
        elif required:
            raise Unavailable(f"the session offers none of {', '.join(group)}")
    if "--answers" in offered:
        # Nobody answering would cap the session at its gentlest length: the benchmark answers
        # every question no (and consent yes), so the session runs the length it is given.
        chosen += ["--answers", str(all_clear_answers(cwd))]
    return [*coach, *chosen]


def all_clear_answers(folder: Path) -> Path:
    """An answers file saying no to every safety question and yes to the gating prep items."""
    from massage_coach.answers import GATES
    from massage_coach.library import bundled_library

    safety = bundled_library().checklists["safety"]
    lines = [f"{item.id}: no" for item in safety.items] + [f"{gate}: yes" for gate in GATES]
    path = folder / "answers.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


REFERENCE = "rich Live countdown (bench/countdown.py)"
SESSION = "massage-coach session"


def live_programs(
    report: Report, mode: Mode, section: str, session: list[str] | None, why: str
) -> dict[str, list[str]]:
    """What runs in the live sections: the reference countdown, termdown and the session.

    A quick run (CI) runs only the session, or the reference countdown while there is none,
    so that the pseudo-terminal and trace code runs either way.
    """
    programs = {REFERENCE: [sys.executable, str(ROOT / "bench" / "countdown.py")]}
    termdown = termdown_argv()
    if termdown is not None:
        programs["termdown"] = termdown
    elif section == "live session" and not mode.quick:
        report.missing(section, "termdown CPU per minute", "termdown is not installed")
    if session is not None:
        programs[SESSION] = session
    else:
        report.missing(section, SESSION, why)
    if mode.quick:
        programs = {SESSION: session} if session is not None else {REFERENCE: programs[REFERENCE]}
    return programs


def live_cpu(
    report: Report, mode: Mode, env: dict[str, str], cwd: Path, session: list[str] | None,
    why: str,
) -> None:  # fmt: skip
    """CPU seconds per minute of wall time in a pseudo-terminal, start-up excluded.

    The figure is the CPU the long run used from the short run's length to its end (Linux's
    per-thread counters); the difference of two separate runs is shown beside it, and is the
    figure where /proc is missing. Two runs differ in start-up CPU by up to 0.15 s here,
    which over 24 s is 0.4 CPU-s/min of noise: more than twice the budget.
    """
    section = "live session"
    lengths = {REFERENCE: ["3600"], "termdown": ["3600"], SESSION: ["--minutes", "20"]}
    figures: dict[str, float] = {}
    two_runs: dict[str, float] = {}
    rss: dict[str, float] = {}
    for name, command in live_programs(report, mode, section, session, why).items():
        argv = [*command, *lengths[name]]
        rates, peaks, steady = [], [], []
        for _ in range(mode.live_reps):
            long = run_in_pty(argv, fresh_env(env), cwd, mode.live_long, warm=mode.live_short)
            short = run_in_pty(argv, fresh_env(env), cwd, mode.live_short)
            for run in (long, short):
                if not run.ran_to_stop:  # a countdown of 20 minutes or more ended by itself
                    tail = last_line(run.output_tail.decode("utf-8", "replace"))
                    raise Broken(f"{name} exited early with status {run.code}: {tail}")
            extra_wall = long.stopped_after - short.stopped_after
            rates.append((long.sample.cpu - short.sample.cpu) / extra_wall * 60)
            peaks.append(long.sample.rss)
            if long.steady_rate is not None:
                steady.append(long.steady_rate)
        two_runs[name] = statistics.median(rates)
        figures[name] = statistics.median(steady) if steady else two_runs[name]
        rss[name] = statistics.median(peaks) / MIB
        report.samples[f"live {name} cpu-s/min, long - short"] = [{"rate": r} for r in rates]
        report.samples[f"live {name} cpu-s/min, within the long run"] = [
            {"rate": r} for r in steady
        ]

    def note(name: str) -> str:
        return f"long run - short run: {two_runs[name]:.3f}" if name in two_runs else ""

    for name in (REFERENCE, "termdown"):
        if name in figures:
            report.add(Row(section, f"{name} CPU", figures[name], "cpu-s/min"))
            report.rows[-1].note = note(name)
    if SESSION in figures:
        row = Row(section, "session CPU", figures[SESSION], "cpu-s/min")
        report.judge(row, max_figure=0.15).note = note(SESSION)
        if "termdown" in figures:
            versus = Row(section, "session vs termdown", row.figure, "cpu-s/min")
            versus.baseline, versus.baseline_name = figures["termdown"], "termdown"
            report.judge(versus, max_ratio=0.6)
        floor_f = next((r.figure for r in report.rows if r.name == "floor F peak RSS"), None)
        peak = Row("memory", "running session peak RSS", rss[SESSION], "MiB", floor_f, "F")
        report.judge(peak, 1.5, 64)


@dataclass
class Trace:
    speed: float = 1.0
    start: float | None = None
    steps: list[tuple[int, float, float]] = field(default_factory=list)  # index, planned, t
    pauses: list[tuple[float, float]] = field(default_factory=list)  # pause t, resume t
    end: tuple[float, float] | None = None  # planned total, t

    @classmethod
    def parse(cls, text: str) -> Trace:
        trace = cls()
        paused: float | None = None
        for line in text.splitlines():
            parts = line.split()
            if not parts:
                continue
            event, values = parts[0], [float(v) for v in parts[1:]]
            if event == "start":
                trace.speed, trace.start = values[0], values[1]
            elif event == "step":
                trace.steps.append((int(values[0]), values[1], values[2]))
            elif event == "pause":
                paused = values[0]
            elif event == "resume" and paused is not None:
                trace.pauses.append((paused, values[0]))
                paused = None
            elif event == "end":
                trace.end = (values[0], values[1])
        return trace

    def scheduled(self, planned: float, actual: float) -> float:
        """When plan second `planned` was due, given the pauses finished by `actual`."""
        assert self.start is not None
        paused = sum(resume - pause for pause, resume in self.pauses if resume <= actual)
        return self.start + planned / self.speed + paused

    def lateness(self) -> list[float]:
        return [t - self.scheduled(planned, t) for _, planned, t in self.steps]


def run_traced(
    argv: list[str], env: dict[str, str], cwd: Path, mode: Mode
) -> tuple[Trace | None, str]:
    """Run `argv` at --speed with pauses, until its trace says it ended; the trace or why not."""
    trace_file = cwd / "trace.txt"
    trace_file.unlink(missing_ok=True)
    keys = [(at, PAUSE_KEY) for at, _ in mode.pauses]
    keys += [(at + length, PAUSE_KEY) for at, length in mode.pauses]
    expected = mode.timing_minutes * 60 / mode.speed + sum(length for _, length in mode.pauses)

    began = time.perf_counter()

    def ended() -> bool:
        with contextlib.suppress(OSError):
            return b"\nend " in b"\n" + trace_file.read_bytes()
        # No trace at all when the session should be over: it does not write one.
        return time.perf_counter() - began > expected + 3

    traced_env = env | {"MASSAGE_COACH_TRACE": str(trace_file)}
    run = run_in_pty(argv, fresh_env(traced_env), cwd, expected + 15, keys, ended)
    if not trace_file.exists():
        tail = last_line(run.output_tail.decode("utf-8", "replace"))
        return None, f"no trace written to MASSAGE_COACH_TRACE (screen: {tail})"
    trace = Trace.parse(trace_file.read_text("utf-8"))
    if trace.start is None or trace.end is None or not trace.steps:
        return None, "the trace lacks a start, step or end event"
    return trace, ""


def timing(
    report: Report, mode: Mode, env: dict[str, str], cwd: Path, session: list[str] | None,
    why: str,
) -> None:  # fmt: skip
    """How late step transitions fire, and how far the end is from its plan, at --speed."""
    section = "timing"
    minutes, speed = mode.timing_minutes, mode.speed
    length = {
        REFERENCE: [str(minutes * 60), "--steps", str(minutes), "--speed", str(speed)],
        "termdown": [],
        SESSION: ["--minutes", str(minutes), "--speed", str(speed)],
    }
    for name, command in live_programs(report, mode, section, session, why).items():
        if name == "termdown":  # it has no trace (and no --speed)
            continue
        trace, problem = run_traced([*command, *length[name]], env, cwd, mode)
        label = "session" if name == SESSION else "reference countdown"
        if trace is None:
            report.missing(section, f"{label}: {minutes}-min plan at --speed {speed}", problem)
            continue
        late = trace.lateness()
        worst = max(late, key=abs) * 1000
        planned_total, end_t = trace.end or (0.0, 0.0)
        end_error = (end_t - trace.scheduled(planned_total, end_t)) * 1000
        traced = f"{len(trace.steps)} transitions, {len(trace.pauses)} pauses"
        rows = (
            Row(section, f"{label}: worst step transition", abs(worst), "ms", note=traced),
            Row(section, f"{label}: end vs planned end", abs(end_error), "ms"),
        )
        if name == SESSION:
            report.judge(rows[0], max_figure=50)
            report.judge(rows[1], max_figure=5).note = f"{end_error:+.2f} ms"
        else:
            rows[1].note = f"{end_error:+.2f} ms"
            report.rows.extend(rows)
        report.add(Row(section, f"{label}: median lateness", statistics.median(late) * 1000, "ms"))
        if len(trace.pauses) != len(mode.pauses):
            report.add(
                Row(section, f"{label}: pauses", verdict="over", note=f"sent {len(mode.pauses)}, "
                    f"traced {len(trace.pauses)}: the pause key is {PAUSE_KEY!r}")
            )  # fmt: skip


# -- 7. the store at scale ----------------------------------------------------------------

HISTORY_SESSIONS = 10_000


def make_history(path: Path, count: int) -> None:
    """A history of `count` sessions, two a day going back, as the coach would have saved them
    (records, work rows, workload), written in one transaction so it takes a second or two."""
    from datetime import UTC, datetime, timedelta

    from massage_coach.kinds.base import Pressure
    from massage_coach.record import Outcome, SessionRecord, Work
    from massage_coach.store.history import migrate

    now = datetime.now(UTC)
    people = ["Anna", "Ben", None, "Chris"]
    areas = ["upper-back", "lower-back", "neck", "hips-glutes"]
    rows, work_rows = [], []
    for n in range(count):
        started = now - timedelta(hours=12 * (n + 1))
        work = [
            Work(kind="stroke", stroke="effleurage", area=areas[n % 4], pressure=Pressure.light,
                 seconds=300),
            Work(kind="stroke", stroke="petrissage", area=areas[(n + 1) % 4],
                 pressure=Pressure.medium, seconds=600),
        ]  # fmt: skip
        record = SessionRecord(
            id=f"bench-{n:05d}", started_at=started, ended_at=started + timedelta(minutes=20),
            profile=people[n % 4], planned_minutes=20, actual_seconds=1200,
            outcome=Outcome.finished, pressure=Pressure.medium, work=work,
            rating=(n % 5) + 1 if n % 3 else None,
        )  # fmt: skip
        utc = started.isoformat(timespec="seconds")
        rows.append((record.id, utc, (started + timedelta(minutes=20)).isoformat(
            timespec="seconds"), record.profile, 20, 1200, "finished", "medium", record.rating,
            None, 25.0, record.model_dump_json()))  # fmt: skip
        work_rows += [
            (record.id, i, w.kind, w.stroke, None, w.area, None, w.pressure.value, w.seconds)
            for i, w in enumerate(work)
            if w.pressure is not None
        ]
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db)  # the schema the coach itself creates
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO sessions (id, started_at, ended_at, profile, planned_minutes, "
        "actual_seconds, outcome, pressure, rating, note, workload, record) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.executemany("INSERT INTO work VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", work_rows)
    db.execute("COMMIT")
    db.close()


def store_at_scale(report: Report, mode: Mode, tmp: Path, env: dict[str, str], cwd: Path) -> None:
    """`history`, `history stats` and a whole fast session, on an empty history and on one of
    HISTORY_SESSIONS sessions: the long history may cost at most 1.5x."""
    coach = coach_argv()
    homes = {"empty": tmp / "store-empty", "10,000": tmp / "store-10k"}
    envs = {label: child_env(home) for label, home in homes.items()}
    for folder_env in envs.values():
        Path(folder_env["MASSAGE_COACH_HOME"], "data").mkdir(parents=True, exist_ok=True)
    try:
        make_history(
            Path(envs["10,000"]["MASSAGE_COACH_HOME"]) / "data" / "history.sqlite3",
            HISTORY_SESSIONS,
        )
    except ImportError as exc:
        report.missing("store", "history at scale", str(exc))
        return
    session = ["session", "--yes", "--minutes", "5", "--speed", "1000", "--cues", "silent"]
    figures = {"history": ["history"], "history stats": ["history", "stats"], "session": session}
    commands = {f"{name} ({label})": [*coach, *args]
                for name, args in figures.items() for label in homes}  # fmt: skip
    extra = {f"{name} ({label})": envs[label] for name in figures for label in homes}
    samples, failed = measure_interleaved(commands, env, cwd, mode, report, extra)
    for name in figures:
        empty, big = f"{name} (empty)", f"{name} (10,000)"
        if empty not in samples or big not in samples:
            why = failed.get(big) or failed.get(empty)
            if isinstance(why, Broken):
                report.errors.append(f"{name}: {why}")
            report.missing("store", f"{name}, {HISTORY_SESSIONS:,} sessions", str(why))
            continue
        base = best_median(samples[empty], lambda s: s.wall) * 1000
        figure = best_median(samples[big], lambda s: s.wall) * 1000
        row = Row("store", f"{name}, {HISTORY_SESSIONS:,} sessions", figure, "ms", base, "empty")
        if name == "session":
            row.note = "a whole 5-minute session at --speed 1000, its 1 s count-in included"
        report.judge(row, max_ratio=1.5)


# -- the table ---------------------------------------------------------------------------


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2 if abs(value) >= 1 else 3
    return f"{value:.{digits}f}{(' ' + unit) if unit else ''}"


def table(report: Report) -> str:
    header = ("section", "measure", "figure", "baseline", "ratio", "budget", "verdict")
    lines: list[tuple[str, ...]] = [header]
    for row in report.rows:
        baseline = f"{fmt(row.baseline)} {row.baseline_name}".strip() if row.baseline else "-"
        ratio = f"{row.ratio:.3f}x" if row.ratio is not None else "-"
        verdict = row.verdict + (f" ({row.note})" if row.note else "")
        lines.append(
            (row.section, row.name, fmt(row.figure, row.unit), baseline, ratio, row.budget or "-",
             verdict)
        )  # fmt: skip
    widths = [min(max(len(line[i]) for line in lines), 44) for i in range(len(header) - 1)]
    out = []
    for line in lines:
        cells = [
            cell.ljust(width)[: max(width, 1)] for cell, width in zip(line, widths, strict=False)
        ]
        out.append("  ".join([*cells, line[-1]]).rstrip())
    return "\n".join(out)


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="massage-coach-bench-") as tmp:
        path = Path(tmp)
        for folder in ("home", "work"):
            (path / folder).mkdir()
        yield path


def machine() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for package in ("typer", "rich", "pydantic", "PyYAML", "termdown"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "packages": versions,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few runs, short sessions (CI)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument(
        "--only",
        choices=("startup", "content", "planner", "live", "timing", "store"),
        action="append",
        help="run only these sections (repeatable)",
    )
    parser.add_argument(
        "--session-command",
        help="the whole session command line to run instead of `massage-coach session` with the "
        "options found in its --help, e.g. '.venv/bin/massage-coach session --skip-screening'",
    )
    args = parser.parse_args(argv)
    mode = QUICK if args.quick else FULL
    only = set(args.only or ("startup", "content", "planner", "live", "timing", "store"))
    report = Report()
    began = time.time()
    with workspace() as tmp:
        env = child_env(tmp / "home")
        cwd = tmp / "work"
        steps: list[tuple[str, Callable[[], None]]] = [
            ("startup", lambda: startup(report, mode, env, cwd)),
            ("content", lambda: content(report, mode, tmp)),
            ("planner", lambda: planner(report, mode)),
        ]
        session: list[str] | None = None
        why = ""
        if only & {"live", "timing"}:
            try:
                session = session_argv(env, cwd, args.session_command)
            except Unavailable as exc:
                why = str(exc)
        pty_env = env | {"TERM": "xterm-256color"}
        steps.append(("live", lambda: live_cpu(report, mode, pty_env, cwd, session, why)))
        steps.append(("timing", lambda: timing(report, mode, pty_env, cwd, session, why)))
        steps.append(("store", lambda: store_at_scale(report, mode, tmp, env, cwd)))
        for name, step in steps:
            if name not in only:
                continue
            try:
                step()
            except Broken as exc:
                report.errors.append(f"{name}: {exc}")
                report.add(Row(name, "(section)", verdict="error", note=str(exc)))
    print(table(report))
    over = [row.name for row in report.rows if row.verdict == "over"]
    print(
        f"\n{'quick' if args.quick else 'full'} run, {time.time() - began:.0f} s; "
        f"{len(over)} over budget{': ' + '; '.join(over) if over else ''}"
    )
    if args.quick:
        print(
            "A quick run takes too few samples, with short sessions, to judge a budget: it shows "
            "that every measurement still runs. For figures, run the full benchmark on a quiet "
            "machine."
        )
    result = {
        "mode": "quick" if args.quick else "full",
        "seconds": round(time.time() - began, 1),
        "machine": machine(),
        "method": {"blocks": mode.blocks, "runs_per_block": mode.runs},
        "rows": [asdict(row) | {"ratio": row.ratio} for row in report.rows],
        "errors": report.errors,
        "samples": report.samples,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(f"wrote {args.out}")
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
