"""A named routine (`content/routines/*.yaml`)."""

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from .base import Id, Item, Pressure, Text

Share = Annotated[int, Field(ge=1, le=100)]


class Routine(Item):
    """A named routine: the base of a plan, which the giver's choices still customise.

    Data, not steps: it says how long, how firm, which areas in which order and with what share,
    and the planner builds the steps from it by every rule it always keeps. References (areas,
    tools, strokes) are checked after loading, with the rest of the library.
    """

    kind: Literal["routine"] = "routine"
    summary: Text
    minutes: int = Field(ge=5, le=90, description="Length when no --minutes is given, 5-90.")
    pressure: Pressure | None = Field(
        default=None,
        description="The firmest level it is written for; someone who prefers lighter gets "
        "lighter. None: the person's usual level.",
    )
    areas: dict[Id, Share] = Field(
        default={},
        description="The areas it works, in working order, each with its relative share of "
        "the main work (1-100). Empty: every area, by its default_share.",
    )
    focus: list[Id] = Field(default=[], description="Areas given at least 60 % of the main work.")
    avoid: list[Id] = Field(default=[], description="Areas always left out.")
    tools: list[Id] = Field(default=[], description="Tools it uses, by id.")
    heat: bool = Field(default=False, description="Start with a warm towel (or hot stones).")
    without_strokes: list[Id] = Field(
        default=[],
        description="Strokes it leaves out (e.g. tapotement for a calming routine); the "
        "warm-up and cool-down glide cannot be left out.",
    )
    bilateral_strokes: list[Id] = Field(
        default=[],
        description="Strokes this routine does on both sides at once, whatever the stroke's "
        "own content says.",
    )
    sided_strokes: list[Id] = Field(
        default=[],
        description="Strokes this routine does one side at a time, whatever the stroke's own "
        "content says.",
    )
    guidance: list[Text] = Field(default=[], description="Tips shown with it.")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        for field in (
            "focus",
            "avoid",
            "tools",
            "without_strokes",
            "bilateral_strokes",
            "sided_strokes",
        ):
            values = getattr(self, field)
            twice = sorted({v for v in values if values.count(v) > 1})
            if twice:
                raise ValueError(f"{field} names {', '.join(twice)} more than once")
        marked = [s for s in self.bilateral_strokes if s in self.sided_strokes]
        if marked:
            raise ValueError(f"'{marked[0]}' is in both bilateral_strokes and sided_strokes")
        both = [a for a in self.focus if a in self.avoid]
        if both:
            raise ValueError(f"'{both[0]}' is in both focus and avoid")
        if self.areas:
            outside = [a for a in self.focus if a not in self.areas]
            if outside:
                raise ValueError(f"focus area '{outside[0]}' is not one of its areas")
            worked = [a for a in self.avoid if a in self.areas]
            if worked:
                raise ValueError(f"'{worked[0]}' is both in areas and in avoid")
        return self
