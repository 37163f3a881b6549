"""The live part of a session: the runner with the clock, keys, view and cues, and the timing
trace MASSAGE_COACH_TRACE asks for."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from typing import IO, TYPE_CHECKING

from ..errors import UsageError
from ..models import Library
from ..record import SessionRecord
from ..routine import Choices, Plan
from .clock import MonotonicClock
from .cues import CueMode, Cues, speech_namer
from .environment import Environment
from .keys import KeySource, TerminalKeys
from .replanner import PlannerReplanner
from .runner import GET_READY_SECONDS, Parts, ResumeFrom, Runner, RunOptions, View
from .saving import KEPT_FOR_LATER, save_record
from .view import LiveView, PlainView

if TYPE_CHECKING:
    from .clock import Clock
    from .runner import Tracer
    from .saving import Checkpoints
    from .terminal import Settings, Terminal


COUNT_IN_REAL_SECONDS = 1.0
"""The least real time the on-screen count-in (3, 2, 1) lasts, however fast --speed runs."""

NOTICE_SECONDS, NOTICE_SECONDS_MAX = 2, 8
"""A real session's count-in is this much longer per notice it shows (at most the max)."""


def run_live(  # noqa: PLR0913 - the live part's collaborators, until one environment object
    routine: Plan,
    choices: Choices,
    library: Library,
    settings: Settings,
    terminal: Terminal,
    env: Environment,
    profile: str | None = None,
    record: SessionRecord | None = None,
    resume_at: tuple[int, float] | None = None,
    *,
    saver: Checkpoints,
) -> tuple[SessionRecord, Plan]:
    """The live part: the runner with the environment's clock and keys, and a view, saving
    checkpoints through `saver`."""
    out = terminal.console
    mode = CueMode(settings.cues)
    speaker = None
    if mode is not CueMode.silent and settings.voice:
        speaker = env.speaker()
        if speaker is None:
            out.print("[dim]No speech engine found (espeak-ng, say or SAPI): cues use the bell.[/]")
    players = Cues(
        mode,
        speaker,
        terminal.bell,
        names=speech_namer(library),
        countdown=settings.countdown,
        speed=settings.speed,
    )
    shown = [*terminal.notices, *routine.notes] if record is None else terminal.notices
    notices = list(dict.fromkeys(shown))  # each once, in order
    # Keys only where the screen can be seen (a quit question nobody sees would hang the
    # session); piped, it runs to the end and Ctrl-C still stops it.
    keys_context: AbstractContextManager[KeySource] = (
        env.terminal_keys(watch_resize=True)
        if terminal.live and terminal.ask
        else nullcontext(env.no_keys())
    )
    view_context: AbstractContextManager[View] = (
        LiveView(
            out,
            library,
            size=env.terminal_size,
            now=env.now,
            speed=settings.speed,
            notices=notices,
        )
        if terminal.live
        else nullcontext(PlainView(terminal.print_line, library))
    )
    # Everything loaded so far lives for the whole session: keep the garbage collector from
    # rescanning it every few seconds (a measurable share of an idle session's CPU).
    gc.freeze()
    # A walk-through at --speed 20 would flash the count-in by in 0.15 s: keep it readable.
    count_in = max(GET_READY_SECONDS, COUNT_IN_REAL_SECONDS * settings.speed)
    if notices and settings.speed == 1:
        count_in += min(NOTICE_SECONDS * len(notices), NOTICE_SECONDS_MAX)  # time to read them
    clock = env.clock(settings.speed)
    with keys_context as keys, view_context as view, _tracer(clock, terminal.warn) as trace:

        def suspend() -> None:  # Ctrl-Z: the shell's own screen and keys until `fg`
            if isinstance(keys, TerminalKeys) and isinstance(view, LiveView):
                with view.suspended():
                    keys.suspend()

        parts = Parts(
            clock,
            keys,
            view,
            players,
            PlannerReplanner(choices, library),
            on_checkpoint=saver,
            trace=trace,
            on_suspend=suspend,
        )
        options = RunOptions(
            max_pressure=choices.max_pressure,
            get_ready_seconds=count_in if terminal.live else GET_READY_SECONDS,
            profile=profile,
            practice=settings.speed != 1,
        )
        resumed = None
        if record is not None and resume_at is not None:
            resumed = ResumeFrom(record, *resume_at)
        runner = Runner(routine, parts, options, resumed)
        record = runner.run()
    reached = [s.oil for s in runner.plan.steps if s.oil and s.start < record.actual_seconds]
    record.oils = list(dict.fromkeys([*record.oils, *reached]))
    if saver.problem is not None:
        terminal.warn([saver.problem])
    if runner.output_error is not None:
        # Nothing more can be shown: keep the session, then let the CLI end quietly (a
        # closed pipe) or with one line on stderr (a full disk behind stdout).
        saver.final(record)
        if save_record(record, library, terminal, env, "This session", KEPT_FOR_LATER):
            saver.filed(record)
        raise runner.output_error
    return record, runner.plan


def _open_trace() -> IO[str] | None:
    """The file MASSAGE_COACH_TRACE names, open to append; a UsageError (exit 2, before the
    session starts) when it cannot be written."""
    path = os.environ.get("MASSAGE_COACH_TRACE")
    if not path:
        return None
    try:
        return open(path, "a", encoding="utf-8")
    except OSError as exc:
        raise UsageError(
            f"MASSAGE_COACH_TRACE={path}: cannot write the trace there ({exc.strerror or exc})."
        ) from None


def check_trace() -> None:
    """Say at once when MASSAGE_COACH_TRACE names a file that cannot be written."""
    file = _open_trace()
    if file is not None:
        file.close()


@contextmanager
def _tracer(clock: Clock, warn: Callable[[list[str]], None]) -> Iterator[Tracer | None]:
    """With MASSAGE_COACH_TRACE=FILE, append each timing event to FILE (see bench/run.py).
    A write that fails later (a full disk) stops the trace, never the session."""
    file = _open_trace()
    if file is None:
        yield None
        return

    path = file.name
    broken: list[str] = []

    def trace(event: str, raw: float, *values: float) -> None:
        if broken:
            return  # told once; the session goes on without its trace
        real = clock.real_time(raw) if isinstance(clock, MonotonicClock) else raw
        fields = [event, *(repr(v) for v in values), repr(real)]
        try:
            file.write(" ".join(fields) + "\n")
            file.flush()
        except OSError as exc:
            broken.append(f"MASSAGE_COACH_TRACE={path}: the trace stopped ({exc.strerror}).")

    try:
        yield trace
    finally:
        with suppress(OSError):
            file.close()
        if broken:
            warn(broken)
