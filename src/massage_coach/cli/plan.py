"""`massage-coach plan`: the routine the coach would run, as a table, markdown, text or JSON."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from .app import app, emit_json, is_plain, show
from .config import warn
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
    show_routine,
)


@app.command()
def plan(
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
    from .. import planner, render_plan

    resolved = resolve_choices(RoutineOptions.pick(locals()))
    routine_plan = planner.plan(resolved.choices, resolved.library)
    if resolved.notices:  # the error console imports rich, which JSON output does not need
        warn(resolved.notices)
    library = resolved.library
    if output == "json":
        emit_json(render_plan.as_json(routine_plan))
    elif output == "markdown":
        typer.echo(render_plan.as_markdown(routine_plan, library), nl=False)
    elif output == "text":
        typer.echo(render_plan.as_text(routine_plan, library))
    else:
        show_routine(resolved.routine)
        show(render_plan.timeline(routine_plan, library, is_plain()))
