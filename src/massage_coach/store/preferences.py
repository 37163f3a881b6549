"""Where a routine's choices come from: the command line, a routine, a profile and the config
(`merge_choices`, pure), and the allergy rule. `routine_defaults` is the profile/config layer.

Precedence, strongest first: the command line > the profile > MASSAGE_COACH_<KEY> variables >
the config file > the built-in default. A profile speaks for one person, so it beats the giver's
general defaults wherever they come from; what is typed now beats everything. Two exceptions
choose the gentler side: areas to avoid are the union of all sources (an injury noted in a
profile is not forgotten because `--avoid` named another area), and a focus area that is also
avoided is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..kinds.base import NO_OIL
from ..models import Condition, Library, Oil, Pressure
from ..names import find, match, suggest
from ..routine import Choices
from ..routine_options import RoutineOptions
from .config import Config
from .files import Loaded

if TYPE_CHECKING:  # only annotations need it: a plan without --profile never loads the model
    from ..models import Routine
    from ..routine import Choices
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
    aliases = {alias: area.id for area in library.areas.values() for alias in area.aliases}
    try:
        return find("area", value, library.areas, aliases).id
    except UsageError as exc:
        raise UsageError(f"Unknown area '{value}' for {label}.", exc.suggestion) from None


def normalised_profile(profile: Profile, library: Library) -> Profile:
    """The profile with aliases as area ids; UsageError (did-you-mean) for an unknown area or
    allergy, since a misspelt allergy would silently never match an oil."""
    label = f"{profile.name}'s profile"
    focus = _unique([_known_area(value, f"focus in {label}", library) for value in profile.focus])
    avoid = _unique([_known_area(value, f"avoid in {label}", library) for value in profile.avoid])
    _refuse_overlap(focus, avoid, label)
    known = allergy_names(library)
    for value in profile.allergies:
        if value not in known:
            raise UsageError(
                f"Unknown allergy '{value}': name an oil, an oil family or a condition "
                f"({', '.join(c.value for c in Condition)}).",
                suggest(value, known),
            )
    return profile.model_copy(update={"focus": list(focus), "avoid": list(avoid)})


def _refuse_overlap(focus: tuple[str, ...], avoid: tuple[str, ...], where: str) -> None:
    both = [area for area in focus if area in avoid]
    if both:
        raise UsageError(
            f"'{both[0]}' is both a focus and an area to avoid in {where}; choose one."
        )


def check_config(
    config: Config, library: Library, where: Callable[[str], str] = lambda key: "your config"
) -> None:
    """UsageError (did-you-mean) for a default area or oil the content does not know, or an
    area both focused and avoided; `where(key)` says where a key's value was set (asked only
    for an error)."""
    checking = "focus"  # the key being checked, to say where its value was set
    try:
        focus = _unique([_known_area(value, "focus", library) for value in config.focus])
        checking = "avoid"
        avoid = _unique([_known_area(value, "avoid", library) for value in config.avoid])
        checking = "oil"
        if config.oil is not None and config.oil != NO_OIL:
            find("oil", config.oil, {**library.oils, NO_OIL: None})
        checking = "carrier"
        carriers = {k: v for k, v in library.oils.items() if v.type == "carrier"}
        find("carrier", config.carrier, carriers)
    except UsageError as exc:  # `where` only now: it reads the config file
        raise UsageError(f"{exc.message[:-1]} in {where(checking)}.", exc.suggestion) from None
    if any(area in avoid for area in focus):
        origins = {where("focus"), where("avoid")}
        _refuse_overlap(focus, avoid, origins.pop() if len(origins) == 1 else "your settings")


def _as_spelt(options: RoutineOptions, library: Library) -> RoutineOptions:
    """Typed oil and tool names as the content spells them (`Lavender` -> `lavender`); a name
    the content does not know is left as typed, for the planner to refuse with a did-you-mean."""
    oil = options.oil and (match(options.oil, [*library.oils, NO_OIL]) or options.oil)
    tools = [match(t, library.tools) or t for t in options.tool] if options.tool else options.tool
    return options._replace(oil=oil, tool=tools)


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
    options = _as_spelt(options, library)
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
        why = (
            f"you gave --avoid {area}"
            if area in typed_avoid
            else f"{_who_avoids(area, routine, profile, library)} avoids it"
        )
        notices.append(f"Not focusing on {area}: {why}, so it is left out.")
    pressure = defaults.pressure
    if options.pressure is None and routine is not None and routine.pressure is not None:
        preferred = (profile.pressure if profile else None) or (
            config.pressure if "pressure" in config.model_fields_set else None
        )
        pressure = min(routine.pressure, preferred or routine.pressure, key=lambda p: p.rank)
    tools = options.tool if options.tool else (routine.tools if routine else [])
    heat = options.heat if options.heat is not None else bool(routine and routine.heat)
    if options.heat is False:

        def is_heat(tool: str) -> bool:
            return tool in library.tools and library.tools[tool].heat

        typed_heat = [t for t in options.tool or [] if is_heat(t)]
        if typed_heat:
            raise UsageError(f"--no-heat and --tool {typed_heat[0]} (a heat source): choose one.")
        tools = [t for t in tools if not is_heat(t)]
    carrier = _carrier(options.carrier, config.carrier, defaults.allergies, library, notices)
    choices = Choices(
        carrier=carrier,
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


def _carrier(
    typed: str | None,
    configured: str,
    allergies: tuple[str, ...],
    library: Library,
    notices: list[str],
) -> str | None:
    """The carrier for an essential-oil blend: --carrier (refused, exit 2, when unknown, not
    a carrier or ruled out by the profile's allergies), else the config's (left out with a
    notice when the allergies rule it out: the planner then picks a nut-free one)."""
    carriers = {k: v for k, v in library.oils.items() if v.type == "carrier"}
    name = typed or configured
    if typed is not None:
        find("carrier", typed, carriers)
    elif name not in carriers:
        return None
    reason = refused_oil(carriers[name], allergies)
    if reason is None:
        return name
    if typed is not None:
        raise UsageError(reason)
    notices.append(f"{reason} The default carrier is left out this time.")
    return None


def _who_avoids(
    area: str, routine: Routine | None, profile: Profile | None, library: Library
) -> str:
    if profile is not None and area in _area_ids(list(profile.avoid), library):
        return f"{profile.name}'s profile"
    if routine is not None and area in routine.avoid:
        return f"the {routine.id} routine"
    return "your config"
