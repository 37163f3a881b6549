"""The whole guided session around the runner: screening and prep, the live part, aftercare.

`start` runs a new session from resolved choices, `resume` continues a checkpointed one. Both
talk to the outside world only through a `Terminal` (the console, whether a person can answer,
the prompts, the bell), so the CLI command stays a few lines and tests pass their own.
Both return the exit code: 0, or 130 after Ctrl-C and 143 after SIGTERM.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING

from rich.console import Console, RenderableType

from ..answers import CONSENT, PATCH_TEST, Answer, Answers
from ..errors import ExitCode
from ..models import CheckItem, Checklist, Library, Pressure
from ..record import Outcome, PressureChange, SessionRecord
from ..routine import Choices, Plan
from .environment import Environment
from .keys import KeySource, Terminated, terminate_as_exception

if TYPE_CHECKING:
    from ..store.checkpoint import Checkpoint, Held
    from ..store.profiles import Profile, Remembered
    from .clock import Clock
    from .runner import Tracer

REFUSED = 2
"""A saved session that breaks a safety rule is not resumed (like any bad input)."""
COUNT_IN_REAL_SECONDS = 1.0
"""The least real time the on-screen count-in (3, 2, 1) lasts, however fast --speed runs."""
NOTICE_SECONDS, NOTICE_SECONDS_MAX = 2, 8
"""A real session's count-in is this much longer per notice it shows (at most the max)."""


@dataclass
class Terminal:
    """What the session shows and asks through; the CLI builds the real one."""

    console: Console
    """Where everything is shown; what is printed on it adapts to it (plain when piped)."""
    ask: bool
    """A person can answer one-key questions (stdin and stdout are terminals, keys readable)."""
    show: Callable[[RenderableType], None]
    warn: Callable[[list[str]], None]
    ask_checklist: Callable[[Checklist, KeySource], dict[str, Answer]]
    print_outcome: Callable[[Checklist, dict[str, Answer]], None]
    ask_rating: Callable[[], tuple[int | None, str | None]]
    print_line: Callable[[str], None]
    bell: Callable[[], None]
    ask_lines: bool = False
    """A person can type a line and Enter (the rating), even where single keys cannot be read."""
    notices: list[str] = field(default_factory=list)
    """What changed the session before it began (shortened, adjusted for the answers), shown
    again on the live screen during the count-in: the questions may have scrolled it away."""

    @property
    def live(self) -> bool:
        """A full-screen countdown, and keys read while it runs (only where it can be seen: a
        terminal that is not a dumb one; elsewhere one plain line per step)."""
        return self.console.is_terminal and not self.console.is_dumb_terminal


@dataclass(frozen=True)
class Settings:
    """How the live part runs: the cue style, speech, and the clock's speed."""

    cues: str = "soft"
    voice: bool = True
    speed: float = 1.0
    countdown: bool = True
    """A 3-2-1 before each change (off in `silent` whatever this says)."""


def start(  # noqa: PLR0913 - the session command's choices, until one environment object
    routine: Plan,
    choices: Choices,
    library: Library,
    settings: Settings,
    terminal: Terminal,
    yes: bool = False,
    profile: str | None = None,
    until: datetime | None = None,
    env: Environment | None = None,
    answers: Answers | None = None,
    person: Profile | None = None,
) -> int:
    """Screening and prep, the timed routine, then aftercare; the exit code.

    The screening answers come from `answers` (an answers file), else from the person at the
    terminal; with nobody to ask (`yes`, or no terminal) every caution's limits apply. With
    `until` (from --until), a plan that would now end after it (the questions took time) is
    shortened to fit before the massage starts. `env` holds the clock, keys, speech and
    history (the real ones by default).
    """
    from ..render.summary import plan_overview
    from ..store.checkpoint import file_pending

    env = env or Environment()
    check_trace()
    terminal.warn(file_pending(datetime.now(UTC)))  # a session cut short earlier is kept first
    terminal.show(plan_overview(routine, library))
    tired_hands = _hands_check(library, terminal, env)
    try:
        with terminate_as_exception():
            try:
                ready = _before(
                    routine, choices, library, yes, terminal, env, tired_hands, answers, person
                )
            except KeyboardInterrupt:
                # Nothing has begun: no record, no checkpoint, just a clean way out. Written
                # straight to the stream: a Ctrl-C that lands while rich enters a print can leave
                # the console holding back everything printed after it.
                stream = terminal.console.file
                stream.write("\nStopped before the massage began. Nothing was saved.\n")
                stream.flush()
                return ExitCode.INTERRUPTED
            if ready is None:
                return ExitCode.OK
            routine, choices = ready
            if until is not None:
                fitted = _fit_before(until, routine, choices, library, terminal, env)
                if fitted is None:
                    return ExitCode.OK
                routine, choices = fitted
            saver = _Checkpoints(choices)
            try:
                record, final_plan = _run(
                    routine, choices, library, settings, terminal, env, profile, saver=saver
                )
                return _after(record, final_plan, library, terminal, env, saver)
            finally:
                saver.release()
    except Terminated:
        return ExitCode.TERMINATED


def resume(
    library: Library, settings: Settings, terminal: Terminal, env: Environment | None = None
) -> int:
    """Continue the session a checkpoint kept, under its screening limits; the exit code."""
    from ..store.checkpoint import resumable

    check_trace()
    with resumable(datetime.now(UTC)) as loaded:
        terminal.warn(loaded.notices)
        if loaded.value is None:
            terminal.console.print("There is no unfinished session to resume.")
            return ExitCode.OK
        held, saved = loaded.value
        saver = _Checkpoints(saved.resume_choices(), held)
        return _resume(saved, saver, library, settings, terminal, env or Environment())


RESUME_COMMAND = "massage-coach session --resume"
LEFT_SHOWN = 5  # steps listed before "and N more"


def _what_is_left(
    plan: Plan, index: int, into: float, library: Library, terminal: Terminal
) -> None:
    """The steps still to do, and how long they take, before a resumed session goes on."""
    from ..render.plan import clock
    from ..render.words import doing, on_body

    rest = plan.steps[index:]
    seconds = sum(step.seconds for step in rest) - int(into)
    out = terminal.console
    out.print(f"Left: {clock(max(seconds, 0))} in {len(rest)} steps:")
    for step in rest[:LEFT_SHOWN]:
        words = [doing(step, library).capitalize(), on_body(step, library)]
        if step.pressure is not None:
            words.append(step.pressure.value)
        out.print("  - " + " · ".join(w for w in words if w), markup=False)
    if len(rest) > LEFT_SHOWN:
        out.print(f"  ... and {len(rest) - LEFT_SHOWN} more")


def _go_on(env: Environment, terminal: Terminal) -> bool:
    """Ask whether to go on with the resumed session: only `y` does."""
    out = terminal.console
    out.print("Go on with it? [bold]y[/]es / [bold]n[/]o ", end="")
    try:
        with env.terminal_keys() as keys:
            key = keys.get(None)
    except EOFError:
        key = None
    out.print()
    return key in ("y", "Y")


def _resume(
    saved: Checkpoint,
    saver: _Checkpoints,
    library: Library,
    settings: Settings,
    terminal: Terminal,
    env: Environment,
) -> int:
    """The resumed session, its checkpoint held by `saver`."""
    from ..render.plan import clock
    from ..store.history import local

    out = terminal.console
    plan, index = saved.plan, saved.step_index
    if not plan.steps or index >= len(plan.steps):
        out.print("That session had nothing left to do.")
        return ExitCode.OK
    when = local(saved.record.started_at).strftime("%H:%M")
    out.print(
        f"Resuming the session started at {when}: step {index + 1} of {len(plan.steps)}, "
        f"{clock(saved.record.actual_seconds)} done."
    )
    _what_is_left(plan, index, saved.seconds_into_step, library, terminal)
    if terminal.ask and not _go_on(env, terminal):
        out.print(f"Kept for later: {RESUME_COMMAND} picks it up (within a day).")
        return ExitCode.OK
    choices = saved.resume_choices()
    record = saved.record
    if saved.choices is None:
        plan = gentle_rest(plan, index, choices, library)
        if plan.pressure is not saved.plan.pressure:
            change = PressureChange(
                at=record.actual_seconds,
                before=saved.plan.pressure,
                after=plan.pressure,
                reason="resumed",
            )
            record = record.model_copy(
                update={"pressure_changes": [*record.pressure_changes, change]}
            )
        out.print(
            "[yellow]This session was saved without its screening answers: it goes on at "
            "light pressure, without percussion, heat or essential oils.[/]"
        )
    checked = _within_the_floor(plan, index, choices, library, terminal, saver)
    if checked is None:
        return REFUSED
    plan = checked
    try:
        with terminate_as_exception():
            record, final_plan = _run(
                plan,
                choices,
                library,
                settings,
                terminal,
                env,
                record.profile,
                record,
                (index, saved.seconds_into_step),
                saver=saver,
            )
            return _after(record, final_plan, library, terminal, env, saver)
    except Terminated:
        return ExitCode.TERMINATED


def _within_the_floor(
    plan: Plan,
    index: int,
    choices: Choices,
    library: Library,
    terminal: Terminal,
    saver: _Checkpoints,
) -> Plan | None:
    """A saved plan re-checked before any of it runs again: the steps still to come must keep
    the safety floor and the saved limits. One that breaks a rule has the rest re-planned
    from its position at the gentlest level; when even that breaks one (a heat or oil step
    the limits rule out, a stroke the content no longer knows), None: the checkpoint is kept
    aside, never run."""
    from ..safety_floor import step_breaches
    from ..store.files import keep_aside

    broken = step_breaches(plan, choices, library, start=index)
    if not broken:
        return plan
    out = terminal.console
    try:
        mended = gentle_rest(plan, index, choices, library)
    except (KeyError, ValueError):  # steps the content cannot re-plan
        mended = None
    if mended is not None and not step_breaches(mended, choices, library, start=index):
        out.print(
            f"[yellow]The saved session breaks a safety rule ({broken[0]}): the rest is "
            "re-planned at light pressure within its saved limits.[/]"
        )
        return mended
    saver.release()
    kept = keep_aside(saver.held.path) if saver.held is not None else None
    where = f" It is kept aside as {kept}." if kept is not None else ""
    terminal.warn(
        [f"The saved session breaks a safety rule ({broken[0]}) and is not resumed.{where}"]
    )
    return None


def _fit_before(
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
    from .. import planner
    from ..errors import UsageError
    from ..routine import MIN_MINUTES

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
    from ..render.plan import summary_line
    from ..render.words import as_sentence
    from .screening import plan_changes

    out = terminal.console
    out.print(f"\n[yellow]{heading}[/]")
    out.print("  " + summary_line(after[0]), markup=False)
    changes = plan_changes(before, after, library)
    for line in changes:
        out.print("  - " + line, markup=False)
    terminal.notices.extend([as_sentence(heading), *changes])


def gentle_rest(plan: Plan, index: int, choices: Choices, library: Library) -> Plan:
    """The plan from step `index` on re-planned under `choices` at its lightest allowed level."""
    from .. import planner

    level = min(plan.pressure, choices.max_pressure, Pressure.light, key=lambda p: p.rank)
    return planner.with_pressure(plan, choices, library, index, level)


def cue_settings(cues: str | None, no_voice: bool, speed: float) -> Settings:
    """The cue style and speech: the command line, else the config (soft by default)."""
    from ..store.config import load_config

    config = load_config().value
    return Settings(
        cues=cues or config.cues,
        voice=config.voice and not no_voice,
        speed=speed,
        countdown=config.countdown,
    )


def _hands_check(library: Library, terminal: Terminal, env: Environment) -> bool:
    """Warn the giver when their hands have done a lot lately (from the history); True if so."""
    from ..store.config import load_config
    from ..store.workload import hands_check

    config = load_config()
    with env.history() as history:
        warning = hands_check(history, env.now(), config.value, library)
    terminal.warn(config.notices + history.notices)
    if warning:
        terminal.console.print(f"[yellow]{warning}[/]")
    return warning is not None


def _before(  # noqa: PLR0913 - the questions before a session need all of it
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
    from ..render import reference as render

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
            out.print("\n[bold]Press any key to start[/] (q to leave it for now).")
            return None if keys.get(None) in ("q", "Q") else ready
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
            asked = _screen(choices, library, keys, terminal, env, person)
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
                _not_without_consent(terminal)
                return None
            full = Answers({**given, **prep_answers}, "asked", avoid)
            routine, choices = _tightened(routine, choices, library, full, terminal)
        out.print("\n[bold]Press any key to start[/] (q to leave it for now).")
        if keys.get(None) in ("q", "Q"):
            return None
    return routine, choices


def _prep_for(
    prep: Checklist | None, planned: tuple[Plan, Choices], library: Library
) -> Checklist | None:
    """The prep list with what this plan's heat and essential oil need (see `prep.prep_for`)."""
    from .prep import prep_for

    return prep_for(prep, *planned, library) if prep is not None else None


def _tightened(
    routine: Plan, choices: Choices, library: Library, answers: Answers, terminal: Terminal
) -> tuple[Plan, Choices]:
    """The plan re-made under the limits of `answers`, saying what changed (if anything)."""
    from .. import planner
    from .screening import screened

    result = screened(choices, library, answers, answers.avoid)
    if result.choices == choices:
        return routine, choices
    adjusted = planner.plan(result.choices, library)
    heading = "The plan is adjusted for your answers:"
    if answers.source == "nobody":
        heading = "The plan is adjusted: nobody answered the safety questions."
    _say_changes(heading, (routine, choices), (adjusted, result.choices), library, terminal)
    for note in result.notes:
        terminal.console.print("  - " + note, markup=False)
    return adjusted, result.choices


def _nobody_answered(
    routine: Plan, choices: Choices, library: Library, terminal: Terminal
) -> tuple[Plan, Choices]:
    """Nobody to answer (`--yes`, or no terminal): every caution's limits, said in one line on
    stderr, and the questions that could stop the massage or leave an area out as a reminder."""
    from ..answers import limits_for, limits_in_words, nobody_answered

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
        out.print("\nAsk before you start: a yes to any of these means no massage today.")
        for item in limits.unanswered_stops:
            out.print(f"  - {item.text}", markup=False)
    if limits.area_questions:
        out.print("A yes to any of these means leaving that area out (--avoid AREA):")
        for item in limits.area_questions:
            out.print(f"  - {item.text}", markup=False)
    return _tightened(routine, choices, library, answers, terminal)


def _from_answers(
    routine: Plan, choices: Choices, library: Library, answers: Answers, terminal: Terminal
) -> tuple[Plan, Choices] | None:
    """The answers from a file: a stop or a refused consent ends here; else the plan under
    their limits (the file was checked for open stop questions and areas before)."""
    from ..answers import limits_for
    from .screening import unanswered_lines

    limits = limits_for(library.checklists["safety"], answers)
    if limits.stop is not None and limits.stop.if_yes is not None:
        _not_today(limits.stop, terminal)
        return None
    if limits.consent_refused:
        _not_without_consent(terminal)
        return None
    for line in unanswered_lines(limits):
        terminal.console.print(f"[yellow]{line}[/]")
    return _tightened(routine, choices, library, answers, terminal)


def _not_today(item: CheckItem, terminal: Terminal) -> None:
    from rich.markup import escape

    assert item.if_yes is not None
    out = terminal.console
    # The questions after a stop answer were never asked: only its advice is relevant.
    out.print(f"\n[bold red]Not today:[/] {escape(item.text)}\n  {escape(item.if_yes.advice)}")
    # The advice may be "get urgent help": the closing words must not soften it.
    out.print("\nThe massage can wait for a better day; please follow the advice above first.")


def _not_without_consent(terminal: Terminal) -> None:
    terminal.console.print(
        "\n[bold]Not today:[/] they have not agreed to the massage. Nothing starts without "
        "their yes; ask again another time."
    )


def _screen(
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
    from ..answers import limits_for
    from ..errors import CoachError
    from ..store.profiles import remember_screening, remembered
    from .checklists import outcome
    from .screening import (
        areas_in_order,
        ask_screening,
        choose_area,
        skipped_stop_questions,
        stop_item,
        unanswered_lines,
    )

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
        _not_today(stop, terminal)
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
        out.print(f"[yellow]{line}[/]", highlight=False)
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
    from rich.markup import escape

    from ..answers import topic
    from .checklists import stops_today
    from .screening import ask_items, stop_item

    out = terminal.console
    out.print(
        f"[bold]Welcome back, {escape(name)}.[/] Today's questions: a yes to any of these "
        "means no massage today:"
    )
    for item in daily:
        out.print(f"  - {escape(item.text)}")
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
        out.print(f"  - {escape(topic(item))}: {kept.answers[item.id].value}")
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
    from rich.markup import escape

    out = terminal.console
    out.print(
        "\n[bold yellow]Unanswered:[/] a yes to "
        + ("this question" if len(skipped) == 1 else "these questions")
        + " would mean no massage today:"
    )
    for item in skipped:
        out.print(f"  - {escape(item.text)}")
    out.print("Is the answer no to all of them? Go ahead: [bold]y[/]es / [bold]n[/]o ", end="")
    key = keys.get(None)
    out.print()
    return key in ("y", "Y")


def _run(  # noqa: PLR0913 - the live part's collaborators, until one environment object
    routine: Plan,
    choices: Choices,
    library: Library,
    settings: Settings,
    terminal: Terminal,
    env: Environment,
    profile: str | None = None,
    record: SessionRecord | None = None,
    resume_at: tuple[int, float] | None = None,
    *,
    saver: _Checkpoints,
) -> tuple[SessionRecord, Plan]:
    """The live part: the runner with the environment's clock and keys, and a view, saving
    checkpoints through `saver`."""
    from .cues import CueMode, Cues, speech_namer
    from .keys import TerminalKeys
    from .replanner import PlannerReplanner
    from .runner import GET_READY_SECONDS, Parts, ResumeFrom, Runner, RunOptions, View
    from .view import LiveView, PlainView

    out = terminal.console
    mode = CueMode(settings.cues)
    speaker = None
    if mode is not CueMode.silent and settings.voice:
        speaker = env.speaker()
        if speaker is None:
            out.print("[dim]No speech engine found (espeak-ng, say or SAPI): cues use the bell.[/]")
    players = Cues(
        mode,
        speaker,
        terminal.bell,
        names=speech_namer(library),
        countdown=settings.countdown,
        speed=settings.speed,
    )
    shown = [*terminal.notices, *routine.notes] if record is None else terminal.notices
    notices = list(dict.fromkeys(shown))  # each once, in order
    # Keys only where the screen can be seen (a quit question nobody sees would hang the
    # session); piped, it runs to the end and Ctrl-C still stops it.
    keys_context: AbstractContextManager[KeySource] = (
        env.terminal_keys(watch_resize=True)
        if terminal.live and terminal.ask
        else nullcontext(env.no_keys())
    )
    view_context: AbstractContextManager[View] = (
        LiveView(
            out,
            library,
            size=env.terminal_size,
            now=env.now,
            speed=settings.speed,
            notices=notices,
        )
        if terminal.live
        else nullcontext(PlainView(terminal.print_line, library))
    )
    # Everything loaded so far lives for the whole session: keep the garbage collector from
    # rescanning it every few seconds (a measurable share of an idle session's CPU).
    gc.freeze()
    # A walk-through at --speed 20 would flash the count-in by in 0.15 s: keep it readable.
    count_in = max(GET_READY_SECONDS, COUNT_IN_REAL_SECONDS * settings.speed)
    if notices and settings.speed == 1:
        count_in += min(NOTICE_SECONDS * len(notices), NOTICE_SECONDS_MAX)  # time to read them
    clock = env.clock(settings.speed)
    with keys_context as keys, view_context as view, _tracer(clock, terminal.warn) as trace:

        def suspend() -> None:  # Ctrl-Z: the shell's own screen and keys until `fg`
            if isinstance(keys, TerminalKeys) and isinstance(view, LiveView):
                with view.suspended():
                    keys.suspend()

        parts = Parts(
            clock,
            keys,
            view,
            players,
            PlannerReplanner(choices, library),
            on_checkpoint=saver,
            trace=trace,
            on_suspend=suspend,
        )
        options = RunOptions(
            max_pressure=choices.max_pressure,
            get_ready_seconds=count_in if terminal.live else GET_READY_SECONDS,
            profile=profile,
            practice=settings.speed != 1,
        )
        resumed = None
        if record is not None and resume_at is not None:
            resumed = ResumeFrom(record, *resume_at)
        runner = Runner(routine, parts, options, resumed)
        record = runner.run()
    reached = [s.oil for s in runner.plan.steps if s.oil and s.start < record.actual_seconds]
    record.oils = list(dict.fromkeys([*record.oils, *reached]))
    if saver.problem is not None:
        terminal.warn([saver.problem])
    if runner.output_error is not None:
        # Nothing more can be shown: keep the session, then let the CLI end quietly (a
        # closed pipe) or with one line on stderr (a full disk behind stdout).
        saver.final(record)
        if _save(record, library, terminal, env, "This session", KEPT_FOR_LATER):
            saver.filed(record)
        raise runner.output_error
    return record, runner.plan


def _open_trace() -> IO[str] | None:
    """The file MASSAGE_COACH_TRACE names, open to append; a UsageError (exit 2, before the
    session starts) when it cannot be written."""
    path = os.environ.get("MASSAGE_COACH_TRACE")
    if not path:
        return None
    try:
        return open(path, "a", encoding="utf-8")
    except OSError as exc:
        from ..errors import UsageError

        raise UsageError(
            f"MASSAGE_COACH_TRACE={path}: cannot write the trace there ({exc.strerror or exc})."
        ) from None


def check_trace() -> None:
    """Say at once when MASSAGE_COACH_TRACE names a file that cannot be written."""
    file = _open_trace()
    if file is not None:
        file.close()


@contextmanager
def _tracer(clock: Clock, warn: Callable[[list[str]], None]) -> Iterator[Tracer | None]:
    """With MASSAGE_COACH_TRACE=FILE, append each timing event to FILE (see bench/run.py).
    A write that fails later (a full disk) stops the trace, never the session."""
    file = _open_trace()
    if file is None:
        yield None
        return
    from .clock import MonotonicClock

    path = file.name
    broken: list[str] = []

    def trace(event: str, raw: float, *values: float) -> None:
        if broken:
            return  # told once; the session goes on without its trace
        real = clock.real_time(raw) if isinstance(clock, MonotonicClock) else raw
        fields = [event, *(repr(v) for v in values), repr(real)]
        try:
            file.write(" ".join(fields) + "\n")
            file.flush()
        except OSError as exc:
            broken.append(f"MASSAGE_COACH_TRACE={path}: the trace stopped ({exc.strerror}).")

    try:
        yield trace
    finally:
        with suppress(OSError):
            file.close()
        if broken:
            warn(broken)


class _Checkpoints:
    """Saves the running session in its own checkpoint, locked while it runs, so a crash or a
    kill loses little.

    The checkpoint keeps the choices with their screening limits, so a resumed session stays
    within them. At the end the session as it ended is written there first, then the history
    saved; only then is the checkpoint removed (a session that ran its course) or marked filed
    (one cut short, kept for `session --resume`). A failed save leaves it to be filed later.
    """

    def __init__(self, choices: Choices, held: Held | None = None) -> None:
        self.choices = choices
        self.held = held
        self.last: Checkpoint | None = None
        self.problem: str | None = None

    def __call__(self, record: SessionRecord, plan: Plan, index: int, seconds: float) -> None:
        from ..store.checkpoint import Checkpoint, Held, path_for

        if self.problem is not None:
            return  # told once; the session carries on
        if self.held is None:
            held = Held(path_for(record.id))
            if not held.acquire():
                self.problem = f"The session cannot be saved for resuming: {held.why_not}."
                return
            self.held = held
        self.last = Checkpoint(
            record=record.model_copy(deep=True),
            plan=plan,
            step_index=index,
            seconds_into_step=seconds,
            saved_at=datetime.now(UTC),
            choices=self.choices,
        )
        self.problem = self.held.save(self.last)

    def final(self, record: SessionRecord) -> None:
        """Write the session as it ended, before the history is asked to keep it."""
        if self.held is None or self.last is None:
            return
        self.last = self.last.model_copy(
            update={"record": record.model_copy(deep=True), "saved_at": datetime.now(UTC)}
        )
        self.held.save(self.last)

    def filed(self, record: SessionRecord) -> None:
        """The history has the session: forget one that ran its course, keep one cut short
        (marked as filed) for resuming."""
        from ..store.checkpoint import ENDED

        if self.held is None or self.last is None:
            return
        if record.outcome in ENDED:
            self.held.remove()
        else:
            self.held.save(self.last.model_copy(update={"filed": True}))

    def release(self) -> None:
        if self.held is not None:
            self.held.release()


KEPT_FOR_LATER = "; it is kept, and will be filed the next time the history can be written"


def _save(
    record: SessionRecord,
    library: Library,
    terminal: Terminal,
    env: Environment,
    what: str,
    then: str = "",
) -> bool:
    """Save the session in the history, with its workload (again after a rating: the history
    keeps one entry per record id); say in one line why when it cannot be, and `then`."""
    from ..store.workload import workload

    with env.history() as history:
        saved = history.save(record, workload(record, library))
    problems = [] if saved else [f"{what} could not be saved ({history.problem}){then}."]
    terminal.warn(history.notices + problems)
    return saved


def _rate(record: SessionRecord, library: Library, terminal: Terminal, env: Environment) -> None:
    """Ask for a rating (in a terminal, after a session that ran its course) and keep it.
    Only called when the session itself was saved: a rating with nowhere to go is not asked."""
    if not (
        (terminal.ask or terminal.ask_lines) and record.outcome in (Outcome.finished, Outcome.quit)
    ):
        return
    record.rating, record.note = terminal.ask_rating()
    if (record.rating or record.note) and not _save(record, library, terminal, env, "The rating"):
        return
    # Say what happened to the answer, so a skipped prompt is not left hanging.
    note = " and your note" if record.note else ""
    terminal.console.print(
        f"Saved, with a rating of {record.rating}{note}." if record.rating else "No rating saved."
    )


def _after(
    record: SessionRecord,
    routine: Plan,
    library: Library,
    terminal: Terminal,
    env: Environment,
    saver: _Checkpoints,
) -> int:
    """Save the session, then aftercare (or the stop-signal advice), what was done and the
    rating question; the exit code says how it ended.

    Saved first: a kill at the rating prompt (or a closed terminal) must not lose a massage
    that was given. Callers run this inside `terminate_as_exception`, so SIGTERM here is 143.
    """
    from ..render import reference as render
    from ..render.summary import first_steps, session_summary, without_sources

    saver.final(record)
    saved = _save(record, library, terminal, env, "This session", KEPT_FOR_LATER)
    if saved:
        saver.filed(record)
    if record.outcome is Outcome.terminated:
        _how_to_resume(terminal)
        return ExitCode.TERMINATED
    if record.outcome is Outcome.stop_signal:
        guide = library.guides.get("stop-signals")
        terminal.console.print(
            "[bold red]Stop signal.[/] Hands off, stay with them, and check how they are."
        )
        if guide is not None:
            # The urgent actions first, on one screen; the details after a key.
            terminal.show(first_steps(guide))
            if terminal.ask:
                terminal.console.print("[dim]Press any key for the details.[/]")
                with suppress(EOFError), env.terminal_keys() as keys:
                    keys.get(None)
            terminal.show(render.guide_detail(without_sources(guide)))
    else:
        aftercare = library.checklists.get("aftercare")
        if aftercare is not None:
            terminal.show(render.checklist_print(aftercare))
    terminal.show(session_summary(record, routine, library))
    if saved:
        _rate(record, library, terminal, env)
        from ..store.checkpoint import ENDED

        if (record.rating or record.note) and record.outcome not in ENDED:
            # The history has them; a checkpoint kept for --resume must too, or the resumed
            # session's save would write the row again without them.
            saver.final(record)
            saver.filed(record)
    if record.outcome is Outcome.interrupted:
        _how_to_resume(terminal)
        return ExitCode.INTERRUPTED
    if record.outcome is Outcome.quit:
        _how_to_resume(terminal)
    return ExitCode.OK


def _how_to_resume(terminal: Terminal) -> None:
    """The last line after a session cut short, whose checkpoint is kept."""
    with suppress(OSError):  # the terminal may be gone (SIGTERM, a closed window)
        terminal.console.print(f"To go on where it stopped: {RESUME_COMMAND} (within a day).")
