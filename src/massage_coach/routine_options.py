"""The routine options as typed on the command line, shared by the CLI and the merge.

Standard library only: the commands import it at start-up, before anything heavy loads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, NamedTuple

PressureName = Literal["light", "medium", "firm"]


class RoutineOptions(NamedTuple):
    """The shared routine options as typed on the command line; None means not given.

    A NamedTuple (immutable, `_replace`) rather than a frozen dataclass, which takes ~2 ms to
    create at import: `plan` and `session` import this module on every start-up."""

    pressure: PressureName | None = None
    focus: list[str] | None = None
    avoid: list[str] | None = None
    minutes: int | None = None
    until: str | None = None
    oil: str | None = None
    carrier: str | None = None
    tool: list[str] | None = None
    heat: bool | None = None
    seed: int | None = None
    profile: str | None = None
    routine: str | None = None
    content: list[Path] | None = None
