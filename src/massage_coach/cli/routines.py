"""`massage-coach routines [NAME]`: the named routines, or one with its choices and time shares."""

from __future__ import annotations

from typing import Annotated

import typer

from ..routine_options import RoutineOptions
from .app import CoachTyper, JsonOption, complete_from, emit_json, show
from .packs import ContentOption, library_for

app = CoachTyper()
"""The command this module defines (`massage-coach routines`), built when it is used."""


@app.command()
def routines(
    name: Annotated[
        str | None,
        typer.Argument(
            help="A routine to show in detail: its choices and how its plan shares the time.",
            autocompletion=complete_from("routines"),
            show_default=False,
            metavar="NAME",
        ),
    ] = None,
    as_json: JsonOption = False,
    content: ContentOption = None,
) -> None:
    """Named routines to start a plan or session from (`plan --routine NAME`)."""
    # deferred, not for --help: rich, pydantic, YAML, the content and the planner
    from .. import planner
    from ..render import routine as render_routine
    from ..store.config import Config
    from ..store.preferences import merge_choices

    library = library_for(content)
    if name is None:
        chosen = sorted(library.routines.values(), key=lambda r: (r.minutes, r.id))
        if as_json:
            emit_json([routine.model_dump(mode="json") for routine in chosen])
        elif not chosen:
            typer.echo(
                "No routines in the content. Write one with `massage-coach content new routine ID`."
            )
        else:
            show(render_routine.routines_table(chosen))
        return
    routine = planner.routine_for(name, library)
    # the routine on its own: no profile, config or other options
    choices, _, _ = merge_choices(
        RoutineOptions(routine=routine.id), routine, None, Config(), library
    )
    routine_plan = planner.plan(choices, library)
    if as_json:
        emit_json(
            {
                **routine.model_dump(mode="json"),
                "plan": {
                    key: value
                    for key, value in routine_plan.model_dump(mode="json").items()
                    if key in ("minutes", "pressure", "focus", "avoid", "notes")
                }
                | {"seconds_by_area": routine_plan.seconds_by_area()},
            }
        )
        return
    show(render_routine.routine_detail(routine, routine_plan, library))
