"""A massage tool or heat source (`content/tools/*.yaml`)."""

from typing import Literal

from pydantic import Field

from .base import Id, Item, Line, Text


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
