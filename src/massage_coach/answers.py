"""Screening answers as data, and the one function that turns them into limits.

Every door a session can start from produces an `Answers`: the questions asked one key at a
time, an `--answers FILE`, or nobody at all (piped, `--yes`). `limits_for` reads them the same
way every time, so the doors can never disagree:

- a yes to a caution question applies its `if_yes.adjust`;
- **a skipped (or missing) caution question counts as a yes**: its limits apply too;
- nobody answered = every question skipped, so every caution's limits apply;
- a stop question answered yes stops the session; skipped, it is `unanswered_stops` (the
  interactive screening asks again, an answers file is refused, nobody answered reminds);
- the gating prep items: consent `no` ends before anything starts; a patch test that is not a
  `yes` keeps first-time oils out.

`apply_limits` then tightens `Choices` by the limits; it never loosens anything.
Plain values only (no I/O): the CLI reads files, the session asks keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from .kinds.base import Pressure

if TYPE_CHECKING:
    from .kinds.checklist import CheckItem, Checklist
    from .routine import Choices


class Answer(StrEnum):
    """One answer to a screening question or a prep item: y / n / s."""

    yes = "yes"
    no = "no"
    skip = "skip"


CONSENT = "consent"
"""The prep item asking for the recipient's consent: `no` ends before anything starts."""
PATCH_TEST = "patch-test"
"""The prep item for the patch test: anything but `yes` keeps first-time oils out."""
GATES = (CONSENT, PATCH_TEST)
"""Prep items whose answers are rules, not reminders (an answers file may give them)."""

Source = Literal["asked", "file", "nobody"]


@dataclass(frozen=True)
class Answers:
    """Answers by question id, and where they came from. A missing id counts as skipped.

    `avoid` holds the areas named for the questions that ask which area to leave out (the
    interactive choice, or `--avoid` with an answers file).
    """

    given: Mapping[str, Answer] = field(default_factory=dict)
    source: Source = "asked"
    avoid: tuple[str, ...] = ()

    def get(self, question: str) -> Answer:
        return self.given.get(question, Answer.skip)


def nobody_answered() -> Answers:
    """Nobody could be asked (piped, `--yes`): every question counts as skipped."""
    return Answers({}, "nobody")


@dataclass(frozen=True)
class Limits:
    """What a set of answers means for today's session (see the module docstring)."""

    stop: CheckItem | None = None
    """A stop question answered yes: no massage today."""
    consent_refused: bool = False
    unanswered_stops: tuple[CheckItem, ...] = ()
    """Stop questions skipped: not a yes, not a no."""
    cautions: tuple[CheckItem, ...] = ()
    """Caution questions answered yes or skipped, in checklist order."""
    skipped: tuple[CheckItem, ...] = ()
    """The cautions among them that were skipped (their limits apply all the same)."""
    area_questions: tuple[CheckItem, ...] = ()
    """Cautions (yes or skipped) that ask which area to leave out."""
    max_pressure: Pressure = Pressure.firm
    max_minutes: int | None = None
    no_percussion: bool = False
    no_heat: bool = False
    no_essential_oils: bool = False
    no_tools: bool = False
    no_point_tools: bool = False
    no_nut_carriers: bool = False
    no_first_time_oil: bool = False
    gentle_dilution: bool = False
    side_lying: bool = False
    avoid_oils_for: tuple[str, ...] = ()

    @property
    def stops_today(self) -> bool:
        return self.stop is not None or self.consent_refused


# The yes/no limits an answer may set, by their name in `Limits`, `Choices` and a check item.
LIMIT_FLAGS = (
    "no_percussion",
    "no_heat",
    "no_essential_oils",
    "no_tools",
    "no_point_tools",
    "no_nut_carriers",
    "gentle_dilution",
    "side_lying",
)


def limits_for(safety: Checklist, answers: Answers) -> Limits:
    """The limits `answers` put on today's session: THE way answers become rules.

    A skipped or missing caution counts as a yes; light pressure also rules out point tools
    (they concentrate pressure on a small spot).
    """
    stop: CheckItem | None = None
    unanswered: list[CheckItem] = []
    cautions: list[CheckItem] = []
    skipped: list[CheckItem] = []
    max_pressure = Pressure.firm
    max_minutes: int | None = None
    flags = dict.fromkeys(LIMIT_FLAGS, False)
    oil_conditions: list[str] = []
    for item in safety.items:
        if item.if_yes is None:
            continue
        answer = answers.get(item.id)
        if item.if_yes.action == "stop":
            if answer is Answer.yes and stop is None:
                stop = item
            elif answer is Answer.skip:
                unanswered.append(item)
            continue
        if answer is Answer.no:
            continue
        cautions.append(item)
        if answer is Answer.skip:
            skipped.append(item)
        adjust = item.if_yes.adjust
        if adjust.max_pressure is not None and adjust.max_pressure.rank < max_pressure.rank:
            max_pressure = adjust.max_pressure
        if adjust.max_minutes is not None:
            max_minutes = min(max_minutes or adjust.max_minutes, adjust.max_minutes)
        for flag in LIMIT_FLAGS:
            if getattr(adjust, flag):
                flags[flag] = True
        oil_conditions += [c.value for c in adjust.avoid_oils_for]
    if max_pressure is Pressure.light:
        flags["no_point_tools"] = True  # domain notes, section 8: never at light
    return Limits(
        stop=stop,
        consent_refused=answers.get(CONSENT) is Answer.no,
        unanswered_stops=tuple(unanswered),
        cautions=tuple(cautions),
        skipped=tuple(skipped),
        area_questions=tuple(
            i for i in cautions if i.if_yes is not None and i.if_yes.adjust.ask_area_to_avoid
        ),
        max_pressure=max_pressure,
        max_minutes=max_minutes,
        no_first_time_oil=answers.get(PATCH_TEST) is not Answer.yes,
        avoid_oils_for=tuple(dict.fromkeys(oil_conditions)),
        **flags,
    )


def apply_limits(choices: Choices, limits: Limits, avoid: tuple[str, ...] = ()) -> Choices:
    """`choices` tightened by `limits` (and the areas in `avoid` left out); never loosened."""
    max_pressure = min(choices.max_pressure, limits.max_pressure, key=lambda p: p.rank)
    pressure = min(choices.pressure, max_pressure, key=lambda p: p.rank)
    minutes = choices.minutes
    if limits.max_minutes is not None:
        minutes = min(minutes, limits.max_minutes)
    update: dict[str, object] = {
        "max_pressure": max_pressure,
        "pressure": pressure,
        "minutes": minutes,
        "no_first_time_oil": choices.no_first_time_oil or limits.no_first_time_oil,
    }
    for flag in LIMIT_FLAGS:
        update[flag] = getattr(choices, flag) or getattr(limits, flag)
    if max_pressure is Pressure.light:
        update["no_point_tools"] = True
    update["avoid_oils_for"] = tuple(
        dict.fromkeys((*choices.avoid_oils_for, *limits.avoid_oils_for))
    )
    left_out = [a for a in avoid if a not in choices.avoid]
    if left_out:
        update["avoid"] = (*choices.avoid, *left_out)
        update["focus"] = tuple(f for f in choices.focus if f not in left_out)
    return choices.model_copy(update=update)


LIMIT_WORDS = (
    ("no_percussion", "no percussion"),
    ("no_heat", "no heat"),
    ("no_essential_oils", "no essential oils"),
    ("no_tools", "no massage tools"),
    ("no_point_tools", "no point tools"),
    ("no_nut_carriers", "no nut carriers"),
    ("gentle_dilution", "essential oils at 1 %"),
    ("side_lying", "side-lying"),
)


def item_limits(item: CheckItem) -> list[str]:
    """What one caution question's yes (or skip) limits, in words: 'light pressure, no heat'."""
    if item.if_yes is None:
        return []
    adjust = item.if_yes.adjust
    words: list[str] = []
    if adjust.max_pressure is not None and adjust.max_pressure is not Pressure.firm:
        words.append(f"{adjust.max_pressure.value} pressure")
    if adjust.max_minutes is not None:
        words.append(f"{adjust.max_minutes} minutes at most")
    words += [said for flag, said in LIMIT_WORDS if getattr(adjust, flag)]
    words += [f"no oils to avoid with {c.value}" for c in adjust.avoid_oils_for]
    if adjust.ask_area_to_avoid:
        words.append("an area left out")
    return words


def limits_in_words(limits: Limits) -> list[str]:
    """Every limit in force, in words, gentlest reading: for the nobody-answered line."""
    words: list[str] = []
    if limits.max_pressure is not Pressure.firm:
        words.append(f"{limits.max_pressure.value} pressure")
    no_oils = limits.no_essential_oils  # says everything about essential oils already
    words += [
        said
        for flag, said in LIMIT_WORDS
        if getattr(limits, flag) and not (no_oils and flag == "gentle_dilution")
    ]
    if limits.max_minutes is not None:
        words.append(f"{limits.max_minutes} minutes at most")
    if not no_oils:
        words += [f"no oils to avoid with {c}" for c in limits.avoid_oils_for]
    if limits.no_first_time_oil:
        words.append("no first-time oil")
    return words


def topic(item: CheckItem) -> str:
    """A question's short name for messages ('blood thinners'), else its id in words."""
    return item.topic or item.id.replace("-", " ")
