"""Where the user's files go (MASSAGE_COACH_HOME, XDG, platform folders); light --help."""

from __future__ import annotations

from pathlib import Path

import pytest

from massage_coach.store import paths

from ..clirunner import imports_of


def test_the_home_variable_puts_everything_under_one_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MASSAGE_COACH_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", "/elsewhere")
    assert paths.config_file() == tmp_path / "config" / "config.yaml"
    assert paths.profiles_dir() == tmp_path / "config" / "profiles"
    assert paths.history_db() == tmp_path / "data" / "history.sqlite3"
    assert paths.checkpoint_file() == tmp_path / "data" / "checkpoint.json"


def test_xdg_folders_are_honoured_without_the_home_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MASSAGE_COACH_HOME", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert paths.config_dir() == tmp_path / "cfg" / "massage-coach"
    assert paths.data_dir() == tmp_path / "share" / "massage-coach"


def test_a_relative_xdg_value_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MASSAGE_COACH_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", "relative/path")
    assert paths.data_dir().is_absolute()
    assert "relative" not in str(paths.data_dir())


def test_help_of_the_store_commands_loads_no_yaml_sqlite_or_models() -> None:
    commands = [["profile", "--help"], ["history", "--help"], ["config", "--help"]]
    names = ("yaml", "sqlite3", "massage_coach.models", "massage_coach.store.config")
    for command, (output, heavy) in zip(commands, imports_of(commands, names), strict=True):
        assert "Usage:" in output, command
        assert heavy == [], command
