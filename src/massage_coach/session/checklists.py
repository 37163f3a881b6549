"""Ticking through a checklist, and what the answers mean.

Task lists: yes = done, no = still to do. Screening lists: yes = a concern, whose `if_yes`
either stops the session (with advice) or adjusts the plan's limits (a rule, not a sentence).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..answers import Answer
from ..kinds.checklist import CheckItem, Checklist
from .keys import KeySource

__all__ = ["KEY_ANSWERS", "Answer", "Outcome", "outcome", "stops_today", "tick_through"]

KEY_ANSWERS = {"y": Answer.yes, "Y": Answer.yes, "n": Answer.no, "N": Answer.no}
KEY_ANSWERS.update({"s": Answer.skip, "S": Answer.skip})


StopWhen = Callable[[CheckItem, Answer], bool]
"""Whether an answer ends the list at once, leaving the items after it unasked."""


def stops_today(item: CheckItem, answer: Answer) -> bool:
    """A screening yes whose `if_yes` says stop: nothing after it needs asking today."""
    return answer is Answer.yes and item.if_yes is not None and item.if_yes.action == "stop"


def tick_through(
    checklist: Checklist,
    keys: KeySource,
    show: Callable[[int, CheckItem], None],
    stop_when: StopWhen | None = None,
    echo: Callable[[Answer], None] | None = None,
) -> dict[str, Answer]:
    """Ask each item (shown by `show`) and read one key: y, n or s. Other keys are ignored;
    `echo` is told each answer as it is given (so the screen shows it).

    When `stop_when(item, answer)` holds, the answers so far are returned at once: the items
    after it are neither shown nor in the result.
    """
    answers: dict[str, Answer] = {}
    for number, item in enumerate(checklist.items, start=1):
        show(number, item)
        while True:
            key = keys.get(None)
            if key is None:  # input ran dry: treat the rest as skipped
                return answers | {i.id: Answer.skip for i in checklist.items if i.id not in answers}
            if key in KEY_ANSWERS:
                answers[item.id] = KEY_ANSWERS[key]
                if echo is not None:
                    echo(answers[item.id])
                break
        if stop_when is not None and stop_when(item, answers[item.id]):
            return answers
    return answers


@dataclass
class Outcome:
    """What a set of answers means for today's session."""

    missing: list[CheckItem] = field(default_factory=list)
    skipped: list[CheckItem] = field(default_factory=list)
    stops: list[CheckItem] = field(default_factory=list)
    cautions: list[CheckItem] = field(default_factory=list)

    @property
    def stop(self) -> bool:
        return bool(self.stops)


def outcome(checklist: Checklist, answers: dict[str, Answer]) -> Outcome:
    """Sort the items by their answers: still missing, skipped, stopping, cautioning."""
    result = Outcome()
    for item in checklist.items:
        answer = answers.get(item.id, Answer.skip)
        if answer is Answer.skip:
            result.skipped.append(item)
        elif checklist.mode == "tasks" and answer is Answer.no:
            result.missing.append(item)
        elif checklist.mode == "screening" and answer is Answer.yes and item.if_yes:
            (result.stops if item.if_yes.action == "stop" else result.cautions).append(item)
    return result
