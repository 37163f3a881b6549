"""The routine options `plan` and `session` share, and the one way to turn them into `Choices`.

A command decorated with `@routine_options` takes `options: RoutineOptions` and
`answers: Path | None`; the decorator declares the shared options (each typed with the Annotated
option below) in their place, once for both commands. The command then calls
`resolve_choices(options)`: that loads the config, the content (with `--content` packs), the
profile and the routine, merges them in the documented order and returns the Choices, the
library and the notices to show. Options default to None so "not given" can be told apart from
a value that happens to equal the built-in default.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, TypeVar

import typer

from ..errors import UsageError
from ..routine_options import PressureName as PressureName
from ..routine_options import RoutineOptions as RoutineOptions
from .app import complete_from, show
from .completion import area_aliases, no_oil, profile_names
from .packs import ContentOption as ContentOption  # shared by plan and session
from .packs import library_for

if TYPE_CHECKING:
    from ..answers import Answers
    from ..models import Library, Routine
    from ..routine import Choices
    from ..store.profiles import Profile


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
        metavar="AREA",
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
        metavar="AREA",
    ),
]
MinutesOption = Annotated[
    int | None,
    typer.Option(
        "--minutes",
        "-m",
        help="Length in minutes, 5-90 (default: from the routine or config, else 20).",
        show_default=False,
        metavar="N",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until", help="Finish by this clock time (24-hour).", show_default=False, metavar="HH:MM"
    ),
]
OilOption = Annotated[
    str | None,
    typer.Option(
        "--oil",
        help="The oil to use (default: from config); refused if the profile is allergic.",
        autocompletion=complete_from("oils", no_oil),
        show_default=False,
        metavar="OIL",
    ),
]
CarrierOption = Annotated[
    str | None,
    typer.Option(
        "--carrier",
        help="The carrier oil an essential oil is mixed in (default: `carrier` in the config, "
        "else sunflower); refused if the profile is allergic.",
        autocompletion=complete_from("oils"),
        show_default=False,
        metavar="OIL",
    ),
]
ToolOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tool",
        help="A tool to include (repeatable; default: the routine's tools).",
        autocompletion=complete_from("tools"),
        show_default=False,
        metavar="TOOL",
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
        metavar="N",
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


AnswersOption = Annotated[
    Path | None,
    typer.Option(
        "--answers",
        help="The safety questions answered beforehand: a YAML or JSON file of question id -> "
        "yes, no or skip (see README). Without it the session asks, or, with nobody to answer "
        "(--yes, piped), applies every caution's limits.",
        show_default=False,
        metavar="FILE",
        dir_okay=False,
    ),
]

R = TypeVar("R")

SHARED_OPTIONS: tuple[tuple[str, Any], ...] = (
    ("routine", RoutineOption),
    ("profile", ProfileOption),
    ("pressure", PressureOption),
    ("focus", FocusOption),
    ("avoid", AvoidOption),
    ("minutes", MinutesOption),
    ("until", UntilOption),
    ("oil", OilOption),
    ("carrier", CarrierOption),
    ("tool", ToolOption),
    ("heat", HeatOption),
    ("seed", SeedOption),
    ("content", ContentOption),
    ("answers", AnswersOption),
)
"""The options `plan` and `session` share, in the order their --help lists them."""


def routine_options(command: Callable[..., R]) -> Callable[..., R]:
    """Declare the shared options on a command that takes `options: RoutineOptions` and
    `answers: Path | None`: typer reads a command's parameters from `inspect.signature`, which
    honours a function's `__signature__`, so the command shows (and completes) each option of
    SHARED_OPTIONS where `options` stands, and receives them gathered into a RoutineOptions."""
    # the two the decorator replaces may be imported for type checking only
    names = {"RoutineOptions": RoutineOptions, "Path": Path}
    signature = inspect.signature(command, locals=names, eval_str=True)
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=kind)
        for name, kind in SHARED_OPTIONS
    ]
    parameters: list[inspect.Parameter] = []
    for parameter in signature.parameters.values():
        if parameter.name == "options":
            parameters += shared
        elif parameter.name != "answers":
            parameters.append(parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY))

    @functools.wraps(command)
    def with_options(**given: Any) -> R:
        answers = given.pop("answers", None)
        chosen = RoutineOptions(**{name: given.pop(name, None) for name in RoutineOptions._fields})
        return command(options=chosen, answers=answers, **given)

    with_options.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    with_options.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_options


def answers_from(
    path: Path | None, library: Library, typed_avoid: list[str] | None
) -> Answers | None:
    """The answers in `path` (None without one), checked for what must be settled before a
    session starts: exit 2 for an unknown id or value, an open stop question or consent, or
    an area question without --avoid."""
    if path is None:
        return None
    # deferred, not for --help: pydantic, YAML and the content
    from ..answers import limits_for
    from ..answers_file import check_answers, read_answers

    safety = library.checklists["safety"]
    answers = read_answers(path, safety)
    check_answers(path, answers, limits_for(safety, answers), typed_avoid or [])
    return answers


class Resolved(NamedTuple):
    """What a command needs after the options are merged: the choices, the library they refer
    to, and what to tell the user (one line each)."""

    choices: Choices
    library: Library
    profile: Profile | None
    routine: Routine | None
    allergies: tuple[str, ...]
    notices: list[str]
    deadline: datetime | None = None
    """With --until: the moment the session is to end by."""


def show_routine(routine: Routine | None) -> None:
    """The routine a plan or session starts from, in one line above it (wrapped at words)."""
    if routine is not None:
        # deferred, not for --help: rich
        from rich.text import Text

        show(Text(f"Routine: {routine.name}. {routine.summary}"))


def _checked_minutes(minutes: int | None, until: str | None, now: datetime) -> int | None:
    # deferred, not for --help: pydantic
    from ..routine import MAX_MINUTES, MIN_MINUTES, minutes_until

    if minutes is not None and until is not None:
        raise UsageError("Give either --minutes or --until, not both.")
    if minutes is not None and not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise UsageError(f"--minutes must be {MIN_MINUTES} to {MAX_MINUTES}, got {minutes}.")
    if until is not None:
        return minutes_until(until, now)
    return minutes


def _set_where(key: str) -> str:
    """Where a config key's value was set: its environment variable, or the config file and
    the key's line in it."""
    # deferred, not for --help: pydantic, YAML and the content
    from ..library import line_map
    from ..store import config, paths

    origin = config.sources()[key]
    if origin != "file":
        return origin
    path = paths.config_file()
    line = line_map(path).get((key,))
    return f"the config file ({path}{f':{line}' if line else ''})"


def _oils_used_by(name: str) -> tuple[str, ...]:
    """The oils in the history's sessions for the profile `name` (walk-throughs at another
    --speed are not massages, so they do not count)."""
    # deferred, not for --help: pydantic and sqlite3
    from ..store.history import History

    with History() as history:
        entries = history.all()
    mine = [e.record for e in entries if e.record.profile == name and not e.record.practice]
    oils = [oil for record in mine for oil in record.oils]
    return tuple(dict.fromkeys(oils))


def resolve_choices(options: RoutineOptions, now: datetime | None = None) -> Resolved:
    """Merge the command line, the routine, the profile and the config into Choices.

    Order of work: the cheap checks, the config, the content (a broken pack is a ContentError
    before anything is shown), the profile, the routine; then the pure merge
    (`store.preferences.merge_choices`).
    Raises UsageError (exit 2) for bad values, an unknown profile or routine (did-you-mean), an
    area both in --focus and --avoid, or an --oil the profile is allergic to.
    """
    # deferred, not for --help: pydantic, YAML, the content and the planner
    from ..planner import routine_for
    from ..store.config import load_config
    from ..store.preferences import check_config, merge_choices, normalised_profile

    moment = now or datetime.now()
    minutes = _checked_minutes(options.minutes, options.until, moment)
    deadline = None
    if options.until is not None:
        # deferred, not for --help: pydantic
        from ..routine import next_clock_time

        deadline = next_clock_time(options.until, moment)
    config = load_config()
    notices = list(config.notices)
    library = library_for(options.content)
    check_config(config.value, library, _set_where)
    profile: Profile | None = None
    if options.profile is not None:
        from ..store.profiles import load_for_session  # deferred: its model, ~20 ms

        loaded = load_for_session(options.profile)
        # A hand-edited profile is checked as `profile add` checks one: named in the error.
        profile = normalised_profile(loaded.value, library) if loaded.value else None
        notices += loaded.notices
    routine = routine_for(options.routine, library) if options.routine is not None else None
    options = options._replace(minutes=minutes, until=None)
    choices, defaults, merge_notices = merge_choices(
        options, routine, profile, config.value, library
    )
    if profile is not None:  # a first-time oil is one not in this person's history
        choices = choices.model_copy(update={"used_oils": _oils_used_by(profile.name)})
    return Resolved(
        choices=choices,
        library=library,
        profile=profile,
        routine=routine,
        allergies=defaults.allergies,
        notices=notices + merge_notices,
        deadline=deadline,
    )
