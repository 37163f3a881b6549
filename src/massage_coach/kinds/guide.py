"""A guide of prose sections (`content/guides/*.yaml`)."""

from typing import Literal

from pydantic import Field

from .base import Item, Line, Model, Text


class Section(Model):
    title: Line
    text: Text
    sources: list[Line] = Field(default=[])


class Guide(Item):
    """Prose: tips, honest benefits, stop signals."""

    kind: Literal["guide"] = "guide"
    summary: Text
    sections: list[Section] = Field(min_length=1)
