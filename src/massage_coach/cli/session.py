"""`massage-coach session`: screening and prep, then the guided, timed routine, then aftercare."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from ..errors import UsageError
from .app import CoachTyper, console, show, warn
from .checklist import ask_checklist, print_outcome
from .history import ask_rating
from .options import (
    SHARED_OPTIONS,
    answers_from,
    resolve_choices,
    routine_options,
    show_routine,
)
from .packs import library_for

if TYPE_CHECKING:
    from pathlib import Path

    from ..routine_options import RoutineOptions
    from ..session.environment import Environment
    from ..session.terminal import Terminal

app = CoachTyper()
"""The command this module defines (`massage-coach session`), built when it is used."""


@app.command()
@routine_options
def session(
    ctx: typer.Context,
    options: RoutineOptions,
    answers: Path | None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            "-y",
            help="Do not ask the questions; start now. Without --answers every caution's "
            "limits apply (light pressure, no heat, oils or tools, 20 minutes at most).",
        ),
    ] = False,
    cues: Annotated[
        Literal["full", "soft", "silent"] | None,
        typer.Option(
            "--cues",
            help="full: bell and voice at every cue; soft: a few quiet words at each change; "
            "silent: no sound, the screen flashes. Default: `cues` in the config (soft).",
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
            metavar="FACTOR",
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
    # deferred, not for --help: rich, pydantic, YAML, the content, the planner and sqlite3
    from .. import planner
    from ..session import coach
    from ..session.environment import Environment

    if resume:
        _refuse_plan_options(ctx)
    # Tests hand in their own environment (a fake clock, scripted keys) as the context's object.
    env = Environment.given(ctx.obj)
    settings = coach.cue_settings(cues, no_voice, speed)
    if resume:
        _say_if_no_keys(env, questions=False)
        code = coach.resume(library_for(options.content), settings, _terminal(env), env)
    else:
        resolved = resolve_choices(options, now=env.now())
        given = answers_from(answers, resolved.library, options.avoid)
        _say_if_no_keys(env, questions=not yes and given is None)
        warn(resolved.notices)
        routine_plan = planner.plan(resolved.choices, resolved.library)
        show_routine(resolved.routine)
        who = resolved.profile.name if resolved.profile else None
        terminal = _terminal(env)
        if resolved.profile is not None:
            # deferred, not for --help: rich
            from rich.text import Text

            # Who it is for and what to keep in mind, before anything else, and again on the
            # live screen during the count-in.
            about = resolved.profile.name + (
                f": {resolved.profile.notes}" if resolved.profile.notes else ""
            )
            console().print(Text(f"For {about}", style="bold"))
            terminal.notices.append(f"For {about}")
        code = coach.start(
            routine_plan,
            resolved.choices,
            resolved.library,
            settings,
            terminal,
            yes,
            who,
            until=resolved.deadline,  # kept to even if the questions take a while
            env=env,
            answers=given,
            person=resolved.profile,
        )
    if code:
        raise typer.Exit(code)


KEPT_BY_RESUME = frozenset(name for name, _ in SHARED_OPTIONS) - {"content"}
"""The options that shape a plan, which a resumed session keeps as it was saved. `--content`
is not one: it names the packs the saved plan's strokes and tools are looked up in."""


def _refuse_plan_options(ctx: typer.Context) -> None:
    """Exit 2 when --resume comes with an option that would change the plan: the saved plan
    goes on as it was, so such an option could only be ignored, a promise silently broken.
    Only what was typed counts: a value from the config or a MASSAGE_COACH_* variable is a
    standing default, never given for this session. Nothing is read or touched before this
    (the checkpoint folder is only listed), so the saved session is kept as it was; with
    nothing saved, the resume says there is nothing to resume."""
    typed = []
    for param in ctx.command.params:
        if param.name not in KEPT_BY_RESUME:
            continue
        # By the member's name: typer 0.29 carries its own copy of click and its enum, which
        # it does not export.
        source = ctx.get_parameter_source(param.name)
        if getattr(source, "name", None) != "COMMANDLINE":
            continue
        # the long name as typed: `--no-heat` for the flag's "no" side
        names = param.opts if ctx.params[param.name] is not False else param.secondary_opts
        typed.append(next(n for n in names if n.startswith("--")))
    # deferred, not for --help: pydantic
    from ..store.checkpoint import any_saved

    if not typed or not any_saved():
        return  # nothing saved: the resume says so, and there is no saved plan to keep
    listed = typed[0] if len(typed) == 1 else f"{', '.join(typed[:-1])} and {typed[-1]}"
    raise UsageError(
        f"--resume goes on with the saved session as it was: {listed} cannot change it. "
        f"Leave {'it' if len(typed) == 1 else 'them'} out to go on with it, or run without "
        "--resume to plan a new session (the saved one stays kept for --resume, within a day)."
    )


def _say_if_no_keys(env: Environment, questions: bool) -> None:
    """At a terminal whose single keys cannot be read (no termios), say how the session goes."""
    if env.tty() and not env.interactive():
        how = "the questions are printed as reminders, " if questions else ""
        console().print(
            "[dim]Single keys need a POSIX terminal (termios), which this system lacks: "
            f"{how}the countdown runs without keys, and Ctrl-C stops it.[/]"
        )


def _terminal(env: Environment) -> Terminal:
    """The real terminal: the console, the one-key prompts, the rating question, the bell."""
    # deferred, not for --help: rich, pydantic, YAML, the content, the planner and sqlite3
    from ..session.terminal import Terminal

    out = console()
    # The bell goes where the screen is; piped, to stderr if that is a terminal.
    bell_stream = sys.stdout if out.is_terminal else sys.stderr

    def bell() -> None:
        if bell_stream.isatty():
            bell_stream.write("\a")
            bell_stream.flush()

    return Terminal(
        console=out,
        ask=env.interactive(),
        ask_lines=env.tty(),
        show=show,
        warn=warn,
        ask_checklist=ask_checklist,
        print_outcome=print_outcome,
        ask_rating=_ask_rating,
        print_line=_print_line,
        bell=bell,
    )


def _ask_rating() -> tuple[int | None, str | None]:
    # Input closed before an answer: no rating, and the session is still kept.
    with contextlib.suppress(typer.Abort, EOFError):
        return ask_rating()
    return None, None


def _print_line(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
