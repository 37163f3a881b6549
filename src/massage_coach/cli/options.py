"""The routine options `plan` and `session` share, and turning them into `Choices`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from .app import complete_from

if TYPE_CHECKING:
    from ..routine import Choices

AREA_ALIASES = ["shoulders"]

PressureName = Literal["light", "medium", "firm"]
PressureOption = Annotated[
    PressureName, typer.Option("--pressure", "-p", help="How firm the strokes may get.")
]
FocusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--focus",
        "-f",
        help="An area to spend most of the time on (repeatable).",
        autocompletion=complete_from("areas", lambda: AREA_ALIASES),
        show_default=False,
    ),
]
AvoidOption = Annotated[
    list[str] | None,
    typer.Option(
        "--avoid",
        help="An area to leave out: an injury or a no-go zone (repeatable).",
        autocompletion=complete_from("areas", lambda: AREA_ALIASES),
        show_default=False,
    ),
]
MinutesOption = Annotated[
    int | None,
    typer.Option("--minutes", "-m", help="Length in minutes, 5-90 (default 20)."),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", help="Finish by this clock time, HH:MM.", show_default=False),
]
OilOption = Annotated[
    str | None,
    typer.Option(
        "--oil", help="The oil to use.", autocompletion=complete_from("oils"), show_default=False
    ),
]
ToolOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tool",
        help="A tool to include (repeatable).",
        autocompletion=complete_from("tools"),
        show_default=False,
    ),
]
HeatOption = Annotated[bool, typer.Option("--heat", help="Start with a warm towel or hot stones.")]
SeedOption = Annotated[
    int | None,
    typer.Option(
        "--seed",
        help="Vary the routine (the same seed gives the same routine).",
        show_default=False,
    ),
]


def build_choices(
    pressure: PressureName,
    focus: list[str] | None,
    avoid: list[str] | None,
    minutes: int | None,
    until: str | None,
    oil: str | None,
    tools: list[str] | None,
    heat: bool,
    seed: int | None,
    now: datetime | None = None,
) -> Choices:
    """Validated choices from the command-line values (ids are checked by the planner)."""
    from ..errors import UsageError
    from ..models import Pressure
    from ..routine import MAX_MINUTES, MIN_MINUTES, Choices, minutes_until

    if minutes is not None and until is not None:
        raise UsageError("Give either --minutes or --until, not both.")
    if minutes is not None and not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise UsageError(f"--minutes must be {MIN_MINUTES} to {MAX_MINUTES}, got {minutes}.")
    if until is not None:
        moment = now or datetime.now()
        minutes = minutes_until(until, moment.hour, moment.minute)
    return Choices(
        pressure=Pressure(pressure),
        focus=tuple(focus or ()),
        avoid=tuple(avoid or ()),
        minutes=minutes or 20,
        oil=oil,
        tools=tuple(tools or ()),
        heat=heat,
        seed=seed,
    )
