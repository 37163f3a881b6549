"""The routine options as typed on the command line, shared by the CLI and the merge.

Standard library only: the commands import it at start-up, before anything heavy loads.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

PressureName = Literal["light", "medium", "firm"]


@dataclass(frozen=True)
class RoutineOptions:
    """The shared routine options as typed on the command line; None means not given."""

    pressure: PressureName | None = None
    focus: list[str] | None = None
    avoid: list[str] | None = None
    minutes: int | None = None
    until: str | None = None
    oil: str | None = None
    tool: list[str] | None = None
    heat: bool | None = None
    seed: int | None = None
    profile: str | None = None
    routine: str | None = None
    content: list[Path] | None = None

    @classmethod
    def pick(cls, values: Mapping[str, object]) -> RoutineOptions:
        """The options out of a command's parameters (`RoutineOptions.pick(locals())`)."""
        names = [f.name for f in dataclasses.fields(cls)]
        return cls(**{name: values[name] for name in names if name in values})  # type: ignore[arg-type]
