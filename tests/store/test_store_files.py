"""Atomic writes and keeping damaged files aside: never half-written, never lost."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from massage_coach.store import files
from massage_coach.store.files import CorruptFile, StoreError


def test_atomic_write_creates_folders_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "profile.yaml"
    files.atomic_write_text(target, "name: Anna\n")
    assert target.read_text() == "name: Anna\n"
    assert [p.name for p in target.parent.iterdir()] == ["profile.yaml"]


def test_a_failed_write_keeps_the_old_content_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "config.yaml"
    target.write_text("minutes: 30\n")

    def failing_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(StoreError, match="No space left on device"):
        files.atomic_write_text(target, "minutes: 45\n")
    assert target.read_text() == "minutes: 30\n"
    assert [p.name for p in tmp_path.iterdir()] == ["config.yaml"]


def test_writing_where_a_file_blocks_the_folder_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match=str(blocker)):
        files.atomic_write_text(blocker / "x.yaml", "a: 1\n")


def test_keep_aside_renames_with_a_timestamp_and_never_overwrites(tmp_path: Path) -> None:
    moment = datetime(2026, 3, 4, 5, 6, 7)
    first = tmp_path / "anna.yaml"
    first.write_text("one")
    kept = files.keep_aside(first, moment)
    assert kept == tmp_path / "anna.yaml.corrupt-20260304-050607"
    first.write_text("two")
    again = files.keep_aside(first, moment)
    assert again == tmp_path / "anna.yaml.corrupt-20260304-050607-2"
    assert kept.read_text() == "one" and again is not None and again.read_text() == "two"
    assert not first.exists()


def test_unparseable_yaml_is_kept_aside_with_the_line_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: [unclosed\npressure: light\n")
    with pytest.raises(CorruptFile) as caught:
        files.read_yaml_mapping(path)
    message = str(caught.value)
    assert str(path) in message and "not valid YAML at line" in message and "kept aside" in message
    assert not path.exists()
    assert caught.value.kept_as is not None and caught.value.kept_as.read_text().startswith("name")


def test_binary_garbage_and_non_mappings_are_corrupt(tmp_path: Path) -> None:
    binary = tmp_path / "a.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CorruptFile, match="not UTF-8"):
        files.read_yaml_mapping(binary)
    listing = tmp_path / "b.yaml"
    listing.write_text("- just\n- a list\n")
    with pytest.raises(CorruptFile, match="expected a mapping"):
        files.read_yaml_mapping(listing)


def test_a_missing_file_is_not_an_error(tmp_path: Path) -> None:
    assert files.read_yaml_mapping(tmp_path / "none.yaml") is None


def test_a_symlinked_config_is_written_through_to_its_target(home: Path, tmp_path: Path) -> None:
    from massage_coach.store import paths

    from ..clirunner import run

    target = tmp_path / "dotfiles" / "massage-coach.yaml"
    target.parent.mkdir()
    target.write_text("minutes: 30\n")
    paths.config_dir().mkdir(parents=True)
    paths.config_file().symlink_to(target)
    assert run("config", "set", "pressure", "light")[0] == 0
    assert paths.config_file().is_symlink()
    assert target.read_text() == "minutes: 30\npressure: light\n"


def test_temporary_files_of_a_killed_write_are_cleaned_up(tmp_path: Path) -> None:

    path = tmp_path / "config.yaml"
    stale = tmp_path / ".config.yaml.x1y2z3.tmp"
    fresh = tmp_path / ".config.yaml.a1b2c3.tmp"  # another process writing right now
    stale.write_text("half")
    fresh.write_text("half")
    os.utime(stale, (0, 0))
    files.atomic_write_text(path, "minutes: 30\n")
    assert not stale.exists() and fresh.exists()


def test_profiles_are_private_to_their_owner(home: Path) -> None:
    from massage_coach.store.profiles import make_profile, save_profile

    path = save_profile(make_profile(name="Anna", notes="Sore left shoulder."))
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_fifo_as_the_config_is_reported_at_once_not_waited_on(home: Path) -> None:
    import subprocess
    import sys

    from massage_coach.store import paths

    paths.config_dir().mkdir(parents=True)
    os.mkfifo(paths.config_file())
    done = subprocess.run(
        [sys.executable, "-m", "massage_coach", "config", "show"],
        capture_output=True, text=True, timeout=30, check=False, env=os.environ.copy(),
    )  # fmt: skip
    assert done.returncode == 0
    assert f"{paths.config_file()}: not a regular file" in done.stderr
    assert "left as it is" in done.stderr and "Traceback" not in done.stderr
    assert paths.config_file().is_fifo()  # left where it is


def test_a_device_as_a_profile_is_reported_not_read(home: Path) -> None:
    from massage_coach.store import paths

    from ..clirunner import run

    paths.profiles_dir().mkdir(parents=True)
    (paths.profiles_dir() / "anna.yaml").symlink_to("/dev/zero")
    code, _, err = run("profile", "show", "Anna")
    assert code == 2 and "not a regular file" in err


def test_a_huge_sparse_checkpoint_is_refused_after_reading_only_the_cap(home: Path) -> None:
    import resource

    from massage_coach.store.checkpoint import path_for, resumable

    path = path_for("huge")
    path.parent.mkdir(parents=True)
    with open(path, "wb") as handle:
        handle.truncate(2 * 1024**3)  # 2 GB that take no room on disk
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with resumable(datetime.now()) as loaded:
        assert loaded.value is None
    assert "far too large" in loaded.notices[0]
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 64 * 1024
