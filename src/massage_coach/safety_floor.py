"""The safety floor: built-in rules no content pack, answers file or checkpoint can lower.

Content declares its rules (an area's `max_pressure`, `no_percussion`, a stroke's `percussive`),
and a pack may replace any item: so the promises the coach makes are also kept here, in code,
where a pack cannot reach them. Content can only tighten them.

- Percussion never on the lower back (the kidneys), the neck, or the spine (a whole-back step
  runs over the spine): by id for the bundled areas, by property for any stroke or tool.
- The neck: light only. The lower back, under the lowest ribs: friction at medium at most (no
  body-weight friction over the kidneys).
- A point tool (massage balls, the massager) never at light pressure, nor when the screening
  limits the session to light; heat never after a no-heat limit.
- The screening limits (`Choices`): pressure cap, no percussion, heat, essential oils, tools,
  nut carriers, oils to avoid for a condition, first-time oils.

`content_breaches` checks a library (used by `content validate` and before any plan);
`step_breaches` checks a plan against the floor and the limits (a resumed checkpoint);
`oil_refusal` says why an oil may not be used under the limits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .answers import LIMIT_FLAGS
from .kinds.base import Pressure

if TYPE_CHECKING:
    from .kinds.area import Area
    from .kinds.checklist import Checklist
    from .kinds.library import Library
    from .kinds.oil import Oil
    from .kinds.stroke import Stroke
    from .kinds.tool import Tool
    from .routine import Choices, Plan, Step


@dataclass(frozen=True)
class AreaFloor:
    """The loosest an area may ever be, whatever its content says."""

    max_pressure: Pressure
    no_percussion: bool
    stroke_caps: dict[str, Pressure] = field(default_factory=dict)
    why: str = ""


AREA_FLOOR: dict[str, AreaFloor] = {
    "lower-back": AreaFloor(
        Pressure.firm,
        no_percussion=True,
        stroke_caps={"friction": Pressure.medium},
        why="the kidneys sit under the lowest ribs",
    ),
    "neck": AreaFloor(
        Pressure.light,
        no_percussion=True,
        why="nerves and blood vessels lie close under the skin",
    ),
}
"""Bundled areas by id (domain notes, section 3a)."""

PERCUSSIVE_STROKES = frozenset({"tapotement"})
"""Bundled strokes that are percussion, whatever a pack redefining them says."""
POINT_TOOLS = frozenset({"massage-balls", "electric-massager"})
"""Bundled tools that press on a small spot (domain notes, section 8)."""
NUT_FAMILY = "nut"
FIRST_TIME = "new to them"


def is_percussive_stroke(stroke_id: str, strokes: Mapping[str, Stroke]) -> bool:
    """Percussion: a bundled percussive stroke by id, or any stroke that says it is."""
    stroke = strokes.get(stroke_id)
    return stroke_id in PERCUSSIVE_STROKES or (stroke is not None and stroke.percussive)


def is_point_tool(tool: Tool) -> bool:
    """Presses on a small spot: a bundled point tool by id, or any percussive tool."""
    return tool.id in POINT_TOOLS or tool.percussive or tool.point


def stroke_cap(area_id: str, stroke_id: str | None) -> Pressure:
    """The firmest the floor allows a stroke on an area (firm where the floor says nothing)."""
    floor = AREA_FLOOR.get(area_id)
    if floor is None:
        return Pressure.firm
    cap = floor.max_pressure
    if stroke_id is not None and stroke_id in floor.stroke_caps:
        cap = min(cap, floor.stroke_caps[stroke_id], key=lambda p: p.rank)
    return cap


Breach = tuple[str, str, str, str]
"""(kind folder, item id, field, the rule it would break)."""


def content_breaches(
    areas: Mapping[str, Area], strokes: Mapping[str, Stroke], tools: Mapping[str, Tool]
) -> list[Breach]:
    """Where content would loosen the floor. Each mapping may be empty (a kind not loaded)."""
    found: list[Breach] = []
    for area_id, floor in AREA_FLOOR.items():
        area = areas.get(area_id)
        if area is None:
            continue
        if floor.no_percussion and not area.no_percussion:
            rule = f"must stay true on {area_id}: no percussion there ({floor.why})"
            found.append(("areas", area_id, "no_percussion", rule))
        if area.max_pressure.rank > floor.max_pressure.rank:
            rule = f"at most {floor.max_pressure.value} on {area_id} ({floor.why})"
            found.append(("areas", area_id, "max_pressure", rule))
        for stroke_id, cap in floor.stroke_caps.items():
            own = area.stroke_max_pressure.get(stroke_id, area.max_pressure)
            if stroke_id in area.strokes and own.rank > cap.rank:
                rule = f"{stroke_id} at {cap.value} at most on {area_id} ({floor.why})"
                found.append(("areas", area_id, "stroke_max_pressure", rule))
    for stroke_id in PERCUSSIVE_STROKES:
        stroke = strokes.get(stroke_id)
        if stroke is not None and not stroke.percussive:
            found.append(("strokes", stroke_id, "percussive", f"{stroke_id} is percussion: true"))
        if stroke is not None and Pressure.light in stroke.pressures:
            rule = f"{stroke_id} is percussion, never done at light pressure"
            found.append(("strokes", stroke_id, "pressures", rule))
    for tool in tools.values():
        if tool.id in POINT_TOOLS and not tool.point:
            rule = f"{tool.id} presses on a small spot: true"
            found.append(("tools", tool.id, "point", rule))
    return found


_ADJUST_FLAGS = (*LIMIT_FLAGS, "ask_area_to_avoid")


def screening_breaches(safety: Checklist, bundled: Checklist) -> list[Breach]:
    """Where a pack's `safety` checklist would ask less than the bundled one: every bundled
    question stays, a stop stays a stop, and a caution keeps at least its limits."""
    found: list[Breach] = []
    mine = {item.id: item for item in safety.items}
    for item in bundled.items:
        theirs = mine.get(item.id)
        if item.if_yes is None:
            continue
        if theirs is None or theirs.if_yes is None:
            found.append(("checklists", safety.id, "items", f"the question '{item.id}' stays"))
            continue
        if theirs.if_yes.action == "stop":
            continue  # a stop is as strict as it gets
        if item.if_yes.action == "stop":
            found.append(("checklists", safety.id, "items", f"'{item.id}' stays a stop question"))
            continue
        want, have = item.if_yes.adjust, theirs.if_yes.adjust
        weaker = [flag for flag in _ADJUST_FLAGS if getattr(want, flag) and not getattr(have, flag)]
        if want.max_pressure is not None and (
            have.max_pressure is None or have.max_pressure.rank > want.max_pressure.rank
        ):
            weaker.append(f"max_pressure {want.max_pressure.value}")
        if want.max_minutes is not None and (
            have.max_minutes is None or have.max_minutes > want.max_minutes
        ):
            weaker.append(f"max_minutes {want.max_minutes}")
        weaker += [
            f"avoid_oils_for {c.value}" for c in want.avoid_oils_for if c not in have.avoid_oils_for
        ]
        if weaker:
            rule = f"'{item.id}' keeps at least its limits ({', '.join(weaker)})"
            found.append(("checklists", safety.id, "items", rule))
    return found


def first_time(oil: Oil, choices: Choices) -> bool:
    """An oil the recipient has not used before: not in their profile's history, or, without
    a profile, any essential oil."""
    if choices.used_oils is None:
        return oil.type == "essential"
    return oil.id not in choices.used_oils


def oil_refusal(oil: Oil, choices: Choices) -> str | None:
    """Why the limits keep `oil` out ('no essential oils after the safety questions'), or None."""
    if oil.type == "essential" and choices.no_essential_oils:
        return "no essential oils after the safety questions"
    if choices.no_nut_carriers and NUT_FAMILY in oil.families:
        return "made from nuts, and the safety questions rule out nut carriers"
    named = [c.value for c in oil.avoid_if if c.value in choices.avoid_oils_for]
    if named:
        return f"to be avoided with {named[0]} (the safety questions)"
    if choices.no_first_time_oil and first_time(oil, choices):
        return FIRST_TIME + ", and a first-time oil needs a clear patch test 24 hours before"
    return None


def oils_within_limits(choices: Choices, library: Library) -> tuple[Choices, list[str]]:
    """The choices without an oil (or carrier) the limits keep out, and a note for each.

    A first-time oil left out for want of a patch test comes with a suggestion: a carrier the
    recipient has used before, by name when their history has one.
    """
    update: dict[str, object] = {}
    notes: list[str] = []
    for field_name in ("oil", "carrier"):
        oil = library.oils.get(getattr(choices, field_name) or "")
        if oil is None:
            continue
        reason = oil_refusal(oil, choices)
        if reason is None:
            continue
        update[field_name] = None
        note = f"{oil.name} left out: {reason}."
        if reason.startswith(FIRST_TIME):
            used = [
                library.oils[o].name.lower()
                for o in choices.used_oils or ()
                if o in library.oils
                and library.oils[o].type == "carrier"
                and oil_refusal(library.oils[o], choices) is None
            ]
            note += f" Use {used[0] if used else 'a plain carrier'} they have used before."
        notes.append(note)
    if choices.no_point_tools:
        points = [
            t for t in choices.tools if t in library.tools and is_point_tool(library.tools[t])
        ]
        for name in points:
            notes.append(
                f"{library.tools[name].name} left out: a point tool is never used at light "
                "pressure."
            )
        if points:
            update["tools"] = tuple(t for t in choices.tools if t not in points)
    return (choices.model_copy(update=update) if update else choices), notes


def step_breaches(plan: Plan, choices: Choices, library: Library, start: int = 0) -> list[str]:
    """Every rule a plan's steps from `start` on would break, in words (empty when it holds)."""
    found: list[str] = []
    light_only = min(choices.pressure, choices.max_pressure, key=lambda p: p.rank) is Pressure.light
    for index in range(start, len(plan.steps)):
        step = plan.steps[index]
        found += [f"step {index + 1}: {why}" for why in _breaks(step, choices, library, light_only)]
    return found


def _breaks(step: Step, choices: Choices, library: Library, light_only: bool) -> list[str]:
    why: list[str] = []
    where = step.area or "the whole back"
    pressure = step.pressure
    if pressure is not None and pressure.rank > choices.max_pressure.rank:
        why.append(f"{pressure.value} pressure, above the {choices.max_pressure.value} limit")
    if step.area is not None and pressure is not None:
        cap = stroke_cap(step.area, step.stroke)
        area = library.areas.get(step.area)
        if area is not None:
            cap = min(cap, area.max_pressure, key=lambda p: p.rank)
        if pressure.rank > cap.rank:
            why.append(f"{pressure.value} pressure on {step.area}, where {cap.value} is the most")
    percussive = step.stroke is not None and is_percussive_stroke(step.stroke, library.strokes)
    tool = library.tools.get(step.tool) if step.tool is not None else None
    if tool is not None and tool.percussive:
        percussive = True
    if percussive:
        floor = AREA_FLOOR.get(step.area or "")
        area = library.areas.get(step.area or "")
        if step.area is None or (floor is not None and floor.no_percussion):
            why.append(f"percussion on {where}")
        elif choices.no_percussion or (area is not None and area.no_percussion):
            why.append(f"percussion on {where} after a no-percussion limit")
        elif pressure is Pressure.light:
            why.append("percussion at light pressure")
    if tool is not None:
        if tool.heat and choices.no_heat:
            why.append(f"{tool.id}: heat after a no-heat limit")
        if not tool.heat and choices.no_tools:
            why.append(f"{tool.id}: a massage tool after a no-tools limit")
        if is_point_tool(tool) and (
            light_only or choices.no_point_tools or pressure is Pressure.light
        ):
            why.append(f"{tool.id}: a point tool at light pressure")
    if step.oil is not None:
        oil = library.oils.get(step.oil)
        refusal = oil_refusal(oil, choices) if oil is not None else None
        if refusal is not None:
            why.append(f"{step.oil}: {refusal}")
    return why
