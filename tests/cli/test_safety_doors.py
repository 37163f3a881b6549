"""Safety holds at every door: asked, skipped, piped, `--yes`, `--answers`.

Every door turns its answers into limits through `answers.limits_for`; these tests go in
through the public entry points and look at what would be run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massage_coach import planner
from massage_coach.answers import GATES, Answer, Answers, limits_for, nobody_answered
from massage_coach.library import bundled_library
from massage_coach.models import Pressure
from massage_coach.routine import Choices, Plan, StepKind
from massage_coach.safety_floor import first_time, is_point_tool, step_breaches
from massage_coach.session.screening import screened

from .. import clirunner
from ..fakes import FakeEnvironment, cut_short
from .test_session_cli import FAST, RESUME, skipping

LIBRARY = bundled_library()
SAFETY = LIBRARY.checklists["safety"]
QUESTIONS = [item.id for item in SAFETY.items]
STOPS = [i.id for i in SAFETY.items if i.if_yes is not None and i.if_yes.action == "stop"]
AREA_QUESTIONS = [
    i.id for i in SAFETY.items if i.if_yes is not None and i.if_yes.adjust.ask_area_to_avoid
]
README = Path(__file__).parents[2] / "README.md"


@pytest.fixture(name="env")
def _environment() -> FakeEnvironment:
    """A fake clock, no speech engine, nobody at a terminal unless a test says so."""
    return FakeEnvironment()


_ENV = FakeEnvironment()


@pytest.fixture(autouse=True)
def _sessions_run_in(env: FakeEnvironment) -> None:
    global _ENV
    _ENV = env


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    """`massage-coach ARGS` in the test's environment (see `env`)."""
    return clirunner.run(*args, input=input, environment=_ENV)


def answers_file(tmp_path: Path, **changes: str) -> Path:
    """An answers file: no to every question, yes to the gates, then `changes`."""
    answers = {q: "no" for q in QUESTIONS} | dict.fromkeys(GATES, "yes")
    answers |= {k.replace("_", "-"): v for k, v in changes.items()}
    path = tmp_path / "answers.yaml"
    path.write_text("".join(f"{k}: {v}\n" for k, v in answers.items() if v != "-"))
    return path


def step_lines(out: str) -> list[list[str]]:
    """The piped session's step lines, split into time+what, where, pressure, cue."""
    return [line.split(" | ") for line in out.splitlines() if line.count(" | ") == 3]


# -- nobody answered: piped and --yes -----------------------------------------------------------


@pytest.mark.parametrize("door", [(), ("--yes",)], ids=["piped", "--yes"])
def test_nobody_answered_gets_every_cautions_limits(door: tuple[str, ...]) -> None:
    args = ("--minutes", "45", "--pressure", "firm", "--heat", "--oil", "lavender")
    args += ("--tool", "massage-balls", "--speed", "1000", "--cues", "silent")
    code, out, err = run("session", *door, *args)
    assert code == 0
    [line] = [line for line in err.splitlines() if "Nobody answered" in line]
    for words in ("light pressure", "no percussion", "no heat", "no essential oils"):
        assert words in line
    for words in ("no point tools", "no nut carriers", "no first-time oil", "20 minutes"):
        assert words in line
    steps = step_lines(out)
    assert steps and all(s[2] in ("light", "-") for s in steps)
    what = " ".join(s[0] for s in steps)
    assert "Warm towel" not in what and "Massage balls" not in what and "Lavender" not in what
    assert "Tapotement" not in what
    assert "of 20:00 planned" in out
    # the questions that could stop the massage, or leave an area out, as a reminder
    assert "no massage today" in out and "leaving that area out" in out


def test_yes_never_means_no_limits_even_with_a_profile() -> None:
    assert run("profile", "add", "anna", "--pressure", "firm")[0] == 0
    code, out, err = run("session", "--yes", "--profile", "anna", *FAST)
    assert code == 0 and "Nobody answered" in err
    assert all(s[2] in ("light", "-") for s in step_lines(out))


# -- --answers ----------------------------------------------------------------------------------


def test_the_readme_answers_example_plans_as_documented(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(# answers\.yaml.*?)```", text, re.S)
    assert example is not None
    path = tmp_path / "answers.yaml"
    path.write_text(example.group(1))
    code, out, err = run("plan", "--answers", str(path), "--avoid", "lower-back")
    assert code == 0, err
    assert "The plan is adjusted for your answers:" in out
    assert "Pressure: light (was medium)" in out
    code, _, err = run("plan", "--answers", str(path))
    assert code == 2 and "'skin'" in err and "--avoid AREA" in err


def test_answers_change_the_plan_exactly_as_the_session_would(tmp_path: Path) -> None:
    path = answers_file(tmp_path, thinners="yes", patch_test="no")
    code, out, _ = run("plan", "--answers", str(path), "--oil", "lavender", "--format", "text")
    assert code == 0
    assert "Pressure: light (was medium)" in out
    assert "Lavender essential oil left out: new to them" in out
    code, out, _ = run("session", "--answers", str(path), "--oil", "lavender", *FAST)
    assert code == 0 and "Nobody answered" not in out
    assert "Pressure: light (was medium)" in out and "Lavender essential oil left out" in out
    assert all(s[2] in ("light", "-") for s in step_lines(out))


@pytest.mark.parametrize("minutes", [5, 6, 7])
@pytest.mark.parametrize("thinners", ["no", "yes"])
def test_a_glides_only_plan_lists_only_the_strokes_the_answers_rule_out(
    tmp_path: Path, minutes: int, thinners: str
) -> None:
    # Side-lying (pregnancy) leaves no time for any area's block in a few minutes: the plan is
    # glides only. Its kneading was listed as "Petrissage left out." under "adjusted for your
    # answers", as if the answers had ruled it out, while the time had.
    path = answers_file(tmp_path, pregnancy="yes", thinners=thinners)
    length = ("--minutes", str(minutes))
    code, before, _ = run("plan", *length, "--format", "text")
    assert code == 0
    code, out, err = run("plan", *length, "--answers", str(path), "--format", "text")
    assert code == 0, err
    changed = out.split("The plan is adjusted for your answers:\n")[1].split(f"\n{minutes} ")[0]
    said = [line.removeprefix("  - ") for line in changed.splitlines()[1:]]
    assert "Pressure: light (was medium), and no firmer than light for the whole session." in said
    assert any(line.startswith("Side-lying (pregnancy)") for line in said)
    glides = f"Only slow glides over the whole back fit in {minutes} minutes"
    assert any(line.startswith(glides) for line in said)  # the reason the area work is out
    used = [s for s in LIBRARY.strokes.values() if f"  {s.name} | " in before]
    assert any(not s.percussive for s in used if s.id != "effleurage")
    for stroke in (s for s in used if s.id != "effleurage"):
        # light pressure only (both answers): a stroke with no light level, or a percussive
        # one, is out because of the answers, and is said; the others only for lack of time
        barred = stroke.percussive or Pressure.light not in stroke.pressures
        assert (f"{stroke.name} left out." in said) is barred, stroke.id
    if minutes == 5:  # the session says the same before it starts
        code, out, _ = run("session", "--answers", str(path), *length, *FAST[2:])
        assert code == 0 and glides in out and "Petrissage left out." not in out


def test_plan_without_answers_says_the_session_will_ask() -> None:
    code, out, _ = run("plan")
    assert code == 0
    assert "the session asks the safety questions" in " ".join(out.split())


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("fevr: no\n", ["unknown question 'fevr'", "Did you mean 'fever'?", "consent"]),
        ("fever: 3\n", ["fever: expected yes, no or skip, got '3'"]),
        ("fever: maybe\n", ["expected yes, no or skip, got 'maybe'"]),
        ("- fever\n", ["expected a mapping of question id"]),
        ("fever: [no\n", ["answers.yaml:2", "YAML syntax"]),
    ],
)
def test_a_bad_answers_file_is_one_line_and_exit_2(
    tmp_path: Path, content: str, said: list[str]
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(content)
    for command in ("plan", "session"):
        code, out, err = run(
            command, "--answers", str(path), *(FAST if command == "session" else ())
        )
        assert code == 2 and "Traceback" not in err
        for words in said:
            assert words in err
        assert " | " not in out  # nothing started


@pytest.mark.parametrize("stop", STOPS)
@pytest.mark.parametrize("answer", ["-", "skip"])
def test_a_stop_question_missing_or_skipped_refuses_to_start(
    tmp_path: Path, stop: str, answer: str
) -> None:
    path = answers_file(tmp_path, **{stop.replace("-", "_"): answer})
    code, out, err = run("session", "--answers", str(path), *FAST)
    assert code == 2 and f"'{stop}'" in err and " | " not in out


@pytest.mark.parametrize("question", AREA_QUESTIONS)
def test_an_area_question_needs_avoid(tmp_path: Path, question: str) -> None:
    path = answers_file(tmp_path, **{question.replace("-", "_"): "yes"})
    code, _, err = run("plan", "--answers", str(path))
    assert code == 2 and f"'{question}'" in err and "--avoid AREA" in err
    code, out, _ = run("plan", "--answers", str(path), "--avoid", "neck")
    assert code == 0 and "Back of the neck" not in out.split("start  step")[-1]


def test_yaml_booleans_read_as_yes_and_no(tmp_path: Path) -> None:
    path = answers_file(tmp_path, thinners="true", fever="false")
    code, out, _ = run("plan", "--answers", str(path))
    assert code == 0 and "Pressure: light" in out


def test_a_stop_yes_or_no_consent_in_the_file_ends_before_anything_starts(tmp_path: Path) -> None:
    path = answers_file(tmp_path, fever="yes")
    code, out, _ = run("session", "--answers", str(path), *FAST)
    assert code == 0 and "Not today" in out and " | " not in out
    path = answers_file(tmp_path, consent="no")
    code, out, _ = run("session", "--answers", str(path), *FAST)
    assert code == 0 and "not agreed" in out and " | " not in out
    code, out, _ = run("plan", "--answers", str(path))
    assert code == 0 and "not agreed" in out and "start  step" not in out


# -- interactive: a skipped caution counts as a yes ----------------------------------------------


def test_a_skipped_caution_counts_as_a_yes_and_says_so(env: FakeEnvironment) -> None:
    prep = len(LIBRARY.checklists["prep"].items)
    env.person_at_terminal([*skipping("thinners"), *["y"] * prep, " "])
    code, out, _ = run("session", *FAST, "--pressure", "firm")
    assert code == 0
    assert "No answer on blood thinners: light pressure, no percussion." in out
    assert all(s[2] in ("light", "-") for s in step_lines(out))


@pytest.mark.parametrize("door", ["asked", "--answers"])
def test_a_skipped_question_whose_topic_holds_brackets_is_named_as_written(
    env: FakeEnvironment, tmp_path: Path, door: str
) -> None:
    """A pack's own safety list may word a topic with `[` and `]`: printed, never markup."""
    bundled = README.parent / "content" / "checklists" / "safety.yaml"
    pack = tmp_path / "pack" / "checklists"
    pack.mkdir(parents=True)
    topic = "blood [/] thinners [bold]"
    text = bundled.read_text().replace("topic: blood thinners", f'topic: "{topic}"')
    (pack / "safety.yaml").write_text(text)
    args = ("session", *FAST, "--content", str(pack.parent))
    if door == "asked":
        prep = len(LIBRARY.checklists["prep"].items)
        env.person_at_terminal([*skipping("thinners"), *["y"] * prep, " "])
        code, out, err = run(*args)
    else:
        code, out, err = run(*args, "--answers", str(answers_file(tmp_path, thinners="-")))
    assert code == 0, err
    assert f"No answer on {topic}: light pressure, no percussion." in out


def test_consent_no_in_the_prep_list_ends_before_anything_starts(env: FakeEnvironment) -> None:
    prep = [item.id for item in LIBRARY.checklists["prep"].items]
    keys = ["n" if item == "consent" else "y" for item in prep]
    env.person_at_terminal([*skipping(""), *keys, " "])
    code, out, _ = run("session", *FAST)
    assert code == 0 and "not agreed" in out and " | " not in out


def test_no_patch_test_drops_a_first_time_oil(env: FakeEnvironment) -> None:
    prep = [item.id for item in LIBRARY.checklists["prep"].items]
    keys = ["n" if item == "patch-test" else "y" for item in prep]
    keys.append("y")  # the blend is mixed (an item this plan's essential oil adds)
    env.person_at_terminal([*skipping(""), *keys, " "])
    code, out, _ = run("session", *FAST, "--minutes", "10", "--oil", "lavender")
    assert code == 0
    assert "Lavender essential oil left out: new to them" in out
    assert "Lavender" not in " ".join(s[0] + s[3] for s in step_lines(out))


# -- the rule itself, over generated answers ----------------------------------------------------

answer_sets = st.fixed_dictionaries(
    {q: st.sampled_from(list(Answer)) for q in [*QUESTIONS, *GATES]}
)
choice_sets = st.builds(
    Choices,
    pressure=st.sampled_from(list(Pressure)),
    minutes=st.integers(10, 60),
    oil=st.sampled_from([None, *LIBRARY.oils]),
    tools=st.lists(st.sampled_from(list(LIBRARY.tools)), max_size=3, unique=True).map(tuple),
    heat=st.booleans(),
    avoid=st.sampled_from([(), ("neck",), ("lower-back",)]),
    used_oils=st.sampled_from([None, (), ("sunflower", "lavender")]),
)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(given_answers=answer_sets, choices=choice_sets)
def test_every_answers_limits_hold_in_the_plan(
    given_answers: dict[str, Answer], choices: Choices
) -> None:
    answers = Answers(given_answers, "file")
    limits = limits_for(SAFETY, answers)
    result = screened(choices, LIBRARY, answers)
    new = result.choices
    plan = planner.plan(new, LIBRARY)
    assert step_breaches(plan, new, LIBRARY) == []
    for item in SAFETY.items:  # each yes or skipped caution's own limits
        if item.if_yes is None or item.if_yes.action == "stop" or answers.get(item.id) is Answer.no:
            continue
        adjust = item.if_yes.adjust
        if adjust.max_pressure is not None:
            assert all(
                s.pressure is None or s.pressure.rank <= adjust.max_pressure.rank
                for s in plan.steps
            )
        if adjust.max_minutes is not None:
            assert plan.minutes <= adjust.max_minutes
        strokes = [LIBRARY.strokes[s.stroke] for s in plan.steps if s.stroke]
        tools = [LIBRARY.tools[s.tool] for s in plan.steps if s.tool]
        oils = [LIBRARY.oils[s.oil] for s in plan.steps if s.oil]
        if adjust.no_percussion:
            assert not any(s.percussive for s in strokes) and not any(t.percussive for t in tools)
        if adjust.no_heat:
            assert not any(t.heat for t in tools)
        if adjust.no_tools:
            assert not any(not t.heat for t in tools)
        if adjust.no_essential_oils:
            assert not any(o.type == "essential" for o in oils)
        if adjust.no_nut_carriers:
            assert not any("nut" in o.families for o in oils)
        for condition in adjust.avoid_oils_for:
            assert not any(condition in o.avoid_if for o in oils)
    if limits.max_pressure is Pressure.light:
        assert not any(is_point_tool(LIBRARY.tools[s.tool]) for s in plan.steps if s.tool)
    if answers.get("patch-test") is not Answer.yes:
        assert not any(first_time(LIBRARY.oils[s.oil], new) for s in plan.steps if s.oil)
    assert all(s.kind is not StepKind.stroke or s.seconds >= 30 for s in plan.steps)


def test_nobody_answered_is_every_question_skipped() -> None:
    everything = Answers({q: Answer.skip for q in [*QUESTIONS, *GATES]}, "file")
    assert limits_for(SAFETY, nobody_answered()) == limits_for(SAFETY, everything)


# -- a resumed checkpoint is checked against the floor and its saved limits ---------------------


def _save_checkpoint(plan: Plan, choices: Choices, step_index: int = 2) -> None:
    """A checkpoint of `plan` as Ctrl-C would leave it, saved with `choices` as its limits."""
    from massage_coach.store.checkpoint import save_checkpoint

    assert save_checkpoint(cut_short(plan, choices, step_index, "tampered")) is None


def _resumed_work() -> list[tuple[str | None, str | None, Pressure | None]]:
    from massage_coach.store.history import History

    with History() as history:
        [entry] = history.recent()
    return [(w.stroke, w.area, w.pressure) for w in entry.record.work]


def test_a_tampered_checkpoint_firmer_than_its_limits_is_replanned_gently() -> None:
    light = Choices(pressure=Pressure.light, max_pressure=Pressure.light, minutes=10)
    firm = planner.plan(Choices(pressure=Pressure.firm, minutes=10), LIBRARY)
    assert any(s.pressure is Pressure.firm for s in firm.steps[2:])
    _save_checkpoint(firm, light)  # the plan was edited; its limits say light
    code, out, _ = run("session", "--resume", *RESUME)
    assert code == 0 and "breaks a safety rule" in " ".join(out.split())
    assert all(p in (None, Pressure.light) for _, _, p in _resumed_work())


def test_a_tampered_checkpoint_with_tapping_on_the_lower_back_never_taps_there() -> None:
    choices = Choices(pressure=Pressure.firm, minutes=10, focus=("lower-back",))
    plan = planner.plan(choices, LIBRARY)
    index = next(i for i, s in enumerate(plan.steps) if i > 2 and s.area == "lower-back")
    steps = list(plan.steps)
    steps[index] = steps[index].model_copy(update={"stroke": "tapotement"})
    _save_checkpoint(plan.model_copy(update={"steps": steps}), choices)
    code, out, _ = run("session", "--resume", *RESUME)
    assert code == 0 and "percussion on lower-back" in " ".join(out.split())
    assert ("tapotement", "lower-back") not in [(s, a) for s, a, _ in _resumed_work()]


def test_a_tampered_checkpoint_that_cannot_be_mended_is_kept_aside_not_run() -> None:
    from massage_coach.store.checkpoint import checkpoint_paths, folder

    with_heat = planner.plan(Choices(minutes=10, heat=True), LIBRARY)
    assert with_heat.steps[0].tool == "warm-towel"
    no_heat = Choices(minutes=10, no_heat=True)
    _save_checkpoint(with_heat, no_heat, step_index=0)
    code, out, err = run("session", "--resume", *RESUME)
    assert code == 2 and " | " not in out
    assert "breaks a safety rule" in err and "heat after a no-heat limit" in err
    assert checkpoint_paths() == []
    assert [p.name for p in folder().iterdir() if ".corrupt-" in p.name]  # kept, not lost


def test_an_oil_in_the_profiles_history_is_no_longer_first_time(tmp_path: Path) -> None:
    assert run("profile", "add", "anna")[0] == 0
    first = run("plan", "--profile", "anna", "--oil", "lavender", "--format", "text")[1]
    assert "2 drops of lavender" in first and "(1 %)" in first  # first time: the gentle blend
    path = answers_file(tmp_path)
    code, _, err = run("session", "--answers", str(path), "--profile", "anna",
                       "--oil", "lavender", "--minutes", "10", "--cues", "silent")  # fmt: skip
    assert code == 0, err
    again = run("plan", "--profile", "anna", "--oil", "lavender", "--format", "text")[1]
    assert "4 drops of lavender" in again and "(2 %)" in again
    code, out, _ = run("session", "--answers", str(answers_file(tmp_path, patch_test="no")),
                       "--profile", "anna", "--oil", "lavender", *FAST)  # fmt: skip
    assert code == 0 and "Lavender essential oil left out" not in out  # used before: no test


def test_plan_answers_as_json_stays_json_and_says_the_changes_on_stderr(tmp_path: Path) -> None:
    import json

    path = answers_file(tmp_path, thinners="yes")
    code, out, err = run("plan", "--answers", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["pressure"] == "light"
    assert "The plan is adjusted for your answers:" in err


def test_a_skipped_area_question_still_asks_which_area(env: FakeEnvironment) -> None:
    prep = len(LIBRARY.checklists["prep"].items)
    areas = sorted(LIBRARY.areas.values(), key=lambda a: a.diagram.first)
    number = str(1 + [a.id for a in areas].index("lower-back"))
    env.person_at_terminal([*skipping("skin"), number, *["y"] * prep, " "])
    code, out, _ = run("session", *FAST)
    assert code == 0
    assert "No answer on skin problems: an area left out." in out
    assert "Which area should be left out?" in out and "Left out: Lower back." in out
    assert " | Lower back" not in out
