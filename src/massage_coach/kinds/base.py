"""What every kind of content shares: the id and text types, pressure levels, roles, oil
conditions and the base models.

No module of this package uses `from __future__ import annotations`: pydantic would compile
every field's annotation string.
"""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=48)]
"""A kebab-case id such as `lower-back`."""
NO_OIL = "none"
"""The oil choice that means no oil at all, not even the plain carrier: `--oil none`, or
`oil: none` in the config."""
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Pressure(StrEnum):
    """The app's pressure levels, gentlest first (domain notes, section 2)."""

    light = "light"
    medium = "medium"
    firm = "firm"

    @property
    def rank(self) -> int:
        return _PRESSURE_ORDER.index(self)

    def step(self, delta: int) -> "Pressure":
        """The level `delta` steps firmer (positive) or softer (negative), clamped."""
        index = min(max(self.rank + delta, 0), len(_PRESSURE_ORDER) - 1)
        return _PRESSURE_ORDER[index]


_PRESSURE_ORDER = (Pressure.light, Pressure.medium, Pressure.firm)


class Role(StrEnum):
    """Where in a routine a stroke belongs."""

    warm_up = "warm-up"
    main = "main"
    finish = "finish"


# Empty defaults are written `Field(default=[])`, not `default_factory=list`: pydantic copies a
# mutable default for each instance all the same, while a builtin factory makes it read the
# builtin's signature with `inspect`, which compiles the tokenizer's large regex (~4 ms of every
# command's start-up).
# `defer_build`: a model's validator is built when it first validates, so a command that reads
# one kind of content builds only that kind's (~0.5-1 ms each). This module does not use
# `from __future__ import annotations`: pydantic would compile every field's annotation string.
class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False, defer_build=True)


class Item(Model):
    """Fields every named piece of content shares."""

    id: Id
    name: Line
    draft: bool = Field(
        default=False,
        description="A starter not yet filled in: checked, but never used by plans or any "
        "command until this line is removed.",
    )


class Condition(StrEnum):
    """Reasons an oil may be unsuitable, as asked in screening or stored in a profile."""

    pregnancy = "pregnancy"
    breastfeeding = "breastfeeding"
    asthma = "asthma"
    children = "children"
    sensitive_skin = "sensitive-skin"
    nut_allergy = "nut-allergy"
    coconut_allergy = "coconut-allergy"
    seed_allergy = "seed-allergy"
    fragrance_allergy = "fragrance-allergy"
    seizures = "seizures"
