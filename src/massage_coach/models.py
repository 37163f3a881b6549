"""Every content model (pydantic, one per kind of content file) and the Library, at hand.

Every model is immutable and forbids unknown keys; the JSON Schema for authors comes from these.
Safety rules are declared here as data (an area's pressure cap, `no_percussion`, a screening
answer's adjustments) so the planner and the session can enforce them, not just print them.

The models live one kind per module in `massage_coach.kinds`, so that a command reading one
kind builds only its models; this module imports every kind, for code that needs them all.
"""

from .kinds import KIND_MODELS
from .kinds.area import Area, DiagramRows
from .kinds.base import Condition, Id, Item, Line, Model, Pressure, Role, Text
from .kinds.checklist import Adjust, CheckItem, Checklist, IfYes
from .kinds.guide import Guide, Section
from .kinds.library import Library
from .kinds.oil import Dilution, Oil
from .kinds.routine import Routine, Share
from .kinds.stroke import SecondsRange, Stroke
from .kinds.tool import Tool

KINDS: dict[str, type[Item]] = {
    "strokes": Stroke,
    "areas": Area,
    "tools": Tool,
    "oils": Oil,
    "checklists": Checklist,
    "guides": Guide,
    "routines": Routine,
}
"""Folder name under a content directory -> the model of the files in it (as KIND_MODELS)."""

__all__ = [
    "KINDS",
    "KIND_MODELS",
    "Adjust",
    "Area",
    "CheckItem",
    "Checklist",
    "Condition",
    "DiagramRows",
    "Dilution",
    "Guide",
    "Id",
    "IfYes",
    "Item",
    "Library",
    "Line",
    "Model",
    "Oil",
    "Pressure",
    "Role",
    "Routine",
    "SecondsRange",
    "Section",
    "Share",
    "Stroke",
    "Text",
    "Tool",
]
