"""The safety floor against loosening packs, and the content corrections it goes with."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from massage_coach import planner
from massage_coach.answers import Answer, Answers
from massage_coach.content_files import bundled_content_dir
from massage_coach.library import bundled_library
from massage_coach.models import Pressure
from massage_coach.routine import Choices, StepKind
from massage_coach.session.screening import screened

from ..clirunner import run

LIBRARY = bundled_library()
SAFETY = LIBRARY.checklists["safety"]


def only_yes(*questions: str) -> Answers:
    given = {item.id: Answer.no for item in SAFETY.items} | {"patch-test": Answer.yes}
    return Answers(given | dict.fromkeys(questions, Answer.yes), "file")


# -- a pack that would loosen the floor ---------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "item", "old", "new", "rule"),
    [
        ("areas", "lower-back", "no_percussion: true", "no_percussion: false", "no_percussion"),
        ("areas", "neck", "max_pressure: light", "max_pressure: firm", "max_pressure"),
        ("areas", "lower-back", "  friction: medium", "  friction: firm", "stroke_max_pressure"),
        ("strokes", "tapotement", "percussive: true", "percussive: false", "percussive"),
        ("tools", "massage-balls", "point: true ", "point: false ", "point"),
    ],
)
def test_a_pack_that_loosens_the_floor_is_refused_naming_the_rule(
    tmp_path: Path, kind: str, item: str, old: str, new: str, rule: str
) -> None:
    pack = tmp_path / "pack"
    (pack / kind).mkdir(parents=True)
    text = (bundled_content_dir() / kind / f"{item}.yaml").read_text(encoding="utf-8")
    assert old in text
    (pack / kind / f"{item}.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out, err = run("content", "validate", str(pack))
    assert code == 1
    said = out + err
    assert f"{item}.yaml" in said and rule in said and "safety floor cannot be loosened" in said
    for command in (("plan",), ("session", "--yes", "--minutes", "5", "--speed", "1000")):
        code, out, err = run(*command, "--content", str(pack))
        assert code == 2 and "safety floor" in err and " | " not in out


def test_a_pack_stroke_must_say_whether_it_is_percussive(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "strokes").mkdir(parents=True)
    text = (bundled_content_dir() / "strokes" / "vibration.yaml").read_text(encoding="utf-8")
    text = text.replace("id: vibration", "id: pounding").replace("percussive: false\n", "")
    (pack / "strokes" / "pounding.yaml").write_text(text, encoding="utf-8")
    code, out, err = run("content", "validate", str(pack))
    assert code == 1 and "percussive" in out + err


def test_a_percussive_pack_stroke_never_goes_on_the_lower_back_or_neck(tmp_path: Path) -> None:
    """By property: a new percussive stroke listed on every area is kept off where it is barred."""
    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    text = (pack / "strokes" / "tapotement.yaml").read_text(encoding="utf-8")
    (pack / "strokes" / "pounding.yaml").write_text(
        text.replace("id: tapotement", "id: pounding").replace("name: Tapotement", "name: Pound")
    )
    for area in ("lower-back", "neck", "upper-back"):
        path = pack / "areas" / f"{area}.yaml"
        text = path.read_text().replace("tapotement, ", "")  # pounding is the only percussion
        text = text.replace("\n  tapotement:\n", "\n  pounding:\n")
        path.write_text(text.replace("strokes: [effleurage,", "strokes: [pounding, effleurage,", 1))
    from massage_coach.library import load_library

    library = load_library(pack)
    pounded: set[str | None] = set()
    for minutes, focus in ((20, ()), (30, ("upper-back",)), (45, ("lower-back", "neck"))):
        choices = Choices(pressure=Pressure.firm, minutes=minutes, focus=focus)
        plan = planner.plan(choices, library)
        pounded |= {s.area for s in plan.steps if s.stroke == "pounding"}
    assert "upper-back" in pounded and not pounded & {"lower-back", "neck", None}


# -- cues -------------------------------------------------------------------------------------


@given(seed=st.one_of(st.none(), st.integers(0, 10_000)), avoid=st.sampled_from(["", "neck"]))
def test_every_cue_keeps_its_safety_line_and_never_contradicts_its_stroke(
    seed: int | None, avoid: str
) -> None:
    choices = Choices(
        pressure=Pressure.firm, minutes=30, seed=seed, avoid=(avoid,) if avoid else ()
    )
    plan = planner.plan(choices, LIBRARY)
    for step in plan.steps:
        if step.stroke is None:
            continue
        stroke = LIBRARY.strokes[step.stroke]
        if stroke.safety_cue:
            assert stroke.safety_cue in step.cue
        if stroke.percussive:
            assert "slow" not in step.cue.lower() and "calming" not in step.cue.lower()
        if step.area is None and avoid:
            assert "Leave out the back of the neck." in step.cue


def test_no_content_says_hot_tap_water_and_the_warm_towel_water_is_checked() -> None:
    for path in bundled_content_dir().rglob("*.yaml"):
        assert "hot tap water (not" not in path.read_text(encoding="utf-8")
    towel = LIBRARY.tools["warm-towel"]
    assert any("never hot tap water" in line for line in towel.how)
    plan = planner.plan(Choices(minutes=20, heat=True), LIBRARY)
    assert plan.steps[0].tool == "warm-towel" and towel.check and towel.check in plan.steps[0].cue
    stones = planner.plan(Choices(minutes=20, tools=("hot-stones",)), LIBRARY)
    assert "49 °C" in stones.steps[0].cue and "palm test" in stones.steps[0].cue


def test_heat_burns_are_a_stop_signal_with_first_aid() -> None:
    guide = LIBRARY.guides["stop-signals"]
    burn = next(s for s in guide.sections if "heat" in s.title.lower())
    assert "cool running water for 20 minutes" in burn.text and "blister" in burn.text


# -- oils, carriers and the questions that limit them -------------------------------------------


def oil_step_cue(choices: Choices) -> str | None:
    plan = planner.plan(choices, LIBRARY)
    return next((s.cue for s in plan.steps if s.oil), None)


def test_the_essential_oil_step_is_the_blend_mixed_beforehand_with_its_carrier() -> None:
    cue = oil_step_cue(Choices(oil="lavender", carrier="jojoba", used_oils=("lavender",)))
    assert cue is not None and "blend you mixed beforehand" in cue and "never neat" in cue
    assert "4 drops of lavender essential oil in 10 mL (2 teaspoons) of jojoba oil (2 %)" in cue
    first = oil_step_cue(Choices(oil="lavender", carrier="jojoba"))  # no profile: first time
    assert first is not None and "2 drops" in first and "(1 %)" in first


def test_frail_or_older_lowers_the_dilution_to_1_percent() -> None:
    choices = screened(
        Choices(oil="lavender", used_oils=("lavender",)), LIBRARY, only_yes("frail")
    ).choices
    cue = oil_step_cue(choices)
    assert cue is not None and "(1 %)" in cue


@pytest.mark.parametrize(
    ("question", "oil", "kept"),
    [
        ("seizures", "eucalyptus", False),
        ("seizures", "lavender", True),
        ("breastfeeding", "lavender", False),
        ("pregnancy", "peppermint", False),
        ("allergies", "sweet-almond", False),
        ("allergies", "sunflower", True),
    ],
)
def test_the_oil_questions_keep_their_oils_out(question: str, oil: str, kept: bool) -> None:
    used = ("lavender", "eucalyptus", "peppermint", "sweet-almond", "sunflower")
    result = screened(Choices(oil=oil, used_oils=used), LIBRARY, only_yes(question))
    plan = planner.plan(result.choices, LIBRARY)
    assert any(s.oil == oil for s in plan.steps) is kept


def test_with_an_allergy_a_nut_carrier_is_never_the_blends_carrier() -> None:
    choices = Choices(oil="lavender", carrier="sweet-almond", used_oils=("lavender",))
    result = screened(choices, LIBRARY, only_yes("heart"))  # not an allergy: almond stays
    assert "sweet almond" in (oil_step_cue(result.choices) or "")
    hypothetical = choices.model_copy(update={"no_nut_carriers": True})
    plan = planner.plan(hypothetical, LIBRARY)
    cue = next(s.cue for s in plan.steps if s.oil)
    assert "sweet almond" not in cue and "Sweet almond oil left out as the carrier" in " ".join(
        plan.notes
    )


def test_carrier_option_is_checked() -> None:
    code, _, err = run("plan", "--oil", "lavender", "--carrier", "jojobo")
    assert code == 2 and "Unknown carrier 'jojobo'" in err and "jojoba" in err
    code, _, err = run("plan", "--carrier", "lavender")
    assert code == 2 and "Unknown carrier 'lavender'" in err
    assert run("profile", "add", "nia", "--allergy", "nut")[0] == 0
    code, _, err = run("plan", "--profile", "nia", "--carrier", "sweet-almond")
    assert code == 2 and "nut allergy" in err


def test_heat_and_blend_add_prep_items_with_the_pets_line(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    lines = [f"{item.id}: no" for item in SAFETY.items] + ["consent: yes", "patch-test: yes"]
    answers.write_text("\n".join(lines) + "\n")
    code, out, _ = run(
        "session", "--answers", str(answers), "--oil", "lavender", "--tool", "hot-stones",
        "--minutes", "5", "--speed", "1000", "--cues", "silent",
    )  # fmt: skip
    said = " ".join(out.split())
    assert code == 0
    assert "49 °C (120 °F) or below" in said and "The palm test" in said
    assert "Mix the essential-oil blend" in said and "toxic to pets" in said


def test_pregnancy_gives_the_side_lying_setup_and_no_foam_roller() -> None:
    choices = Choices(minutes=20, tools=("foam-roller",))
    result = screened(choices, LIBRARY, only_yes("pregnancy"))
    assert result.choices.side_lying and result.choices.no_tools
    plan = planner.plan(result.choices, LIBRARY)
    assert any(n.startswith("Side-lying (pregnancy)") for n in plan.notes)
    assert not any(s.tool for s in plan.steps)
    assert all(s.pressure in (None, Pressure.light) for s in plan.steps)
    assert not any(s.kind is StepKind.prep and s.tool for s in plan.steps)


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ("if_yes:\n      action: stop", "if_yes:\n      action: caution", "'fever' stays a stop"),
        (
            "max_pressure: light, no_percussion: true}",
            "no_percussion: true}",
            "'thinners' keeps at least its limits (max_pressure light)",
        ),
        ("  - id: seizures\n", "  - id: fits\n", "the question 'seizures' stays"),
    ],
)
def test_a_pack_cannot_ask_less_than_the_bundled_safety_questions(
    tmp_path: Path, old: str, new: str, rule: str
) -> None:
    pack = tmp_path / "pack"
    (pack / "checklists").mkdir(parents=True)
    text = (bundled_content_dir() / "checklists" / "safety.yaml").read_text(encoding="utf-8")
    changed = text.replace(old, new, 1)
    assert changed != text
    (pack / "checklists" / "safety.yaml").write_text(changed, encoding="utf-8")
    code, out, err = run("content", "validate", str(pack))
    assert code == 1 and rule in out + err
    code, out, err = run("plan", "--content", str(pack))
    assert code == 2 and rule in err


def test_a_pack_may_ask_more_than_the_bundled_safety_questions(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "checklists").mkdir(parents=True)
    text = (bundled_content_dir() / "checklists" / "safety.yaml").read_text(encoding="utf-8")
    tighter = text.replace("adjust: {max_pressure: medium}", "adjust: {max_pressure: light}")
    (pack / "checklists" / "safety.yaml").write_text(tighter, encoding="utf-8")
    code, out, err = run("content", "validate", str(pack))
    assert code == 0, out + err


@pytest.mark.parametrize("gate", ["consent"])
def test_a_pack_cannot_leave_a_gating_item_out_of_the_prep_list(tmp_path: Path, gate: str) -> None:
    # Left out, consent is never asked, so its "no" could never stop the session.
    pack = tmp_path / "pack"
    (pack / "checklists").mkdir(parents=True)
    text = (bundled_content_dir() / "checklists" / "prep.yaml").read_text(encoding="utf-8")
    changed = text.replace(f"  - id: {gate}\n", "  - id: something-else\n", 1)
    assert changed != text
    (pack / "checklists" / "prep.yaml").write_text(changed, encoding="utf-8")
    rule = f"the prep item '{gate}' stays"
    code, out, err = run("content", "validate", str(pack))
    assert code == 1 and rule in out + err
    code, out, err = run("plan", "--content", str(pack))
    assert code == 2 and rule in err
    code, out, err = run("session", "--yes", "--content", str(pack))
    assert code == 2 and rule in err
