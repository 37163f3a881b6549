"""A checklist: tasks or screening questions (`content/checklists/*.yaml`)."""

from typing import Literal, Self

from pydantic import Field, model_validator

from .base import Condition, Id, Item, Line, Model, Pressure, Text


class Adjust(Model):
    """What a 'yes' to a screening question changes in the plan."""

    max_pressure: Pressure | None = None
    no_percussion: bool = False
    no_heat: bool = False
    no_essential_oils: bool = False
    no_tools: bool = Field(
        default=False, description="No massage tools (balls, massager, roller); heat is no_heat."
    )
    no_point_tools: bool = Field(
        default=False, description="No point tools (massage balls, massager); light implies it."
    )
    no_nut_carriers: bool = Field(
        default=False, description="No carrier oil made from nuts (sweet almond)."
    )
    gentle_dilution: bool = Field(
        default=False, description="Essential oils at their gentle dilution (1 %) only."
    )
    side_lying: bool = Field(
        default=False, description="Given side-lying with pillows, not face down."
    )
    avoid_oils_for: list[Condition] = Field(
        default=[], description="Oils whose avoid_if names one of these are kept out."
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
    topic: Line | None = Field(
        default=None,
        description="A few words naming it in messages ('blood thinners'); else the id.",
    )
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
