"""Routine defaults from the command line, a profile and the config, and the allergy rule.

Precedence, strongest first: the command line > the profile > MASSAGE_COACH_<KEY> variables >
the config file > the built-in default. A profile speaks for one person, so it beats the giver's
general defaults wherever they come from; what is typed now beats everything. Two exceptions
choose the gentler side: areas to avoid are the union of all sources (an injury noted in a
profile is not forgotten because `--avoid` named another area), and a focus area that is also
avoided is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..models import Condition, Library, Oil, Pressure
from .config import Config
from .files import Loaded

if TYPE_CHECKING:  # only annotations need it: a plan without --profile never loads the model
    from .profiles import Profile

ALLERGY_SUFFIX = "-allergy"


@dataclass(frozen=True)
class Given:
    """What the command line said; None means the option was not given."""

    pressure: Pressure | None = None
    focus: tuple[str, ...] | None = None
    avoid: tuple[str, ...] | None = None
    minutes: int | None = None
    oil: str | None = None


@dataclass(frozen=True)
class RoutineDefaults:
    """The choices a plan or session starts from, after merging every source."""

    pressure: Pressure
    focus: tuple[str, ...]
    avoid: tuple[str, ...]
    minutes: int
    oil: str | None
    oil_from_command_line: bool
    allergies: tuple[str, ...]
    profile: str | None
    giver_break_every_minutes: int
    giver_break_seconds: int


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _area_ids(names: tuple[str, ...] | list[str], library: Library | None) -> list[str]:
    """Aliases (`shoulders`) as area ids (`upper-back`); unknown names are left for the planner."""
    if library is None:
        return list(names)
    found = [library.area_for(name) for name in names]
    return [area.id if area else name for name, area in zip(names, found, strict=True)]


def routine_defaults(
    given: Given, profile: Profile | None, config: Config, library: Library | None = None
) -> RoutineDefaults:
    """Merge the sources (see the module docstring for the order). Pure: no I/O.

    With `library`, area aliases are turned into ids first, so `shoulders` and `upper-back`
    count as the same area when avoided and focused.
    """
    pressure = given.pressure or (profile.pressure if profile else None) or config.pressure
    everywhere = [*(given.avoid or ()), *(profile.avoid if profile else ()), *config.avoid]
    avoid = _unique(_area_ids(everywhere, library))
    if given.focus:
        focus: tuple[str, ...] = tuple(given.focus)
    elif profile and profile.focus:
        focus = tuple(profile.focus)
    else:
        focus = tuple(config.focus)
    focus = _unique([area for area in _area_ids(focus, library) if area not in avoid])
    return RoutineDefaults(
        pressure=pressure,
        focus=focus,
        avoid=avoid,
        minutes=given.minutes or config.minutes,
        oil=given.oil or config.oil,
        oil_from_command_line=given.oil is not None,
        allergies=tuple(profile.allergies) if profile else (),
        profile=profile.name if profile else None,
        giver_break_every_minutes=config.giver_break_every_minutes,
        giver_break_seconds=config.giver_break_seconds,
    )


def refused_oil(oil: Oil, allergies: tuple[str, ...] | list[str]) -> str | None:
    """Why `oil` must not be used for someone with `allergies`, or None when it may be.

    An allergy may name the oil itself (`sweet-almond`), a family the content gives the oil
    (`nut`), or a Condition (`nut-allergy`), which matches the oil's `avoid_if` and also the
    family it is named after.
    """
    wanted = set(allergies)
    if oil.id in wanted:
        return f"{oil.name} is refused: the recipient is allergic to it."
    for family in oil.families:
        if family in wanted or family + ALLERGY_SUFFIX in wanted:
            return (
                f"{oil.name} is refused: it is a {family} oil "
                f"and the recipient has a {family} allergy."
            )
    for condition in oil.avoid_if:
        if condition.value in wanted:
            return f"{oil.name} is refused: it is to be avoided with {condition.value}."
    return None


def apply_allergies(defaults: RoutineDefaults, library: Library) -> Loaded[RoutineDefaults]:
    """Enforce the profile's allergies on the chosen oil.

    An oil typed on the command line is refused (UsageError, exit 2); one that only came from
    the config is left out with a notice, so a default never blocks a session.
    """
    if defaults.oil is None or defaults.oil not in library.oils:
        return Loaded(defaults)
    reason = refused_oil(library.oils[defaults.oil], defaults.allergies)
    if reason is None:
        return Loaded(defaults)
    if defaults.oil_from_command_line:
        raise UsageError(reason)
    kept = RoutineDefaults(**{**defaults.__dict__, "oil": None})
    return Loaded(kept, [f"{reason} Your default oil is left out this time."])


def allergy_names(library: Library) -> list[str]:
    """Everything an allergy may name: oil ids, oil families and conditions."""
    families = {family for oil in library.oils.values() for family in oil.families}
    return sorted({*library.oils, *families, *(c.value for c in Condition)})


def _known_area(value: str, label: str, library: Library) -> str:
    """The area id for `value` (an id or alias), or a UsageError with a did-you-mean."""
    from ..library import suggest

    area = library.area_for(value)
    if area is None:
        names = [*library.areas, *(a for item in library.areas.values() for a in item.aliases)]
        raise UsageError(f"Unknown area '{value}' for {label}.", suggest(value, names))
    return area.id


def normalised_profile(profile: Profile, library: Library) -> Profile:
    """The profile with aliases as area ids; UsageError (did-you-mean) for an unknown area or
    allergy, since a misspelt allergy would silently never match an oil."""
    from ..library import suggest

    focus = _unique([_known_area(value, "--focus", library) for value in profile.focus])
    avoid = _unique([_known_area(value, "--avoid", library) for value in profile.avoid])
    known = allergy_names(library)
    for value in profile.allergies:
        if value not in known:
            raise UsageError(
                f"Unknown allergy '{value}': name an oil, an oil family or a condition "
                f"({', '.join(c.value for c in Condition)}).",
                suggest(value, known),
            )
    return profile.model_copy(update={"focus": list(focus), "avoid": list(avoid)})


def check_config(config: Config, library: Library) -> None:
    """UsageError (did-you-mean) for a default area or oil the content does not know."""
    from ..library import find

    for value in config.focus:
        _known_area(value, "focus", library)
    for value in config.avoid:
        _known_area(value, "avoid", library)
    if config.oil is not None:
        find("oil", config.oil, dict(library.oils))
