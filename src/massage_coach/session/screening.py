"""Screening before a session: what the answers change, including an area to leave out."""

from __future__ import annotations

from collections.abc import Callable

from ..checklists import Answer, apply_cautions, outcome
from ..models import Area, Checklist, Library
from ..routine import Choices
from .keys import KeySource


def areas_in_order(library: Library) -> list[Area]:
    """Areas from the top of the back down, as the diagram shows them."""
    return sorted(library.areas.values(), key=lambda a: a.diagram.first)


def choose_area(areas: list[Area], keys: KeySource, show: Callable[[str], None]) -> str | None:
    """Ask for one area by number (1-9); 0, n or running out of keys means none."""
    show("Which area should be left out?")
    for number, area in enumerate(areas[:9], start=1):
        show(f"  {number}  {area.name}")
    show("  0  none of these")
    while True:
        key = keys.get(None)
        if key is None or key in ("0", "n", "N"):
            return None
        if key.isdigit() and 1 <= int(key) <= min(len(areas), 9):
            return areas[int(key) - 1].id


def avoid_area(choices: Choices, area: str) -> Choices:
    """The choices with `area` left out (and no longer a focus)."""
    avoid = choices.avoid if area in choices.avoid else (*choices.avoid, area)
    focus = tuple(f for f in choices.focus if f != area)
    return choices.model_copy(update={"avoid": avoid, "focus": focus})


def adjusted_choices(
    choices: Choices,
    safety: Checklist,
    answers: dict[str, Answer],
    pick_area: Callable[[], str | None],
) -> tuple[Choices, bool]:
    """Choices tightened by the caution answers; True as well when a stop answer says not today.

    A caution asking for an area to be left out calls `pick_area` once per such answer.
    """
    result = outcome(safety, answers)
    if result.stop:
        return choices, True
    tightened = apply_cautions(choices, result.cautions)
    for item in result.cautions:
        if item.if_yes is not None and item.if_yes.adjust.ask_area_to_avoid:
            area = pick_area()
            if area is not None:
                tightened = avoid_area(tightened, area)
    return tightened, False
