"""Screening before a session: what the answers change, including an area to leave out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape

from ..answers import Answer, Answers, Limits, apply_limits, item_limits, limits_for, topic
from ..models import Area, CheckItem, Checklist, Library
from ..planner import is_glides_only_note, stroke_allowed, stroke_level
from ..routine import Choices, Plan
from ..safety_floor import oils_within_limits
from .checklists import stops_today, tick_through
from .keys import KeySource


def ask_items(
    checklist: Checklist,
    keys: KeySource,
    out: Console,
    stop_when: Callable[[CheckItem, Answer], bool] | None = None,
) -> dict[str, Answer]:
    """Tick through `checklist` on `out`, one key per item (y / n / s), until `stop_when`."""
    total = len(checklist.items)
    out.print(f"[bold]{escape(checklist.name)}[/]  [dim]{escape(checklist.summary)}[/]")
    prompt = "done? " if checklist.mode == "tasks" else ""

    def show(number: int, item: CheckItem) -> None:
        out.print(f"\n[cyan]{number}/{total}[/] [bold]{escape(item.text)}[/]")
        if item.how:
            out.print(f"   [dim]{escape(item.how)}[/]")
        out.print(f"   {prompt}[bold]y[/]es / [bold]n[/]o / [bold]s[/]kip ", end="")

    def echo(answer: Answer) -> None:  # the key pressed, in words, after the question
        out.print(answer.value, end="")

    answers = tick_through(checklist, keys, show, stop_when=stop_when, echo=echo)
    out.print()
    return answers


def ask_screening(safety: Checklist, keys: KeySource, out: Console) -> dict[str, Answer]:
    """Ask the safety questions one key each, as `checklist` does, ending at a stop answer.

    After a stop answer the questions after it are not asked (nor in the result): today's
    massage is off whatever they would say.
    """
    return ask_items(safety, keys, out, stop_when=stops_today)


def stop_item(safety: Checklist, answers: dict[str, Answer]) -> CheckItem | None:
    """The question whose answer says not today, if any."""
    return next((i for i in safety.items if stops_today(i, answers.get(i.id, Answer.skip))), None)


def skipped_stop_questions(safety: Checklist, answers: dict[str, Answer]) -> list[CheckItem]:
    """Questions whose yes would stop the session but that were skipped (not answered)."""
    return [
        item
        for item in safety.items
        if item.if_yes is not None
        and item.if_yes.action == "stop"
        and answers.get(item.id, Answer.skip) is Answer.skip
    ]


def plan_changes(
    earlier: tuple[Plan, Choices], adjusted: tuple[Plan, Choices], library: Library
) -> list[str]:
    """What the screening changed, in words: the pressure cap, the length, the areas left out,
    strokes no longer in the plan, then the planner's own notes (heat, oils, tools left out)."""
    (before, old), (after, new) = earlier, adjusted
    lines: list[str] = []
    if new.max_pressure.rank < old.max_pressure.rank:
        was = f" (was {before.pressure.value})" if after.pressure is not before.pressure else ""
        lines.append(
            f"Pressure: {after.pressure.value}{was}, and no firmer than "
            f"{new.max_pressure.value} for the whole session."
        )
    if after.minutes != before.minutes:
        lines.append(f"Length: {after.minutes} minutes (was {before.minutes}).")
    left_out = [a for a in after.avoid if a not in before.avoid]
    if left_out:
        names = [library.areas[a].name if a in library.areas else a for a in left_out]
        lines.append("Left out: " + ", ".join(names) + ".")
    kept = {s.stroke for s in after.steps}
    dropped = [s.stroke for s in before.steps if s.stroke and s.stroke not in kept]
    glides = [n for n in after.notes if n not in before.notes and is_glides_only_note(n)]
    for stroke in dict.fromkeys(dropped):
        # Too short for any area's work, a plan is whole-back glides only: its note says why
        # the other strokes are out. Only those the answers bar are theirs to say.
        if glides and not _barred(stroke, before, new, library):
            continue
        name = library.strokes[stroke].name if stroke in library.strokes else stroke
        lines.append(f"{name} left out.")
    lines.extend(n for n in after.notes if n not in before.notes)  # new notes only
    return lines


def _barred(stroke_id: str, before: Plan, choices: Choices, library: Library) -> bool:
    """Whether `choices` (tightened by the answers) rule `stroke_id` out on every area the
    plan before them used it on: percussion barred, or no level of it under the caps."""
    stroke = library.strokes.get(stroke_id)
    if stroke is None:
        return True
    for step in before.steps:
        area = library.areas.get(step.area or "")
        if step.stroke != stroke_id or area is None:
            continue
        if stroke_allowed(stroke, area, choices.no_percussion) and (
            stroke_level(stroke, area, choices.pressure, choices.max_pressure, None) is not None
        ):
            return False
    return True


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


@dataclass(frozen=True)
class Screened:
    """Choices after the answers: tightened by their limits, with what that left out."""

    choices: Choices
    limits: Limits
    notes: list[str]
    """Oils left out by the limits (the planner's own notes say the rest)."""


def screened(
    choices: Choices, library: Library, answers: Answers, avoid: tuple[str, ...] = ()
) -> Screened:
    """`choices` under the limits of `answers` (every door goes through here), with the areas
    in `avoid` left out for the questions that ask for one."""
    limits = limits_for(library.checklists["safety"], answers)
    tightened, notes = oils_within_limits(apply_limits(choices, limits, avoid), library)
    return Screened(tightened, limits, notes)


def unanswered_lines(limits: Limits) -> list[str]:
    """'No answer on blood thinners: light pressure, no percussion.' for each skipped caution."""
    return [
        f"No answer on {topic(item)}: {', '.join(item_limits(item)) or 'its advice applies'}."
        for item in limits.skipped
    ]
