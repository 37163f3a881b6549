"""Where content lives, by file name alone: no YAML, no pydantic, so it is cheap to import.

Shell completion and `--help` use this to offer ids without loading the library; the loader uses
`pack_files` to find (and refuse to guess about) every YAML file in a content pack.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import Problem
from .names import suggest

YAML_SUFFIXES = (".yaml", ".yml")

MAX_PACK_ENTRIES = 20_000
"""Scanning stops with an error after this many folder entries: a pack is a few hundred files,
and a mistyped `--content ~` must fail fast rather than walk a whole home folder."""


def bundled_content_dir() -> Path:
    """The content shipped in the wheel, or the repository's top-level `content/`."""
    # The wheel puts content/ inside the package folder. Found from __file__ rather than with
    # importlib.resources, whose import (tempfile, zip support) costs shell completion ~3 ms.
    packaged = Path(__file__).resolve().parent / "content"
    if packaged.is_dir():
        return packaged
    # A source checkout or an editable install: content/ sits beside src/.
    return Path(__file__).resolve().parents[2] / "content"


def item_files(content_dir: Path, kind: str) -> list[Path]:
    """The YAML files of one kind in a content folder, sorted by name."""
    folder = content_dir / kind
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


def item_ids(kind: str, content_dir: Path | None = None) -> list[str]:
    """Ids of one kind from the file names (one item per file, named after its id)."""
    return [p.stem for p in item_files(content_dir or bundled_content_dir(), kind)]


def _is_yaml(name: str) -> bool:
    return name.endswith(YAML_SUFFIXES)


def pack_files(  # noqa: C901 - one walk of a pack, each kind of misplaced file said once
    pack: Path, kinds: Iterable[str]
) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Every YAML file in `pack` as (kind, path), plus a problem for each file it cannot place.

    A file belongs directly in a kind folder (`strokes/x.yaml`); one at the top, in an unknown
    folder or in a nested folder is an error. Hidden folders (`.git`, `.github`) are skipped and
    links to folders are not followed.
    """
    kinds = list(kinds)
    folders = ", ".join(f"{k}/" for k in kinds)
    if not pack.is_dir():
        return [], [Problem(pack, None, None, "content folder not found")]
    placed: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    budget = [MAX_PACK_ENTRIES]

    def entries(folder: Path) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(folder) as scan:
                found = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(folder, None, None, f"cannot read the folder ({exc.strerror})"))
            return []
        budget[0] -= len(found)
        return found

    def yaml_below(folder: Path) -> list[Path]:
        found: list[Path] = []
        for entry in entries(folder):
            if budget[0] < 0:
                break
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                found.extend(yaml_below(Path(entry.path)))
            elif _is_yaml(entry.name):
                found.append(Path(entry.path))
        return found

    for top in entries(pack):
        if top.name.startswith("."):
            continue
        path = Path(top.path)
        if top.is_dir(follow_symlinks=False) or (top.is_dir() and top.name in kinds):
            if top.name not in kinds:
                close = suggest(top.name, kinds)
                hint = f"did you mean '{close}/'?" if close else f"content goes in {folders}"
                problems.extend(
                    Problem(f, None, None, f"'{top.name}/' is not a kind of content; {hint}")
                    for f in yaml_below(path)
                )
                continue
            for entry in entries(path):
                if entry.name.startswith("."):
                    continue
                inner = Path(entry.path)
                if entry.is_dir(follow_symlinks=False):
                    problems.extend(
                        Problem(
                            f, None, None, f"nested folders are not read; move it to {top.name}/"
                        )
                        for f in yaml_below(inner)
                    )
                elif not _is_yaml(entry.name):
                    continue
                elif not entry.is_file():
                    problems.append(Problem(inner, None, None, "not a regular file"))
                else:
                    placed.append((top.name, inner))
        elif _is_yaml(top.name):
            problems.append(
                Problem(path, None, None, f"not in a kind folder; move it to one of {folders}")
            )
        if budget[0] < 0:
            break
    if budget[0] < 0:
        message = f"more than {MAX_PACK_ENTRIES} files and folders: is this a content pack?"
        return [], [Problem(pack, None, None, message)]
    return placed, problems
