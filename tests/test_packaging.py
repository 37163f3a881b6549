"""The wheel carries the bundled content, and works with the source tree out of reach."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

from hatchling.builders.sdist import SdistBuilder
from hatchling.builders.wheel import WheelBuilder

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_content_and_runs_without_the_repository(tmp_path: Path) -> None:
    [wheel] = list(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n for n in names if n.startswith("massage_coach/content/")}
    expected = {
        f"massage_coach/content/{p.relative_to(ROOT / 'content')}"
        for p in (ROOT / "content").rglob("*.yaml")
    }
    assert shipped == expected and expected
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # Run from an unrelated folder, importing only the unpacked wheel (not src/).
    result = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]);"
            "import massage_coach; print(massage_coach.__file__);"
            "from massage_coach.cli import main; sys.argv = ['massage-coach', 'techniques'];"
            "main()",
            str(site),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(site))
    assert "effleurage" in result.stdout


def test_wheel_carries_license_type_marker_and_classifiers(tmp_path: Path) -> None:
    [wheel] = list(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        [metadata_name] = [n for n in names if n.endswith(".dist-info/METADATA")]
        [license_name] = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        metadata = HeaderParser().parsestr(archive.read(metadata_name).decode())
        license_text = archive.read(license_name).decode()
    assert "massage_coach/py.typed" in names
    assert metadata["License-Expression"] == "MIT"
    assert "Typing :: Typed" in metadata.get_all("Classifier", [])
    assert "Environment :: Console" in metadata.get_all("Classifier", [])
    assert license_text.startswith("MIT License")


def test_sdist_carries_license_and_changelog(tmp_path: Path) -> None:
    [sdist] = list(SdistBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "CHANGELOG.md", "src/massage_coach/py.typed"} <= names


def test_changelog_has_an_unreleased_section_first() -> None:
    headings = [
        line for line in (ROOT / "CHANGELOG.md").read_text().splitlines() if line.startswith("## ")
    ]
    assert headings[0] == "## [Unreleased]"
