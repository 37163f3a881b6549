"""`massage-coach plan`: the routine the coach would run, as a table, markdown, text or JSON."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from .app import app, emit_json, is_plain, show
from .options import (
    AvoidOption,
    FocusOption,
    HeatOption,
    MinutesOption,
    OilOption,
    PressureOption,
    SeedOption,
    ToolOption,
    UntilOption,
    build_choices,
)


@app.command()
def plan(
    pressure: PressureOption = "medium",
    focus: FocusOption = None,
    avoid: AvoidOption = None,
    minutes: MinutesOption = None,
    until: UntilOption = None,
    oil: OilOption = None,
    tool: ToolOption = None,
    heat: HeatOption = False,
    seed: SeedOption = None,
    output: Annotated[
        Literal["table", "json", "markdown", "text"],
        typer.Option(
            "--format",
            help="table in a terminal; json, markdown or text for scripts and notes.",
        ),
    ] = "table",
) -> None:
    """Plan a timed routine from your choices and show it, without starting a session."""
    from .. import planner, render_plan
    from ..library import bundled_library

    library = bundled_library()
    choices = build_choices(pressure, focus, avoid, minutes, until, oil, tool, heat, seed)
    routine = planner.plan(choices, library)
    if output == "json":
        emit_json(render_plan.as_json(routine))
    elif output == "markdown":
        typer.echo(render_plan.as_markdown(routine, library), nl=False)
    elif output == "text":
        typer.echo(render_plan.as_text(routine, library))
    else:
        show(render_plan.timeline(routine, library, is_plain()))
