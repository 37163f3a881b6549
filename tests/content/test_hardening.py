"""Hostile or broken content: each case is one clear, located error, never a traceback or a hang.

Every folder in tests/fixtures/bad is a pack laid over the good fixture pack; its EXPECTED file
holds the exact problems the loader must report (`{pack}` stands for the folder).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
import yaml

from massage_coach import content_files, library
from massage_coach.errors import ContentError
from massage_coach.library import MAX_FILE_BYTES, load_packs

from ..conftest import FIXTURES

BAD = FIXTURES / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def problems_for(*packs: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_packs([FIXTURES / "good", *packs])
    return [str(p) for p in caught.value.problems]


def test_every_bad_case_has_a_fixture() -> None:
    assert set(CASES) >= {
        "python-tag",
        "alias-bomb",
        "recursive-alias",
        "non-utf8",
        "empty-file",
        "duplicate-keys",
        "tabs",
        "syntax-error",
        "wrong-types",
        "unknown-keys",
        "unknown-reference",
        "id-twice",
        "id-in-two-kinds",
        "misplaced",
    }


@pytest.mark.parametrize("case", CASES)
def test_bad_pack_reports_exactly_the_expected_located_problems(case: str) -> None:
    pack = BAD / case
    expected = (pack / "EXPECTED").read_text().replace("{pack}", str(pack)).splitlines()
    assert problems_for(pack) == expected


def test_python_tags_never_run_anything(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    guides = tmp_path / "pack" / "guides"
    guides.mkdir(parents=True)
    (guides / "rest.yaml").write_text(
        f"id: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path "
        f"['{marker}']]\n"
    )
    [problem] = problems_for(tmp_path / "pack")
    assert "YAML tag '!!python/object/apply:pathlib.Path.touch' is not allowed" in problem
    assert not marker.exists()


def test_alias_bomb_of_ten_to_the_forty_fails_fast(tmp_path: Path) -> None:
    lines = ["id: rest", "name: Rest", "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 41)]
    guides = tmp_path / "pack" / "guides"
    guides.mkdir(parents=True)
    (guides / "rest.yaml").write_text("\n".join(lines) + "\n")
    outcome: list[list[str]] = []
    # Expanding it would never end: a daemon thread lets the test fail instead of hang.
    worker = threading.Thread(target=lambda: outcome.append(problems_for(tmp_path / "pack")))
    worker.daemon = True
    worker.start()
    worker.join(timeout=10)
    assert outcome == [
        [
            f"{guides / 'rest.yaml'}:4: l1.0: anchors and aliases (&name, *name) "
            "are not allowed; write the value out"
        ]
    ]


def test_file_over_the_size_limit_is_refused_without_parsing(tmp_path: Path) -> None:
    guides = tmp_path / "pack" / "guides"
    guides.mkdir(parents=True)
    (guides / "rest.yaml").write_bytes(b"id: rest\n" + b"[" * MAX_FILE_BYTES)
    assert problems_for(tmp_path / "pack") == [
        f"{guides / 'rest.yaml'}: file is over the 256 KiB limit"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_or_device_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    guides = tmp_path / "pack" / "guides"
    guides.mkdir(parents=True)
    os.mkfifo(guides / "pipe.yaml")
    (guides / "zero.yaml").symlink_to("/dev/zero")
    assert problems_for(tmp_path / "pack") == [
        f"{guides / 'pipe.yaml'}: not a regular file",
        f"{guides / 'zero.yaml'}: not a regular file",
    ]


def test_a_huge_folder_given_as_a_pack_fails_fast(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(content_files, "MAX_PACK_ENTRIES", 50)
    home = tmp_path / "home"
    for folder in range(10):
        (home / f"folder{folder}").mkdir(parents=True)
        for name in range(10):
            (home / f"folder{folder}" / f"note{name}.txt").write_text("")
    assert problems_for(home) == [
        f"{home}: more than 50 files and folders: is this a content pack?"
    ]


def test_hidden_folders_and_other_files_are_ignored(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / ".github" / "workflows").mkdir(parents=True)
    (pack / ".github" / "workflows" / "ci.yml").write_text("on: push\n")
    (pack / "README.md").write_text("# My pack\n")
    (pack / "strokes").mkdir()
    (pack / "strokes" / "notes.txt").write_text("not YAML\n")
    library = load_packs([FIXTURES / "good", pack]).library
    assert sorted(library.strokes) == ["effleurage", "petrissage", "tapotement"]


def test_a_missing_pack_folder_is_one_problem(tmp_path: Path) -> None:
    assert problems_for(tmp_path / "nowhere") == [
        f"{tmp_path / 'nowhere'}: content folder not found"
    ]


def test_references_to_a_broken_file_are_not_reported_twice(good_pack: Path) -> None:
    (good_pack / "strokes" / "petrissage.yaml").write_text("id: petrissage\n")
    found = problems_for(good_pack)
    assert all("petrissage.yaml" in p for p in found)
    assert not any("no stroke 'petrissage'" in p for p in found)


@pytest.mark.parametrize("case", CASES)
def test_without_libyaml_each_bad_case_is_reported_at_the_same_places(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library, "SafeLoader", yaml.SafeLoader)
    pack = BAD / case
    expected = (pack / "EXPECTED").read_text().replace("{pack}", str(pack)).splitlines()
    found = problems_for(pack)
    assert [p.split(": ")[0] for p in found] == [e.split(": ")[0] for e in expected]
