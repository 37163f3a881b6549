"""Routines as content: the model, its cross-checks, `routines` and `plan --routine`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from massage_coach.errors import ContentError
from massage_coach.library import load_packs

from ..clirunner import ESC, imports_of, plan_json, run
from ..conftest import FIXTURES

ROUTINE = """\
id: {id}
name: Quiet shoulders
summary: A short, calm routine for the shoulders.
minutes: 15
pressure: light
areas:
  upper-back: 100
focus: [upper-back]
{extra}
"""


def write_routine(pack: Path, routine_id: str = "quiet-shoulders", extra: str = "") -> Path:
    path = pack / "routines" / f"{routine_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ROUTINE.format(id=routine_id, extra=extra), encoding="utf-8")
    return path


def problems(pack: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_packs([FIXTURES / "good", pack])
    return [str(p) for p in caught.value.problems]


def test_routines_lists_the_bundled_routines_plainly_when_piped() -> None:
    code, out, _ = run("routines")
    assert code == 0 and ESC not in out
    for routine_id in ("desk-reset", "lower-back-ease", "full-back"):
        assert routine_id in out
    assert out.index("desk-reset") < out.index("lower-back-ease") < out.index("full-back")


def test_routines_json_lists_every_routine_with_its_fields() -> None:
    code, out, _ = run("routines", "--json")
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows["desk-reset"]["minutes"] == 10
    assert rows["desk-reset"]["areas"] == {"upper-back": 65, "neck": 35}
    assert rows["full-back"]["minutes"] == 45 and rows["full-back"]["areas"] == {}


def test_one_routine_shows_its_choices_tips_and_share_bar() -> None:
    code, out, _ = run("routines", "desk-reset")
    assert code == 0
    assert "DESK RESET" in out and "minutes: 10" in out and "up to medium" in out
    assert re.search(r"Upper back and shoulders\s+#+\.*\s+6\d %", out)
    assert "plan --routine desk-reset" in out
    code, out, _ = run("routines", "desk-reset", terminal=True)
    assert code == 0 and "█" in out


def test_one_routine_as_json_carries_its_planned_shares() -> None:
    code, out, _ = run("routines", "lower-back-ease", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["heat"] is True and data["without_strokes"] == ["tapotement"]
    planned = data["plan"]
    assert planned["minutes"] == 20 and planned["focus"] == ["lower-back"]
    assert set(planned["seconds_by_area"]) == {"lower-back", "hips-glutes"}


@pytest.mark.parametrize("typed", ["desk-rest", "desk", "reset"])
def test_an_unknown_routine_is_a_did_you_mean_and_exit_2(typed: str) -> None:
    for args in (["routines", typed], ["plan", "--routine", typed]):
        code, out, err = run(*args)
        assert code == 2 and out == ""
        assert f"Unknown routine '{typed}'. Did you mean 'desk-reset'?" in err


def test_plan_from_a_routine_names_it_above_the_timeline() -> None:
    code, out, _ = run("plan", "--routine", "desk-reset")
    assert code == 0 and out.startswith("Routine: Desk reset. Ten minutes")
    assert "10 minutes, medium pressure, focus: upper-back, neck" in out


def test_plan_from_a_routine_uses_its_length_areas_and_focus() -> None:
    data = plan_json("--routine", "desk-reset")
    assert data["routine"] == "desk-reset" and plan_json()["routine"] is None
    assert data["minutes"] == 10 and data["focus"] == ["upper-back", "neck"]
    areas = {s["area"] for s in data["steps"] if s["area"]}  # type: ignore[union-attr]
    assert areas == {"upper-back", "neck"}


def test_the_command_line_still_customises_a_routine() -> None:
    data = plan_json("--routine", "desk-reset", "--minutes", "20", "--pressure", "light")
    assert (data["minutes"], data["pressure"]) == (20, "light")
    warm = plan_json("--routine", "lower-back-ease")
    assert warm["steps"][0]["why"] == "heat"  # type: ignore[index]
    cool = plan_json("--routine", "lower-back-ease", "--no-heat")
    # no warm towel: the plain carrier oil, then the warm-up
    assert [s["why"] for s in cool["steps"][:2]] == ["oil", "warm-up"]  # type: ignore[index]
    refocused = plan_json("--routine", "desk-reset", "--focus", "lower-back")
    assert refocused["focus"] == ["lower-back"]


def test_a_routine_s_pressure_is_a_ceiling_for_the_person_s_preference() -> None:
    assert run("profile", "add", "Anna", "--pressure", "light")[0] == 0
    assert run("profile", "add", "Ben", "--pressure", "firm")[0] == 0
    assert plan_json("--routine", "full-back", "--profile", "Anna")["pressure"] == "light"
    assert plan_json("--routine", "full-back", "--profile", "Ben")["pressure"] == "medium"
    firm = plan_json("--routine", "full-back", "--profile", "Anna", "--pressure", "firm")
    assert firm["pressure"] == "firm"


def test_the_routine_beats_the_profile_s_focus_but_not_its_avoided_areas() -> None:
    assert run("profile", "add", "Anna", "--focus", "hips-glutes", "--avoid", "neck")[0] == 0
    code, out, err = run("plan", "--format", "json", "--routine", "desk-reset", "--profile", "Anna")
    assert code == 0
    data = json.loads(out)
    assert data["focus"] == ["upper-back"] and "neck" in data["avoid"]
    assert "Not focusing on neck: Anna's profile avoids it" in err


def test_a_routine_s_focus_avoided_on_the_command_line_names_the_command_line() -> None:
    code, out, err = run("plan", "--format", "json", "--routine", "desk-reset", "--avoid", "neck")
    assert code == 0 and "neck" not in json.loads(out)["focus"]
    assert "Not focusing on neck: you gave --avoid neck, so it is left out." in err
    assert "config" not in err


def test_a_routine_in_a_pack_is_listed_and_planned(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    write_routine(pack)
    code, out, _ = run("routines", "--content", str(pack))
    assert code == 0 and "quiet-shoulders" in out
    data = plan_json("--routine", "quiet-shoulders", "--content", str(pack))
    assert (data["minutes"], data["pressure"], data["focus"]) == (15, "light", ["upper-back"])


def test_a_routine_naming_unknown_areas_tools_or_strokes_is_located(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    path = write_routine(pack, extra="tools: [foam-rollr]\nwithout_strokes: [tapotment]")
    path.write_text(path.read_text().replace("upper-back", "upper-bak"))
    found = problems(pack)
    assert f"{path}:7: areas.upper-bak: no area 'upper-bak'; did you mean 'upper-back'?" in found
    assert f"{path}:8: focus.0: no area 'upper-bak'; did you mean 'upper-back'?" in found
    assert any("tools.0: no tool 'foam-rollr'" in p for p in found)
    assert any("without_strokes.0: no stroke 'tapotment'" in p for p in found)


def test_a_routine_marking_an_unknown_stroke_bilateral_or_sided_is_located(
    tmp_path: Path,
) -> None:
    pack = tmp_path / "pack"
    write_routine(pack, extra="bilateral_strokes: [vibraton]\nsided_strokes: [petrisage]")
    found = problems(pack)
    assert any("bilateral_strokes.0: no stroke 'vibraton'" in p for p in found)
    assert any("sided_strokes.0: no stroke 'petrisage'" in p for p in found)
    write_routine(pack, extra="bilateral_strokes: [vibration]\nsided_strokes: [vibration]")
    assert any("in both bilateral_strokes and sided_strokes" in p for p in problems(pack))


def test_a_routine_cannot_leave_out_the_warm_up_glide(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    path = write_routine(pack, extra="without_strokes: [effleurage]")
    assert problems(pack) == [
        f"{path}:9: without_strokes.0: 'effleurage' opens and closes every routine "
        "and cannot be left out"
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("avoid: [upper-back]", "'upper-back' is in both focus and avoid"),
        ("steps: [one, two]", "steps: unknown field"),
        ("minutes: 120", "minutes"),
    ],
)
def test_an_inconsistent_routine_is_one_located_error(
    tmp_path: Path, extra: str, message: str
) -> None:
    pack = tmp_path / "pack"
    text = ROUTINE.format(id="odd", extra=extra)
    if extra.startswith("minutes"):
        text = text.replace("minutes: 15\n", "")
    (pack / "routines").mkdir(parents=True)
    (pack / "routines" / "odd.yaml").write_text(text, encoding="utf-8")
    found = problems(pack)
    assert len(found) == 1 and message in found[0]


def test_a_focus_outside_the_routine_s_areas_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    write_routine(pack, "odd", extra="").write_text(
        ROUTINE.format(id="odd", extra="").replace("focus: [upper-back]", "focus: [neck]")
    )
    assert "focus area 'neck' is not one of its areas" in problems(pack)[0]


def test_a_routine_id_may_not_repeat_an_area_id(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    path = write_routine(pack, "lower-back")
    assert problems(pack) == [
        f"{path}:1: id: 'lower-back' is also a area id "
        f"({FIXTURES / 'good' / 'areas' / 'lower-back.yaml'}); ids must be unique across kinds"
    ]


def test_the_routine_schema_comes_from_the_model() -> None:
    code, out, _ = run("content", "schema", "routine")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "Routine" and schema["additionalProperties"] is False
    assert {"minutes", "areas", "focus", "without_strokes"} <= set(schema["properties"])


def test_content_validate_checks_the_bundled_routines() -> None:
    code, out, _ = run("content", "validate")
    assert code == 0 and "no problems" in out
    code, out, _ = run("content", "list", "--json")
    kinds = {row["id"]: row["kind"] for row in json.loads(out)}
    assert kinds["desk-reset"] == kinds["full-back"] == "routine"


def test_a_new_routine_starter_is_never_planned_until_it_is_no_longer_a_draft(
    tmp_path: Path,
) -> None:
    from .test_authoring import undraft

    pack = tmp_path / "pack"
    code, _, err = run("content", "new", "routine", "my-routine", str(pack))
    assert code == 0, err
    assert run("plan", "--routine", "my-routine", "--content", str(pack))[0] == 2
    undraft(pack / "routines" / "my-routine.yaml")
    data = plan_json("--routine", "my-routine", "--content", str(pack))
    assert data["minutes"] == 20


def test_help_loads_no_yaml_models_library_or_planner() -> None:
    commands = [["plan", "--help"], ["routines", "--help"]]
    names = ("yaml", "massage_coach.library", "massage_coach.models", "massage_coach.planner")
    (plan_help, plan_heavy), (routines_help, routines_heavy) = imports_of(commands, names)
    assert "--routine" in plan_help and plan_heavy == []
    assert "routine to show" in routines_help and routines_heavy == []


def test_the_routine_line_above_the_plan_wraps_at_words() -> None:
    code, out, _ = run("plan", "--routine", "desk-reset", columns=60)
    assert code == 0
    lines = out.splitlines()
    head = lines[: next(i for i, line in enumerate(lines) if line.startswith("10 minutes"))]
    assert head[0].startswith("Routine: Desk reset.") and len(head) > 1
    assert all(len(line) <= 60 for line in head)
    from massage_coach.library import bundled_library

    routine = bundled_library().routines["desk-reset"]
    expected = f"Routine: {routine.name}. {routine.summary}".split()
    assert " ".join(head).split() == expected  # no word cut in two at the edge
