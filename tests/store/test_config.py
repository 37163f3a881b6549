"""Config: defaults, the file, MASSAGE_COACH_<KEY> overrides, validation, damaged files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from massage_coach.cli.config import CONFIG_KEYS
from massage_coach.errors import UsageError
from massage_coach.models import Pressure
from massage_coach.store import config, paths

from ..clirunner import plan_json, run

pytestmark = pytest.mark.usefixtures("home")


def test_the_completion_key_list_matches_the_model() -> None:
    assert list(config.KEYS) == CONFIG_KEYS


def test_without_a_file_the_built_in_defaults_apply() -> None:
    loaded = config.load_config()
    assert loaded.notices == []
    assert loaded.value.minutes == 20 and loaded.value.pressure is Pressure.medium
    assert not paths.config_file().exists()


def test_set_writes_only_the_keys_set_and_unset_removes_them() -> None:
    config.set_value("minutes", "30")
    config.set_value("giver-break-seconds", "60")
    config.set_value("focus", "upper-back, lower-back")
    text = paths.config_file().read_text()
    assert text == ("minutes: 30\ngiver_break_seconds: 60\nfocus:\n- upper-back\n- lower-back\n")
    assert config.load_config().value.focus == ["upper-back", "lower-back"]
    config.unset_value("minutes")
    assert config.load_config().value.minutes == 20
    assert "minutes" not in paths.config_file().read_text()


def test_a_bad_value_is_refused_before_anything_is_written() -> None:
    config.set_value("minutes", "30")
    before = paths.config_file().read_text()
    for key, value in (("minutes", "200"), ("pressure", "hard"), ("cues", "loud")):
        with pytest.raises(UsageError, match=f"Bad value for {key}"):
            config.set_value(key, value)
    assert paths.config_file().read_text() == before


def test_unknown_key_gets_did_you_mean() -> None:
    with pytest.raises(UsageError) as caught:
        config.set_value("giver_break_second", "40")
    assert "Did you mean 'giver_break_seconds'?" in str(caught.value)


def test_environment_beats_the_file_and_is_validated_by_name() -> None:
    config.set_value("pressure", "light")
    env = {"MASSAGE_COACH_PRESSURE": "firm", "MASSAGE_COACH_VOICE": "no"}
    loaded = config.load_config(env)
    assert loaded.value.pressure is Pressure.firm and loaded.value.voice is False
    with pytest.raises(UsageError, match="MASSAGE_COACH_MINUTES='lots'"):
        config.load_config({"MASSAGE_COACH_MINUTES": "lots"})
    origins = config.sources(env)
    assert origins["pressure"] == "MASSAGE_COACH_PRESSURE" and origins["minutes"] == "default"


def test_the_home_variable_is_not_mistaken_for_a_setting() -> None:
    assert config.load_config({"MASSAGE_COACH_HOME": "/somewhere"}).value == config.Config()


def test_a_corrupt_config_is_kept_aside_and_defaults_are_used() -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("minutes: [30\n")
    loaded = config.load_config()
    assert loaded.value == config.Config()
    assert len(loaded.notices) == 1 and str(path) in loaded.notices[0]
    assert "built-in defaults" in loaded.notices[0]
    kept = [p for p in path.parent.iterdir() if p.name.startswith("config.yaml.corrupt-")]
    assert len(kept) == 1 and kept[0].read_text() == "minutes: [30\n"


def test_a_wrong_value_in_the_file_is_exit_2_naming_file_line_and_key_and_is_left_in_place() -> (
    None
):
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    text = "voice: false\nminutes: 500\nminuts: 30\n"
    path.write_text(text)
    code, _, err = run("plan")
    assert code == 2 and "Traceback" not in err
    assert err.splitlines() == [
        f"{path}:2: minutes: 500 is more than 90 (fix it, or run "
        "`massage-coach config unset minutes`)",
        f"{path}:3: minuts: not a config key; did you mean 'minutes'? (fix it, or run "
        "`massage-coach config unset minuts`)",
    ]
    assert path.read_text() == text  # the user's file, untouched and not moved
    assert [p.name for p in path.parent.iterdir()] == ["config.yaml"]


def test_set_and_unset_mend_a_file_with_bad_keys_without_dropping_the_others() -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("voice: false\nminutes: 500\nminuts: 30\n")
    code, out, err = run("config", "set", "minutes", "40")
    assert code == 0 and "minutes = 40" in out
    assert "minuts: not a config key" in err  # what is still to fix, said at once
    assert path.read_text() == "voice: false\nminutes: 40\nminuts: 30\n"  # in its place
    code, out, err = run("config", "unset", "minuts")  # a typo in the file can be removed
    assert code == 0 and "minuts removed" in out and err == ""
    assert path.read_text() == "voice: false\nminutes: 40\n"
    code, out, _ = run("plan", "--format", "text")
    assert code == 0 and out.startswith("40 minutes")


@pytest.mark.parametrize(("key", "value"), [("oil", "lavender"), ("focus", "upper-back")])
@pytest.mark.parametrize("empty", ["", "  "])
def test_set_to_an_empty_value_clears_the_key_as_unset_does(
    key: str, value: str, empty: str
) -> None:
    # An empty oil was written as `oil: null` (and an empty list as `focus: []`), listed as
    # "- (file)": a value the file held, rather than none.
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    others = "voice: false\nminuts: 30\n"  # another key, and a typo that is the user's to fix
    results = []
    for clear in (("unset", key), ("set", key, empty)):
        assert run("config", "set", key, value)[0] == 0
        path.write_text(path.read_text() + others)
        code, out, _ = run("config", *clear)
        assert code == 0 and out.startswith(f"{key} = -  (built-in default)")
        results.append(path.read_text())
        path.write_text("")
    assert results[1] == results[0] == "voice: false\nminuts: 30\n"
    assert run("config", "set", key, empty)[0] == 0  # nothing to clear: nothing written
    assert path.read_text() == ""
    code, out, _ = run("config", "show")
    row = next(line for line in out.splitlines() if line.startswith(f"{key} "))
    assert row.split() == [key, "-", "default"]


def test_show_still_shows_a_file_with_a_bad_value_and_says_what_to_fix() -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("voice: false\nminutes: 500\n")
    code, out, err = run("config", "show")
    assert code == 0
    rows = {line.split()[0]: line.split(None, 2)[1:] for line in out.splitlines()[1:-1]}
    assert rows["minutes"] == ["20", "default (bad value in file)"]
    assert rows["voice"] == ["no", "file"]
    assert f"{path}:2: minutes: 500 is more than 90" in err


def test_unset_of_an_unknown_key_on_a_damaged_file_says_the_file_was_kept_aside() -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("\x00not yaml: [")
    code, _, err = run("config", "unset", "minuts")
    assert code == 2
    assert "kept aside as config.yaml.corrupt-" in err
    assert "Unknown config key 'minuts'. Did you mean 'minutes'?" in err


def test_cli_show_lists_values_and_their_sources_plainly_when_piped() -> None:
    run("config", "set", "minutes", "25")
    code, out, _ = run("config", "show")
    assert code == 0 and "\x1b[" not in out
    line = next(row for row in out.splitlines() if row.startswith("minutes "))
    assert line.split() == ["minutes", "25", "file"]
    assert out.splitlines()[0].split() == ["key", "value", "from"]
    assert any(row.startswith("File: ") for row in out.splitlines())
    code, out, _ = run("config", "show", "--json")
    assert json.loads(out)["minutes"] == 25


def test_show_prints_a_long_config_path_on_one_line_when_piped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / ("a-folder-with-a-long-name-" * 4) / "home"
    monkeypatch.setenv("MASSAGE_COACH_HOME", str(deep))
    code, out, _ = run("config", "show")
    assert code == 0
    assert f"File: {paths.config_file()}" in out.splitlines()
    assert len(f"File: {paths.config_file()}") > 80


def test_cli_bad_value_and_bad_environment_exit_2_with_one_line() -> None:
    code, _, err = run("config", "set", "minutes", "3")
    assert code == 2 and err.strip() == ("Bad value for minutes: 3 is less than 5.")
    os.environ["MASSAGE_COACH_CUES"] = "loud"
    try:
        code, _, err = run("config", "show")
    finally:
        del os.environ["MASSAGE_COACH_CUES"]
    assert code == 2 and "MASSAGE_COACH_CUES" in err and "Traceback" not in err


def test_a_bound_or_a_list_is_said_truly_and_in_plain_words() -> None:
    # the load limits must be more than 0: 0 itself is refused, and not as "less than 0.0"
    code, _, err = run("config", "set", "daily_load_limit", "0")
    assert code == 2 and err.strip() == "Bad value for daily_load_limit: 0 is not more than 0."
    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text("focus: neck\n", encoding="utf-8")  # one, not a list
    code, _, err = run("plan")
    assert code == 2 and "focus: 'neck' is not a list: write [a, b]" in err
    assert "valid" not in err
    paths.profiles_dir().mkdir(parents=True)
    profile = paths.profiles_dir() / "anna.yaml"
    for written, said in (
        ("screening: yes", "screening: expected its fields"),
        ("notes: [1]", "notes: [1] is not text"),
    ):
        profile.write_text(f"name: Anna\n{written}\n", encoding="utf-8")
        code, _, err = run("profile", "show", "anna")
        assert code == 2 and said in err and "valid" not in err and "Remembered" not in err


def test_cli_set_after_a_corrupt_file_warns_and_writes_a_fresh_one() -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("\x00not yaml: [")
    code, out, err = run("config", "set", "voice", "off")
    assert code == 0
    assert "kept aside" in err and "voice = no" in out
    assert path.read_text() == "voice: false\n"


def test_cli_set_checks_areas_and_oils_against_the_content(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from massage_coach import library as library_module
    from massage_coach.library import load_library

    fixture_library = load_library(Path(__file__).parents[1] / "fixtures" / "good")
    monkeypatch.setattr(library_module, "bundled_library", lambda: fixture_library)
    assert run("config", "set", "avoid", "lower-back")[0] == 0
    before = paths.config_file().read_text()
    code, _, err = run("config", "set", "focus", "upper-back,lower-bak")
    assert code == 2
    assert err.strip() == (
        "Unknown area 'lower-bak' for focus in the config (nothing was changed). "
        "Did you mean 'lower-back'?"
    )
    code, _, err = run("config", "set", "oil", "lavendar")
    assert code == 2 and "Did you mean 'lavender'?" in err
    assert paths.config_file().read_text() == before


def test_an_unknown_area_in_the_settings_is_named_with_where_it_was_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("# my defaults\nfocus: [lowerback]\n")
    code, _, err = run("plan")
    assert code == 2 and err.strip() == (
        f"Unknown area 'lowerback' for focus in the config file ({path}:2). "
        "Did you mean 'lower-back'?"
    )
    path.unlink()
    monkeypatch.setenv("MASSAGE_COACH_AVOID", "neck,hips-glute")
    code, _, err = run("session", "--yes")
    assert code == 2 and err.strip() == (
        "Unknown area 'hips-glute' for avoid in MASSAGE_COACH_AVOID. Did you mean 'hips-glutes'?"
    )


NO_OIL_NOTE = "No oil, as chosen: the strokes are given without oil."


def _no_oil(plan: dict[str, object]) -> bool:
    steps = plan["steps"]
    assert isinstance(steps, list) and isinstance(plan["notes"], list)
    return not [s for s in steps if s["why"] == "oil"] and NO_OIL_NOTE in plan["notes"]


def test_oil_none_in_the_config_means_no_oil_as_the_option_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `config set oil none` cleared the key (so a plain carrier went on after all), and
    # `oil: none` in config.yaml was an unknown oil.
    assert run("config", "set", "oil", "none")[0] == 0
    assert paths.config_file().read_text() == "oil: none\n"
    assert _no_oil(plan_json("--minutes", "10"))
    assert not _no_oil(plan_json("--minutes", "10", "--oil", "sunflower"))  # typed wins
    for written in ("oil: none\n", "oil: None\n"):
        paths.config_file().write_text(written)
        assert config.load_config().value.oil == "none"
        assert _no_oil(plan_json("--minutes", "10"))
    paths.config_file().unlink()
    monkeypatch.setenv("MASSAGE_COACH_OIL", "none")
    assert _no_oil(plan_json("--minutes", "10"))
    assert _no_oil(plan_json("--minutes", "10", "--oil", "None"))  # any case, as other names


def test_a_misspelt_none_oil_gets_a_did_you_mean_wherever_it_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, _, err = run("config", "set", "oil", "nonee")
    assert code == 2 and err.strip() == (
        "Unknown oil 'nonee' in the config (nothing was changed). Did you mean 'none'?"
    )
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("oil: nnone\n")
    code, _, err = run("plan")
    assert code == 2 and err.strip() == (
        f"Unknown oil 'nnone' in the config file ({path}:1). Did you mean 'none'?"
    )
    path.unlink()
    code, _, err = run("plan", "--oil", "non")
    assert code == 2 and err.strip() == "Unknown oil 'non'. Did you mean 'none'?"
    monkeypatch.setenv("MASSAGE_COACH_OIL", "noen")
    code, _, err = run("plan")
    assert (
        code == 2 and err.strip() == "Unknown oil 'noen' in MASSAGE_COACH_OIL. Did you mean 'none'?"
    )


def test_an_empty_oil_clears_the_key() -> None:
    assert config.parse_value("oil", "none") == "none"
    assert config.parse_value("oil", " ") is None


def test_an_area_cannot_be_both_the_default_focus_and_avoided() -> None:
    assert run("config", "set", "avoid", "shoulders")[0] == 0
    code, _, err = run("config", "set", "focus", "upper-back")  # shoulders is its alias
    assert code == 2 and err.strip() == (
        "'upper-back' is both a focus and an area to avoid in the config (nothing was changed); "
        "choose one."
    )
    assert "focus" not in paths.config_file().read_text()


def test_content_packs_are_a_comma_separated_list_of_folders_with_home_expanded() -> None:
    loaded = config.load_config({"MASSAGE_COACH_CONTENT_PACKS": "~/packs/a, /srv/b"})
    assert loaded.value.content_packs == [Path("~/packs/a").expanduser(), Path("/srv/b")]


def test_an_unknown_key_gets_did_you_mean_or_else_the_list_of_keys() -> None:
    code, _, err = run("config", "set", "daily", "40")
    assert code == 2 and "Unknown config key 'daily'. Did you mean 'daily_load_limit'?" in err
    code, _, err = run("config", "set", "foo", "1")
    assert code == 2 and "Unknown config key 'foo'. Keys: pressure, minutes, focus," in err
    code, _, err = run("config", "unset", "rest")
    assert code == 2 and "Did you mean 'rest_between_sessions_minutes'?" in err
    assert not paths.config_file().exists()


def test_an_unknown_massage_coach_variable_is_a_warning_with_the_one_meant(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MASSAGE_COACH_MINUTS", "10")
    code, _, err = run("plan", "--format", "json")
    assert code == 0
    assert (
        "Environment variable MASSAGE_COACH_MINUTS is not one massage-coach reads; did you mean "
        "MASSAGE_COACH_MINUTES?" in err
    )
    monkeypatch.setenv("MASSAGE_COACH_TRACE", "/dev/null")  # ours, though not a config key
    code, _, err = run("config", "show")
    assert code == 0 and "MASSAGE_COACH_TRACE" not in err and "MASSAGE_COACH_MINUTS" in err
