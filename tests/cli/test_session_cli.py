"""`massage-coach session` through the CLI: piped output, reminders, screening, cues notes."""

from __future__ import annotations

import dataclasses
import math
from datetime import datetime
from pathlib import Path

import pytest

from massage_coach.models import Pressure
from massage_coach.record import SessionRecord
from massage_coach.routine import Choices, Plan
from massage_coach.session.clock import FakeClock
from massage_coach.session.keys import TimedKeys

from .. import clirunner
from ..clirunner import ESC
from ..fakes import FakeEnvironment, cut_short

# The fake clock makes any session instant: speed 1 keeps it a real massage, not practice.
FAST = ("--minutes", "5", "--speed", "1", "--cues", "silent")
RESUME = FAST[2:]  # a resumed session keeps its minutes: --minutes would be refused


@pytest.fixture(name="env")
def _environment() -> FakeEnvironment:
    """The environment every session in a test runs in: a fake clock (a wait for time moves it,
    no real time passes), no speech engine, and nobody at a terminal unless a test says so."""
    return FakeEnvironment()


@pytest.fixture(autouse=True)
def _sessions_run_in(env: FakeEnvironment) -> None:
    global _ENV
    _ENV = env


_ENV = FakeEnvironment()


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    """`massage-coach ARGS` in the test's environment (see `env`)."""
    return clirunner.run(*args, input=input, environment=_ENV)


def _checklist(name: str) -> list[str]:
    from massage_coach.library import bundled_library

    return [item.id for item in bundled_library().checklists[name].items]


SAFETY = _checklist("safety")
PREP_ITEMS = len(_checklist("prep"))


def screening(yes_to: str) -> list[str]:
    """Keys answering the safety questions: yes to one, no to the rest."""
    return ["y" if item == yes_to else "n" for item in SAFETY]


def test_piped_session_prints_one_plain_line_per_step_and_runs_to_the_end() -> None:
    code, out, _ = run("session", "--yes", *FAST)
    assert code == 0
    assert ESC not in out
    steps = [line for line in out.splitlines() if line.count(" | ") == 3]
    assert len(steps) >= 5
    # a little plain carrier oil first, then the warm-up
    assert steps[0].split()[0] == "0:00" and "Apply oil | - | - |" in steps[0]
    assert steps[1].split()[0] == "0:30" and "Effleurage | whole back | light |" in steps[1]
    assert "Today's massage: 5 minutes, medium pressure" in out
    assert "AFTERWARDS" in out and "Finished: 5:00 of 5:00 planned" in out


def test_without_a_terminal_the_checklists_are_printed_as_reminders() -> None:
    from massage_coach.library import bundled_library

    fever = bundled_library().checklists["safety"].items[0].text
    code, out, err = run("session", *FAST)
    assert code == 0
    assert "no massage today" in out and fever in " ".join(out.split())
    assert out.index("no massage today") < out.index(" | whole back | ")
    assert "BEFORE YOU START" in out  # the prep list, as a reminder
    assert "Nobody answered the safety questions" in err
    code, quick, err = run("session", "--yes", *FAST)
    assert "BEFORE YOU START" not in quick and "no massage today" in quick
    assert "Nobody answered the safety questions" in err


def interactive(env: FakeEnvironment, keys: list[str]) -> TimedKeys:
    """A person at the terminal, pressing `keys` for the questions."""
    return env.person_at_terminal(keys)


@pytest.mark.parametrize("stop", ["fever", "clot"])
def test_a_stop_answer_ends_the_screening_at_once_with_kind_advice_and_no_session(
    env: FakeEnvironment, stop: str
) -> None:
    from massage_coach.library import bundled_library
    from massage_coach.store.checkpoint import load_checkpoint
    from massage_coach.store.history import History

    library = bundled_library()
    safety, prep = library.checklists["safety"], library.checklists["prep"]
    asked = SAFETY.index(stop) + 1
    keys = interactive(env, [*screening(stop), *["y"] * PREP_ITEMS, " "])
    code, out, _ = run("session", *FAST)
    assert code == 0
    assert keys.remaining == len(SAFETY) - asked + PREP_ITEMS + 1  # no key read after the stop
    assert f"{asked}/{len(SAFETY)}" in out and f"{asked + 1}/{len(SAFETY)}" not in out
    assert safety.items[asked].text not in out  # the next question was never asked
    stopping = safety.items[asked - 1]
    assert stopping.if_yes is not None and stopping.if_yes.advice in " ".join(out.split())
    assert out.count("Not today") == 1 and "Not answered" not in out  # said once, not thrice
    assert "The massage can wait for a better day" in out
    assert prep.name not in out and "Press any key" not in out
    assert " | whole back | " not in out and "Finished" not in out
    with History() as history:
        assert history.recent() == []  # no massage was given: nothing to count
    assert load_checkpoint().value is None


def test_a_caution_says_what_it_changed_before_the_session_starts(
    env: FakeEnvironment,
) -> None:
    interactive(env, [*screening("pregnancy"), *["y"] * PREP_ITEMS, " "])
    code, out, _ = run("session", "--oil", "lavender", "--heat", "--pressure", "medium", *FAST)
    assert code == 0
    changed = out.split("The plan is adjusted for your answers:")[1].split("Press any key")[0]
    assert "light pressure" in changed.splitlines()[1]
    assert "Pressure: light (was medium), and no firmer than light for the whole session." in (
        changed
    )
    assert "Lavender" in changed and "no essential oils after the safety questions" in changed
    assert "Heat left out: no heat after the safety questions." in changed
    steps = [line for line in out.splitlines() if line.count(" | ") == 3]
    assert steps and not any("towel" in line.lower() for line in steps)


def test_a_shorter_session_and_an_area_left_out_are_named_after_a_caution(
    env: FakeEnvironment,
) -> None:
    # Cancer treatment: 20 minutes at most, light, and an area to leave out (2: upper back).
    interactive(env, [*screening("cancer"), "2", *["y"] * PREP_ITEMS, "q"])
    code, out, _ = run("session", "--minutes", "30", "--speed", "1000", "--cues", "silent")
    assert code == 0
    changed = out.split("The plan is adjusted for your answers:")[1]
    assert "Length: 20 minutes (was 30)." in changed
    assert "Left out: Upper back and shoulders." in changed


def test_a_caution_lowers_the_pressure_and_asks_which_area_to_leave_out(
    env: FakeEnvironment,
) -> None:
    # Broken skin, then, after the list, which area: 3 is the lower back (top of the back first).
    answers = [*screening("skin"), "3"]
    interactive(env, [*answers, *["y"] * PREP_ITEMS, " "])
    code, out, _ = run("session", "--pressure", "firm", "--minutes", "10", "--speed", "1000")
    assert code == 0
    assert "Which area should be left out?" in out
    assert "The plan is adjusted" in out and "avoiding lower-back" in out
    steps = [line for line in out.splitlines() if line.count(" | ") == 3]
    assert steps and not any("Lower back" in line for line in steps)


def test_a_light_only_caution_replans_at_light(env: FakeEnvironment) -> None:
    answers = screening("thinners")
    interactive(env, [*answers, *["y"] * PREP_ITEMS, " "])
    code, out, _ = run("session", "--pressure", "firm", *FAST)
    assert code == 0
    assert "light pressure" in out.split("The plan is adjusted")[1].splitlines()[1]
    steps = [line for line in out.splitlines() if line.count(" | ") == 3]
    assert steps and all(line.split(" | ")[2] in ("light", "-") for line in steps)


@pytest.mark.parametrize("answers_file", [False, True])
def test_q_at_the_start_prompt_leaves_without_a_session_and_says_so(
    env: FakeEnvironment, answers_file: bool, tmp_path: Path
) -> None:
    from massage_coach.store.checkpoint import load_checkpoint
    from massage_coach.store.history import History

    if answers_file:  # the questions answered in a file: only the prep list and the start key
        lines = [f"{item}: no" for item in SAFETY] + ["consent: yes", "patch-test: yes"]
        (tmp_path / "answers.yaml").write_text("\n".join(lines) + "\n")
        interactive(env, ["q"])
        code, out, err = run("session", "--answers", str(tmp_path / "answers.yaml"), *FAST)
    else:
        interactive(env, [*screening("none"), *["y"] * PREP_ITEMS, "q"])
        code, out, err = run("session", *FAST)
    # Like "no" to resuming, or "not today": a choice made before anything began, exit 0.
    assert code == 0, err
    after = out.split("Press any key to start")[1]
    assert after.strip().splitlines()[1:] == [
        "Left before the massage began: nothing was added to the history and there is no "
        "session to resume."
    ]
    with History() as history:
        assert history.recent() == []
    assert load_checkpoint().value is None


def test_asking_for_voice_without_an_engine_is_a_note_not_an_error(
    env: FakeEnvironment,
) -> None:
    code, out, _ = run("session", "--yes", "--minutes", "5", "--speed", "1000", "--cues", "full")
    assert code == 0 and "No speech engine found" in out
    code, out, _ = run("session", "--yes", "--minutes", "5", "--speed", "1000", "--no-voice")
    assert code == 0 and "No speech engine" not in out


def test_bad_options_are_one_line_errors() -> None:
    code, _, err = run("session", "--speed", "0")
    assert code == 2 and "speed" in err
    code, _, err = run("session", "--cues", "loud")
    assert code == 2
    code, _, err = run("session", "--yes", "--focus", "lower-bak", *FAST)
    assert code == 2 and "lower-back" in err and "Traceback" not in err


def keys_during_session(env: FakeEnvironment, keys: list[str]) -> None:
    """Keys pressed while the (piped) session runs."""
    env.keys_during_session(keys)


class _CtrlC:
    def get(self, timeout: float | None) -> str | None:
        raise KeyboardInterrupt


def ctrl_c_during_session(env: FakeEnvironment) -> None:
    """Ctrl-C as soon as the (piped) session waits for time to pass."""
    env.no_keys = _CtrlC


def test_the_stop_signal_key_ends_at_once_with_the_stop_signal_advice(
    env: FakeEnvironment,
) -> None:
    from massage_coach.library import bundled_library

    guide = bundled_library().guides["stop-signals"]
    keys_during_session(env, ["!"])
    code, out, _ = run("session", "--yes", *FAST)
    assert code == 0
    assert "Stop signal." in out and guide.name.upper() in out
    assert guide.sections[0].title in out
    assert "Stopped at a stop signal: 0:00" in out and "AFTERWARDS" not in out
    tags = {source for section in guide.sections for source in section.sources}
    assert tags and not any(tag in out for tag in tags)  # sources belong to the reference
    assert any(tag in run("guide", "stop-signals")[1] for tag in tags)


def test_quit_with_confirmation_ends_early_with_aftercare_and_a_summary(
    env: FakeEnvironment,
) -> None:
    keys_during_session(env, ["q", "y"])
    code, out, _ = run("session", "--yes", *FAST)
    assert code == 0
    assert "Ended early" in out and "AFTERWARDS" in out


def test_every_session_is_kept_in_the_history_with_its_workload() -> None:
    from massage_coach.store.checkpoint import load_checkpoint
    from massage_coach.store.history import History

    code, _, _ = run("session", "--yes", *FAST)
    assert code == 0
    with History() as history:
        [entry] = history.recent()
    assert entry.record.outcome.value == "finished" and entry.record.actual_seconds == 300
    assert entry.workload is not None and entry.workload > 0
    assert load_checkpoint().value is None  # a clean end leaves nothing to resume


def test_an_interrupted_session_keeps_its_checkpoint_and_its_history_record(
    env: FakeEnvironment,
) -> None:
    from massage_coach.store.checkpoint import load_checkpoint
    from massage_coach.store.history import History

    ctrl_c_during_session(env)
    code, out, _ = run("session", "--yes", *FAST)
    assert code == 130 and "Interrupted" in out
    last = out.rstrip().splitlines()[-1]
    assert last == "To go on where it stopped: massage-coach session --resume (within a day)."
    checkpoint = load_checkpoint().value
    assert checkpoint is not None and checkpoint.record.outcome is not None
    with History() as history:
        [entry] = history.recent()
    assert entry.record.id == checkpoint.record.id


def test_a_second_session_straight_after_the_first_warns_about_the_givers_hands() -> None:
    code, first, _ = run("session", "--yes", *FAST)
    assert code == 0 and "Your hands have worked hard" not in first
    code, second, _ = run("session", "--yes", *FAST)
    assert code == 0 and "the last session ended only less than a minute ago" in second


def test_resume_without_an_unfinished_session_says_so() -> None:
    code, out, _ = run("session", "--resume")
    assert code == 0 and "no unfinished session" in out


class _CtrlCAt:
    """Keys on a fake session clock: every wait runs its whole timeout until Ctrl-C at `at`."""

    def __init__(self, clock: FakeClock, at: float = math.inf) -> None:
        self.clock, self.at = clock, at

    def get(self, timeout: float | None) -> str | None:
        if timeout is None:
            raise EOFError("no keyboard")
        if self.clock.now() + timeout >= self.at:
            self.clock.advance_to(self.at)
            raise KeyboardInterrupt
        self.clock.advance(timeout)
        return None


def on_a_fake_clock(env: FakeEnvironment, ctrl_c_at: float = math.inf) -> None:
    """The next session runs on a new fake clock, with Ctrl-C at a moment."""
    clock = FakeClock()
    env.fake_clock = clock
    env.no_keys = lambda: _CtrlCAt(clock, ctrl_c_at)


def test_an_interrupted_session_resumes_where_it_stopped_and_completes_one_record(
    env: FakeEnvironment,
) -> None:
    from massage_coach.store.checkpoint import load_checkpoint
    from massage_coach.store.history import History

    on_a_fake_clock(env, ctrl_c_at=3 + 75)  # the count-in, then 75 s of the session
    code, out, _ = run("session", "--yes", *FAST)
    assert code == 130
    stopped = load_checkpoint().value
    assert stopped is not None and stopped.record.actual_seconds == 75
    assert "Time per area:\n  Whole back" in out  # the warm-up works the whole back
    on_a_fake_clock(env)
    code, out, _ = run("session", "--resume", *RESUME)
    assert code == 0 and "Resuming the session started at" in out
    assert "Finished: 5:00 of 5:00 planned" in out
    with History() as history:
        [entry] = history.recent()
    assert entry.record.id == stopped.record.id and entry.record.outcome.value == "finished"
    assert sum(w.seconds for w in entry.record.work) == sum(
        s.seconds for s in stopped.plan.steps if s.stroke or s.tool
    )
    assert load_checkpoint().value is None


def test_a_quit_session_is_kept_once_and_resume_completes_that_same_record(
    env: FakeEnvironment,
) -> None:
    from massage_coach.store.checkpoint import load_checkpoint
    from massage_coach.store.history import History

    clock = FakeClock()
    env.fake_clock = clock
    quit_keys = TimedKeys(clock, [(3 + 75, "q"), (3 + 76, "y")])  # the count-in, then 75 s
    env.no_keys = lambda: quit_keys
    code, out, _ = run("session", "--yes", *FAST)
    assert code == 0 and "Ended early" in out
    last = out.rstrip().splitlines()[-1]
    assert last == "To go on where it stopped: massage-coach session --resume (within a day)."
    quit = load_checkpoint().value
    assert quit is not None and quit.filed
    with History() as history:
        [entry] = history.recent()
    assert entry.record.id == quit.record.id and entry.record.outcome.value == "quit"
    on_a_fake_clock(env)
    code, out, _ = run("session", "--resume", *RESUME)
    assert code == 0 and "Resuming the session started at" in out
    assert "Finished: 5:00 of 5:00 planned" in out
    with History() as history:
        [entry] = history.recent()  # the same row, completed: never a second one
    assert entry.record.id == quit.record.id and entry.record.outcome.value == "finished"
    assert load_checkpoint().value is None
    code, out, _ = run("session", "--resume", *RESUME)
    assert code == 0 and "no unfinished session" in out


def test_a_resumed_session_cut_short_again_keeps_the_work_from_before_the_resume(
    env: FakeEnvironment,
) -> None:
    from massage_coach.store.history import History

    # 30 s of oil, then 40 s of the warm-up; after the resume 10 s more of it
    on_a_fake_clock(env, ctrl_c_at=3 + 70)
    assert run("session", "--yes", *FAST)[0] == 130
    on_a_fake_clock(env, ctrl_c_at=3 + 10)
    code, out, _ = run("session", "--resume", *RESUME)
    assert code == 130 and "Interrupted: 1:20 of 5:00 planned" in out
    with History() as history:
        [entry] = history.recent()
    assert entry.record.seconds_by_area() == {} and sum(w.seconds for w in entry.record.work) == 50
    assert "Time per area:\n  Whole back  0:50" in out


def test_a_profile_shapes_the_session_and_names_its_history_record() -> None:
    from massage_coach.store.history import History

    code, _, err = run("profile", "add", "Sam", "--pressure", "light", "--avoid", "neck")
    assert code == 0, err
    code, out, _ = run("session", "--yes", "--profile", "Sam", *FAST)
    assert code == 0 and "light pressure" in out and "avoiding neck" in out
    with History() as history:
        [entry] = history.recent()
    assert entry.record.profile == "Sam" and entry.record.pressure.value == "light"


def test_the_cue_style_comes_from_the_config_when_not_given(
    env: FakeEnvironment,
) -> None:
    fast = ("--yes", "--minutes", "5", "--speed", "1000")
    code, out, _ = run("session", *fast)
    assert code == 0 and "No speech engine found" in out  # soft by default: it wants a voice
    assert run("config", "set", "cues", "silent")[0] == 0
    code, out, _ = run("session", *fast)
    assert code == 0 and "No speech engine" not in out
    assert run("config", "set", "cues", "full")[0] == 0
    assert run("config", "set", "voice", "no")[0] == 0
    code, out, _ = run("session", *fast)
    assert code == 0 and "No speech engine" not in out  # voice turned off in the config


def _checkpoint_of(choices: Choices, step_index: int = 2, old_format: bool = False) -> Plan:
    """Save a checkpoint of a session planned from `choices`, as Ctrl-C would leave it."""
    import json

    from massage_coach import planner
    from massage_coach.library import bundled_library
    from massage_coach.store import paths
    from massage_coach.store.checkpoint import save_checkpoint

    plan = planner.plan(choices, bundled_library())
    step_index %= len(plan.steps)  # -1: the last step
    checkpoint = cut_short(plan, choices, step_index, "cut-short")
    if old_format:  # written by a release that kept neither the choices nor one per session
        data = json.loads(checkpoint.model_dump_json(exclude={"choices", "filed"}))
        paths.checkpoint_file().parent.mkdir(parents=True, exist_ok=True)
        paths.checkpoint_file().write_text(json.dumps(data))
    else:
        assert save_checkpoint(checkpoint) is None
    return plan


def _resumed_record() -> SessionRecord:
    from massage_coach.store.history import History

    with History() as history:
        [entry] = history.recent()
    assert entry.record.id == "cut-short"
    return entry.record


def test_a_checkpoint_keeps_the_screening_limits_of_the_session(
    env: FakeEnvironment,
) -> None:
    from massage_coach.store.checkpoint import load_checkpoint

    answers = screening("thinners")  # blood thinners: light pressure only
    interactive(env, [*answers, *["y"] * PREP_ITEMS, " "])
    ctrl_c_during_session(env)
    code, _, _ = run("session", "--pressure", "firm", *FAST)
    assert code == 130
    checkpoint = load_checkpoint().value
    assert checkpoint is not None and checkpoint.choices is not None
    assert checkpoint.choices.max_pressure is Pressure.light
    assert checkpoint.resume_choices() == checkpoint.choices


# What shapes the plan cannot change a resumed one: said, refused, and the checkpoint untouched.
PLAN_OPTIONS = [
    (("--routine", "desk-reset"), "--routine"),
    (("-r", "desk-reset"), "--routine"),
    (("--profile", "anna"), "--profile"),
    (("--pressure", "light"), "--pressure"),
    (("-p", "light"), "--pressure"),
    (("--focus", "neck"), "--focus"),
    (("--avoid", "lower-back"), "--avoid"),
    (("--minutes", "10"), "--minutes"),
    (("--until", "23:30"), "--until"),
    (("--oil", "lavender"), "--oil"),
    (("--carrier", "jojoba"), "--carrier"),
    (("--tool", "massage-balls"), "--tool"),
    (("--heat",), "--heat"),
    (("--no-heat",), "--no-heat"),
    (("--seed", "7"), "--seed"),
    (("--answers", "answers.yaml"), "--answers"),
]


@pytest.mark.parametrize(
    ("given", "named"), PLAN_OPTIONS, ids=[" ".join(g) for g, _ in PLAN_OPTIONS]
)
def test_resume_refuses_an_option_that_would_change_the_plan_and_keeps_the_session(
    given: tuple[str, ...], named: str
) -> None:
    from massage_coach.store.checkpoint import checkpoint_paths

    _checkpoint_of(Choices(pressure=Pressure.medium, minutes=10))
    [path] = checkpoint_paths()
    saved = path.read_bytes()
    code, out, err = run("session", "--resume", *given, *RESUME)
    assert code == 2 and out == ""
    [line] = err.splitlines()
    assert line.startswith(f"--resume goes on with the saved session as it was: {named} cannot")
    assert "without --resume" in line
    assert checkpoint_paths() == [path] and path.read_bytes() == saved  # untouched, not filed
    code, out, _ = run("session", "--resume", *RESUME)
    assert code == 0 and "Resuming the session started at" in out and "Finished" in out


def test_resume_with_a_plan_option_and_nothing_saved_says_there_is_nothing_to_resume() -> None:
    code, out, err = run("session", "--resume", "--minutes", "5", *RESUME)
    assert code == 0 and err == ""
    assert out.strip() == "There is no unfinished session to resume."


def test_resume_names_every_plan_option_given_in_one_line() -> None:
    _checkpoint_of(Choices(pressure=Pressure.medium, minutes=10))
    code, _, err = run("session", "--resume", "--oil", "lavender", "-p", "light", *RESUME)
    assert code == 2
    assert err.splitlines() == [
        "--resume goes on with the saved session as it was: --pressure and --oil cannot "
        "change it. Leave them out to go on with it, or run without --resume to plan a new "
        "session (the saved one stays kept for --resume, within a day)."
    ]


def test_resume_takes_the_options_that_only_change_how_it_runs(
    env: FakeEnvironment, tmp_path: Path
) -> None:
    from massage_coach.library import bundled_content_dir
    from massage_coach.store.checkpoint import load_checkpoint

    pack = tmp_path / "pack"  # the content the saved plan's strokes are looked up in
    (pack / "oils").mkdir(parents=True)
    (pack / "oils" / "jojoba.yaml").write_bytes(
        (bundled_content_dir() / "oils" / "jojoba.yaml").read_bytes()
    )
    _checkpoint_of(Choices(pressure=Pressure.medium, minutes=10))
    env.person_at_terminal(["y"])
    given = ("--yes", "--no-voice", "--cues", "soft", "--speed", "1000", "--content", str(pack))
    code, out, err = run("session", "--resume", *given)
    assert code == 0, err
    assert "Resuming the session started at" in out and "Finished" in out
    assert load_checkpoint().value is None


def test_config_defaults_never_count_as_options_given_to_resume(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MASSAGE_COACH_PRESSURE", "light")
    monkeypatch.setenv("MASSAGE_COACH_MINUTES", "10")
    assert run("config", "set", "oil", "lavender")[0] == 0
    _checkpoint_of(Choices(pressure=Pressure.medium, minutes=10))
    code, out, err = run("session", "--resume", *RESUME)
    assert code == 0, err
    assert "Resuming the session started at" in out and "Finished" in out


def test_firmer_after_resume_never_goes_past_the_screening_cap(
    env: FakeEnvironment,
) -> None:
    choices = Choices(pressure=Pressure.medium, minutes=10, max_pressure=Pressure.medium)
    _checkpoint_of(choices)
    keys_during_session(env, ["+", "+", "+"])
    code, out, _ = run("session", "--resume", *RESUME)
    assert code == 0 and "Resuming the session" in out
    record = _resumed_record()
    assert record.pressure_changes == []
    assert all(w.pressure in (None, Pressure.light, Pressure.medium) for w in record.work)


def test_firmer_after_resume_works_up_to_what_the_screening_allowed(
    env: FakeEnvironment,
) -> None:
    _checkpoint_of(Choices(pressure=Pressure.medium, minutes=10))
    keys_during_session(env, ["+", "+"])
    code, _, _ = run("session", "--resume", *RESUME)
    assert code == 0
    [change] = _resumed_record().pressure_changes
    assert (change.before, change.after) == (Pressure.medium, Pressure.firm)


def test_an_old_checkpoint_without_its_choices_resumes_gently(
    env: FakeEnvironment,
) -> None:
    plan = _checkpoint_of(Choices(pressure=Pressure.firm, minutes=10), old_format=True)
    assert any(s.pressure is Pressure.firm for s in plan.steps[2:])
    keys_during_session(env, ["+"])
    code, out, _ = run("session", "--resume", *RESUME)
    assert code == 0 and "saved without its screening answers" in out
    steps = [line for line in out.splitlines() if line.count(" | ") == 3]
    assert steps and all(line.split(" | ")[2] in ("light", "-") for line in steps)
    record = _resumed_record()
    [change] = record.pressure_changes  # the resume itself; the firmer key is refused
    assert (change.before, change.after, change.reason) == (
        Pressure.firm,
        Pressure.light,
        "resumed",
    )
    assert all(w.pressure in (None, Pressure.light) for w in record.work)


class _Screen:
    """A `coach.Terminal` on a string buffer, as piped output is, with a scripted rating."""

    def __init__(self, ask: bool, rating: tuple[int | None, str | None] = (None, None)) -> None:
        import io

        from rich.console import Console

        from massage_coach.cli.checklist import ask_checklist, print_outcome
        from massage_coach.session import coach

        self.lines: list[str] = []
        self.console = Console(file=io.StringIO(), force_terminal=False, width=100)
        self.terminal = coach.Terminal(
            console=self.console,
            ask=ask,
            show=self.console.print,
            warn=lambda notices: None,
            ask_checklist=ask_checklist,
            print_outcome=print_outcome,
            ask_rating=lambda: rating,
            print_line=self.lines.append,
            bell=lambda: None,
        )

    @property
    def text(self) -> str:
        return self.console.file.getvalue()  # type: ignore[attr-defined,no-any-return]

    def start(self, choices: Choices, env: FakeEnvironment, yes: bool = True) -> int:
        from massage_coach import planner
        from massage_coach.library import bundled_library
        from massage_coach.session import coach

        library = bundled_library()
        settings = coach.Settings(cues="silent", speed=20000)
        routine = planner.plan(choices, library)
        return coach.start(routine, choices, library, settings, self.terminal, yes=yes, env=env)


def test_keys_are_not_read_when_stdout_is_not_a_terminal(env: FakeEnvironment) -> None:
    """Piped output: a quit question nobody sees must not hold the session; it runs to the end.
    (The fake environment's terminal keys fail the test if they are ever opened.)"""
    screen = _Screen(ask=True)  # even with a person at the keyboard
    assert screen.start(Choices(minutes=5), env) == 0
    # nobody answers, so every caution applies: side-lying, and 5 minutes of it is glides only
    assert len(screen.lines) == 5 and screen.lines[0].split()[0] == "0:00"
    assert "turn slowly" in screen.lines[2] and screen.lines[-1].split()[0] == "3:05"
    assert "Finished: 5:00 of 5:00 planned" in screen.text


@pytest.mark.parametrize(
    ("rating", "said"),
    [
        ((None, None), "No rating saved."),
        ((4, None), "Saved, with a rating of 4."),
        ((5, "slower next time"), "Saved, with a rating of 5 and your note."),
    ],
)
def test_the_rating_question_says_what_was_saved(
    rating: tuple[int | None, str | None], said: str, env: FakeEnvironment
) -> None:
    from massage_coach.store.history import History

    screen = _Screen(ask=True, rating=rating)
    assert screen.start(Choices(minutes=5), env) == 0
    assert screen.text.rstrip().endswith(said)
    with History() as history:
        [entry] = history.recent()
    assert (entry.record.rating, entry.record.note) == rating


def test_a_kill_at_the_rating_prompt_keeps_the_finished_session(
    env: FakeEnvironment,
) -> None:
    """SIGTERM (or a closed terminal) while the rating is asked: the massage was given, so it
    is in the history already, and the exit code is 143."""
    from massage_coach.session.keys import Terminated
    from massage_coach.store.checkpoint import load_checkpoint
    from massage_coach.store.history import History

    def killed() -> tuple[int | None, str | None]:
        with History() as history:
            [entry] = history.recent()  # saved before the question
        assert entry.record.outcome.value == "finished" and entry.record.rating is None
        raise Terminated("SIGTERM")

    screen = _Screen(ask=True)
    screen.terminal = dataclasses.replace(screen.terminal, ask_rating=killed)
    assert screen.start(Choices(minutes=5), env) == 143
    with History() as history:
        [entry] = history.recent()
    assert entry.record.outcome.value == "finished" and entry.record.actual_seconds == 300
    assert load_checkpoint().value is None


def test_ctrl_c_during_the_screening_exits_130_with_nothing_in_history_or_to_resume(
    env: FakeEnvironment,
) -> None:
    from massage_coach.store.checkpoint import load_checkpoint
    from massage_coach.store.history import History

    class CtrlCOnTheThirdQuestion:
        def __init__(self) -> None:
            self.asked = 0
            self.closed = False

        def __enter__(self) -> CtrlCOnTheThirdQuestion:
            return self

        def __exit__(self, *exc: object) -> None:
            self.closed = True  # where TerminalKeys restores the terminal mode

        def get(self, timeout: float | None) -> str | None:
            self.asked += 1
            if self.asked == 3:
                raise KeyboardInterrupt
            return "n"

    keys = CtrlCOnTheThirdQuestion()
    env.terminal_keys = lambda *a, **k: keys
    screen = _Screen(ask=True)
    assert screen.start(Choices(minutes=5), env, yes=False) == 130
    assert keys.closed and keys.asked == 3
    assert "3/" in screen.text and "Stopped before the massage began" in screen.text
    # true with a profile too, whose remembered answers may already be stored by then
    assert "Nothing was saved" not in screen.text
    assert "nothing was added to the history and there is no session to resume" in screen.text
    assert not screen.lines  # no step ever started
    with History() as history:
        assert history.recent() == []
    assert load_checkpoint().value is None


def test_ctrl_c_that_lands_while_the_console_enters_a_print_still_says_it_stopped(
    env: FakeEnvironment,
) -> None:
    """A Ctrl-C between rich entering a print and the print itself leaves the console holding
    back what follows: the way out is still said."""
    screen = _Screen(ask=True)

    class CtrlCInsideAPrint:
        def __enter__(self) -> CtrlCInsideAPrint:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def get(self, timeout: float | None) -> str | None:
            screen.console.__enter__()  # entered, never left: the interrupt came in between
            raise KeyboardInterrupt

    env.terminal_keys = lambda *a, **k: CtrlCInsideAPrint()
    assert screen.start(Choices(minutes=5), env, yes=False) == 130
    assert "Stopped before the massage began" in screen.text


def test_the_summary_names_skipped_check_ins_by_time_and_keeps_work_from_before_a_resume() -> None:
    from datetime import UTC, datetime

    from massage_coach import planner
    from massage_coach.library import bundled_library
    from massage_coach.record import Outcome, Work
    from massage_coach.render.summary import session_summary
    from massage_coach.routine import StepKind

    library = bundled_library()
    plan = planner.plan(Choices(minutes=10), library)
    check_in = next(i for i, s in enumerate(plan.steps) if s.kind is StepKind.check_in)
    stroke = next(i for i, s in enumerate(plan.steps) if s.area is not None and s.side)
    before_resume = Work(kind="stroke", stroke="effleurage", pressure=Pressure.light, seconds=60)
    after_resume = Work(kind="stroke", stroke="effleurage", pressure=Pressure.light, seconds=15)
    upper = Work(kind="stroke", stroke="petrissage", area="upper-back", seconds=30)
    record = SessionRecord(
        id="resumed",
        started_at=datetime.now(UTC),
        planned_minutes=10,
        actual_seconds=105,
        outcome=Outcome.interrupted,
        pressure=Pressure.medium,
        work=[before_resume, upper, after_resume],
        skipped_steps=[check_in, stroke],
    )
    screen = _Screen(ask=False)
    screen.console.print(session_summary(record, plan, library))
    text = screen.text
    assert (
        "Time per area:\n  Whole back                1:15\n  Upper back and shoulders  0:30" in text
    )
    at = plan.steps[check_in].start
    assert f"Skipped: {check_in + 1}. Check-in at {at // 60}:{at % 60:02d}; " in text
    assert "(-)" not in text and f"{stroke + 1}. " in text
    # only light glides were given: the session's pressure is a ceiling, not what was done
    assert "medium throughout" not in text and "as planned, up to medium" in text


def skipping(skipped: str) -> list[str]:
    """Keys answering the safety questions: skip one, no to the rest."""
    return ["s" if item == skipped else "n" for item in SAFETY]


@pytest.mark.parametrize(("answer", "goes_on"), [("n", False), ("x", False), ("y", True)])
def test_a_skipped_stop_question_ends_the_session_unless_the_giver_confirms_no(
    env: FakeEnvironment, answer: str, goes_on: bool
) -> None:
    interactive(env, [*skipping("fever"), answer, *["y"] * PREP_ITEMS, " "])
    code, out, _ = run("session", *FAST)
    assert code == 0
    assert "Unanswered:" in out
    assert ("Not today, then." in out) is not goes_on
    assert ("Finished" in out) is goes_on and (" | whole back | " in out) is goes_on
    assert "Not answered" not in out  # the skipped question is listed once, under Unanswered
    assert "Nothing came up" not in out  # never said while a stop question is open


def test_a_skipped_caution_question_asks_nothing_more(env: FakeEnvironment) -> None:
    interactive(env, [*skipping("thinners"), *["y"] * PREP_ITEMS, " "])
    code, out, _ = run("session", *FAST)
    assert code == 0 and "Unanswered:" not in out and "Finished" in out


def test_tired_hands_are_offered_the_self_care_checklist_before_the_screening(
    env: FakeEnvironment,
) -> None:
    from massage_coach.library import bundled_library

    self_care = bundled_library().checklists["self-care"]
    assert run("session", "--yes", *FAST)[0] == 0
    keys = ["y", *["y"] * len(self_care.items), *screening(""), *["y"] * PREP_ITEMS, " "]
    interactive(env, keys)
    code, out, _ = run("session", *FAST)
    assert code == 0
    assert "self-care" in out and self_care.items[0].text in out
    assert out.index(self_care.items[0].text) < out.index(f"1/{len(SAFETY)}")
    assert "Finished" in out


def test_without_a_terminal_tired_hands_get_the_self_care_list_as_a_reminder() -> None:
    from massage_coach.library import bundled_library

    self_care = bundled_library().checklists["self-care"]
    assert run("session", "--yes", *FAST)[0] == 0
    code, out, _ = run("session", *FAST)
    assert code == 0 and self_care.name.upper() in out.upper()
    assert out.upper().index(self_care.name.upper()) < out.index("no massage today")


def test_a_broken_pack_stops_the_session_with_exit_2_before_anything_starts() -> None:
    from ..conftest import FIXTURES

    code, out, err = run("session", "--yes", "--content", str(FIXTURES / "bad" / "tabs"), *FAST)
    assert code == 2 and out == ""
    assert "Content error" in err and "tab character" in err


def at_eight_until_the_questions_are_answered(
    env: FakeEnvironment, keys: TimedKeys, after: tuple[int, int, int]
) -> None:
    """The wall clock reads 08:00 while questions are left to answer, then `after`."""
    eight, later = datetime(2026, 11, 25, 8, 0, 0), datetime(2026, 11, 25, *after)
    env.now = lambda: later if keys.remaining == 0 else eight


@pytest.mark.parametrize(
    ("after_questions", "said", "minutes"),
    [
        ((8, 6, 30), "Shortened to 13 minutes, to finish by 08:20:", 13),
        ((8, 0, 0), None, 20),  # no time lost: the plan is kept as it was
        ((8, 17, 0), "Only 3 minutes are left before 08:20: too short for this session.", None),
    ],
)
def test_until_is_kept_to_when_the_questions_took_a_while(
    env: FakeEnvironment,
    after_questions: tuple[int, int, int],
    said: str | None,
    minutes: int | None,
) -> None:
    keys = interactive(env, [*screening("none"), *["y"] * PREP_ITEMS, " "])
    at_eight_until_the_questions_are_answered(env, keys, after_questions)
    code, out, _ = run("session", "--until", "08:20", "--speed", "1000", "--cues", "silent")
    assert code == 0
    assert "Today's massage: 20 minutes" in out
    if said is not None:
        assert said in out
    else:
        assert "Shortened" not in out and "Only" not in out
    if minutes is None:
        assert " | whole back | " not in out and "Finished" not in out
    else:
        assert f"Finished: {minutes}:00 of {minutes}:00 planned" in out


def test_without_termios_the_session_runs_on_its_own_with_a_note(env: FakeEnvironment) -> None:
    """Where single keys cannot be read (no termios: Windows), a person at a terminal gets the
    session as a pipe would: reminders, no key reader, and a line saying why. (The fake
    environment's terminal keys fail the test if they are ever opened.)"""
    env.tty = lambda: True
    env.keys_available = lambda: False
    code, out, _ = run("session", *FAST, input="4\n\n")
    said = " ".join(out.split())
    assert code == 0
    assert "Single keys need a POSIX terminal (termios), which this system lacks: the " in said
    assert "questions are printed as reminders" in said
    assert "no massage today" in out  # the screening printed as a reminder, not asked
    assert "Finished: 5:00 of 5:00 planned" in out
    assert "Saved, with a rating of 4." in out  # a typed line needs no termios
    code, out, _ = run("session", "--yes", *FAST, input="\n")
    assert code == 0 and "questions are printed" not in " ".join(out.split())


def test_keys_are_optional_when_termios_cannot_be_imported() -> None:
    import subprocess
    import sys

    probe = (
        "import sys; sys.modules['termios'] = None; "
        "from massage_coach.session import keys; print(keys.KEYS_AVAILABLE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"


def test_until_shortens_to_the_longest_plan_that_fits_and_says_what_changed(
    monkeypatch: pytest.MonkeyPatch, env: FakeEnvironment
) -> None:
    """Long giver breaks rule out some lengths (9 minutes cannot hold a two-minute break every
    five): the session takes the longest that can be planned, not a crash after the questions."""
    monkeypatch.setenv("MASSAGE_COACH_GIVER_BREAK_EVERY_MINUTES", "5")
    monkeypatch.setenv("MASSAGE_COACH_GIVER_BREAK_SECONDS", "120")
    keys = interactive(env, [*screening("none"), *["y"] * PREP_ITEMS, " "])
    at_eight_until_the_questions_are_answered(env, keys, (8, 2, 0))
    code, out, err = run("session", "--until", "08:10", "--speed", "1000", "--cues", "silent")
    assert code == 0, err
    assert "Shortened to 8 minutes, to finish by 08:10:" in out
    assert "Length: 8 minutes (was 10)." in out
    assert "Finished: 8:00 of 8:00 planned" in out


def test_the_cue_stream_a_giver_hears_in_full(env: FakeEnvironment) -> None:
    """What reaches the speech engine in a whole session: everyday words, the oil by name,
    their side, a 3-2-1 before changes, nothing unspeakable, and the end waited for."""
    from ..fakes import RecordingSpeaker

    speaker = RecordingSpeaker()
    env.speaker_engine = speaker
    # Nobody answers with --yes: a nut carrier is kept out, so the oil is a seed carrier.
    code, _, err = run("session", "--yes", "--minutes", "10", "--oil", "sunflower",
                       "--cues", "full")  # fmt: skip
    assert code == 0, err
    said = speaker.said
    assert "Apply the sunflower oil." in said
    assert any(s.startswith("Kneading, their left ") for s in said)
    assert "Petrissage" not in " ".join(said) and "Effleurage" not in " ".join(said)
    assert said.count("Three.") >= 5 and said.index("Three.") < said.index("One.")
    for text in said:
        assert text and " -" not in text and "-." not in text and ", ." not in text
        assert "(" not in text and "|" not in text
    assert said[-1] == "That is the end. Let them rest a moment."
    assert speaker.closed == "waited"


def test_a_stop_signal_cuts_speech_at_once(env: FakeEnvironment) -> None:
    from ..fakes import RecordingSpeaker

    speaker = RecordingSpeaker()
    env.speaker_engine = speaker
    env.keys_during_session(["!"])
    code, _, _ = run("session", "--yes", "--minutes", "5", "--cues", "full")
    assert code == 0 and speaker.closed == "cut"


def test_a_dumb_terminal_gets_the_plain_line_per_step_view(
    monkeypatch: pytest.MonkeyPatch, env: FakeEnvironment
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    code, out, _ = clirunner.run("session", "--yes", *FAST, terminal=True, environment=env)
    assert code == 0
    assert "\x1b[?1049h" not in out  # no full-screen view
    steps = [line for line in out.splitlines() if line.count(" | ") == 3]
    assert len(steps) >= 5 and "Finished: 5:00 of 5:00 planned" in out


def test_a_stop_signal_shows_what_to_do_now_on_one_screen_and_the_details_after_a_key(
    env: FakeEnvironment,
) -> None:
    from massage_coach.library import bundled_library

    guide = bundled_library().guides["stop-signals"]
    env.keys_during_session(["!"])
    asked = env.person_at_terminal(["x"])  # the key for the details
    screen = _Screen(ask=True)
    screen.console.width = 80
    assert screen.start(Choices(minutes=5), env) == 0
    text = screen.text
    urgent = text[text.index("Stop signal.") : text.index("Press any key for the details.")]
    assert len(urgent.splitlines()) <= 22  # with the prompt, one 80x24 screen
    assert "Chest pain or shortness of breath: Stop and get medical help immediately" in " ".join(
        urgent.split()
    )
    assert asked.remaining == 0 and guide.name.upper() in text.split("Press any key")[1]


def test_resume_with_one_step_left_says_step(env: FakeEnvironment) -> None:
    plan = _checkpoint_of(Choices(pressure=Pressure.medium, minutes=10), step_index=-1)
    env.person_at_terminal(["n"])
    code, out, _ = run("session", "--resume", "--speed", "1000", "--cues", "silent")
    assert code == 0
    last = plan.steps[-1].seconds
    assert f"Left: {last // 60}:{last % 60:02d} in 1 step:" in out


@pytest.mark.parametrize(("answer", "goes_on"), [("y", True), ("n", False)])
def test_resume_in_a_terminal_shows_what_is_left_and_asks_first(
    env: FakeEnvironment, answer: str, goes_on: bool
) -> None:
    from massage_coach.store.checkpoint import load_checkpoint

    plan = _checkpoint_of(Choices(pressure=Pressure.medium, minutes=10))
    env.person_at_terminal([answer])
    code, out, _ = run("session", "--resume", "--speed", "1000", "--cues", "silent")
    assert code == 0
    left = sum(step.seconds for step in plan.steps[2:])
    assert f"Left: {left // 60}:{left % 60:02d} in {len(plan.steps) - 2} steps:" in out
    assert "Go on with it? yes / no" in out
    assert ("Finished" in out) is goes_on
    assert ("Kept for later: massage-coach session --resume" in out) is not goes_on
    assert (load_checkpoint().value is None) is goes_on


def test_a_walk_through_at_another_speed_is_practice_kept_apart_from_minutes_and_workload(
    env: FakeEnvironment,
) -> None:
    import json

    from massage_coach.store.history import History

    code, _, _ = run("session", "--yes", "--minutes", "5", "--speed", "10", "--cues", "silent")
    assert code == 0
    with History() as history:
        [entry] = history.recent()
    assert entry.record.practice and entry.record.actual_seconds == 300
    assert not entry.workload
    code, out, _ = run("session", "--yes", *FAST)  # straight after: no tired-hands warning
    assert code == 0 and "Your hands have worked hard" not in out
    code, out, _ = clirunner.run("history", columns=120)
    assert code == 0 and "practice" in out
    code, out, _ = clirunner.run("history", "stats", "--json")
    figures = json.loads(out)
    assert figures["sessions"] == 1 and figures["minutes"] == 5 and figures["practice"] == 1
    code, out, _ = clirunner.run("history", "stats")
    assert "1 session, 5 minutes" in out and "Practice walk-throughs, not counted: 1." in out


def test_a_session_quit_in_its_first_minute_does_not_count_towards_the_workload(
    env: FakeEnvironment,
) -> None:
    from massage_coach.store.history import History

    env.keys_during_session(["q", "y"])
    code, out, _ = run("session", "--yes", *FAST)
    assert code == 0 and "Ended early" in out
    with History() as history:
        [entry] = history.recent()
    assert not entry.record.practice and not entry.workload
    env.keys_during_session([])
    code, out, _ = run("session", "--yes", *FAST)
    assert code == 0 and "Your hands have worked hard" not in out


def test_a_session_for_a_profile_says_who_it_is_for_and_their_notes_first(
    env: FakeEnvironment,
) -> None:
    code, _, err = clirunner.run("profile", "add", "Anna", "--notes", "sore left shoulder")
    assert code == 0, err
    code, out, _ = run("session", "--yes", "--profile", "anna", *FAST)
    assert code == 0
    assert out.splitlines()[0] == "For Anna: sore left shoulder"


def _daily_and_lasting() -> tuple[list[str], list[str]]:
    from massage_coach.library import bundled_library

    safety = bundled_library().checklists["safety"]
    daily = [i.id for i in safety.items if i.if_yes is not None and i.if_yes.action == "stop"]
    return daily, [i.id for i in safety.items if i.id not in daily]


def test_a_returning_partner_answers_in_a_few_keys_and_after_30_days_all_again(
    env: FakeEnvironment,
) -> None:
    from massage_coach.store.profiles import load_profile

    daily, lasting = _daily_and_lasting()
    assert clirunner.run("profile", "add", "Anna")[0] == 0
    session = ("session", "--profile", "anna", *FAST)
    # The first time: every question, one by one; the lasting answers are kept, dated.
    env.at(datetime(2026, 11, 1, 10, 0))
    keys = interactive(env, [*screening("thinners"), *["y"] * PREP_ITEMS, " "])
    code, out, _ = run(*session)
    assert code == 0 and keys.remaining == 0 and f"1/{len(SAFETY)}" in out
    kept = load_profile("anna").screening
    assert kept is not None and kept.on.isoformat() == "2026-11-01"
    assert set(kept.answers) == set(lasting) and kept.answers["thinners"].value == "yes"
    assert not set(daily) & set(kept.answers)  # today's questions are never remembered
    # Ten days later: today's questions on one screen, the remembered ones, two keys.
    env.at(datetime(2026, 11, 11, 10, 0))
    keys = interactive(env, ["y", "n", *["y"] * PREP_ITEMS, " "])
    code, out, _ = run(*session)
    assert code == 0 and keys.remaining == 0
    assert "Welcome back, Anna." in out and "yes, all no" in out
    assert "Remembered from 01 November:" in out and "no, the same" in out
    assert f"1/{len(SAFETY)}" not in out and "light pressure" in out  # thinners still applies
    # Something changed: those questions are asked again, one by one.
    keys = interactive(env, ["y", "y", *["n"] * len(lasting), *["y"] * PREP_ITEMS, " "])
    code, out, _ = run(*session)
    assert code == 0 and keys.remaining == 0 and f"1/{len(lasting)}" in out
    assert load_profile("anna").screening.answers["thinners"].value == "no"  # type: ignore[union-attr]
    # Anything but an explicit y to "all no" asks today's questions one by one.
    keys = interactive(env, ["x", *["n"] * len(daily), "n", *["y"] * PREP_ITEMS, " "])
    code, out, _ = run(*session)
    assert code == 0 and keys.remaining == 0 and f"1/{len(daily)}" in out
    # After 30 days: the full questions again.
    env.at(datetime(2026, 12, 20, 10, 0))
    keys = interactive(env, [*screening("none"), *["y"] * PREP_ITEMS, " "])
    code, out, _ = run(*session)
    assert code == 0 and keys.remaining == 0
    assert "Welcome back" not in out and f"1/{len(SAFETY)}" in out


def test_a_rating_given_after_a_quit_survives_the_resume(env: FakeEnvironment) -> None:
    from massage_coach.store.history import History

    clock = FakeClock()
    env.fake_clock = clock
    quit_keys = TimedKeys(clock, [(3 + 75, "q"), (3 + 76, "y")])  # the count-in, then 75 s
    env.no_keys = lambda: quit_keys
    screen = _Screen(ask=True, rating=(5, "lovely"))
    assert screen.start(Choices(minutes=5), env) == 0
    assert "Ended early" in screen.text
    on_a_fake_clock(env)
    code, out, _ = run("session", "--resume", *RESUME)  # nobody at the terminal: not asked again
    assert code == 0 and "Finished: 5:00 of 5:00 planned" in out
    with History() as history:
        [entry] = history.recent()
    assert entry.record.outcome.value == "finished"
    assert (entry.record.rating, entry.record.note) == (5, "lovely")
