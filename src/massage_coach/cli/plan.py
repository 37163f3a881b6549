"""`massage-coach plan`: the routine the coach would run, as a table, markdown, text or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from .app import CoachTyper, emit_json, show, warn
from .options import answers_from, resolve_choices, routine_options, show_routine

if TYPE_CHECKING:
    from pathlib import Path

    from ..answers import Answers
    from ..models import Library
    from ..routine import Choices, Plan
    from ..routine_options import RoutineOptions

app = CoachTyper()
"""The command this module defines (`massage-coach plan`), built when it is used."""


@app.command()
@routine_options
def plan(
    options: RoutineOptions,
    answers: Path | None,
    output: Annotated[
        Literal["table", "json", "markdown", "text"],
        typer.Option(
            "--format",
            help="table in a terminal; json, markdown or text for scripts and notes.",
        ),
    ] = "table",
) -> None:
    """Plan a timed routine from your choices and show it, without starting a session.

    Choices come from, strongest first: the command line, --routine, --profile,
    MASSAGE_COACH_* variables, the config file, the built-in defaults.
    """
    # deferred, not for --help: pydantic and the planner
    from .. import planner
    from ..render import plan as render_plan

    resolved = resolve_choices(options)
    routine_plan = planner.plan(resolved.choices, resolved.library)
    if resolved.notices:  # the error console imports rich, which JSON output does not need
        warn(resolved.notices)
    library = resolved.library
    given = answers_from(answers, library, options.avoid)
    if given is not None:
        screened = _screened_plan(routine_plan, resolved.choices, library, given, output)
        if screened is None:
            return
        routine_plan = screened
    if output == "json":
        emit_json(render_plan.as_json(routine_plan))
    elif output == "markdown":
        typer.echo(render_plan.as_markdown(routine_plan, library), nl=False)
    elif output == "text":
        typer.echo(render_plan.as_text(routine_plan, library))
    else:
        show_routine(resolved.routine)
        show(render_plan.timeline(routine_plan, library))
        if given is None:
            # deferred, not for --help: rich
            from rich.text import Text

            show(Text("\n" + ASKS_FIRST))


ASKS_FIRST = (
    "Before this plan runs, the session asks the safety questions and adjusts it to the "
    "answers; with nobody to answer (--yes, or piped) every caution's limits apply. "
    "`plan --answers FILE` shows the plan for given answers."
)


def _screened_plan(
    routine_plan: Plan, choices: Choices, library: Library, given: Answers, output: str
) -> Plan | None:
    """The plan under the answers, saying what they changed as the session would (on stderr
    with JSON); None, after saying why, when they mean no massage today."""
    # deferred, not for --help: rich, pydantic and the planner
    from .. import planner
    from ..answers import limits_for
    from ..render.plan import summary_line
    from ..session.screening import plan_changes, screened, unanswered_lines

    limits = limits_for(library.checklists["safety"], given)

    def say(line: str) -> None:
        typer.echo(line, err=output == "json")

    if limits.stop is not None and limits.stop.if_yes is not None:
        say(f"Not today: {limits.stop.text}")
        say(f"  {limits.stop.if_yes.advice}")
        return None
    if limits.consent_refused:
        say("Not today: they have not agreed to the massage (consent: no).")
        return None
    result = screened(choices, library, given)
    adjusted = planner.plan(result.choices, library)
    lines = unanswered_lines(limits)
    lines += plan_changes((routine_plan, choices), (adjusted, result.choices), library)
    lines += result.notes
    if lines:
        say("The plan is adjusted for your answers:")
        say("  " + summary_line(adjusted))
        for line in lines:
            say("  - " + line)
    else:
        say("Your answers change nothing in this plan.")
    return adjusted
