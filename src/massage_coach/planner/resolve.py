"""Resolving the choices against the content: ids checked (with did-you-mean), what is left out."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError, UsageError
from ..kinds.base import NO_OIL
from ..models import Area, Library, Oil, Pressure, Role, Routine, Stroke, Tool
from ..names import match, suggest
from ..routine import Choices
from ..safety_floor import is_point_tool, oil_refusal
from .limits import lower_first


@dataclass(frozen=True)
class Setup:
    """The choices, checked against the library and reduced to what the planner works with."""

    level: Pressure
    areas: list[Area]  # usable, in working order
    focus: list[str]
    avoid: list[str]
    oil: Oil | None
    carrier: Oil | None
    """The carrier an essential oil is mixed in (None for a carrier oil, or no oil)."""
    tools: list[Tool]
    heat_tool: Tool | None
    warm_stroke: Stroke
    cool_stroke: Stroke
    no_percussion: bool
    notes: list[str]
    weights: dict[str, float]
    """Each usable area's weight in the main work: the routine's share, else default_share."""
    avoid_names: list[str] = field(default_factory=list)
    """The avoided areas as the whole-back steps name them (lower case)."""
    bilateral: frozenset[str] = frozenset()
    """Strokes done on both sides at once on a sided area (content, or the routine's say)."""
    without: frozenset[str] = frozenset()
    """Strokes the routine leaves out (never the warm-up and cool-down glide)."""
    side_lying: bool = False
    """Given side-lying (pregnancy): all of one side, one turn, then the other; nothing is
    done on both sides at once."""
    plain_oil: bool = False
    """No oil chosen: a little plain carrier oil goes on all the same (the prep list has it),
    `carrier` when the limits allow one. False with --oil none."""


SIDE_LYING_NOTE = (
    "Side-lying (pregnancy): not face down, and not flat on the back from about 20 weeks. "
    "They lie on one side with a pillow under the head, one between the knees and one to hug; "
    "work the upper side of the back, then they turn over for the other side."
)


NO_OIL_NOTE = "No oil, as chosen: the strokes are given without oil."


def _plain_carrier(choices: Choices, library: Library) -> Oil | None:
    """The carrier used on its own when no oil is chosen: the chosen carrier when the limits
    allow it, else none named (the giver uses one the recipient has used before)."""
    chosen = library.oils.get(choices.carrier or "")
    if chosen is not None and chosen.type == "carrier" and oil_refusal(chosen, choices) is None:
        return chosen
    return None


def _carrier_for(
    oil: Oil | None, choices: Choices, library: Library, notes: list[str]
) -> Oil | None:
    """The carrier an essential oil is mixed in: the chosen one when the limits allow it,
    else the first nut-free carrier they do (by id), with a note."""
    if oil is None or oil.type != "essential":
        return None
    carriers = sorted((o for o in library.oils.values() if o.type == "carrier"), key=lambda o: o.id)
    chosen = library.oils.get(choices.carrier or "")
    if chosen is not None and chosen.type == "carrier":
        refused = oil_refusal(chosen, choices)
        if refused is None:
            return chosen
        notes.append(f"{chosen.name} left out as the carrier: {refused}.")
    allowed = [c for c in carriers if "nut" not in c.families and oil_refusal(c, choices) is None]
    return allowed[0] if allowed else None


def _area_id(name: str, library: Library) -> str:
    area = library.area_for(name)
    if area is None:
        aliases = [alias for known in library.areas.values() for alias in known.aliases]
        known_names = [*library.areas, *aliases]
        raise UsageError(f"Unknown area '{name}'.", suggest(name, known_names))
    return area.id


def unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _light_stroke(library: Library, role: Role) -> Stroke:
    for stroke in library.strokes_in_sequence():
        if role in stroke.roles and Pressure.light in stroke.pressures and not stroke.percussive:
            return stroke
    raise ContentError.single(
        Path("content/strokes"), f"no stroke with the role '{role.value}' can be done lightly"
    )


def _bilateral(library: Library, routine: Routine | None) -> frozenset[str]:
    """The strokes worked on both sides at once: as the stroke's content says, unless the
    routine marks it otherwise."""
    both = {s.id for s in library.strokes.values() if s.bilateral}
    if routine is not None:
        both |= set(routine.bilateral_strokes)
        both -= set(routine.sided_strokes)
    return frozenset(both)


def routine_for(name: str, library: Library) -> Routine:
    """The routine called `name`, or a UsageError with a did-you-mean."""
    found = match(name, library.routines)
    if found is not None:
        return library.routines[found]
    known = sorted(library.routines)
    hint = suggest(name, known)
    listed = "" if hint or not known else f" Known: {', '.join(known)}."
    raise UsageError(f"Unknown routine '{name}'.{listed}", hint)


def _routine_areas(
    routine: Routine | None, focus: list[str], library: Library
) -> tuple[list[Area], dict[str, float]]:
    """The areas a plan may work, in working order, and their weights: every area by its
    default share, or a routine's areas in its order plus any focus area it does not list."""
    by_diagram = sorted(library.areas.values(), key=lambda a: (a.diagram.first, a.id))
    if routine is None or not routine.areas:
        return by_diagram, {a.id: float(a.default_share) for a in by_diagram}
    listed = [library.areas[a] for a in routine.areas if a in library.areas]
    extra = [a for a in by_diagram if a.id in focus and a.id not in routine.areas]
    weights = {a.id: float(routine.areas.get(a.id, a.default_share)) for a in listed + extra}
    return listed + extra, weights


def resolve(choices: Choices, library: Library) -> Setup:  # noqa: C901 - each check in order
    """Check every id (with did-you-mean) and the combinations; collect what is left out."""
    notes: list[str] = []
    routine = routine_for(choices.routine, library) if choices.routine is not None else None
    focus = unique([_area_id(name, library) for name in choices.focus])
    avoid = unique([_area_id(name, library) for name in choices.avoid])
    both = [a for a in focus if a in avoid]
    if both:
        raise UsageError(f"'{both[0]}' is in both --focus and --avoid; choose one.")
    order, weights = _routine_areas(routine, focus, library)
    if not [a for a in order if a.id not in avoid]:
        if routine is not None and routine.areas:
            raise UsageError(
                f"Every area the '{routine.id}' routine works is avoided "
                f"({', '.join(a.id for a in order)}); choose another routine or --focus an area."
            )
        raise UsageError("Every area is avoided; there is nothing left to massage.")

    oil: Oil | None = None
    if choices.oil is not None and choices.oil != NO_OIL:
        if choices.oil not in library.oils:
            known = [*library.oils, NO_OIL]
            raise UsageError(f"Unknown oil '{choices.oil}'.", suggest(choices.oil, known))
        oil = library.oils[choices.oil]
        refused = oil_refusal(oil, choices)  # the safety floor: the screening's oil limits
        if refused is not None:
            notes.append(f"{oil.name} left out: {refused}.")
            oil = None

    plain_oil = oil is None and choices.oil != NO_OIL
    if choices.oil == NO_OIL:
        notes.append(NO_OIL_NOTE)
    carrier = _plain_carrier(choices, library) if plain_oil else None
    carrier = _carrier_for(oil, choices, library, notes) or carrier
    if choices.side_lying:
        notes.append(SIDE_LYING_NOTE)

    tools: list[Tool] = []
    for name in unique(list(choices.tools)):
        if name not in library.tools:
            raise UsageError(f"Unknown tool '{name}'.", suggest(name, library.tools))
        if not library.tools[name].heat:
            tools.append(library.tools[name])
    wants_heat = choices.heat or any(library.tools[t].heat for t in choices.tools)
    # A heat tool named, else the content's default: the gentlest heat (domain notes,
    # section 5: a lay giver should prefer a warm towel to hot stones); never a guess.
    heat_tool = library.heat_for(choices.tools) if wants_heat else None
    if wants_heat and choices.no_heat:
        notes.append("Heat left out: no heat after the safety questions.")
        heat_tool = None
    elif wants_heat and heat_tool is None:
        notes.append("Heat left out: the content names no default heat; choose one with --tool.")

    no_percussion = choices.no_percussion
    for tool in list(tools):
        if choices.no_tools:
            notes.append(f"{tool.name} left out: no massage tools after the safety questions.")
            tools.remove(tool)
        elif tool.position == "face-up":
            # The routine is given face down: turning over mid-way, one side at a time, makes
            # no sense for a tool they lie on. It stays in `tools` for afterwards.
            notes.append(
                f"{tool.name} left out: they lie face up on it, so it is not part of this "
                f"face-down routine (afterwards, see `massage-coach tools {tool.id}`)."
            )
            tools.remove(tool)
        elif tool.percussive and no_percussion:
            notes.append(f"{tool.name} left out: no percussion after the safety questions.")
            tools.remove(tool)
        elif is_point_tool(tool) and choices.no_point_tools:
            notes.append(f"{tool.name} left out: a point tool is never used at light pressure.")
            tools.remove(tool)

    areas = [a for a in order if a.id not in avoid]
    if choices.seed is not None:
        random.Random(choices.seed).shuffle(areas)
    level = min(choices.pressure, choices.max_pressure, key=lambda p: p.rank)
    if level is not choices.pressure:
        notes.append(f"Pressure kept to {level.value} after the safety questions.")
    return Setup(
        level=level,
        areas=areas,
        focus=focus,
        avoid=avoid,
        oil=oil,
        carrier=carrier,
        plain_oil=plain_oil,
        tools=tools,
        heat_tool=heat_tool,
        warm_stroke=_light_stroke(library, Role.warm_up),
        cool_stroke=_light_stroke(library, Role.finish),
        no_percussion=no_percussion,
        notes=notes,
        weights=weights,
        without=frozenset(routine.without_strokes if routine else ()),
        avoid_names=[lower_first(library.areas[a].name) for a in avoid],
        bilateral=frozenset() if choices.side_lying else _bilateral(library, routine),
        side_lying=choices.side_lying,
    )
