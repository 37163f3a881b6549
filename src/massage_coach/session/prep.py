"""The prep list for one plan: the content's list, plus what this plan's heat and oil need.

A hot-stone or warm-towel step adds its tool's `prep_items` (water you can keep your hand in,
the thermometer and palm checks); an essential oil adds "mix the blend" with the drops, the
carrier and the line about pets.
"""

from __future__ import annotations

from ..models import CheckItem, Checklist, Library
from ..planner.ends import blend_words
from ..planner.resolve import resolve
from ..routine import Choices, Plan

PETS = (
    "Keep cats and dogs out of the room while it is used: several essential oils are toxic "
    "to pets, through the skin or in the air."
)


def prep_for(prep: Checklist, plan: Plan, choices: Choices, library: Library) -> Checklist:
    """`prep` with the items this plan's heat and essential oil need, after the content's own."""
    extra: list[CheckItem] = []
    seen = {item.id for item in prep.items}
    for tool_id in dict.fromkeys(s.tool for s in plan.steps if s.tool):
        tool = library.tools.get(tool_id)
        if tool is None or not tool.heat:
            continue
        for number, text in enumerate(tool.prep_items, start=1):
            extra.append(CheckItem(id=f"{tool.id}-{number}", text=text))
    oil_id = next((s.oil for s in plan.steps if s.oil), None)
    oil = library.oils.get(oil_id or "")
    if oil is not None and oil.type == "essential":
        setup = resolve(choices, library)
        how = f"{blend_words(oil, setup.carrier, choices)}, in a clean bottle, shaken well. {PETS}"
        extra.append(
            CheckItem(
                id="mix-blend",
                text="Mix the essential-oil blend before you start",
                why="Essential oils are never put on the skin neat.",
                how=how[0].upper() + how[1:],
            )
        )
    items = [item for item in extra if item.id not in seen]
    return prep.model_copy(update={"items": [*prep.items, *items]}) if items else prep
