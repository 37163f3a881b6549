"""Check-ins and giver breaks: the runs of work between check-ins, and the pauses placed
between them where the rules call for them."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field, replace

from ..models import Library
from ..routine import Choices, StepKind
from .drafts import Draft, split
from .limits import (
    BREAK_CUE,
    BREAK_MARGIN_SECONDS,
    BREAKS_FROM_MINUTES,
    CHECK_IN_CUE,
    CHECK_IN_SECONDS,
    DEFAULT_BREAK_EVERY_MINUTES,
    NEW_AREA_CUE,
    STRETCHES_ITEM,
    lower_first,
)


def breaks_needed(choices: Choices) -> bool:
    """Giver breaks from 30 minutes up, or whenever screening asked for them more often."""
    every = choices.giver_break_every_minutes
    if choices.minutes * 60 <= every * 60:
        return False
    return choices.minutes >= BREAKS_FROM_MINUTES or every < DEFAULT_BREAK_EVERY_MINUTES


def break_stretch(choices: Choices, to_end: bool = False) -> int | None:
    """The longest the plan goes without a giver break, or None when it has no breaks: the
    interval, less a margin that small live changes use up (they push later breaks on); a
    stretch that runs to the end of the session (`to_end`) keeps the whole interval."""
    if not breaks_needed(choices):
        return None
    margin = 0 if to_end else BREAK_MARGIN_SECONDS
    return choices.giver_break_every_minutes * 60 - margin


@dataclass
class Timeline:
    drafts: list[Draft]
    check_ins: int
    breaks: int


@dataclass
class Pauses:
    """Walks the drafts, adding check-ins and giver breaks where the rules call for them."""

    choices: Choices
    library: Library
    out: list[Draft] = field(default_factory=list)
    since_break: int = 0
    previous_area: str | None = None
    seen_stroke: bool = False
    check_ins: int = 0
    breaks: int = 0

    def check_in(self, area: str | None) -> Draft:
        """The check-in before a run: naming the area when the work moves to a new one."""
        if area is not None and area != self.previous_area:
            name = self.library.areas[area].name
            cue = NEW_AREA_CUE.format(area=lower_first(name))
            return Draft(StepKind.check_in, CHECK_IN_SECONDS, cue, "check-in: new area")
        return Draft(StepKind.check_in, CHECK_IN_SECONDS, CHECK_IN_CUE, "check-in")

    def add(self, run: list[Draft], closing: int | None = None) -> None:
        """A run of steps between two check-ins: its check-in first (none before the first
        hands-on work or before the aftercare), and before that a giver break when one is due.
        `closing`: the run ends the hands-on work, and that many seconds of aftercare follow
        it with no place for a break: the stretch runs on to the end of the session, within
        the whole interval between breaks (no live change moves the end)."""
        unit = list(run)
        first = next((d for d in run if d.hands_on), None)
        if first is not None and self.seen_stroke:
            unit.insert(0, self.check_in(first.area))
        length = sum(d.seconds for d in unit)
        limit = break_stretch(self.choices)
        since = self.since_break + length
        due = limit is not None and self.since_break > 0 and since > limit
        if closing is not None and self.since_break > 0:
            to_end = break_stretch(self.choices, to_end=True)
            due = due or (to_end is not None and since + closing > to_end)
        # the hands are done once the cool-down ends: no break before the aftercare
        if due and run[0].kind is not StepKind.aftercare:
            self.out.append(self.giver_break())
            self.breaks += 1
            self.since_break = 0
        for d in unit:
            if d.kind is StepKind.check_in:
                self.check_ins += 1
            if d.hands_on:
                self.previous_area, self.seen_stroke = d.area, True
            self.out.append(d)
            self.since_break += d.seconds

    def giver_break(self) -> Draft:
        cue = BREAK_CUE
        self_care = self.library.checklists.get("self-care")
        items = self_care.items if self_care is not None else []
        item = next((i for i in items if i.id == STRETCHES_ITEM), None)
        if item is not None:
            cue = f"Giver break. {item.how or item.text}"
        return Draft(StepKind.break_, self.choices.giver_break_seconds, cue, "giver break")


def insert_pauses(runs: list[list[Draft]], choices: Choices, library: Library) -> Timeline:
    """A check-in between runs (each at most five minutes of hands-on work, and a new run at
    each change of area) and giver breaks before a check-in when due."""
    pauses = Pauses(choices, library)
    for i, run in enumerate(runs):
        rest = runs[i + 1 :]
        if rest and all(r[0].kind is StepKind.aftercare for r in rest):
            pauses.add(run, closing=sum(d.seconds for r in rest for d in r))
        else:
            pauses.add(run)
    return Timeline(pauses.out, pauses.check_ins, pauses.breaks)


def add_break(drafts: list[Draft], pause: Draft) -> bool:
    """Insert a giver break near the middle of the longest stretch without one, between the
    first and last hands-on steps, before a check-in (never inside a run of work). False when
    there is no such place left."""
    strokes = [i for i, d in enumerate(drafts) if d.hands_on]
    starts = list(itertools.accumulate((d.seconds for d in drafts), initial=0))
    edges = [0, *(i for i, d in enumerate(drafts) if d.kind is StepKind.break_), len(drafts)]
    best: tuple[int, int] | None = None  # (stretch seconds, insertion index)
    for begin, end in itertools.pairwise(edges):
        middle = (starts[begin] + starts[end]) / 2
        spots = [
            j
            for j in range(max(begin + 1, strokes[0] + 1), min(end, strokes[-1]) + 1)
            if drafts[j].kind is StepKind.check_in and drafts[j - 1].kind is not StepKind.break_
        ]
        if spots:
            spot = min(spots, key=lambda j: abs(starts[j] - middle))
            if best is None or starts[end] - starts[begin] > best[0]:
                best = (starts[end] - starts[begin], spot)
    if best is None:  # every check-in has a break before it already
        return False
    drafts.insert(best[1], pause)
    return True


def spread(drafts: list[Draft], seconds: int) -> None:
    """Give spare seconds to the pauses (breaks first, then check-ins): their length touches
    no spacing rule, since check-ins count hands-on time and breaks start on time."""
    for kind in (StepKind.break_, StepKind.check_in):
        targets = [d for d in drafts if d.kind is kind]
        if targets:
            for d, extra in zip(targets, split(seconds, len(targets)), strict=True):
                d.seconds += extra
            return
    drafts[-1].seconds += seconds


def _fit(group: list[Draft], longest: int) -> list[list[Draft]]:
    """A group too long for one run between check-ins: a single step is cut in equal parts
    (a check-in stands between them); a side's run is cut between its steps."""
    if sum(d.seconds for d in group) <= longest:
        return [group]
    if len(group) == 1:
        d = group[0]
        parts = split(d.seconds, math.ceil(d.seconds / longest))
        return [[replace(d, seconds=s)] for s in parts]
    half = len(group) // 2
    return _fit(group[:half], longest) + _fit(group[half:], longest)


def segments(groups: list[list[Draft]], longest: int, shortest: int) -> list[list[Draft]]:
    """The groups of one area cut into runs between check-ins: each at most `longest` seconds
    and, where the groups allow it, at least `shortest`; as few runs as that takes."""
    groups = [piece for g in groups for piece in _fit(g, longest)]
    runs, short = _cut(groups, longest, shortest)
    for _ in range(len(groups)):
        if not short:
            break
        # a long single step between short ones: cut it in two, a check-in between the halves
        # (the longest first; another when cutting that one leaves as many short runs)
        single = [i for i, g in enumerate(groups) if len(g) == 1 and g[0].seconds >= shortest]
        for i in sorted(single, key=lambda i: -groups[i][0].seconds):
            d = groups[i][0]
            halves = [[replace(d, seconds=s)] for s in split(d.seconds, 2)]
            tried = groups[:i] + halves + groups[i + 1 :]
            better, fewer = _cut(tried, longest, shortest)
            if fewer < short:
                groups, runs, short = tried, better, fewer
                break
        else:
            break
    return runs


def _cut(groups: list[list[Draft]], longest: int, shortest: int) -> tuple[list[list[Draft]], int]:
    """The groups cut into runs of at most `longest` seconds, as few runs shorter than
    `shortest` as can be, then as few runs; and how many are short."""
    sizes = [sum(d.seconds for d in g) for g in groups]
    n = len(groups)
    # best[i]: (runs, -shortest run) for the first i groups; cut[i]: where the last run starts
    best: list[tuple[int, int] | None] = [None] * (n + 1)
    cut = [0] * (n + 1)
    best[0] = (0, -(10**9))
    for end in range(1, n + 1):
        for begin in range(end - 1, -1, -1):
            size = sum(sizes[begin:end])
            if size > longest and end - begin > 1:
                break
            before = best[begin]
            if before is None:
                continue
            too_short = size < shortest
            score = (before[0] + 1 + (n + 1) * too_short, max(before[1], -size))
            if best[end] is None or score < best[end]:  # type: ignore[operator]
                best[end], cut[end] = score, begin
    runs: list[list[Draft]] = []
    end = n
    while end > 0:
        begin = cut[end]
        runs.insert(0, [d for g in groups[begin:end] for d in g])
        end = begin
    short = sum(1 for run in runs if sum(d.seconds for d in run) < shortest)
    return runs, short
