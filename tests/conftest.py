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
