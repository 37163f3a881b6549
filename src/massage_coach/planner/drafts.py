"""Drafts (steps before their start times are known), their cues, and whole-second sharing
(between steps, and between the two sides of a pass)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from ..models import Area, Pressure, Stroke
from ..routine import Side, StepKind


@dataclass
class Draft:
    kind: StepKind
    seconds: int
    cue: str
    why: str
    stroke: str | None = None
    area: str | None = None
    side: Side | None = None
    pressure: Pressure | None = None
    tool: str | None = None
    oil: str | None = None
    bilateral: bool = False

    @property
    def hands_on(self) -> bool:
        return self.kind is StepKind.stroke


@dataclass
class Cues:
    rng: random.Random | None

    def pick(self, options: list[str]) -> str:
        return options[self.rng.randrange(len(options))] if self.rng else options[0]


def cue_lines(stroke: Stroke, area: Area | None) -> list[str]:
    """The cues to say for `stroke`: the area's own for it when the content has them, else the
    stroke's general ones."""
    return (area.stroke_cues.get(stroke.id) if area is not None else None) or stroke.cues


def stroke_cue(stroke: Stroke, level: Pressure, base: str | None = None) -> str:
    """A stroke's spoken cue, with the first sentence of the content's note for this level,
    and always its safety line (with or without --seed)."""
    text = base or stroke.cues[0]
    note = stroke.pressure_notes.get(level)
    if note:
        first = note.split(". ")[0].rstrip(".")
        text = f"{text} {first}."
    if stroke.safety_cue and stroke.safety_cue not in text:
        text = f"{text} {stroke.safety_cue}"
    return text


def split(total: int, parts: int) -> list[int]:
    """`total` in `parts` whole numbers differing by at most one, larger first."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def apportion(total: int, weights: list[float], minimum: list[int]) -> list[int]:
    """Split `total` by weights, each part at least its minimum (largest remainders)."""
    rest = total - sum(minimum)
    whole = sum(weights) or 1.0
    raw = [rest * w / whole for w in weights]
    parts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[: rest - sum(parts)]:
        parts[i] += 1
    return [m + p for m, p in zip(minimum, parts, strict=True)]


def balance_runs(
    times: list[int],
    sided: list[bool],
    minimum: list[int],
    longest: int,
    run: int,
    most: list[int | None] | None = None,
) -> None:
    """Share a pass so a check-in can stand at the change of side: one side's run at least
    `run` seconds, and the opening both-sides glide with the first side's run at most
    `longest`. Time moves between both-sides items and one-sided ones in even amounts (each
    kept to its minimum, and a one-sided item never past its `most`, so percussion stays a
    brief burst: then the run stays shorter), so the sides stay equal."""
    ones = [i for i, s in enumerate(sided) if s]
    if not ones:
        return
    most = most or [None] * len(times)
    both = sorted((i for i, s in enumerate(sided) if not s), key=lambda i: -times[i])
    opening = [i for i in both if i < ones[0]]

    def room(j: int) -> int:
        cap = most[j]
        return sum(times) if cap is None else max(cap - times[j], 0)

    def move(sources: list[int], amount: int) -> None:
        for i in sources:
            while amount > 0:
                open_ = [j for j in ones if room(j) >= 2]
                if not open_:
                    return
                target = max(open_, key=lambda j: times[j])
                take = min(amount, times[i] - minimum[i], room(target))
                take -= take % 2
                if take <= 0:
                    break
                times[i] -= take
                times[target] += take
                amount -= take

    move(both, run * 2 - sum(times[i] for i in ones))
    over = sum(times[i] for i in opening) + sum(times[i] for i in ones) // 2 - longest
    move(opening, over * 2)


def even_sides(times: list[int], sided: list[bool]) -> None:
    """Make each one-sided item's time even (the same on both sides): an odd second goes to a
    both-sides item, or to another one-sided item with an odd second."""
    odd = [i for i, (t, s) in enumerate(zip(times, sided, strict=True)) if s and t % 2]
    both = [i for i, s in enumerate(sided) if not s]
    for i in odd:
        times[i] -= 1
    if both:
        times[both[0]] += len(odd)
    else:  # all sided and the pass even: the odd seconds pair up
        for i in odd[: len(odd) // 2]:
            times[i] += 2
