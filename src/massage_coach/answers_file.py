"""`--answers FILE`: screening answers written down beforehand, read as carefully as content.

The file is YAML or JSON, one mapping of question id -> `yes` | `no` | `skip` (YAML's true/false
read as yes/no; anything else is refused). It may answer the safety questions and the gating
prep items (`consent`, `patch-test`). Every problem is a UsageError or ContentError (exit 2)
naming the file, the line and the question, with the known ids and a did-you-mean.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .answers import CONSENT, GATES, Answer, Answers, Limits, topic
from .errors import ContentError, UsageError
from .library import parse_file
from .names import suggest

if TYPE_CHECKING:
    from .kinds.checklist import Checklist

_WORDS = {"yes": Answer.yes, "no": Answer.no, "skip": Answer.skip}


def known_questions(safety: Checklist) -> list[str]:
    """The ids an answers file may give: the safety questions, then the gating prep items."""
    return [*(item.id for item in safety.items), *GATES]


def read_answers(path: Path, safety: Checklist) -> Answers:
    """The answers in `path`; UsageError or ContentError (exit 2) for anything else."""
    if not path.exists():
        raise UsageError(f"--answers {path}: no such file.")
    try:  # a regular file, size-capped, UTF-8, plain YAML only
        data, lines = parse_file(path)
    except ContentError as exc:  # not content: one plain line, the file and line named
        raise UsageError(f"--answers {exc.problems[0]}") from None
    if not isinstance(data, dict):
        raise UsageError(
            f"--answers {path}:{lines.get((), 1)}: expected a mapping of question id -> yes, "
            "no or skip, one per line (fever: no)."
        )
    known = known_questions(safety)
    given: dict[str, Answer] = {}
    for question, value in data.items():
        where = f"{path}:{lines.get((question,), 1)}"
        if question not in known:
            raise UsageError(
                f"{where}: unknown question '{_shown(question)}'; "
                f"the questions are: {', '.join(known)}.",
                suggest(question, known),
            )
        answer = _answer(value)
        if answer is None:
            raise UsageError(
                f"{where}: {question}: expected yes, no or skip, got {_shown(value)!r}."
            )
        given[question] = answer
    return Answers(given, "file")


def _answer(value: object) -> Answer | None:
    if value is True:
        return Answer.yes
    if value is False:
        return Answer.no
    if isinstance(value, str):
        return _WORDS.get(value.strip().lower())
    return None


def _shown(value: object) -> str:
    """A value from the file, short and printable (never raw control characters)."""
    text = str(value)
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 40 else text[:39] + "…"


def check_answers(path: Path, answers: Answers, limits: Limits, typed_avoid: list[str]) -> None:
    """What an answers file must settle before a session may start (UsageError, exit 2):
    every stop question and consent answered (not skipped), and an area named with --avoid
    for each question that asks which area to leave out (answered yes, or skipped)."""
    if limits.unanswered_stops:
        item = limits.unanswered_stops[0]
        raise UsageError(
            f"{path}: the stop question '{item.id}' ({topic(item)}) is not answered: answer "
            "yes or no; a session does not start while it is open."
        )
    if answers.get(CONSENT) is Answer.skip:
        raise UsageError(
            f"{path}: '{CONSENT}' is not answered: answer yes or no; a session does not start "
            "without the recipient's consent."
        )
    if limits.area_questions and not typed_avoid:
        item = limits.area_questions[0]
        said = "skipped (which counts as a yes)" if item in limits.skipped else "answered yes"
        raise UsageError(
            f"{path}: '{item.id}' ({topic(item)}) is {said}: name the area to leave out with "
            "--avoid AREA."
        )
