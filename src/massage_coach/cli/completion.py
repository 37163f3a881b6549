"""Shell completion from file names alone: no YAML, no pydantic, no content loaded.

Content ids come from the file names of every pack a command would read (bundled, the packs in
the config, the user's content folder, and any `--content DIR` already typed); profile names
from the profile files. The config file
is skimmed line by line for `content_packs` (the file `config set` writes), so completion never
imports the YAML parser; anything unusual there is simply not offered.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..content_files import bundled_content_dir, item_files, item_ids

PACKS_KEY = "content_packs"


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _packs_in_config(path: Path) -> list[Path]:
    """`content_packs` from a config file, block (`- dir`) or flow (`[a, b]`) style."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    found: list[str] = []
    for index, line in enumerate(lines):
        if not line.startswith(f"{PACKS_KEY}:"):
            continue
        rest = line.split(":", 1)[1].strip()
        if rest.startswith("[") and rest.endswith("]"):
            found = [_unquote(part) for part in rest[1:-1].split(",") if part.strip()]
        elif not rest:
            for item in lines[index + 1 :]:
                stripped = item.strip()
                if not stripped.startswith("- "):
                    break
                found.append(_unquote(stripped[2:]))
        break
    return [Path(folder).expanduser() for folder in found if folder]


def configured_pack_dirs() -> list[Path]:
    """The packs from MASSAGE_COACH_CONTENT_PACKS, else from the config file."""
    from ..store import paths  # deferred (not for `techniques --help`): the store

    variable = os.environ.get("MASSAGE_COACH_CONTENT_PACKS")
    if variable is not None:
        return [Path(p.strip()).expanduser() for p in variable.split(",") if p.strip()]
    return _packs_in_config(paths.config_file())


def _default_packs(extra: Sequence[Path] = ()) -> list[Path]:
    from ..store import paths  # deferred (not for `techniques --help`): the store

    return [bundled_content_dir(), *configured_pack_dirs(), paths.user_content_dir(), *extra]


def content_ids(kind: str, extra: Sequence[Path] = ()) -> list[str]:
    """Ids of one kind in every pack a command reads by default, and in `extra` packs (those
    typed with --content), sorted, each once."""
    ids: set[str] = set()
    for pack in _default_packs(extra):
        try:
            ids.update(item_ids(kind, pack))
        except OSError:
            continue  # an unreadable folder offers nothing; the command itself will say why
    return sorted(ids)


def area_aliases(extra: Sequence[Path] = ()) -> list[str]:
    """Area aliases (`shoulders`), skimmed from the `aliases: [...]` line of each area file."""
    found: set[str] = set()
    for pack in _default_packs(extra):
        try:
            files = item_files(pack, "areas")
            texts = [f.read_text(encoding="utf-8") for f in files]
        except (OSError, UnicodeDecodeError):
            continue
        for text in texts:
            for line in text.splitlines():
                rest = line.removeprefix("aliases:").strip()
                if rest != line.strip() and rest.startswith("[") and rest.endswith("]"):
                    found.update(_unquote(a) for a in rest[1:-1].split(",") if a.strip())
    return sorted(found)


NO_OIL = "none"
"""`--oil none`: no oil at all (the same word as `kinds.base.NO_OIL`, which is not imported
here: it would load pydantic)."""


def no_oil(extra: Sequence[Path] = ()) -> list[str]:
    """What `--oil` takes besides the oils in the content: `none`, no oil at all."""
    return [NO_OIL]


def profile_names(incomplete: str) -> list[str]:
    """Profile names from the file names alone (no parsing: completion stays instant)."""
    from ..store import paths  # deferred (not for `techniques --help`): the store

    folder = paths.profiles_dir()
    try:
        names = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    except OSError:
        names = []
    return [n for n in names if n.startswith(incomplete.casefold())]
