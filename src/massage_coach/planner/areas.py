"""The main work shared out between the areas: by focus and weight, each block long enough to
stand between two check-ins, the least important areas left out (with a note) when time is
short."""

from __future__ import annotations

import math

from ..models import Area
from .blocks import Builder, TooShort
from .drafts import Draft, apportion
from .limits import (
    CHECK_IN_GAP_SECONDS,
    FOCUS_SHARE,
    SHORT_PLAN_AREAS,
    SHORT_PLAN_MINUTES,
)
from .pauses import segments
from .resolve import Setup


def _shares(setup: Setup, areas: list[Area]) -> dict[str, float]:
    """Fractions of the main work per area: focus areas share FOCUS_SHARE, the others the rest,
    each group by the content's default shares (a group alone takes all of it)."""
    focus = [a for a in areas if a.id in setup.focus]
    others = [a for a in areas if a.id not in setup.focus]

    def by_default(group: list[Area], total: float) -> dict[str, float]:
        # a chosen focus always gets time, even if the content gives it no default share
        weights = {a.id: max(setup.weights[a.id], float(a.id in setup.focus)) for a in group}
        whole = sum(weights.values())
        if whole == 0:
            return {a.id: total / len(group) for a in group}
        return {a: total * w / whole for a, w in weights.items()}

    if not focus:
        return by_default(others, 1.0)
    if not others:
        return by_default(focus, 1.0)
    shares = by_default(focus, FOCUS_SHARE)
    shares.update(by_default(others, 1.0 - FOCUS_SHARE))
    return shares


def _hands_on_steps(builder: Builder, blocks: list[list[list[Draft]]]) -> int:
    """How many hands-on steps the blocks make once a step too long to stand between two
    check-ins is cut in parts, as the timeline will cut it."""
    if builder.setup.side_lying:
        return sum(len(group) for block in blocks for group in block)
    return sum(
        len(run)
        for block in blocks
        for run in segments(block, builder.pass_seconds, CHECK_IN_GAP_SECONDS)
    )


def _grown_budget(
    budget: int, weights: list[float], floors: list[int], spare: int, unit: int
) -> int | None:
    """The smallest budget of at most `budget + spare` (growing in steps of `unit`) that gives
    every area its floor when shared by the weights, or None when there is none."""
    whole = sum(weights)
    need = max(
        (math.ceil(f * whole / w) for f, w in zip(floors, weights, strict=True) if w > 0),
        default=budget,
    )
    grown = budget + unit * math.ceil(max(need - budget, 0) / unit)
    while grown - budget <= spare:
        times = apportion(grown, weights, [0] * len(weights))
        if all(t >= f for t, f in zip(times, floors, strict=True)):
            return grown
        grown += unit
    return None


def main_work(
    builder: Builder, budget: int, spare: int = 0, unit: int = 1
) -> tuple[list[list[list[Draft]]], list[str], int, int]:
    """The blocks between warm-up and cool-down filling `budget` seconds, one per area, each a
    list of groups no check-in splits. Every block stands between two check-ins (two minutes,
    `Builder.block_floor`): where the blocks fall short, up to `spare` seconds (in steps of
    `unit`) are taken from the warm-up and cool-down first; then areas are dropped (others
    first, then focus areas), and a short plan works at most two. Returns blocks, notes,
    leftover and the seconds taken from the warm-up and cool-down."""
    areas = list(builder.setup.areas)
    notes: list[str] = []
    minutes = builder.choices.minutes
    most = SHORT_PLAN_AREAS if minutes < SHORT_PLAN_MINUTES else len(areas)
    while areas:
        shares = _shares(builder.setup, areas)
        # areas with nothing to share (default_share 0, no focus) are not worked
        areas = [a for a in areas if shares[a.id] > 0]
        if not areas:
            break
        weights = [shares[a.id] for a in areas]
        # a block should hold two strokes; the last area left may make do with one; and it
        # should stand between two check-ins (two minutes)
        least = 1 if len(areas) == 1 else 2
        floors = [max(builder.block_floor(a), builder.minimum(a) * least) for a in areas]
        grown = budget
        if len(areas) <= most:
            grown = _grown_budget(budget, weights, floors, spare, unit) or budget
        times = apportion(grown, weights, [0] * len(areas))
        short = [a for a, t, f in zip(areas, times, floors, strict=True) if t < f]
        if short or len(areas) > most:
            # drop the least important area: not focused, smallest share
            drop = min(
                short or areas, key=lambda a: (a.id in builder.setup.focus, shares[a.id], a.id)
            )
            areas.remove(drop)
            notes.append(_no_time_for(drop, builder, minutes))
            continue
        for floor in builder.floors():
            builder.restart(floor)
            blocks: list[list[list[Draft]]] = []
            leftover = 0  # an odd second on a sided area goes to the pauses
            for area, seconds in zip(areas, times, strict=True):
                unit_ = 2 if area.sided else 1
                leftover += seconds % unit_
                blocks.append(builder.area_block(area, seconds - seconds % unit_))
            steps = _hands_on_steps(builder, blocks)
            if builder.most_steps is None or steps <= builder.most_steps:
                return blocks, notes, leftover, grown - budget
        if len(areas) == 1:
            # one area at its calmest: nothing left to drop
            return blocks, notes, leftover, grown - budget
        # even the calmest steps are too many (tools add steps of their own): one area fewer
        drop = min(areas, key=lambda a: (a.id in builder.setup.focus, shares[a.id], a.id))
        areas.remove(drop)
        notes.append(_no_time_for(drop, builder, minutes))
    raise TooShort("no area")


def _no_time_for(area: Area, builder: Builder, minutes: int) -> str:
    """The note for an area left out; a focus says so, for it was asked for."""
    focus = " (a focus)" if area.id in builder.setup.focus else ""
    return f"No time left for {area.name}{focus} in {minutes} minutes."
