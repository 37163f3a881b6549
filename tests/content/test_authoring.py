"""Authoring: content validate, schema and new, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from massage_coach.cli.content import KIND_NAMES
from massage_coach.content_files import bundled_content_dir
from massage_coach.library import load_packs
from massage_coach.models import KINDS
from massage_coach.store.paths import user_content_dir

from ..clirunner import run
from ..conftest import FIXTURES

BAD = FIXTURES / "bad"


pytestmark = pytest.mark.usefixtures("home")


def test_validate_without_folders_checks_the_bundled_content() -> None:
    code, out, _ = run("content", "validate")
    files = len(list(bundled_content_dir().rglob("*.yaml")))
    assert code == 0
    assert out == f"{files} file{'s' * (files != 1)} in the bundled content: no problems.\n"


def test_validate_a_clean_pack_exits_0() -> None:
    gentle = FIXTURES / "packs" / "gentle"
    code, out, _ = run("content", "validate", str(gentle))
    files = len(list(bundled_content_dir().rglob("*.yaml"))) + len(list(gentle.rglob("*.yaml")))
    assert code == 0
    assert out == f"{files} files in the bundled content and 1 pack: no problems.\n"


def test_validate_reports_every_problem_of_every_pack_at_once_and_exits_1() -> None:
    packs = [BAD / "misplaced", BAD / "wrong-types", BAD / "tabs"]
    # a clean pack first (the small `good` fixture is a whole library, not an overlay: its
    # two safety questions would ask less than the bundled ones)
    clean = FIXTURES / "packs" / "gentle"
    code, out, err = run("content", "validate", str(clean), *map(str, packs))
    expected = [
        line.replace("{pack}", str(pack))
        for pack in packs
        for line in (pack / "EXPECTED").read_text().splitlines()
    ]
    assert code == 1
    assert sorted(out.splitlines()) == sorted(expected)
    assert err == f"{len(expected)} problems in 5 files.\n"


def test_every_kind_can_be_named_singular_or_plural() -> None:
    assert [k[:-1] for k in KINDS] == KIND_NAMES  # the models of every kind, in order
    code, out, _ = run("content", "schema", "areas")
    assert code == 0 and json.loads(out)["title"] == "Area"


def test_schema_prints_every_kind_keyed_by_kind_from_the_models() -> None:
    code, out, _ = run("content", "schema")
    assert code == 0
    schemas = json.loads(out)
    assert list(schemas) == KIND_NAMES
    for name, model in zip(KIND_NAMES, KINDS.values(), strict=True):
        assert schemas[name]["additionalProperties"] is False
        assert set(schemas[name]["properties"]) == set(model.model_fields)
    assert schemas["area"]["properties"]["max_pressure"]["$ref"] == "#/$defs/Pressure"


def test_schema_for_a_near_miss_kind_suggests_the_right_one() -> None:
    code, out, err = run("content", "schema", "strok")
    assert code == 2 and out == ""
    assert "Unknown kind 'strok'" in err and "Did you mean 'stroke'?" in err


def test_schema_out_writes_one_file_per_kind(tmp_path: Path) -> None:
    code, _, _ = run("content", "schema", "--out", str(tmp_path / "schemas"))
    assert code == 0
    written = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert written == sorted(f"{k}.schema.json" for k in KIND_NAMES)
    stroke = json.loads((tmp_path / "schemas" / "stroke.schema.json").read_text())
    assert stroke["$schema"].startswith("https://json-schema.org/")


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_new_writes_a_commented_starter_that_validates(kind: str, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    if kind == "tool":  # a tool names an area: give it one of the pack's own
        assert run("content", "new", "area", "mid-back", str(pack))[0] == 0
        undraft(pack / "areas" / "mid-back.yaml")
    code, out, _ = run("content", "new", kind, f"my-{kind}", str(pack))
    target = pack / f"{kind}s" / f"my-{kind}.yaml"
    assert code == 0 and f"Wrote {target}" in out
    assert target.read_text().startswith("# ")
    # An untouched starter is a draft: checked, listed as a warning, never used.
    catalog = load_packs([bundled_content_dir(), pack])
    assert target in catalog.drafts and (f"{kind}s", f"my-{kind}") not in catalog.sources
    code, _, err = run("content", "validate", str(pack))
    assert code == 0 and f"{target}: draft: not used by plans" in err
    undraft(target)
    catalog = load_packs([bundled_content_dir(), pack])
    assert catalog.sources[(f"{kind}s", f"my-{kind}")].path == target
    code, _, err = run("content", "validate", str(pack))
    assert code == 0 and "draft" not in err


def test_new_goes_to_the_user_content_folder_by_default() -> None:
    code, _, _ = run("content", "new", "guide", "my-notes")
    assert code == 0
    target = user_content_dir() / "guides" / "my-notes.yaml"
    assert target.is_file()
    assert run("guide", "my-notes")[0] == 2  # a draft until its author says otherwise
    undraft(target)
    code, out, _ = run("guide", "my-notes")
    assert code == 0 and "my notes" in out.lower()


@pytest.mark.parametrize("folder", ["odd[/]pack", "odd[red]pack"])
def test_new_names_a_folder_with_brackets_as_it_is(tmp_path: Path, folder: str) -> None:
    pack = tmp_path / folder
    code, out, err = run("content", "new", "guide", "calm", str(pack))
    assert code == 0, err
    assert f"Wrote {pack / 'guides' / 'calm.yaml'}" in out
    assert f"content validate {pack}" in out


def test_new_never_overwrites_a_file(tmp_path: Path) -> None:
    target = tmp_path / "guides" / "calm.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("mine\n")
    code, out, err = run("content", "new", "guide", "calm", str(tmp_path))
    assert code == 2 and out == ""
    assert f"{target} already exists; not overwriting it." in err
    assert target.read_text() == "mine\n"


@pytest.mark.parametrize("bad_id", ["Calm", "calm_room", "calm-", "calm--room", "x" * 49])
def test_new_refuses_an_id_that_is_not_kebab_case(bad_id: str, tmp_path: Path) -> None:
    code, _, err = run("content", "new", "guide", bad_id, str(tmp_path))
    assert code == 2
    assert f"'{bad_id}' is not a valid id" in err
    assert not any(tmp_path.iterdir())


def test_new_warns_when_the_id_replaces_an_existing_item(tmp_path: Path) -> None:
    code, out, _ = run("content", "new", "stroke", "effleurage", str(tmp_path))
    assert code == 0
    assert "It is a copy of the stroke 'effleurage' from bundled, rules and all" in out


@pytest.mark.parametrize("broken", [False, True])
def test_a_replacement_starts_as_a_copy_so_no_safety_rule_is_dropped(
    tmp_path: Path, broken: bool
) -> None:
    # The user's content folder is read on every run: a generic starter for lower-back would
    # take effect at once and let tapping onto the kidneys. Even in a pack under repair.
    from massage_coach.content_files import bundled_content_dir
    from massage_coach.library import bundled_library, load_packs

    if broken:
        (tmp_path / "guides").mkdir()
        (tmp_path / "guides" / "calm.yaml").write_text("id: calm\n\tname: tab\n")
    code, out, _ = run("content", "new", "area", "lower-back", str(tmp_path))
    assert code == 0 and "It is a copy of the area 'lower-back'" in out
    written = tmp_path / "areas" / "lower-back.yaml"
    assert "no_percussion: true" in written.read_text()
    if not broken:
        library = load_packs([bundled_content_dir(), tmp_path]).library
        assert library.areas["lower-back"] == bundled_library().areas["lower-back"]


def test_validate_in_a_terminal_shows_progress_and_still_reports_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from massage_coach.cli import content

    monkeypatch.setattr(content, "PROGRESS_FROM_FILES", 1)
    pack = BAD / "unknown-keys"
    code, out, err = run("content", "validate", str(pack), terminal=True)
    assert code == 1
    assert "Checking" in err
    assert f"{pack / 'guides' / 'rest.yaml'}:4: colour: unknown field" in out


def undraft(path: Path) -> None:
    """Take out a starter's `draft: true` line, as its author does once it is filled in."""
    from massage_coach.library import load_packs_cached

    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("draft: true")))
    load_packs_cached.cache_clear()  # each command is a new process; these run in one
