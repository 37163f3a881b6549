"""The `--content DIR` option every content-reading command shares, and the one way to get the
library for a command's options: bundled content, then configured packs, then the user's
content folder, then `--content` folders, each overriding the earlier ones by id.

Commands call `library_for(content)` (or `catalog_for` when they need where items came from);
the result is cached per process. Nothing heavy is imported until a command runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..content_files import YAML_SUFFIXES
from ..errors import UsageError

if TYPE_CHECKING:
    from ..library import Catalog
    from ..models import Library

ContentOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--content",
        help="A content pack folder to add; later packs override earlier ones by id (repeatable).",
        file_okay=False,
        dir_okay=True,
        show_default=False,
        metavar="DIR",
    ),
]


_NOT_SETTINGS = ("MASSAGE_COACH_HOME", "MASSAGE_COACH_TRACE")
"""Environment variables of ours that are not config settings (MASSAGE_COACH_<KEY>)."""


def configured_packs() -> list[Path]:
    """Pack folders listed in the user's config (`content_packs`, or the environment variable
    MASSAGE_COACH_CONTENT_PACKS), in order."""
    from ..store import paths  # deferred (not for `techniques --help`): the store

    settings = [k for k in os.environ if k.startswith("MASSAGE_COACH_") and k not in _NOT_SETTINGS]
    if not settings and not paths.config_file().exists():
        return []  # nothing is configured, so the config model need not be built (~4 ms)
    # deferred, not for --help: pydantic, YAML and the content
    from ..store.config import load_config

    return list(load_config().value.content_packs)


def packs_for(content: list[Path] | None) -> list[Path]:
    """The packs a command reads for these `--content` values, in loading order; a UsageError
    when a configured or given folder is plainly not a content pack."""
    from ..store.paths import default_packs  # deferred (not for `techniques --help`)

    configured = configured_packs()
    for folder in configured:
        check_pack(folder, "set in content_packs; see `massage-coach config show`")
    for folder in content or []:
        check_pack(folder, "given with --content")
    return default_packs(configured=configured, extra=content or [])


def check_pack(folder: Path, origin: str) -> None:
    """A UsageError, saying where the folder was named (`origin`), if it does not exist, or if
    it holds things but none of the kind folders (strokes/, areas/, ...) nor a YAML file at its
    top: a mistaken folder (a home or /tmp) would otherwise be read file by file, one error
    each. An unreadable or empty folder is left to the loader."""
    from ..kinds import KIND_FOLDERS  # deferred (not for `techniques --help`)

    if not folder.expanduser().is_dir():
        raise UsageError(f"{folder}: content folder not found ({origin}).")
    try:
        with os.scandir(folder.expanduser()) as found:
            entries = [e for e in found if not e.name.startswith(".")]
        looks_like_pack = any(
            (e.name in KIND_FOLDERS and e.is_dir()) or e.name.endswith(YAML_SUFFIXES)
            for e in entries
        )
    except OSError:
        return
    if not entries or looks_like_pack:
        return
    kinds = ", ".join(f"{kind}/" for kind in KIND_FOLDERS)
    raise UsageError(
        f"'{folder}' does not look like a content pack: it has none of {kinds} and no YAML "
        f"file at its top ({origin})."
    )


def catalog_for(content: list[Path] | None = None, kinds: Iterable[str] | None = None) -> Catalog:
    """The combined packs for these options, with each item's source; cached per process.
    `kinds` loads only those kinds (see `load_packs`)."""
    # deferred, not for --help: pydantic, YAML and the content
    from ..library import load_packs_cached

    return load_packs_cached(tuple(packs_for(content)), None if kinds is None else frozenset(kinds))


def library_for(content: list[Path] | None = None, kinds: Iterable[str] | None = None) -> Library:
    """The library a command should use for its `--content` values (a ContentError if broken);
    a command that shows only some kinds names them in `kinds`, so only those are read."""
    return catalog_for(content, kinds).library
