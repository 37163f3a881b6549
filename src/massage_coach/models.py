"""Pydantic models: one per kind of content file, plus the validated Library.

Every model is immutable and forbids unknown keys; the JSON Schema for authors comes from these.
Safety rules are declared here as data (an area's pressure cap, `no_percussion`, a screening
answer's adjustments) so the planner and the session can enforce them, not just print them.
"""

from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=48)]
"""A kebab-case id such as `lower-back`."""
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Pressure(StrEnum):
    """The app's pressure levels, gentlest first (domain notes, section 2)."""

    light = "light"
    medium = "medium"
    firm = "firm"

    @property
    def rank(self) -> int:
        return _PRESSURE_ORDER.index(self)

    def step(self, delta: int) -> "Pressure":
        """The level `delta` steps firmer (positive) or softer (negative), clamped."""
        index = min(max(self.rank + delta, 0), len(_PRESSURE_ORDER) - 1)
        return _PRESSURE_ORDER[index]


_PRESSURE_ORDER = (Pressure.light, Pressure.medium, Pressure.firm)


class Role(StrEnum):
    """Where in a routine a stroke belongs."""

    warm_up = "warm-up"
    main = "main"
    finish = "finish"


# Empty defaults are written `Field(default=[])`, not `default_factory=list`: pydantic copies a
# mutable default for each instance all the same, while a builtin factory makes it read the
# builtin's signature with `inspect`, which compiles the tokenizer's large regex (~4 ms of every
# command's start-up).
# `defer_build`: a model's validator is built when it first validates, so a command that reads
# one kind of content builds only that kind's (~0.5-1 ms each). This module does not use
# `from __future__ import annotations`: pydantic would compile every field's annotation string.
class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False, defer_build=True)


class Item(Model):
    """Fields every named piece of content shares."""

    id: Id
    name: Line


class SecondsRange(Model):
    min: int = Field(ge=10, le=1800)
    max: int = Field(ge=10, le=1800)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            raise ValueError("min must not be greater than max")
        return self


class Stroke(Item):
    """A massage stroke: what it is, how to do it, and where and how hard it may be used."""

    kind: Literal["stroke"] = "stroke"
    sequence: int = Field(ge=1, le=99, description="Place in the classic flow; lower comes first.")
    summary: Text
    purpose: Text
    roles: list[Role] = Field(min_length=1)
    hand_parts: list[Line] = Field(min_length=1)
    pressures: list[Pressure] = Field(min_length=1, description="Levels it may be done at.")
    pressure_notes: dict[Pressure, Text] = Field(default={})
    percussive: bool = Field(
        default=False, description="Percussion: never where an area has no_percussion."
    )
    typical_seconds: SecondsRange
    steps: list[Text] = Field(min_length=1, description="Numbered how-to steps.")
    cues: list[Line] = Field(min_length=1, description="Short cues to say aloud.")
    cautions: list[Text] = Field(default=[])
    workload: dict[Pressure, float] = Field(
        default={},
        description="How hard a minute of this stroke is on the giver's hands, per level "
        "(1.0 = a minute of light effleurage); levels left out count as 1.0.",
    )

    @model_validator(mode="after")
    def _notes_only_for_allowed_pressures(self) -> Self:
        for field in ("pressure_notes", "workload"):
            extra = [p.value for p in getattr(self, field) if p not in self.pressures]
            if extra:
                raise ValueError(f"{field} for levels not in pressures: {', '.join(extra)}")
        if any(not 0.1 <= weight <= 10 for weight in self.workload.values()):
            raise ValueError("workload weights must be between 0.1 and 10")
        return self

    def workload_weight(self, pressure: Pressure) -> float:
        """The giver's load for one minute of this stroke at `pressure`."""
        return self.workload.get(pressure, 1.0)


class DiagramRows(Model):
    """Rows of the text back diagram (0 = top) that show this area."""

    first: int = Field(ge=0, le=20)
    last: int = Field(ge=0, le=20)


class Area(Item):
    """A part of the back and the rules for working on it."""

    kind: Literal["area"] = "area"
    aliases: list[Id] = Field(default=[])
    summary: Text
    sided: bool = Field(description="Has a left and a right side, worked for equal time.")
    max_pressure: Pressure = Field(description="The firmest level ever used here.")
    no_percussion: bool = Field(default=False, description="No tapotement or percussive tools.")
    strokes: list[Id] = Field(min_length=1, description="Recommended strokes, by id.")
    default_share: int = Field(
        ge=0, le=100, description="Percent of the main work with no focus chosen."
    )
    guidance: list[Text] = Field(min_length=1)
    avoid: list[Text] = Field(default=[])
    diagram: DiagramRows
    stroke_cues: dict[Id, list[Line]] = Field(
        default={},
        description="Cues for a stroke on this area, said instead of the stroke's general ones "
        "(which speak of the whole back): stroke id -> short lines.",
    )

    @field_validator("stroke_cues")
    @classmethod
    def _cues_for_its_own_strokes(
        cls, cues: dict[str, list[str]], info: ValidationInfo
    ) -> dict[str, list[str]]:
        strokes = info.data.get("strokes", [])
        for stroke_id, lines in cues.items():
            if stroke_id not in strokes:
                raise ValueError(f"'{stroke_id}' is not one of this area's strokes ({strokes})")
            if not lines:
                raise ValueError(f"give at least one cue for '{stroke_id}'")
        return cues


class Tool(Item):
    kind: Literal["tool"] = "tool"
    summary: Text
    percussive: bool = False
    heat: bool = False
    areas: list[Id] = Field(min_length=1, description="Areas it may be used on, by id.")
    seconds: int = Field(ge=30, le=600, description="Length of one tool step.")
    how: list[Text] = Field(min_length=1)
    cautions: list[Text] = Field(min_length=1)
    cue: Line


class Condition(StrEnum):
    """Reasons an oil may be unsuitable, as asked in screening or stored in a profile."""

    pregnancy = "pregnancy"
    breastfeeding = "breastfeeding"
    asthma = "asthma"
    children = "children"
    sensitive_skin = "sensitive-skin"
    nut_allergy = "nut-allergy"
    coconut_allergy = "coconut-allergy"
    seed_allergy = "seed-allergy"
    fragrance_allergy = "fragrance-allergy"


class Dilution(Model):
    """Essential-oil strength in percent of the carrier (domain notes, section 4)."""

    gentle_percent: float = Field(gt=0, le=3)
    normal_percent: float = Field(gt=0, le=3)
    max_percent: float = Field(gt=0, le=3, description="Hard cap; never above 3 %.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.gentle_percent <= self.normal_percent <= self.max_percent:
            raise ValueError("expected gentle_percent <= normal_percent <= max_percent")
        return self


class Oil(Item):
    kind: Literal["oil"] = "oil"
    type: Literal["carrier", "essential"]
    summary: Text
    families: list[Id] = Field(default=[], description="e.g. nut, for allergy checks.")
    dilution: Dilution | None = None
    avoid_if: list[Condition] = Field(default=[])
    cautions: list[Text] = Field(min_length=1)
    patch_test: bool = True

    @model_validator(mode="after")
    def _essential_needs_dilution(self) -> Self:
        if self.type == "essential" and self.dilution is None:
            raise ValueError("an essential oil needs a dilution")
        if self.type == "carrier" and self.dilution is not None:
            raise ValueError("a carrier oil is used neat: remove dilution")
        return self


class Adjust(Model):
    """What a 'yes' to a screening question changes in the plan."""

    max_pressure: Pressure | None = None
    no_percussion: bool = False
    no_heat: bool = False
    no_essential_oils: bool = False
    no_tools: bool = Field(
        default=False, description="No massage tools (balls, massager, roller); heat is no_heat."
    )
    max_minutes: int | None = Field(default=None, ge=5, le=90)
    ask_area_to_avoid: bool = Field(default=False, description="Ask which area to leave out.")


class IfYes(Model):
    action: Literal["stop", "caution"]
    advice: Text
    adjust: Adjust = Field(default_factory=Adjust)


class CheckItem(Model):
    id: Id
    text: Line
    why: Text | None = None
    how: Text | None = None
    if_yes: IfYes | None = Field(default=None, description="Screening questions only.")


class Checklist(Item):
    """A list to tick through: tasks (yes = done) or screening questions (yes = act)."""

    kind: Literal["checklist"] = "checklist"
    mode: Literal["tasks", "screening"]
    summary: Text
    items: list[CheckItem] = Field(min_length=1)

    @model_validator(mode="after")
    def _screening_items_have_actions(self) -> Self:
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                raise ValueError(f"item id '{item.id}' is used twice")
            seen.add(item.id)
            if self.mode == "screening" and item.if_yes is None:
                raise ValueError(f"screening item '{item.id}' needs if_yes")
            if self.mode == "tasks" and item.if_yes is not None:
                raise ValueError(f"task item '{item.id}' cannot have if_yes")
        return self


class Section(Model):
    title: Line
    text: Text
    sources: list[Line] = Field(default=[])


class Guide(Item):
    """Prose: tips, honest benefits, stop signals."""

    kind: Literal["guide"] = "guide"
    summary: Text
    sections: list[Section] = Field(min_length=1)


Share = Annotated[int, Field(ge=1, le=100)]


class Routine(Item):
    """A named routine: the base of a plan, which the giver's choices still customise.

    Data, not steps: it says how long, how firm, which areas in which order and with what share,
    and the planner builds the steps from it by every rule it always keeps. References (areas,
    tools, strokes) are checked after loading, with the rest of the library.
    """

    kind: Literal["routine"] = "routine"
    summary: Text
    minutes: int = Field(ge=5, le=90, description="Length when no --minutes is given, 5-90.")
    pressure: Pressure | None = Field(
        default=None,
        description="The firmest level it is written for; someone who prefers lighter gets "
        "lighter. None: the person's usual level.",
    )
    areas: dict[Id, Share] = Field(
        default={},
        description="The areas it works, in working order, each with its relative share of "
        "the main work (1-100). Empty: every area, by its default_share.",
    )
    focus: list[Id] = Field(default=[], description="Areas given at least 60 % of the main work.")
    avoid: list[Id] = Field(default=[], description="Areas always left out.")
    tools: list[Id] = Field(default=[], description="Tools it uses, by id.")
    heat: bool = Field(default=False, description="Start with a warm towel (or hot stones).")
    without_strokes: list[Id] = Field(
        default=[],
        description="Strokes it leaves out (e.g. tapotement for a calming routine); the "
        "warm-up and cool-down glide cannot be left out.",
    )
    guidance: list[Text] = Field(default=[], description="Tips shown with it.")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        for field in ("focus", "avoid", "tools", "without_strokes"):
            values = getattr(self, field)
            twice = sorted({v for v in values if values.count(v) > 1})
            if twice:
                raise ValueError(f"{field} names {', '.join(twice)} more than once")
        both = [a for a in self.focus if a in self.avoid]
        if both:
            raise ValueError(f"'{both[0]}' is in both focus and avoid")
        if self.areas:
            outside = [a for a in self.focus if a not in self.areas]
            if outside:
                raise ValueError(f"focus area '{outside[0]}' is not one of its areas")
            worked = [a for a in self.avoid if a in self.areas]
            if worked:
                raise ValueError(f"'{worked[0]}' is both in areas and in avoid")
        return self


KINDS: dict[str, type[Item]] = {
    "strokes": Stroke,
    "areas": Area,
    "tools": Tool,
    "oils": Oil,
    "checklists": Checklist,
    "guides": Guide,
    "routines": Routine,
}
"""Folder name under a content directory -> the model of the files in it."""


class Library(Model):
    """All content, validated and cross-checked. Lookups accept ids and aliases.

    A command that shows one kind may load only some kinds (`library.load_packs(kinds=...)`):
    the others are then mappings that raise on any use, and only references between the kinds
    loaded were checked. The planner and the session always get the whole library."""

    strokes: dict[str, Stroke]
    areas: dict[str, Area]
    tools: dict[str, Tool]
    oils: dict[str, Oil]
    checklists: dict[str, Checklist]
    guides: dict[str, Guide]
    routines: dict[str, Routine] = Field(default={})

    def strokes_in_sequence(self) -> list[Stroke]:
        return sorted(self.strokes.values(), key=lambda s: (s.sequence, s.id))

    def area_for(self, name: str) -> Area | None:
        """The area with this id or alias, if any."""
        if name in self.areas:
            return self.areas[name]
        return next((a for a in self.areas.values() if name in a.aliases), None)
