"""One module per kind of content file, each imported only when that kind is read.

A command that shows strokes builds the stroke models and nothing else: creating a pydantic
model class costs about half a millisecond, and the kinds together are ~10 ms of start-up.
`massage_coach.models` imports them all, for code that wants everything at hand.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Item

KIND_MODELS: dict[str, tuple[str, str]] = {
    "strokes": ("stroke", "Stroke"),
    "areas": ("area", "Area"),
    "tools": ("tool", "Tool"),
    "oils": ("oil", "Oil"),
    "checklists": ("checklist", "Checklist"),
    "guides": ("guide", "Guide"),
    "routines": ("routine", "Routine"),
}
"""Folder name under a content directory -> (module of this package, model class), in the
order the loader reads them."""

KIND_FOLDERS: tuple[str, ...] = tuple(KIND_MODELS)


def model_for(kind: str) -> type[Item]:
    """The model of the files in the `kind` folder (`strokes`, ...), its module imported now."""
    module, name = KIND_MODELS[kind]
    model: type[Item] = getattr(import_module(f"{__name__}.{module}"), name)
    return model
