"""A massage stroke (`content/strokes/*.yaml`)."""

from typing import Literal, Self

from pydantic import Field, model_validator

from .base import Item, Line, Model, Pressure, Role, Text


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
    path: Literal["up-and-out", "circles", "knead", "tap", "tremble"] | None = Field(
        default=None,
        description="How the hands move, drawn on the back diagram over the area worked: "
        "up-and-out (long strokes up beside the spine and out over the shoulders), circles, "
        "knead, tap or tremble.",
    )
    plain_name: Line | None = Field(
        default=None,
        description="The stroke in everyday words (kneading), for the live screen's headline "
        "and for speech; the name is used where it is left out.",
    )
    sequence: int = Field(ge=1, le=99, description="Place in the classic flow; lower comes first.")
    summary: Text
    purpose: Text
    roles: list[Role] = Field(min_length=1)
    hand_parts: list[Line] = Field(min_length=1)
    pressures: list[Pressure] = Field(min_length=1, description="Levels it may be done at.")
    pressure_notes: dict[Pressure, Text] = Field(default={})
    percussive: bool = Field(
        description="Percussion (tapping, pounding): never on the lower back, the neck or the "
        "spine, nor where an area has no_percussion. Every stroke must say, true or false."
    )
    bilateral: bool = Field(
        default=False,
        description="Done on both sides of the back at once (flat palms either side of the "
        "spine); otherwise a sided area gets it one side at a time.",
    )
    typical_seconds: SecondsRange
    steps: list[Text] = Field(min_length=1, description="Numbered how-to steps.")
    cues: list[Line] = Field(min_length=1, description="Short cues to say aloud.")
    safety_cue: Line | None = Field(
        default=None,
        description="The safety line said with every cue of this stroke, whichever cue is "
        "picked ('Beside the spine, never on it.').",
    )
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
