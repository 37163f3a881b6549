from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests run a moderate number of examples by default, so the whole suite stays well
# under a minute; HYPOTHESIS_PROFILE=thorough pytest ... runs many more for a long hunt. On CI
# (CI=true) the examples are the same on every run: a red build then means the change broke
# something, never that the search happened on a rare old case (local runs keep searching).
settings.register_profile("moderate", max_examples=30)
settings.register_profile("ci", max_examples=30, derandomize=True, database=None)
settings.register_profile("thorough", max_examples=1000)
default_profile = "ci" if os.environ.get("CI", "").lower() in ("1", "true") else "moderate"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", default_profile))

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


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, not yet created MASSAGE_COACH_HOME, with every other MASSAGE_COACH_* setting
    from the environment cleared, so config overrides in the shell cannot leak into a test."""
    for key in list(os.environ):
        if key.startswith("MASSAGE_COACH_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("MASSAGE_COACH_HOME", str(tmp_path / "home"))
    return tmp_path / "home"
