from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def good_pack(tmp_path: Path) -> Path:
    """A writable copy of the small valid content pack."""
    target = tmp_path / "pack"
    shutil.copytree(FIXTURES / "good", target)
    return target


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real user's config, profiles, history or content packs."""
    monkeypatch.setenv("MASSAGE_COACH_HOME", str(tmp_path_factory.mktemp("home")))
