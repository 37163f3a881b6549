"""`massage-coach session`: screening and prep, then the guided, timed routine, then aftercare."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from .app import CoachTyper, console, show
from .options import answers_from, resolve_choices, routine_options, show_routine

if TYPE_CHECKING:
    from pathlib import Path

    from ..routine_options import RoutineOptions
    from ..session.coach import Terminal
    from ..session.environment import Environment

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
    from .. import planner
    from ..session import coach
    from ..session.environment import Environment
    from .app import warn
    from .packs import library_for

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
    from ..session.coach import Terminal
    from .app import warn
    from .checklist import ask_checklist, print_outcome

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
    from .history import ask_rating

    # Input closed before an answer: no rating, and the session is still kept.
    with contextlib.suppress(typer.Abort, EOFError):
        return ask_rating()
    return None, None


def _print_line(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
