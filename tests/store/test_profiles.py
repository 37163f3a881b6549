"""Profiles: round trips through the files and the CLI, case-insensitive names, damaged files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from massage_coach import library as library_module
from massage_coach.cli import profile as profile_cli
from massage_coach.errors import UsageError
from massage_coach.library import load_library
from massage_coach.models import Pressure
from massage_coach.store import paths, profiles
from massage_coach.store.files import CorruptFile

from ..clirunner import run

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def fixture_content(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own MASSAGE_COACH_HOME (see conftest) and the fixture content."""
    # The small fixture pack stands in for the bundled content (areas, oils with a nut family).
    fixture_library = load_library(FIXTURES / "good")
    monkeypatch.setattr(library_module, "bundled_library", lambda: fixture_library)
    return home


def test_profile_round_trips_through_its_yaml_file() -> None:
    anna = profiles.make_profile(
        name="Anna Lee",
        pressure="light",
        focus=["upper-back"],
        avoid=["lower-back"],
        allergies=["nut"],
        notes="Ticklish near the ribs.",
    )
    path = profiles.save_profile(anna)
    assert path == paths.profiles_dir() / "anna-lee.yaml"
    assert path.read_text().startswith("name: Anna Lee\n")
    assert profiles.load_profile("anna lee") == anna
    assert profiles.load_profile("ANNA LEE").pressure is Pressure.light


def test_unknown_profile_suggests_the_nearest_name() -> None:
    profiles.save_profile(profiles.make_profile(name="Anna"))
    with pytest.raises(UsageError) as caught:
        profiles.load_profile("Ana")
    assert str(caught.value) == "No profile 'Ana'. Did you mean 'anna'?"


def test_names_that_could_escape_the_folder_are_refused() -> None:
    for bad in ("../etc", ".hidden", "a/b", "", "x" * 41):
        with pytest.raises(UsageError, match="not a usable profile name"):
            profiles.validate_name(bad)


def test_a_corrupt_profile_is_kept_aside_and_the_others_still_list() -> None:
    profiles.save_profile(profiles.make_profile(name="Anna"))
    folder = paths.profiles_dir()
    (folder / "bob.yaml").write_text("name: Bob\npressure: [light\n")
    (folder / "cara.yaml").write_text("name: Cara\npresure: light\n")
    loaded = profiles.list_profiles()
    assert [p.name for p in loaded.value] == ["Anna"]
    assert len(loaded.notices) == 2
    bob, cara = sorted(loaded.notices)
    assert str(folder / "bob.yaml") in bob and "not valid YAML" in bob
    assert f"{folder / 'cara.yaml'}:2: presure: unknown field" in cara
    names = sorted(p.name for p in folder.iterdir())
    # the damaged one is kept aside; the one with a bad value stays, to be fixed
    assert names[0] == "anna.yaml"
    assert names[1].startswith("bob.yaml.corrupt-") and names[2] == "cara.yaml"


def test_loading_a_corrupt_profile_names_the_file_and_keeps_it() -> None:
    folder = paths.profiles_dir()
    folder.mkdir(parents=True)
    (folder / "dan.yaml").write_text("pressure: [firm\n")
    with pytest.raises(CorruptFile, match="not valid YAML"):
        profiles.load_profile("Dan")
    assert [p.name.startswith("dan.yaml.corrupt-") for p in folder.iterdir()] == [True]
    (folder / "dan.yaml").write_text("pressure: firm\n")  # no name: a bad value, left alone
    with pytest.raises(UsageError, match=r"dan\.yaml:1: name: required field is missing"):
        profiles.load_profile("Dan")
    assert (folder / "dan.yaml").read_text() == "pressure: firm\n"


def test_cli_add_then_show_and_list() -> None:
    code, out, err = run(
        "profile", "add", "Anna", "--pressure", "light", "--focus", "shoulders",
        "--avoid", "lower-back", "--allergy", "nut", "--notes", "Likes it slow.",
    )  # fmt: skip
    assert code == 0, err
    assert "Saved profile Anna" in out
    code, out, _ = run("profile", "show", "anna")
    assert code == 0
    assert "Pressure:  light" in out and "Avoid:     lower-back" in out
    assert "Allergies: nut" in out and "Likes it slow." in out
    code, out, _ = run("profile", "list", "--json")
    assert json.loads(out)[0]["focus"] == ["upper-back"]  # the alias is stored as the area id


def test_cli_list_is_plain_when_piped_and_warns_about_a_damaged_file() -> None:
    run("profile", "add", "Anna", "--pressure", "medium")
    (paths.profiles_dir() / "zed.yaml").write_text(": : :\n")
    code, out, err = run("profile", "list")
    assert code == 0
    assert "Anna" in out and "medium" in out and "\x1b[" not in out and "│" not in out
    assert "zed.yaml" in err and "kept aside" in err
    assert out.splitlines() == [
        "name  pressure  focus  avoid  allergies", "Anna  medium    -      -      -"
    ]  # fmt: skip


def test_a_profile_cannot_focus_on_an_area_it_avoids() -> None:
    code, _, err = run("profile", "add", "Carl", "--focus", "neck", "--avoid", "neck")
    assert code == 2
    assert err.strip() == (
        "'neck' is both a focus and an area to avoid in Carl's profile; choose one."
    )
    assert run("profile", "add", "Anna", "--avoid", "lower-back")[0] == 0
    code, _, err = run("profile", "edit", "Anna", "--focus", "lower-back")
    assert code == 2 and "in Anna's profile; choose one." in err


def test_a_hand_edited_profile_with_an_unknown_area_is_named_when_used() -> None:
    assert run("profile", "add", "Anna", "--focus", "neck")[0] == 0
    [path] = paths.profiles_dir().iterdir()
    path.write_text(path.read_text().replace("neck", "nek"))
    code, _, err = run("plan", "--profile", "Anna")
    assert code == 2 and err.strip() == (
        "Unknown area 'nek' for focus in Anna's profile. Did you mean 'neck'?"
    )


def test_cli_add_refuses_unknown_areas_and_allergies_with_did_you_mean() -> None:
    code, _, err = run("profile", "add", "Anna", "--focus", "lower-bak")
    assert code == 2
    assert "Unknown area 'lower-bak' for focus in Anna's profile. Did you mean 'lower-back'?" in err
    code, _, err = run("profile", "add", "Anna", "--allergy", "lavendr")
    assert code == 2 and "Did you mean 'lavender'?" in err
    assert not paths.profiles_dir().exists() or not list(paths.profiles_dir().iterdir())


def test_cli_add_twice_is_refused() -> None:
    assert run("profile", "add", "Anna")[0] == 0
    code, _, err = run("profile", "add", "anna")
    assert code == 2 and "already exists" in err


def test_cli_add_in_a_terminal_asks_only_for_what_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(profile_cli, "_interactive", lambda: True)
    answers = "upper-back\n\nnut-allergy, lavender\nPrefers warm hands\n"
    code, out, err = run("profile", "add", "Bea", "--pressure", "firm", input=answers)
    assert code == 0, err
    assert "Pressure they like" not in out  # given on the command line
    bea = profiles.load_profile("bea")
    assert bea.pressure is Pressure.firm
    assert bea.focus == ["upper-back"] and bea.avoid == []
    assert bea.allergies == ["nut-allergy", "lavender"]
    assert bea.notes == "Prefers warm hands"


def test_cli_add_in_a_terminal_asks_a_refused_answer_again_keeping_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(profile_cli, "_interactive", lambda: True)
    # pressure: hard, then firm; focus: lowerback, then lower-back; avoid: lower-back (also the
    # focus), then neck; allergies: none; notes.
    answers = "hard\nfirm\nlowerback\nlower-back\nlower-back\nneck\n\nwarm hands\n"
    code, _, err = run("profile", "add", "Eve", input=answers)
    assert code == 0, err
    assert "pressure: 'hard' is not one of: light, medium or firm." in err
    assert "Unknown area 'lowerback' for focus in Eve's profile. Did you mean 'lower-back'?" in err
    assert "'lower-back' is both a focus and an area to avoid in Eve's profile" in err
    eve = profiles.load_profile("eve")
    assert (eve.pressure, eve.focus, eve.avoid) == (Pressure.firm, ["lower-back"], ["neck"])
    assert eve.notes == "warm hands"


def test_cli_add_gives_up_after_three_refused_answers_and_saves_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(profile_cli, "_interactive", lambda: True)
    code, _, err = run("profile", "add", "Eve", input="hard\nharder\nhardest\n")
    assert code == 2 and err.count("is not one of: light, medium or firm") == 3  # each answer
    assert not profiles.exists("eve")


def test_cli_add_in_a_terminal_refuses_a_bad_option_before_asking_anything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(profile_cli, "_interactive", lambda: True)
    code, out, err = run("profile", "add", "Zed", "--focus", "nek", input="firm\n")
    assert code == 2 and "Pressure they like" not in out
    assert err.strip() == "Unknown area 'nek' for focus in Zed's profile. Did you mean 'neck'?"


def test_cli_add_when_piped_asks_nothing() -> None:
    code, out, _ = run("profile", "add", "Cy", input="firm\n")
    assert code == 0 and "?" not in out
    assert profiles.load_profile("cy").pressure is None


def test_cli_edit_replaces_only_the_fields_given() -> None:
    run("profile", "add", "Anna", "--pressure", "light", "--focus", "upper-back", "--notes", "x")
    code, _out, err = run("profile", "edit", "ANNA", "--pressure", "medium", "--notes", "")
    assert code == 0, err
    anna = profiles.load_profile("anna")
    assert anna.pressure is Pressure.medium and anna.focus == ["upper-back"] and anna.notes is None
    code, _, err = run("profile", "edit", "anna")
    assert code == 2 and "Nothing to change" in err


def test_cli_remove_needs_yes_when_not_asked_and_then_deletes() -> None:
    run("profile", "add", "Anna")
    code, _, err = run("profile", "remove", "anna")
    assert code == 2 and "--yes" in err
    assert profiles.exists("Anna")
    code, out, _ = run("profile", "remove", "anna", "--yes")
    assert code == 0 and "Removed profile Anna" in out
    assert not profiles.exists("Anna")
    code, _, err = run("profile", "remove", "anna", "--yes")
    assert code == 2 and "No profile 'anna'" in err


def test_cli_show_of_a_corrupt_profile_is_one_line_and_exit_2() -> None:
    folder = paths.profiles_dir()
    folder.mkdir(parents=True)
    (folder / "eve.yaml").write_bytes(b"\x00\xff")
    code, _out, err = run("profile", "show", "eve")
    assert code == 2 and "Traceback" not in err
    assert "eve.yaml" in err and "kept aside as eve.yaml.corrupt-" in err


def test_a_session_runs_without_a_damaged_profile_but_not_without_a_misspelt_one() -> None:
    folder = paths.profiles_dir()
    folder.mkdir(parents=True)
    (folder / "fay.yaml").write_text("name: Fay\nallergies: [nut\n")  # not YAML
    loaded = profiles.load_for_session("Fay")
    assert loaded.value is None
    assert "fay.yaml" in loaded.notices[0] and "Running without the profile." in loaded.notices[0]
    (folder / "fay.yaml").write_text("name: Fay\nallergies: nut\n")  # not a list
    with pytest.raises(UsageError, match=r"fay\.yaml:2: allergies"):  # never without the allergy
        profiles.load_for_session("Fay")
    code, out, err = run("profile", "remove", "fay", "--yes")  # still removable as it is
    assert code == 0 and "Removed profile fay." in out, err
    assert not (folder / "fay.yaml").exists()
    profiles.save_profile(profiles.make_profile(name="Gus", allergies=["nut"]))
    assert profiles.load_for_session("gus").value == profiles.load_profile("Gus")
    with pytest.raises(UsageError, match="Did you mean 'gus'"):
        profiles.load_for_session("guss")


def test_profile_and_config_errors_are_in_the_users_words() -> None:
    code, _, err = run("profile", "add", "Anna", "--focus", "lower back")
    assert code == 2
    known = ", ".join(library_module.bundled_library().areas)  # the content in use here
    assert err.strip() == (
        "Invalid profile: focus: 'lower back' is not an area name; use lower-back "
        f"(known: {known})."
    )
    for key, value, said in [
        ("focus", "Lower Back", "'Lower Back' is not an area name; use lower-back"),
        ("minutes", "abc", "'abc' is not a whole number"),
        ("voice", "maybe", "'maybe' is not yes or no"),
        ("cues", "loud", "'loud' is not one of: full, soft or silent"),
    ]:
        code, _, err = run("config", "set", key, value)
        assert code == 2 and f"Bad value for {key}: {said}" in err
        assert "should" not in err and "pattern" not in err and "Input" not in err


def test_profile_remove_leaves_none_of_the_persons_screening_answers_behind() -> None:
    from datetime import date

    from massage_coach.answers import Answer
    from massage_coach.store.profiles import remember_screening

    assert run("profile", "add", "Anna", "--notes", "Sore neck.")[0] == 0
    remember_screening("Anna", {"thinners": Answer.yes}, date.today())
    everything = [p for p in paths.config_dir().rglob("*") if p.is_file()]
    assert any("thinners" in p.read_text() for p in everything)
    assert all(p.stat().st_mode & 0o077 == 0 for p in everything)  # private to their owner
    code, _, _ = run("profile", "remove", "Anna", "--yes")
    assert code == 0
    left = [p for p in paths.config_dir().rglob("*") if p.is_file()]
    assert not any("thinners" in p.read_text() or "anna" in p.name for p in left)
