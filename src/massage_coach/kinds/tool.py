"""A massage tool or heat source (`content/tools/*.yaml`)."""

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from .base import Id, Item, Line, Text


class Tool(Item):
    kind: Literal["tool"] = "tool"
    summary: Text
    percussive: bool = False
    point: bool = Field(
        default=False,
        description="Presses on a small spot (balls, a massager): never used at light pressure.",
    )
    heat: bool = False
    heat_default: bool = Field(
        default=False,
        description="The heat used when heat is asked for without naming a tool: the gentlest "
        "one a lay giver can manage. One tool at most across all packs.",
    )
    position: Literal["face-down", "face-up"] = Field(
        default="face-down",
        description="How the recipient lies for it. The guided routine is given face down, so "
        "a face-up tool (one they lie on) is left out of it with a note: it is for afterwards.",
    )
    areas: list[Id] = Field(min_length=1, description="Areas it may be used on, by id.")
    seconds: int = Field(ge=30, le=600, description="Length of one tool step.")
    how: list[Text] = Field(min_length=1)
    cautions: list[Text] = Field(min_length=1)
    cue: Line
    check: Line | None = Field(
        default=None,
        description="The safety check the step's cue repeats (a heat source: how warm is "
        "too warm).",
    )
    prep_items: list[Line] = Field(
        default=[],
        description="Items added to the prep list when this tool is in the plan.",
    )

    @field_validator("heat_default")
    @classmethod
    def _only_a_heat_source(cls, value: bool, info: ValidationInfo) -> bool:
        if value and not info.data.get("heat"):
            raise ValueError("only a heat source (heat: true) can be the default heat")
        if value and info.data.get("percussive"):
            raise ValueError("a percussive tool cannot be the default heat")
        return value
