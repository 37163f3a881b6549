"""Before the massage: the giver's hands, the safety questions and the prep list (asked, from
an answers file, or as reminders when nobody can answer), and a plan fitted to `--until`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from .. import planner
from ..answers import (
    CONSENT,
    PATCH_TEST,
    Answer,
    Answers,
    limits_for,
    limits_in_words,
    nobody_answered,
)
from ..errors import UsageError
from ..models import Checklist, Library
from ..render import reference as render
from ..render.adaptive import Item
from ..render.plan import summary_line
from ..render.words import as_sentence
from ..routine import MIN_MINUTES, Choices, Plan
from ..store.config import load_config
from ..store.workload import hands_check
from .asking import ask_safety, not_today, not_without_consent
from .environment import Environment
from .prep import prep_for
from .screening import plan_changes, screened, unanswered_lines

if TYPE_CHECKING:
    from ..store.profiles import Profile
    from .keys import KeySource
    from .terminal import Terminal


def warn_tired_hands(library: Library, terminal: Terminal, env: Environment) -> bool:
    """Warn the giver when their hands have done a lot lately (from the history); True if so."""
    config = load_config()
    with env.history() as history:
        warning = hands_check(history, env.now(), config.value, library)
    terminal.warn(config.notices + history.notices)
    if warning:
        terminal.console.print(Item(warning, bullet=""), style="yellow")
    return warning is not None


def screen_and_prep(  # noqa: PLR0913 - the questions before a session need all of it
    routine: Plan,
    choices: Choices,
    library: Library,
    yes: bool,
    terminal: Terminal,
    env: Environment,
    tired_hands: bool = False,
    answers: Answers | None = None,
    person: Profile | None = None,
) -> tuple[Plan, Choices] | None:
    """Screening and prep (and the giver's self-care list when their hands have done a lot
    lately). None when an answer says not today. `person`: the profile the session is for,
    whose remembered caution answers are offered again (only here, with a person at the
    keys)."""
    prep = library.checklists.get("prep")
    self_care = library.checklists.get("self-care") if tired_hands else None
    out = terminal.console
    if answers is not None:
        ready = _from_answers(routine, choices, library, answers, terminal)
        if ready is None:
            return None
        prep = _prep_for(prep, ready, library)
        if yes or not terminal.ask:  # --yes: nothing asked, not even a key to start
            if prep is not None and not yes:
                terminal.show(render.checklist_print(prep))
            return ready
        with env.terminal_keys() as keys:
            if prep is not None:
                out.print()
                terminal.show(render.checklist_print(prep))
            return ready if _start_key(keys, terminal) else None
    if yes or not terminal.ask:
        # Nobody to ask: the lists become reminders and the session goes on.
        if not yes and self_care is not None:
            terminal.show(render.checklist_print(self_care))
        routine, choices = _nobody_answered(routine, choices, library, terminal)
        prep = _prep_for(prep, (routine, choices), library)
        if not yes and prep is not None:
            terminal.show(render.checklist_print(prep))
        return routine, choices
    with env.terminal_keys() as keys:
        if self_care is not None:
            out.print(
                "Go through the [bold]self-care[/] checklist first? [bold]y[/]es / [bold]n[/]o "
            )
            if keys.get(None) in ("y", "Y"):
                terminal.print_outcome(self_care, terminal.ask_checklist(self_care, keys))
            out.print()
        given: dict[str, Answer] = {}
        if "safety" in library.checklists:
            asked = ask_safety(choices, library, keys, terminal, env, person)
            if asked is None:
                return None
            given, avoid = asked
            # The patch test is asked with the prep list below: first-time oils wait for it.
            first = Answers({**given, PATCH_TEST: Answer.yes}, "asked", avoid)
            routine, choices = _tightened(routine, choices, library, first, terminal)
        else:
            avoid = ()
        prep = _prep_for(prep, (routine, choices), library)
        if prep is not None:
            out.print()
            prep_answers = terminal.ask_checklist(prep, keys)
            terminal.print_outcome(prep, prep_answers)
            if prep_answers.get(CONSENT) is Answer.no:
                not_without_consent(terminal)
                return None
            full = Answers({**given, **prep_answers}, "asked", avoid)
            routine, choices = _tightened(routine, choices, library, full, terminal)
        if not _start_key(keys, terminal):
            return None
    return routine, choices


LEFT_BEFORE_START = (
    "Left before the massage began: nothing was added to the history and there is no "
    "session to resume."
)


def _start_key(keys: KeySource, terminal: Terminal) -> bool:
    """The "press any key to start" question: False on `q`, which leaves before the massage,
    saying so in one plain line (no record, no checkpoint: nothing has begun)."""
    terminal.console.print("\n[bold]Press any key to start[/] (q to leave it for now).")
    if keys.get(None) in ("q", "Q"):
        terminal.console.print(LEFT_BEFORE_START, markup=False, highlight=False)
        return False
    return True


def _prep_for(
    prep: Checklist | None, planned: tuple[Plan, Choices], library: Library
) -> Checklist | None:
    """The prep list with what this plan's heat and essential oil need (see `prep.prep_for`)."""
    return prep_for(prep, *planned, library) if prep is not None else None


def _tightened(
    routine: Plan, choices: Choices, library: Library, answers: Answers, terminal: Terminal
) -> tuple[Plan, Choices]:
    """The plan re-made under the limits of `answers`, saying what changed (if anything)."""
    result = screened(choices, library, answers, answers.avoid)
    if result.choices == choices:
        return routine, choices
    adjusted = planner.plan(result.choices, library)
    heading = "The plan is adjusted for your answers:"
    if answers.source == "nobody":
        heading = "The plan is adjusted: nobody answered the safety questions."
    _say_changes(heading, (routine, choices), (adjusted, result.choices), library, terminal)
    for note in result.notes:
        terminal.console.print(Item(note))
    return adjusted, result.choices


def _nobody_answered(
    routine: Plan, choices: Choices, library: Library, terminal: Terminal
) -> tuple[Plan, Choices]:
    """Nobody to answer (`--yes`, or no terminal): every caution's limits, said in one line on
    stderr, and the questions that could stop the massage or leave an area out as a reminder."""
    safety = library.checklists["safety"]
    answers = nobody_answered()
    limits = limits_for(safety, answers)
    terminal.warn(
        [
            "Nobody answered the safety questions, so every caution applies: "
            + ", ".join(limits_in_words(limits))
            + ". Use --answers FILE to give the answers."
        ]
    )
    out = terminal.console
    if limits.unanswered_stops:
        out.print()
        out.print(Item("Ask before you start: a yes to any of these means no massage today.", ""))
        for item in limits.unanswered_stops:
            out.print(Item(item.text))
    if limits.area_questions:
        out.print(Item("A yes to any of these means leaving that area out (--avoid AREA):", ""))
        for item in limits.area_questions:
            out.print(Item(item.text))
    return _tightened(routine, choices, library, answers, terminal)


def _from_answers(
    routine: Plan, choices: Choices, library: Library, answers: Answers, terminal: Terminal
) -> tuple[Plan, Choices] | None:
    """The answers from a file: a stop or a refused consent ends here; else the plan under
    their limits (the file was checked for open stop questions and areas before)."""
    limits = limits_for(library.checklists["safety"], answers)
    if limits.stop is not None and limits.stop.if_yes is not None:
        not_today(limits.stop, terminal)
        return None
    if limits.consent_refused:
        not_without_consent(terminal)
        return None
    for line in unanswered_lines(limits):
        terminal.console.print(Item(line, bullet=""), style="yellow")
    return _tightened(routine, choices, library, answers, terminal)


def fit_before(
    until: datetime,
    routine: Plan,
    choices: Choices,
    library: Library,
    terminal: Terminal,
    env: Environment,
) -> tuple[Plan, Choices] | None:
    """The plan, shortened if it would now end after `until` (to the longest plan that fits:
    breaks and extras may rule out a few lengths), with what that changed; None when no plan
    fits in what is left."""
    left = int((until - env.now()).total_seconds() // 60)
    if left >= routine.minutes:
        return routine, choices
    out = terminal.console
    for minutes in range(left, MIN_MINUTES - 1, -1):
        shorter = choices.model_copy(update={"minutes": minutes})
        try:
            fitted = planner.plan(shorter, library)
        except UsageError:  # too short for everything asked (say, long giver breaks)
            continue
        heading = f"Shortened to {minutes} minutes, to finish by {until:%H:%M}:"
        _say_changes(heading, (routine, choices), (fitted, shorter), library, terminal)
        return fitted, shorter
    out.print(
        f"\nOnly {max(left, 0)} minutes are left before {until:%H:%M}: too short for this "
        "session. Start again with a later --until or with --minutes."
    )
    return None


def _say_changes(
    heading: str,
    before: tuple[Plan, Choices],
    after: tuple[Plan, Choices],
    library: Library,
    terminal: Terminal,
) -> None:
    """A re-planned session in words before it starts: the new summary and what changed."""
    out = terminal.console
    out.print()
    out.print(Item(heading, bullet=""), style="yellow")
    out.print(Item(summary_line(after[0]), bullet="  "))
    changes = plan_changes(before, after, library)
    for line in changes:
        out.print(Item(line))
    terminal.notices.extend([as_sentence(heading), *changes])
