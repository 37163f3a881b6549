"""Piped output never cuts a value short: tables wrap or print whole values, at any width and
wherever the files live (a long pack path, a long name, a narrow window)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from massage_coach.store.history import History

from ..clirunner import run
from ..conftest import FIXTURES
from ..store.test_history import record

LONG = "a-folder-with-a-name-long-enough-to-overflow-any-table-column-" * 2


@pytest.fixture
def deep_pack(tmp_path: Path) -> Path:
    """The gentle pack copied to a path longer than the window is wide."""
    target = tmp_path / LONG / LONG / "gentle"
    shutil.copytree(FIXTURES / "packs" / "gentle", target)
    return target


def test_content_list_prints_a_long_pack_path_whole_on_its_line(deep_pack: Path) -> None:
    code, out, _ = run("content", "list", "--content", str(deep_pack), columns=80)
    assert code == 0
    lines = [line.split() for line in out.splitlines()]
    assert ["area", "mid-back", str(deep_pack)] in lines
    assert "…" not in out


COMMANDS = [
    ["techniques"],
    ["techniques", "effleurage"],
    ["areas"],
    ["areas", "neck"],
    ["oils"],
    ["tools"],
    ["guide"],
    ["guide", "tips"],
    ["routines"],
    ["routines", "full-back"],
    ["checklist"],
    ["checklist", "prep", "--print"],
    ["plan"],
    ["plan", "--focus", "neck", "--minutes", "60"],
    ["config", "show"],
    ["content", "list"],
]


@pytest.mark.parametrize("columns", [12, 30])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_piped_output_in_a_narrow_window_cuts_nothing(command: list[str], columns: int) -> None:
    code, out, err = run(*command, columns=columns)
    assert code == 0, err
    assert "…" not in out


@pytest.mark.usefixtures("home")
def test_piped_history_and_profiles_print_long_names_whole() -> None:
    name = "Maximiliane-Friederike-von-Hohenzollern"
    code, _, err = run("profile", "add", name, "--pressure", "light")
    assert code == 0, err
    with History() as store:
        store.save(record(profile=name, started=datetime.now()))
    for command in (["profile", "list"], ["history"], ["history", "stats"]):
        code, out, err = run(*command, columns=30)
        assert code == 0, err
        assert "…" not in out, command
    _, out, _ = run("history", "stats", columns=30)
    assert name in out


def test_a_dumb_terminal_gets_every_value_whole_too(
    deep_pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    code, out, _ = run("content", "list", "--content", str(deep_pack), terminal=True, columns=80)
    assert code == 0
    assert ["area", "mid-back", str(deep_pack)] in [line.split() for line in out.splitlines()]
    assert "…" not in out and "\x1b[" not in out
