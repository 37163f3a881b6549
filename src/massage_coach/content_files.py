"""Where content lives, by file name alone: no YAML, no pydantic, so it is cheap to import.

Shell completion and `--help` use this to offer ids without loading the library.
"""

from __future__ import annotations

from pathlib import Path


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
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def item_ids(kind: str, content_dir: Path | None = None) -> list[str]:
    """Ids of one kind from the file names (one item per file, named after its id)."""
    return [p.stem for p in item_files(content_dir or bundled_content_dir(), kind)]
