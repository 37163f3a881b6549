"""`massage-coach session`: screening and prep, then the guided, timed routine, then aftercare."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from .app import app, console, is_plain, show
from .options import (
    AvoidOption,
    ContentOption,
    FocusOption,
    HeatOption,
    MinutesOption,
    OilOption,
    PressureOption,
    ProfileOption,
    RoutineOption,
    RoutineOptions,
    SeedOption,
    ToolOption,
    UntilOption,
    resolve_choices,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..models import Library
    from ..routine import Choices, Plan
    from ..session.clock import MonotonicClock
    from ..session.keys import KeySource
    from ..session.record import SessionRecord
    from ..session.runner import Tracer

TERMINATED = 143  # the shell's convention for a process ended by SIGTERM
INTERRUPTED = 130


@app.command()
def session(
    routine: RoutineOption = None,
    profile: ProfileOption = None,
    pressure: PressureOption = None,
    focus: FocusOption = None,
    avoid: AvoidOption = None,
    minutes: MinutesOption = None,
    until: UntilOption = None,
    oil: OilOption = None,
    tool: ToolOption = None,
    heat: HeatOption = None,
    seed: SeedOption = None,
    content: ContentOption = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Skip the screening and prep questions; start now.")
    ] = False,
    cues: Annotated[
        Literal["full", "soft", "silent"] | None,
        typer.Option(
            "--cues",
            help="full: bell and voice at every cue; soft: a few quiet words at each change; "
            "silent: no sound, the screen flashes. Default: soft, or `cues` in the config.",
            show_default=False,
        ),
    ] = None,
    no_voice: Annotated[
        bool, typer.Option("--no-voice", help="Keep the bell, never speak.")
    ] = False,
    speed: Annotated[
        float,
        typer.Option(
            "--speed",
            min=0.1,
            max=1000.0,
            help="Run the clock this many times faster (a walk-through).",
        ),
    ] = 1.0,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Pick up a session that was cut short (within a day), where it stopped.",
        ),
    ] = False,
) -> None:
    """Run a guided massage: screening and prep, a live countdown with cues, then aftercare.

    Keys while it runs (no Enter needed): space pause, n next, b back, + firmer, - softer,
    e thirty seconds more, ! stop signal, q quit.
    """
    from .. import planner
    from ..session.keys import Terminated, terminate_as_exception
    from ..session.summary import plan_overview
    from .config import warn
    from .packs import library_for

    style, voice = _cue_settings(cues, no_voice)
    if resume:
        _resume(library_for(content), style, voice, speed)
        return
    resolved = resolve_choices(RoutineOptions.pick(locals()))
    warn(resolved.notices)
    library, choices = resolved.library, resolved.choices
    who = resolved.profile.name if resolved.profile else None
    routine_plan = planner.plan(choices, library)
    if resolved.routine is not None:
        console().print(f"Routine: {resolved.routine.name}. {resolved.routine.summary}")
    show(plan_overview(routine_plan, library, is_plain()))
    _hands_check(library)
    try:
        with terminate_as_exception():
            ready = _before(routine_plan, choices, library, yes)
            if ready is None:
                return
            routine_plan, choices = ready
            record, final_plan = _run(routine_plan, choices, library, style, voice, speed, who)
    except Terminated:
        raise typer.Exit(TERMINATED) from None
    _after(record, final_plan, library)


def _cue_settings(cues: str | None, no_voice: bool) -> tuple[str, bool]:
    """The cue style and whether to speak: the command line, else the config if set there."""
    from ..store.config import load_config, sources

    config = load_config().value
    if cues is None:
        # The issue asks for soft by default; a style the user chose in the config still wins.
        cues = config.cues if sources()["cues"] != "default" else "soft"
    return cues, config.voice and not no_voice


def _resume(library: Library, cues: str, voice: bool, speed: float) -> None:
    """Continue the session a checkpoint kept, completing its history record."""
    from datetime import UTC, datetime

    from ..render_plan import clock
    from ..routine import Choices
    from ..session.keys import Terminated, terminate_as_exception
    from ..store.checkpoint import recover
    from ..store.history import History, local
    from .config import warn

    with History() as history:
        loaded = recover(datetime.now(UTC), history)
    warn(loaded.notices + history.notices)
    saved = loaded.value
    if saved is None:
        console().print("There is no unfinished session to resume.")
        return
    plan, index = saved.plan, saved.step_index
    if not plan.steps or index >= len(plan.steps):
        console().print("That session had nothing left to do.")
        return
    when = local(saved.record.started_at).strftime("%H:%M")
    console().print(
        f"Resuming the session started at {when}: step {index + 1} of {len(plan.steps)}, "
        f"{clock(saved.record.actual_seconds)} done."
    )
    # The screening's limits are not in the checkpoint: stay at the level it stopped at or
    # lighter, and keep percussion out, the gentler reading of what was allowed.
    choices = Choices(
        pressure=plan.pressure,
        focus=tuple(plan.focus),
        avoid=tuple(plan.avoid),
        minutes=plan.minutes,
        max_pressure=plan.pressure,
        no_percussion=True,
    )
    resume_at = (index, saved.seconds_into_step)
    try:
        with terminate_as_exception():
            record, final_plan = _run(
                plan,
                choices,
                library,
                cues,
                voice,
                speed,
                saved.record.profile,
                saved.record,
                resume_at,
            )
    except Terminated:
        raise typer.Exit(TERMINATED) from None
    _after(record, final_plan, library)


def _hands_check(library: Library) -> None:
    """Warn the giver when their hands have done a lot lately (from the history)."""
    from datetime import datetime

    from ..store.config import load_config
    from ..store.history import History
    from ..store.workload import hands_check
    from .config import warn

    config = load_config()
    with History() as history:
        warning = hands_check(history, datetime.now(), config.value, library)
    warn(config.notices + history.notices)
    if warning:
        console().print(f"[yellow]{warning}[/]")


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _before(
    routine: Plan, choices: Choices, library: Library, yes: bool
) -> tuple[Plan, Choices] | None:
    """Screening and prep. None when a screening answer says not today."""
    from .. import planner, render
    from ..session.keys import TerminalKeys

    safety = library.checklists.get("safety")
    prep = library.checklists.get("prep")
    out = console()
    if yes:
        return routine, choices
    if not _interactive():
        # Nobody to ask: the lists become reminders and the session goes on.
        for checklist in (safety, prep):
            if checklist is not None:
                show(render.checklist_print(checklist, is_plain()))
        return routine, choices
    with TerminalKeys() as keys:
        if safety is not None:
            adjusted = _screen(choices, library, keys)
            if adjusted is None:
                return None
            if adjusted != choices:
                choices = adjusted
                routine = planner.plan(choices, library)
                out.print("\n[yellow]The plan is adjusted for your answers:[/]")
                from ..render_plan import summary_line

                out.print("  " + summary_line(routine))
        if prep is not None:
            from .checklist import ask_checklist, print_outcome

            out.print()
            print_outcome(prep, ask_checklist(prep, keys))
        out.print("\n[bold]Press any key to start[/] (q to leave it for now).")
        if keys.get(None) in ("q", "Q"):
            return None
    return routine, choices


def _screen(choices: Choices, library: Library, keys: KeySource) -> Choices | None:
    """Ask the safety questions; None when one says not today (after kind advice)."""
    from ..session.screening import adjusted_choices, areas_in_order, choose_area
    from .checklist import ask_checklist, print_outcome

    safety = library.checklists["safety"]
    out = console()
    out.print()
    answers = ask_checklist(safety, keys)
    print_outcome(safety, answers)

    def pick_area() -> str | None:
        out.print()
        return choose_area(areas_in_order(library), keys, out.print)

    adjusted, stop = adjusted_choices(choices, safety, answers, pick_area)
    if stop:
        out.print(
            "\n[bold]Not today, then.[/] Looking after each other can wait for a better day; "
            "a warm drink and a rest may be kinder right now."
        )
        return None
    return adjusted


def _run(
    routine: Plan,
    choices: Choices,
    library: Library,
    cues: str,
    voice: bool,
    speed: float,
    profile: str | None = None,
    record: SessionRecord | None = None,
    resume_at: tuple[int, float] | None = None,
) -> tuple[SessionRecord, Plan]:
    """The live part: the runner with the real clock, the terminal's keys and a view."""
    from ..render_plan import what, where
    from ..session.clock import MonotonicClock
    from ..session.cues import CueMode, Cues, find_speaker
    from ..session.keys import NoKeys, TerminalKeys
    from ..session.replanner import PlannerReplanner
    from ..session.runner import Runner, View
    from ..session.view import LiveView, PlainView

    out = console()
    mode = CueMode(cues)
    speaker = None
    if mode is not CueMode.silent and voice:
        speaker = find_speaker()
        if speaker is None:
            out.print("[dim]No speech engine found (espeak-ng, say or SAPI): cues use the bell.[/]")
    live = out.is_terminal
    bell_stream = sys.stdout if live else sys.stderr

    def bell() -> None:
        if bell_stream.isatty():
            bell_stream.write("\a")
            bell_stream.flush()

    saver = _Checkpoints()
    players = Cues(
        mode, speaker, bell, names=lambda step: (what(step, library), where(step, library))
    )
    keys_context: AbstractContextManager[KeySource] = (
        TerminalKeys(watch_resize=live) if sys.stdin.isatty() else nullcontext(NoKeys())
    )
    view_context: AbstractContextManager[View] = (
        LiveView(out, library) if live else nullcontext(PlainView(_print_line, library))
    )
    # Everything loaded so far lives for the whole session: keep the garbage collector from
    # rescanning it every few seconds (a measurable share of an idle session's CPU).
    gc.freeze()
    clock = MonotonicClock(speed)
    with keys_context as keys, view_context as view, _tracer(clock) as trace:
        runner = Runner(
            routine,
            clock,
            keys,
            view,
            players,
            PlannerReplanner(choices, library),
            max_pressure=choices.max_pressure,
            on_checkpoint=saver,
            profile=profile,
            record=record,
            resume_at=resume_at,
            trace=trace,
        )
        record = runner.run()
    saver.finish(record)
    if saver.problem is not None:
        from .config import warn

        warn([saver.problem])
    return record, runner.plan


@contextmanager
def _tracer(clock: MonotonicClock) -> Iterator[Tracer | None]:
    """With MASSAGE_COACH_TRACE=FILE, append each timing event to FILE (see bench/run.py)."""
    path = os.environ.get("MASSAGE_COACH_TRACE")
    if not path:
        yield None
        return
    with open(path, "a", encoding="utf-8") as file:

        def trace(event: str, raw: float, *values: float) -> None:
            fields = [event, *(repr(v) for v in values), repr(clock.real_time(raw))]
            file.write(" ".join(fields) + "\n")
            file.flush()

        yield trace


class _Checkpoints:
    """Saves the running session every few seconds, so a crash or a kill loses little.

    A clean end (finished, quit, stop signal) clears it; after Ctrl-C or SIGTERM it stays,
    complete with its outcome, for `session --resume` (the history upserts by record id).
    """

    def __init__(self) -> None:
        self.problem: str | None = None

    def __call__(self, record: SessionRecord, plan: Plan, index: int, seconds: float) -> None:
        from datetime import UTC, datetime

        from ..store.checkpoint import Checkpoint, save_checkpoint

        if self.problem is not None:
            return  # told once; the session carries on
        checkpoint = Checkpoint(
            record=record.model_copy(deep=True),
            plan=plan,
            step_index=index,
            seconds_into_step=seconds,
            saved_at=datetime.now(UTC),
        )
        self.problem = save_checkpoint(checkpoint)

    def finish(self, record: SessionRecord) -> None:
        """Forget the checkpoint after a clean end; keep the runner's last one otherwise."""
        from ..session.record import Outcome
        from ..store.checkpoint import clear_checkpoint

        if record.outcome not in (Outcome.interrupted, Outcome.terminated):
            clear_checkpoint()


def _remember(record: SessionRecord, library: Library) -> None:
    """Save the session in the history (with its workload), after an optional rating."""
    from ..session.record import Outcome
    from ..store.history import History
    from ..store.workload import workload
    from .config import warn
    from .history import ask_rating

    if _interactive() and record.outcome in (Outcome.finished, Outcome.quit):
        # Input closed before an answer: no rating, and the session is still kept.
        with contextlib.suppress(typer.Abort, EOFError):
            record.rating, record.note = ask_rating()
    with History() as history:
        history.save(record, workload(record, library))
    warn(history.notices)


def _print_line(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _after(record: SessionRecord, routine: Plan, library: Library) -> None:
    """Aftercare (or the stop-signal advice), then what was done; the exit code says how."""
    from .. import render
    from ..session.record import Outcome
    from ..session.summary import session_summary

    plain = is_plain()
    if record.outcome is Outcome.terminated:
        _remember(record, library)
        raise typer.Exit(TERMINATED)
    if record.outcome is Outcome.stop_signal:
        guide = library.guides.get("stop-signals")
        console().print(
            "[bold red]Stop signal.[/] Hands off, stay with them, and check how they are."
        )
        if guide is not None:
            show(render.guide_detail(guide, plain))
    else:
        aftercare = library.checklists.get("aftercare")
        if aftercare is not None:
            show(render.checklist_print(aftercare, plain))
    show(session_summary(record, routine, library, plain))
    _remember(record, library)
    if record.outcome is Outcome.interrupted:
        raise typer.Exit(INTERRUPTED)
