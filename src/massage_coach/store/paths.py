"""Where the user's files live: platformdirs folders, XDG variables, or MASSAGE_COACH_HOME.

`MASSAGE_COACH_HOME` puts everything (config, profiles, data, content packs) under one folder,
which is also what the tests use so they never touch the real home. Otherwise
`XDG_CONFIG_HOME` / `XDG_DATA_HOME` are honoured on every platform (platformdirs alone reads
them only on Linux), and the platform's usual folders are used when they are unset.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "massage-coach"
HOME_VARIABLE = "MASSAGE_COACH_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_VARIABLE)
    return Path(value).expanduser() if value else None


def _xdg(variable: str) -> Path | None:
    value = os.environ.get(variable)
    # The XDG spec: a relative path is invalid and must be ignored.
    return Path(value) / APP if value and Path(value).is_absolute() else None


def config_dir() -> Path:
    """The folder for config.yaml and profiles/ (not created here)."""
    home = _home()
    if home is not None:
        return home / "config"
    xdg = _xdg("XDG_CONFIG_HOME")
    if xdg is not None:
        return xdg
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False)


def data_dir() -> Path:
    """The folder for the history database, checkpoints and the user's content pack."""
    home = _home()
    if home is not None:
        return home / "data"
    xdg = _xdg("XDG_DATA_HOME")
    if xdg is not None:
        return xdg
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


def profiles_dir() -> Path:
    return config_dir() / "profiles"


def config_file() -> Path:
    return config_dir() / "config.yaml"


def history_db() -> Path:
    return data_dir() / "history.sqlite3"


def checkpoint_file() -> Path:
    return data_dir() / "checkpoint.json"


def user_content_dir() -> Path:
    """A content pack the user keeps in the data folder; read when it exists."""
    return data_dir() / "content"
