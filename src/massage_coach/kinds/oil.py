"""A carrier or essential oil (`content/oils/*.yaml`)."""

from typing import Literal, Self

from pydantic import Field, model_validator

from .base import Condition, Id, Item, Model, Text


class Dilution(Model):
    """Essential-oil strength in percent of the carrier (domain notes, section 4)."""

    gentle_percent: float = Field(gt=0, le=3)
    normal_percent: float = Field(gt=0, le=3)
    max_percent: float = Field(gt=0, le=3, description="Hard cap; never above 3 %.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.gentle_percent <= self.normal_percent <= self.max_percent:
            raise ValueError("expected gentle_percent <= normal_percent <= max_percent")
        return self


class Oil(Item):
    kind: Literal["oil"] = "oil"
    type: Literal["carrier", "essential"]
    summary: Text
    families: list[Id] = Field(default=[], description="e.g. nut, for allergy checks.")
    dilution: Dilution | None = None
    avoid_if: list[Condition] = Field(default=[])
    cautions: list[Text] = Field(min_length=1)
    patch_test: bool = True

    @model_validator(mode="after")
    def _essential_needs_dilution(self) -> Self:
        if self.type == "essential" and self.dilution is None:
            raise ValueError("an essential oil needs a dilution")
        if self.type == "carrier" and self.dilution is not None:
            raise ValueError("a carrier oil is used neat: remove dilution")
        return self
