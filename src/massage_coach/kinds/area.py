"""A part of the back and its rules (`content/areas/*.yaml`)."""

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from .base import Id, Item, Line, Model, Pressure, Text


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
    stroke_max_pressure: dict[Id, Pressure] = Field(
        default={},
        description="The firmest a stroke is used here, below max_pressure: stroke id -> level.",
    )
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

    @field_validator("stroke_max_pressure")
    @classmethod
    def _caps_for_its_own_strokes(
        cls, caps: dict[str, Pressure], info: ValidationInfo
    ) -> dict[str, Pressure]:
        strokes = info.data.get("strokes", [])
        for stroke_id in caps:
            if stroke_id not in strokes:
                raise ValueError(f"'{stroke_id}' is not one of this area's strokes ({strokes})")
        return caps

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
