"""The routine options `plan` and `session` share, and the one way to turn them into `Choices`.

A command takes the options as parameters named like the fields of `RoutineOptions` (each typed
with the shared Annotated option below), then calls
`resolve_choices(RoutineOptions.pick(locals()))`: that loads the config, the content (with
`--content` packs), the profile and the routine, merges them in the documented order and returns
the Choices, the library and the notices to show. Options default to None so "not given" can be
told apart from a value that happens to equal the built-in default.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from .app import complete_from
from .completion import area_aliases, profile_names
from .packs import ContentOption as ContentOption  # shared by plan and session

if TYPE_CHECKING:
    from ..models import Library, Routine
    from ..routine import Choices
    from ..store.config import Config
    from ..store.preferences import RoutineDefaults
    from ..store.profiles import Profile


PressureName = Literal["light", "medium", "firm"]
PressureOption = Annotated[
    PressureName | None,
    typer.Option(
        "--pressure",
        "-p",
        help="How firm the strokes may get (default: from the routine, profile or config, "
        "else medium).",
        show_default=False,
    ),
]
FocusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--focus",
        "-f",
        help="An area to spend most of the time on (repeatable; default: from the routine, "
        "profile or config, else the whole back).",
        autocompletion=complete_from("areas", area_aliases),
        show_default=False,
    ),
]
AvoidOption = Annotated[
    list[str] | None,
    typer.Option(
        "--avoid",
        help="An area to leave out: an injury or a no-go zone (repeatable; added to the areas "
        "the routine, profile and config avoid).",
        autocompletion=complete_from("areas", area_aliases),
        show_default=False,
    ),
]
MinutesOption = Annotated[
    int | None,
    typer.Option(
        "--minutes",
        "-m",
        help="Length in minutes, 5-90 (default: from the routine or config, else 20).",
        show_default=False,
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", help="Finish by this clock time, HH:MM.", show_default=False),
]
OilOption = Annotated[
    str | None,
    typer.Option(
        "--oil",
        help="The oil to use (default: from config); refused if the profile is allergic.",
        autocompletion=complete_from("oils"),
        show_default=False,
    ),
]
ToolOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tool",
        help="A tool to include (repeatable; default: the routine's tools).",
        autocompletion=complete_from("tools"),
        show_default=False,
    ),
]
HeatOption = Annotated[
    bool | None,
    typer.Option(
        "--heat/--no-heat",
        help="Start with a warm towel or hot stones, or not (default: as the routine says, "
        "else no).",
        show_default=False,
    ),
]
SeedOption = Annotated[
    int | None,
    typer.Option(
        "--seed",
        help="Vary the routine (the same seed gives the same routine).",
        show_default=False,
    ),
]
ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        help="Start from this person's profile: pressure, focus, areas to avoid, allergies.",
        autocompletion=profile_names,
        show_default=False,
        metavar="NAME",
    ),
]
RoutineOption = Annotated[
    str | None,
    typer.Option(
        "--routine",
        "-r",
        help="Start from a named routine (see `massage-coach routines`); other options "
        "still change it.",
        autocompletion=complete_from("routines"),
        show_default=False,
        metavar="NAME",
    ),
]


@dataclass(frozen=True)
class RoutineOptions:
    """The shared routine options as typed on the command line; None means not given."""

    pressure: PressureName | None = None
    focus: list[str] | None = None
    avoid: list[str] | None = None
    minutes: int | None = None
    until: str | None = None
    oil: str | None = None
    tool: list[str] | None = None
    heat: bool | None = None
    seed: int | None = None
    profile: str | None = None
    routine: str | None = None
    content: list[Path] | None = None

    @classmethod
    def pick(cls, values: Mapping[str, object]) -> RoutineOptions:
        """The options out of a command's parameters (`RoutineOptions.pick(locals())`)."""
        names = [f.name for f in dataclasses.fields(cls)]
        return cls(**{name: values[name] for name in names if name in values})  # type: ignore[arg-type]


@dataclass
class Resolved:
    """What a command needs after the options are merged: the choices, the library they refer
    to, and what to tell the user (one line each)."""

    choices: Choices
    library: Library
    profile: Profile | None = None
    routine: Routine | None = None
    allergies: tuple[str, ...] = ()
    notices: list[str] = field(default_factory=list)


def _checked_minutes(minutes: int | None, until: str | None, now: datetime | None) -> int | None:
    from ..errors import UsageError
    from ..routine import MAX_MINUTES, MIN_MINUTES, minutes_until

    if minutes is not None and until is not None:
        raise UsageError("Give either --minutes or --until, not both.")
    if minutes is not None and not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise UsageError(f"--minutes must be {MIN_MINUTES} to {MAX_MINUTES}, got {minutes}.")
    if until is not None:
        moment = now or datetime.now()
        return minutes_until(until, moment.hour, moment.minute)
    return minutes


def resolve_choices(options: RoutineOptions, now: datetime | None = None) -> Resolved:
    """Merge the command line, the routine, the profile and the config into Choices.

    Order of work: the cheap checks, the config, the content (a broken pack is a ContentError
    before anything is shown), the profile, the routine; then the merge of `merge_choices`.
    Raises UsageError (exit 2) for bad values, an unknown profile or routine (did-you-mean), an
    area both in --focus and --avoid, or an --oil the profile is allergic to.
    """
    from ..planner import routine_for
    from ..store.config import load_config
    from .packs import library_for

    minutes = _checked_minutes(options.minutes, options.until, now)
    config = load_config()
    notices = list(config.notices)
    library = library_for(options.content)
    profile: Profile | None = None
    if options.profile is not None:
        from ..store.profiles import load_for_session  # its model costs ~20 ms: only when asked

        loaded = load_for_session(options.profile)
        profile = loaded.value
        notices += loaded.notices
    routine = routine_for(options.routine, library) if options.routine is not None else None
    options = dataclasses.replace(options, minutes=minutes, until=None)
    choices, defaults, merge_notices = merge_choices(
        options, routine, profile, config.value, library
    )
    return Resolved(
        choices=choices,
        library=library,
        profile=profile,
        routine=routine,
        allergies=defaults.allergies,
        notices=notices + merge_notices,
    )


def merge_choices(
    options: RoutineOptions,
    routine: Routine | None,
    profile: Profile | None,
    config: Config,
    library: Library,
) -> tuple[Choices, RoutineDefaults, list[str]]:
    """The pure merge: command line > routine > profile > environment > config file >
    built-in, leaning to the gentler side in three places.

    - Areas to avoid add up from every source; a focus area avoided by another source is
      dropped with a notice (the same area in --focus and --avoid is a UsageError).
    - Without --pressure, a routine's pressure is a ceiling: a person who prefers lighter (in
      the profile or the config) gets lighter.
    - An oil the profile is allergic to is refused when typed, left out when it is a default.
    """
    from ..errors import UsageError
    from ..models import Pressure
    from ..routine import Choices
    from ..store.preferences import Given, apply_allergies, routine_defaults

    typed_focus = _area_ids(options.focus or [], library)
    typed_avoid = _area_ids(options.avoid or [], library)
    both = [area for area in typed_focus if area in typed_avoid]
    if both:
        raise UsageError(f"'{both[0]}' is in both --focus and --avoid; choose one.")
    asked_focus = tuple(typed_focus) or (tuple(routine.focus) if routine else ())
    given = Given(
        pressure=Pressure(options.pressure) if options.pressure else None,
        focus=asked_focus or None,
        avoid=tuple(typed_avoid) + (tuple(routine.avoid) if routine else ()) or None,
        minutes=options.minutes or (routine.minutes if routine else None),
        oil=options.oil,
    )
    merged = routine_defaults(given, profile, config, library)
    checked = apply_allergies(merged, library)
    defaults, notices = checked.value, list(checked.notices)
    wanted = asked_focus or tuple(
        _area_ids(list(profile.focus) if profile and profile.focus else config.focus, library)
    )
    for area in [a for a in wanted if a not in defaults.focus]:
        notices.append(
            f"Not focusing on {area}: {_who_avoids(area, routine, profile, library)} "
            "avoids it, so it is left out."
        )
    pressure = defaults.pressure
    if options.pressure is None and routine is not None and routine.pressure is not None:
        preferred = (profile.pressure if profile else None) or (
            config.pressure if "pressure" in config.model_fields_set else None
        )
        pressure = min(routine.pressure, preferred or routine.pressure, key=lambda p: p.rank)
    tools = options.tool if options.tool else (routine.tools if routine else [])
    heat = options.heat if options.heat is not None else bool(routine and routine.heat)
    choices = Choices(
        pressure=pressure,
        focus=defaults.focus,
        avoid=defaults.avoid,
        minutes=defaults.minutes,
        oil=defaults.oil,
        tools=tuple(tools),
        heat=heat,
        seed=options.seed,
        routine=routine.id if routine else None,
        giver_break_every_minutes=defaults.giver_break_every_minutes,
        giver_break_seconds=defaults.giver_break_seconds,
    )
    return choices, defaults, notices


def _area_ids(names: list[str], library: Library) -> list[str]:
    """Aliases as area ids; unknown names are kept for the planner's did-you-mean."""
    ids = []
    for name in names:
        area = library.area_for(name)
        ids.append(area.id if area else name)
    return ids


def _who_avoids(
    area: str, routine: Routine | None, profile: Profile | None, library: Library
) -> str:
    if profile is not None and area in _area_ids(list(profile.avoid), library):
        return f"{profile.name}'s profile"
    if routine is not None and area in routine.avoid:
        return f"the {routine.id} routine"
    return "your config"
