"""The safety questions asked at the keys: one by one, or for someone screened lately today's
stop questions on one screen and their remembered answers; a yes that means not today ends here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape

from ..answers import Answer, Answers, limits_for, topic
from ..errors import CoachError
from ..models import CheckItem, Checklist, Library
from ..render.adaptive import Item
from ..routine import Choices
from ..store.profiles import remember_screening, remembered
from .checklists import outcome, stops_today
from .environment import Environment
from .keys import KeySource
from .screening import (
    areas_in_order,
    ask_items,
    ask_screening,
    choose_area,
    skipped_stop_questions,
    stop_item,
    unanswered_lines,
)

if TYPE_CHECKING:
    from ..store.profiles import Profile, Remembered
    from .terminal import Terminal


def not_today(item: CheckItem, terminal: Terminal) -> None:
    assert item.if_yes is not None
    out = terminal.console
    # The questions after a stop answer were never asked: only its advice is relevant.
    out.print(f"\n[bold red]Not today:[/] {escape(item.text)}\n  {escape(item.if_yes.advice)}")
    # The advice may be "get urgent help": the closing words must not soften it.
    out.print("\nThe massage can wait for a better day; please follow the advice above first.")


def not_without_consent(terminal: Terminal) -> None:
    terminal.console.print(
        "\n[bold]Not today:[/] they have not agreed to the massage. Nothing starts without "
        "their yes; ask again another time."
    )


def ask_safety(
    choices: Choices,
    library: Library,
    keys: KeySource,
    terminal: Terminal,
    env: Environment,
    person: Profile | None = None,
) -> tuple[dict[str, Answer], tuple[str, ...]] | None:
    """Ask the safety questions: the answers and the areas named to leave out; None when one
    says not today (after kind advice).

    A "not today" is not kept in the history: no massage was given, and the history's counts
    and the giver's workload are about massages. A skipped caution counts as a yes: its
    limits are said, and a question asking for an area to leave out still asks for it.
    """
    safety = library.checklists["safety"]
    out = terminal.console
    out.print()
    daily = [i for i in safety.items if i.if_yes is not None and i.if_yes.action == "stop"]
    long_term = [i for i in safety.items if i not in daily]
    today = env.now().date()
    kept = remembered(person, today) if person is not None else None
    if person is not None and kept is not None and all(i.id in kept.answers for i in long_term):
        answers = _returning(person.name, safety, daily, long_term, kept, keys, terminal)
    else:
        answers = ask_screening(safety, keys, out)
    if person is not None and stop_item(safety, answers) is None:
        lasting = {i.id: answers[i.id] for i in long_term if i.id in answers}
        if len(lasting) == len(long_term):
            try:
                remember_screening(person.name, lasting, today)
            except (
                CoachError,
                OSError,
            ) as exc:  # not kept: the session goes on, the next one asks all
                terminal.warn([str(exc)])
    stop = stop_item(safety, answers)
    if stop is not None and stop.if_yes is not None:
        not_today(stop, terminal)
        return None
    skipped = skipped_stop_questions(safety, answers)
    # A skipped question that could stop the massage is asked about just below, on its own:
    # the summary leaves it out, and is not shown at all rather than say "nothing came up"
    # while that question is open.
    listed = safety.model_copy(update={"items": [i for i in safety.items if i not in skipped]})
    rest = outcome(listed, answers)
    if not skipped or rest.stops or rest.cautions or rest.skipped:
        terminal.print_outcome(listed, answers)
    if skipped and not _go_ahead_without(skipped, keys, terminal):
        out.print("\n[bold]Not today, then.[/] Ask those questions first; the massage can wait.")
        return None
    limits = limits_for(safety, Answers(answers, "asked"))
    for line in unanswered_lines(limits):
        out.print(line, style="yellow", markup=False, highlight=False)
    avoid: list[str] = []
    for _item in limits.area_questions:
        out.print()
        area = choose_area(areas_in_order(library), keys, out.print)
        if area is not None and area not in avoid:
            avoid.append(area)
    return answers, tuple(avoid)


def _returning(
    name: str,
    safety: Checklist,
    daily: list[CheckItem],
    long_term: list[CheckItem],
    kept: Remembered,
    keys: KeySource,
    terminal: Terminal,
) -> dict[str, Answer]:
    """Screening for someone screened in the last 30 days: today's stop questions together on
    one screen, then their remembered answers with "anything changed?". Only an explicit `y`
    (all no today) or `n` (nothing changed) skips asking one by one."""
    out = terminal.console
    out.print(
        f"[bold]Welcome back, {escape(name)}.[/] Today's questions: a yes to any of these "
        "means no massage today:"
    )
    for item in daily:
        out.print(Item(item.text))
    out.print("Is the answer no to all of them? [bold]y[/]es, all no / [bold]n[/]o ", end="")
    key = keys.get(None)
    answers: dict[str, Answer]
    if key in ("y", "Y"):
        out.print("yes, all no")
        answers = {item.id: Answer.no for item in daily}
    else:
        out.print("no: one by one, then")
        today = safety.model_copy(update={"items": daily})
        answers = ask_items(today, keys, out, stop_when=stops_today)
        if stop_item(safety, answers) is not None:
            return answers
    out.print(f"\n[bold]Remembered from {kept.on:%d %B}:[/]")
    for item in long_term:
        out.print(Item(f"{topic(item)}: {kept.answers[item.id].value}"))
    out.print("Anything changed since then? [bold]n[/]o, the same / [bold]y[/]es ", end="")
    key = keys.get(None)
    if key in ("n", "N"):
        out.print("no, the same")
        answers.update({item.id: kept.answers[item.id] for item in long_term})
    else:
        out.print("yes: asking them again")
        again = safety.model_copy(update={"items": long_term})
        answers.update(ask_items(again, keys, out, stop_when=stops_today))
    return answers


def _go_ahead_without(skipped: list[CheckItem], keys: KeySource, terminal: Terminal) -> bool:
    """A skipped question could have said not today: go ahead only on an explicit `y`.

    The gentler choice: anything else (n, another key, no key at all) ends before the massage.
    """
    out = terminal.console
    out.print(
        "\n[bold yellow]Unanswered:[/] a yes to "
        + ("this question" if len(skipped) == 1 else "these questions")
        + " would mean no massage today:"
    )
    for item in skipped:
        out.print(Item(item.text))
    out.print("Is the answer no to all of them? Go ahead: [bold]y[/]es / [bold]n[/]o ", end="")
    key = keys.get(None)
    out.print()
    return key in ("y", "Y")
