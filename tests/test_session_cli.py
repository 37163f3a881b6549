"""`massage-coach session` through the CLI: piped output, reminders, screening, cues notes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from massage_coach.session.keys import ScriptedKeys

from .clirunner import ESC, run

FAST = ("--minutes", "5", "--speed", "1000", "--cues", "silent")


@pytest.fixture(autouse=True)
def _faster_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real clock, twenty times faster again than --speed says: a session in milliseconds."""
    import massage_coach.session.clock as clock

    real = clock.MonotonicClock
    monkeypatch.setattr(clock, "MonotonicClock", lambda speed=1.0: real(speed * 20))


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
    assert steps[0].split()[0] == "0:00" and "Effleurage | whole back | light |" in steps[0]
    assert "Today's massage: 5 minutes, medium pressure" in out
    assert "AFTERWARDS" in out and "Finished: 5:00 of 5:00 planned" in out


def test_without_a_terminal_the_checklists_are_printed_as_reminders() -> None:
    code, out, _ = run("session", *FAST)
    assert code == 0
    assert "SAFETY" in out.upper() and "if yes (STOP)" in out
    assert out.index("if yes (STOP)") < out.index(" | whole back | ")
    code, quick, _ = run("session", "--yes", *FAST)
    assert "if yes (STOP)" not in quick


@contextmanager
def _keys(keys: list[str]) -> Iterator[ScriptedKeys]:
    yield ScriptedKeys(keys)


def interactive(monkeypatch: pytest.MonkeyPatch, keys: list[str]) -> None:
    """Pretend a person is at the terminal, pressing `keys` for the questions."""
    import massage_coach.cli.session as command
    import massage_coach.session.keys as keys_module

    monkeypatch.setattr(command, "_interactive", lambda: True)
    monkeypatch.setattr(keys_module, "TerminalKeys", lambda *a, **k: _keys(keys))


def test_a_stop_answer_ends_with_kind_advice_and_no_session(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    interactive(monkeypatch, ["y"])  # fever or feeling ill
    code, out, _ = run("session", *FAST)
    assert code == 0
    assert "Not today" in out
    assert " | whole back | " not in out and "Finished" not in out


def test_a_caution_lowers_the_pressure_and_asks_which_area_to_leave_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Broken skin, then, after the list, which area: 3 is the lower back (top of the back first).
    answers = [*screening("skin"), "3"]
    interactive(monkeypatch, [*answers, *["y"] * PREP_ITEMS, " "])
    code, out, _ = run("session", "--pressure", "firm", "--minutes", "10", "--speed", "1000")
    assert code == 0
    assert "Which area should be left out?" in out
    assert "The plan is adjusted" in out and "avoiding lower-back" in out
    steps = [line for line in out.splitlines() if line.count(" | ") == 3]
    assert steps and not any("Lower back" in line for line in steps)


def test_a_light_only_caution_replans_at_light(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = screening("thinners")
    interactive(monkeypatch, [*answers, *["y"] * PREP_ITEMS, " "])
    code, out, _ = run("session", "--pressure", "firm", *FAST)
    assert code == 0
    assert "light pressure" in out.split("The plan is adjusted")[1].splitlines()[1]
    steps = [line for line in out.splitlines() if line.count(" | ") == 3]
    assert steps and all(line.split(" | ")[2] in ("light", "-") for line in steps)


def test_q_at_the_start_prompt_leaves_without_a_session(monkeypatch: pytest.MonkeyPatch) -> None:
    interactive(monkeypatch, [*screening("none"), *["y"] * PREP_ITEMS, "q"])
    code, out, _ = run("session", *FAST)
    assert code == 0 and "Press any key to start" in out and "Finished" not in out


def test_asking_for_voice_without_an_engine_is_a_note_not_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import massage_coach.session.cues as cues

    monkeypatch.setattr(cues, "find_speaker", lambda: None)
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


def keys_during_session(monkeypatch: pytest.MonkeyPatch, keys: list[str]) -> None:
    """Keys pressed while the (piped) session runs."""
    import massage_coach.session.keys as keys_module

    monkeypatch.setattr(keys_module, "NoKeys", lambda: ScriptedKeys(keys))


def test_the_stop_signal_key_ends_at_once_with_the_stop_signal_advice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from massage_coach.library import bundled_library

    keys_during_session(monkeypatch, ["!"])
    code, out, _ = run("session", "--yes", *FAST)
    assert code == 0
    assert "Stop signal." in out and bundled_library().guides["stop-signals"].name.upper() in out
    assert "Stopped at a stop signal: 0:00" in out and "AFTERWARDS" not in out


def test_quit_with_confirmation_ends_early_with_aftercare_and_a_summary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keys_during_session(monkeypatch, ["q", "y"])
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
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from massage_coach.store.checkpoint import load_checkpoint
    from massage_coach.store.history import History

    class CtrlC:
        def get(self, timeout: float | None) -> str | None:
            raise KeyboardInterrupt

    import massage_coach.session.keys as keys_module

    monkeypatch.setattr(keys_module, "NoKeys", CtrlC)
    code, out, _ = run("session", "--yes", *FAST)
    assert code == 130 and "Interrupted" in out
    checkpoint = load_checkpoint().value
    assert checkpoint is not None and checkpoint.record.outcome is not None
    with History() as history:
        [entry] = history.recent()
    assert entry.record.id == checkpoint.record.id


def test_a_second_session_straight_after_the_first_warns_about_the_givers_hands() -> None:
    code, first, _ = run("session", "--yes", *FAST)
    assert code == 0 and "Your hands have worked hard" not in first
    code, second, _ = run("session", "--yes", *FAST)
    assert code == 0 and "the last session ended only 0 minutes ago" in second


def test_resume_without_an_unfinished_session_says_so() -> None:
    code, out, _ = run("session", "--resume")
    assert code == 0 and "no unfinished session" in out


def test_an_interrupted_session_resumes_where_it_stopped_and_completes_one_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    import massage_coach.session.keys as keys_module
    from massage_coach.store.checkpoint import load_checkpoint
    from massage_coach.store.history import History

    class CtrlCLater:
        """Waits out twenty timeouts (some seconds of session time), then Ctrl-C."""

        calls = 0

        def get(self, timeout: float | None) -> str | None:
            CtrlCLater.calls += 1
            if CtrlCLater.calls > 20:
                raise KeyboardInterrupt
            time.sleep(timeout or 0)
            return None

    no_keys = keys_module.NoKeys
    monkeypatch.setattr(keys_module, "NoKeys", CtrlCLater)
    code, _, _ = run("session", "--yes", "--minutes", "5", "--speed", "100", "--cues", "silent")
    assert code == 130
    stopped = load_checkpoint().value
    assert stopped is not None and 0 < stopped.record.actual_seconds < 300
    monkeypatch.setattr(keys_module, "NoKeys", no_keys)
    code, out, _ = run("session", "--resume", "--speed", "1000", "--cues", "silent")
    assert code == 0 and "Resuming the session started at" in out
    assert "Finished: 5:00 of 5:00 planned" in out
    with History() as history:
        [entry] = history.recent()
    assert entry.record.id == stopped.record.id and entry.record.outcome.value == "finished"
    assert sum(w.seconds for w in entry.record.work) == sum(
        s.seconds for s in stopped.plan.steps if s.stroke or s.tool
    )
    assert load_checkpoint().value is None


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
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import massage_coach.session.cues as cues

    monkeypatch.setattr(cues, "find_speaker", lambda: None)
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
