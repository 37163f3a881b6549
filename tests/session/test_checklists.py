"""Ticking through checklists: one key per item, and what the answers change."""

from __future__ import annotations

import pytest

from massage_coach.answers import Answers, apply_limits, limits_for
from massage_coach.library import load_library
from massage_coach.models import Library, Pressure
from massage_coach.routine import Choices
from massage_coach.session.checklists import Answer, outcome, stops_today, tick_through
from massage_coach.session.keys import ScriptedKeys

from ..clirunner import run
from ..conftest import FIXTURES
from ..fakes import FakeEnvironment


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(FIXTURES / "good")


def test_one_key_per_item_and_other_keys_are_ignored(library: Library) -> None:
    shown: list[str] = []
    keys = ScriptedKeys(["x", "y", "?", "n"])
    answers = tick_through(library.checklists["prep"], keys, lambda n, item: shown.append(item.id))
    assert answers == {"supplies": Answer.yes, "consent": Answer.no}
    assert shown == ["supplies", "consent"]


def test_a_stop_answer_ends_the_screening_before_the_next_question(library: Library) -> None:
    shown: list[str] = []
    keys = ScriptedKeys(["y", "n"])
    safety = library.checklists["safety"]
    answers = tick_through(safety, keys, lambda n, item: shown.append(item.id), stops_today)
    assert answers == {"fever": Answer.yes}
    assert shown == ["fever"] and keys.remaining == 1


def test_caution_and_no_answers_do_not_end_the_screening(library: Library) -> None:
    keys = ScriptedKeys(["n", "y"])
    answers = tick_through(library.checklists["safety"], keys, lambda n, i: None, stops_today)
    assert answers == {"fever": Answer.no, "thinners": Answer.yes}


def test_tasks_answered_no_are_still_missing(library: Library) -> None:
    prep = library.checklists["prep"]
    result = outcome(prep, {"supplies": Answer.no, "consent": Answer.skip})
    assert [i.id for i in result.missing] == ["supplies"]
    assert [i.id for i in result.skipped] == ["consent"]


def test_screening_yes_to_a_stop_question_stops(library: Library) -> None:
    safety = library.checklists["safety"]
    result = outcome(safety, {"fever": Answer.yes, "thinners": Answer.no})
    assert result.stop and [i.id for i in result.stops] == ["fever"]


def all_no_but(safety_items: list[str], **answers: Answer) -> Answers:
    """Answers: no to every question, except those given."""
    given = {item: Answer.no for item in safety_items}
    given.update({k.replace("_", "-"): v for k, v in answers.items()})
    return Answers({**given, "patch-test": Answer.yes})


def test_caution_answers_tighten_the_choices(library: Library) -> None:
    safety = library.checklists["safety"]
    answers = all_no_but([i.id for i in safety.items], thinners=Answer.yes)
    choices = apply_limits(Choices(pressure=Pressure.firm), limits_for(safety, answers))
    assert choices.pressure is Pressure.light
    assert choices.max_pressure is Pressure.light
    assert choices.no_percussion


def test_cautions_never_loosen_existing_limits(library: Library) -> None:
    safety = library.checklists["safety"]
    start = Choices(pressure=Pressure.light, max_pressure=Pressure.light, no_heat=True, minutes=10)
    none = limits_for(safety, all_no_but([i.id for i in safety.items]))
    assert apply_limits(start, none) == start.model_copy(update={"no_point_tools": True})


def test_interactive_checklist_ticks_through_and_summarises_what_is_missing() -> None:
    env = FakeEnvironment()
    env.person_at_terminal(["y", "n", "s", "y", "y", "y", "y", "y", "y", "y", "y"])
    code, out, _ = run("checklist", "prep", environment=env)
    assert code == 0
    assert "1/" in out and "Still to do:" in out and "Skipped:" in out


def test_the_safety_checklist_ends_at_a_stop_answer_with_its_advice() -> None:
    from massage_coach.library import bundled_library

    safety = bundled_library().checklists["safety"]
    stop = next(i for i, item in enumerate(safety.items) if stops_today(item, Answer.yes))
    env = FakeEnvironment()
    keys = env.person_at_terminal(["n"] * stop + ["y"] + ["n"] * len(safety.items))
    code, out, _ = run("checklist", "safety", environment=env)
    assert code == 0
    assert keys.remaining == len(safety.items)  # not one question after the stop
    assert f"{stop + 2}/{len(safety.items)}" not in out
    stopping = safety.items[stop]
    assert stopping.if_yes is not None
    assert "Not today:" in out and stopping.if_yes.advice in " ".join(out.split())
    assert "Not answered" not in out


def test_fragile_bones_rule_out_massage_tools_in_the_plan() -> None:
    from massage_coach import planner
    from massage_coach.library import bundled_library

    library = bundled_library()
    safety = library.checklists["safety"]
    answers = all_no_but([i.id for i in safety.items], osteoporosis=Answer.yes)
    choices = apply_limits(
        Choices(minutes=30, tools=("foam-roller", "massage-balls")), limits_for(safety, answers)
    )
    assert choices.no_tools
    routine = planner.plan(choices, library)
    assert not any(step.tool for step in routine.steps)
    assert any("Foam roller left out" in note for note in routine.notes)


def test_without_termios_the_checklist_is_printed_not_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from massage_coach.session.environment import Environment

    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Tty())
    monkeypatch.setattr(sys, "stdout", Tty())
    assert Environment().interactive()  # a terminal with termios: ticked through
    assert not Environment(keys_available=lambda: False).interactive()  # none: printed
    env = FakeEnvironment()
    env.tty, env.keys_available = (lambda: True), (lambda: False)
    code, out, _ = run("checklist", "prep", environment=env)  # opening keys fails the test
    assert code == 0 and "1. [ ] " in out


def test_each_answer_is_echoed_as_it_is_given() -> None:
    env = FakeEnvironment()
    env.person_at_terminal(["y", "n", "s", "y", "y", "y", "y", "y", "y", "y", "y"])
    code, out, _ = run("checklist", "prep", environment=env)
    assert code == 0
    assert "yes / no / skip yes" in out and "yes / no / skip no" in out
    assert "yes / no / skip skip" in out
