"""Where the user's files live: platformdirs folders, XDG variables, or MASSAGE_COACH_HOME.

`MASSAGE_COACH_HOME` puts everything (config, profiles, data, content packs) under one folder,
which is also what the tests use so they never touch the real home. Otherwise
`XDG_CONFIG_HOME` / `XDG_DATA_HOME` are honoured on every platform (platformdirs alone reads
them only on Linux), and the platform's usual folders are used when they are unset.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from ..content_files import bundled_content_dir

APP = "massage-coach"
HOME_VARIABLE = "MASSAGE_COACH_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_VARIABLE)
    return Path(value).expanduser() if value else None


def _xdg(variable: str) -> Path | None:
    value = os.environ.get(variable)
    # The XDG spec: a relative path is invalid and must be ignored.
    return Path(value) / APP if value and Path(value).is_absolute() else None


def _app_dir(kind: Literal["config", "data"]) -> Path:
    """MASSAGE_COACH_HOME/<kind>, else $XDG_<KIND>_HOME/massage-coach, else the platform's user
    folder of that kind."""
    home = _home()
    if home is not None:
        return home / kind
    xdg = _xdg(f"XDG_{kind.upper()}_HOME")
    if xdg is not None:
        return xdg
    import platformdirs  # deferred: 9 ms; MASSAGE_COACH_HOME or XDG_* need none of it

    if kind == "config":
        return platformdirs.user_config_path(APP, appauthor=False)
    return platformdirs.user_data_path(APP, appauthor=False)


def config_dir() -> Path:
    """The folder for config.yaml and profiles/ (not created here)."""
    return _app_dir("config")


def data_dir() -> Path:
    """The folder for the history database, checkpoints and the user's content pack."""
    return _app_dir("data")


def profiles_dir() -> Path:
    return config_dir() / "profiles"


def config_file() -> Path:
    return config_dir() / "config.yaml"


def history_db() -> Path:
    return data_dir() / "history.sqlite3"


def checkpoints_dir() -> Path:
    """One checkpoint per running (or cut-short) session, each with its lock file."""
    return data_dir() / "checkpoints"


def checkpoint_file() -> Path:
    """Where releases before per-session checkpoints kept their one checkpoint."""
    return data_dir() / "checkpoint.json"


def user_content_dir() -> Path:
    """A content pack the user keeps in the data folder; read when it exists."""
    return data_dir() / "content"


def default_packs(configured: Sequence[Path] = (), extra: Sequence[Path] = ()) -> list[Path]:
    """The packs to load, in order: bundled, `configured` (from config), the user's content
    folder when it exists, then `extra` (`--content`). A folder named twice keeps its last place.
    """
    user = user_content_dir()
    packs = [bundled_content_dir(), *configured, *([user] if user.is_dir() else []), *extra]
    packs = [p.expanduser() for p in packs]
    seen: set[Path] = set()
    ordered: list[Path] = []
    for pack in reversed(packs):
        key = pack.resolve() if pack.exists() else pack
        if key not in seen:
            seen.add(key)
            ordered.append(pack)
    return ordered[::-1]
