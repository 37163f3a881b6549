"""Content packs: bundled content, then config, the user's folder and --content, by id."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from massage_coach.cli.packs import packs_for
from massage_coach.content_files import bundled_content_dir
from massage_coach.errors import ContentError
from massage_coach.library import load_packs
from massage_coach.store import paths
from massage_coach.store.paths import default_packs, user_content_dir

from ..clirunner import imports_of, run
from ..conftest import FIXTURES

GOOD = FIXTURES / "good"
PACKS = FIXTURES / "packs"


pytestmark = pytest.mark.usefixtures("home")


def test_a_later_pack_adds_items_and_replaces_whole_items_by_id() -> None:
    catalog = load_packs([GOOD, PACKS / "gentle"])
    library = catalog.library
    assert library.strokes["petrissage"].pressures == ["light"]
    # The override replaces the whole item: fields it leaves out take their defaults.
    assert library.strokes["petrissage"].pressure_notes == {}
    assert "mid-back" in library.areas and "tapotement" in library.strokes
    source = catalog.sources[("strokes", "petrissage")]
    assert source.pack == PACKS / "gentle"
    assert source.path == PACKS / "gentle" / "strokes" / "petrissage.yaml"
    assert source.overrides == GOOD / "strokes" / "petrissage.yaml"
    assert catalog.sources[("strokes", "effleurage")].pack == GOOD


def test_references_are_checked_on_the_combined_packs() -> None:
    # mid-back names petrissage, which only the earlier pack defines.
    load_packs([GOOD, PACKS / "gentle"])
    with pytest.raises(ContentError) as caught:
        load_packs([PACKS / "gentle"])
    assert [str(p) for p in caught.value.problems] == [
        f"{PACKS / 'gentle' / 'areas' / 'mid-back.yaml'}:7: strokes.0: no stroke 'effleurage'; "
        "known: petrissage"
    ]


def test_an_id_of_another_kind_in_a_later_pack_is_an_error(tmp_path: Path) -> None:
    guides = tmp_path / "pack" / "guides"
    guides.mkdir(parents=True)
    (guides / "effleurage.yaml").write_text(
        "id: effleurage\nname: E\nsummary: S.\nsections: [{title: T, text: X.}]\n"
    )
    with pytest.raises(ContentError) as caught:
        load_packs([GOOD, tmp_path / "pack"])
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith(f"{guides / 'effleurage.yaml'}:1: id: 'effleurage' is also a stroke")


def test_one_default_heat_at_most_and_only_on_a_heat_source(tmp_path: Path) -> None:
    bundled = bundled_content_dir()
    tools = tmp_path / "pack" / "tools"
    tools.mkdir(parents=True)
    towel = (bundled / "tools" / "warm-towel.yaml").read_text()
    (tools / "wheat-bag.yaml").write_text(towel.replace("id: warm-towel", "id: wheat-bag"))
    with pytest.raises(ContentError) as caught:
        load_packs([bundled, tmp_path / "pack"])
    assert [str(p) for p in caught.value.problems] == [
        f"{tools / 'wheat-bag.yaml'}:5: heat_default: 'warm-towel' "
        f"({bundled / 'tools' / 'warm-towel.yaml'}) is already the default heat; only one tool "
        "can be, so set heat_default: false on one of them"
    ]
    # The way out the message gives: the pack replaces the bundled towel by id, not the default.
    (tools / "warm-towel.yaml").write_text(
        towel.replace("heat_default: true", "heat_default: false")
    )
    library = load_packs([bundled, tmp_path / "pack"]).library
    assert [t.id for t in library.tools.values() if t.heat_default] == ["wheat-bag"]
    # A massage ball cannot be the default heat.
    balls = (bundled / "tools" / "massage-balls.yaml").read_text()
    (tools / "massage-balls.yaml").write_text(balls + "heat_default: true\n")
    with pytest.raises(ContentError) as caught:
        load_packs([bundled, tmp_path / "pack"])
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith(f"{tools / 'massage-balls.yaml'}:")
    assert problem.endswith(
        ": heat_default: only a heat source (heat: true) can be the default heat"
    )


def test_default_packs_are_bundled_then_config_then_user_folder_then_content(
    tmp_path: Path,
) -> None:
    assert default_packs() == [bundled_content_dir()]
    user_content_dir().mkdir(parents=True)
    configured, extra = tmp_path / "configured", tmp_path / "extra"
    assert default_packs(configured=[configured], extra=[extra]) == [
        bundled_content_dir(),
        configured,
        user_content_dir(),
        extra,
    ]


def test_a_folder_named_twice_keeps_its_last_place(tmp_path: Path) -> None:
    user_content_dir().mkdir(parents=True)
    assert default_packs(extra=[user_content_dir(), tmp_path]) == [
        bundled_content_dir(),
        user_content_dir(),
        tmp_path,
    ]


def test_content_option_adds_a_pack_to_the_reference_commands() -> None:
    code, out, _ = run("techniques", "--content", str(PACKS / "gentle"), "--json")
    assert code == 0
    assert "petrissage" in [s["id"] for s in json.loads(out)]
    code, out, _ = run("areas", "mid-back", "--content", str(PACKS / "gentle"))
    assert code == 0 and "Mid back" in out


def test_content_option_is_repeatable_and_later_packs_win(tmp_path: Path) -> None:
    later = tmp_path / "later"
    shutil.copytree(PACKS / "gentle", later)
    path = later / "strokes" / "petrissage.yaml"
    path.write_text(path.read_text().replace("name: Gentle kneading", "name: Later kneading"))
    code, out, _ = run(
        "techniques",
        "petrissage",
        "--json",
        "--content",
        str(PACKS / "gentle"),
        "--content",
        str(later),
    )
    assert code == 0 and json.loads(out)["name"] == "Later kneading"


def test_the_user_content_folder_is_read_on_every_run() -> None:
    shutil.copytree(PACKS / "gentle", user_content_dir())
    code, out, _ = run("content", "list", "--json")
    assert code == 0
    rows = {(row["kind"], row["id"]): row for row in json.loads(out)}
    assert rows[("area", "mid-back")]["pack"] == "user"
    assert rows[("stroke", "effleurage")]["pack"] == "bundled"


def test_checklist_reads_content_packs() -> None:
    code, out, _ = run("checklist", "--content", str(PACKS / "gentle"), "--json")
    assert code == 0
    assert "quiet-room" in [c["id"] for c in json.loads(out)]


def test_a_broken_pack_stops_a_command_with_exit_2_and_located_lines() -> None:
    bad = FIXTURES / "bad" / "tabs"
    code, out, err = run("guide", "--content", str(bad))
    assert code == 2 and out == ""
    assert f"{bad / 'guides' / 'rest.yaml'}:5: YAML syntax: a tab character" in err
    assert "Traceback" not in err


def test_a_reference_command_reads_only_the_kinds_it_shows() -> None:
    # The broken file is a guide: the strokes still show, while every command that reads
    # guides (and plan, session and `content validate`, which read everything) refuse the pack.
    bad = FIXTURES / "bad" / "tabs"
    code, out, err = run("techniques", "--content", str(bad))
    assert code == 0 and "effleurage" in out and err == ""
    for argv in (
        ["plan", "--minutes", "10", "--content"],
        ["session", "--yes", "--content"],
        ["content", "validate"],
    ):
        code, out, err = run(*argv, str(bad))
        assert code != 0
        assert f"{bad / 'guides' / 'rest.yaml'}:5: YAML syntax: a tab character" in out + err


def test_a_bad_setting_in_the_environment_is_refused_without_a_config_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The config model is skipped only when nothing is configured at all.
    monkeypatch.setenv("MASSAGE_COACH_PRESSURE", "hard")
    code, _, err = run("techniques")
    assert code == 2 and "MASSAGE_COACH_PRESSURE='hard'" in err


def test_a_missing_content_folder_is_exit_2(tmp_path: Path) -> None:
    code, _, err = run("oils", "--content", str(tmp_path / "nowhere"))
    assert code == 2
    assert f"{tmp_path / 'nowhere'}: content folder not found" in err


def test_content_list_shows_every_item_kind_and_pack_as_plain_text() -> None:
    code, out, _ = run("content", "list", "--content", str(PACKS / "gentle"))
    assert code == 0
    lines = [line.split() for line in out.splitlines()]
    assert ["area", "mid-back", str(PACKS / "gentle")] in lines
    assert ["stroke", "effleurage", "bundled"] in lines
    assert "╭" not in out


def test_content_list_json_names_what_an_override_replaced(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "strokes").mkdir(parents=True)
    shutil.copy(bundled_content_dir() / "strokes" / "effleurage.yaml", pack / "strokes")
    code, out, _ = run("content", "list", "--json", "--content", str(pack))
    assert code == 0
    [row] = [r for r in json.loads(out) if r["id"] == "effleurage"]
    assert row == {
        "id": "effleurage",
        "kind": "stroke",
        "pack": str(pack),
        "file": str(pack / "strokes" / "effleurage.yaml"),
        "overrides": str(bundled_content_dir() / "strokes" / "effleurage.yaml"),
    }


def test_help_and_completion_stay_light_with_the_content_commands() -> None:
    # (typer 0.29 itself imports pydantic to build its parameters, so that is not checked.)
    names = ("yaml", "massage_coach.library", "massage_coach.models")
    [(output, heavy)] = imports_of([["content", "new", "--help"]], names)
    assert "Write a commented starter file" in output
    assert heavy == []


def test_loading_reports_progress_file_by_file() -> None:
    seen: list[Path] = []
    load_packs([GOOD], progress=seen.append)
    assert sorted(seen) == sorted(GOOD.glob("*/*.yaml"))


def test_packs_listed_in_config_come_after_bundled_and_before_the_user_folder(
    tmp_path: Path,
) -> None:
    user_content_dir().mkdir(parents=True)
    configured = tmp_path / "configured"
    shutil.copytree(PACKS / "gentle", configured)
    assert run("config", "set", "content-packs", str(configured))[0] == 0
    code, out, _ = run("content", "list", "--json")
    assert code == 0
    rows = {(row["kind"], row["id"]): row for row in json.loads(out)}
    assert rows[("area", "mid-back")]["pack"] == str(configured)
    assert packs_for(None) == [bundled_content_dir(), configured, user_content_dir()]


def _not_a_pack(tmp_path: Path) -> Path:
    """A folder of other things, like a home folder: notes, photos, a project with YAML inside."""
    folder = tmp_path / "stuff"
    (folder / "project" / "strokes").mkdir(parents=True)
    (folder / "project" / "strokes" / "x.yaml").write_text("id: x\n")
    (folder / "notes.txt").write_text("hello\n")
    (folder / "photos").mkdir()
    return folder


NOT_A_PACK = "does not look like a content pack: it has none of strokes/, areas/, tools/,"


def test_a_configured_folder_that_is_no_pack_is_one_line_for_every_command(
    tmp_path: Path,
) -> None:
    folder = _not_a_pack(tmp_path)
    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(f"content_packs: [{folder}]\n")
    for command in (["tools"], ["plan"], ["content", "list"]):
        code, out, err = run(*command)
        assert code == 2 and out == ""
        assert err.splitlines() == [
            f"'{folder}' {NOT_A_PACK} oils/, checklists/, guides/, routines/ and no YAML file at "
            "its top (set in content_packs; see `massage-coach config show`)."
        ]
    assert run("config", "unset", "content-packs")[0] == 0
    assert run("tools")[0] == 0


def test_setting_a_folder_that_is_no_pack_is_refused_and_nothing_written(tmp_path: Path) -> None:
    folder = _not_a_pack(tmp_path)
    code, _, err = run("config", "set", "content-packs", str(folder))
    assert code == 2 and NOT_A_PACK in err and "nothing was changed" in err
    code, out, _ = run("config", "show", "--json")
    assert json.loads(out)["content_packs"] == []


def test_a_missing_folder_is_refused_by_config_set_and_named_with_its_origin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nowhere"
    code, _, err = run("config", "set", "content-packs", str(missing))
    assert (
        code == 2 and err.strip() == f"{missing}: content folder not found (nothing was changed)."
    )
    assert not paths.config_file().exists()
    monkeypatch.setenv("MASSAGE_COACH_CONTENT_PACKS", str(missing))  # or it vanished later
    code, out, err = run("techniques")
    assert code == 2 and out == ""
    assert err.strip() == (
        f"{missing}: content folder not found (set in content_packs; see `massage-coach config "
        "show`)."
    )


def test_content_option_or_validate_with_a_folder_that_is_no_pack_is_one_line(
    tmp_path: Path,
) -> None:
    folder = _not_a_pack(tmp_path)
    code, _, err = run("oils", "--content", str(folder))
    assert code == 2 and len(err.splitlines()) == 1 and "(given with --content)" in err
    code, _, err = run("content", "validate", str(folder))
    assert code == 2 and len(err.splitlines()) == 1 and NOT_A_PACK in err


def test_an_empty_folder_or_one_with_a_yaml_file_on_top_is_still_read_as_a_pack(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("oils", "--content", str(empty))[0] == 0
    loose = _not_a_pack(tmp_path)
    (loose / "mid-back.yaml").write_text("id: mid-back\n")
    code, _, err = run("oils", "--content", str(loose))
    assert code == 2 and NOT_A_PACK not in err and "mid-back.yaml" in err


def test_a_starter_can_be_written_into_a_folder_that_is_not_yet_a_pack(tmp_path: Path) -> None:
    folder = tmp_path / "my-pack"
    folder.mkdir()
    (folder / "README.md").write_text("My strokes.\n")
    code, _, err = run("content", "new", "stroke", "my-glide", str(folder))
    assert code == 0, err
    assert (folder / "strokes" / "my-glide.yaml").exists()
    from .test_authoring import undraft

    undraft(folder / "strokes" / "my-glide.yaml")
    assert run("techniques", "my-glide", "--content", str(folder))[0] == 0
