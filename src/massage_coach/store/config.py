"""The user's defaults: a YAML file validated by pydantic, overridden by MASSAGE_COACH_<KEY>.

Only keys the user set are written to the file, so a later release can change a built-in
default without the file pinning the old one. A damaged file is kept aside and the built-in
defaults are used; a bad environment variable is an error that names the variable.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import UsageError
from ..kinds.base import Id, Pressure
from . import paths
from .files import (
    CorruptFile,
    Loaded,
    atomic_write_text,
    describe_validation,
    dump_yaml,
    keep_aside,
    read_yaml_mapping,
)

ENV_PREFIX = "MASSAGE_COACH_"

CueStyle = Literal["full", "soft", "silent"]


class Config(BaseModel):
    """Defaults for every session and plan; the command line and a profile win over them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pressure: Pressure = Field(default=Pressure.medium, description="Firmest level by default.")
    minutes: int = Field(default=20, ge=5, le=90, description="Session length, 5-90.")
    focus: list[Id] = Field(default=[], description="Areas to focus on by default.")
    avoid: list[Id] = Field(default=[], description="Areas always left out.")
    oil: Id | None = Field(default=None, description="The oil to use by default.")
    cues: CueStyle = Field(default="soft", description="full (bell and voice), soft or silent.")
    voice: bool = Field(default=True, description="Speak the cues where the machine can.")
    content_packs: list[Path] = Field(
        default=[], description="Extra content folders, read after the bundled one."
    )
    giver_break_every_minutes: int = Field(
        default=20, ge=5, le=60, description="A hand and wrist break this often (minutes)."
    )
    giver_break_seconds: int = Field(
        default=30, ge=30, le=300, description="Length of a giver break (seconds)."
    )
    daily_load_limit: float = Field(
        default=60, gt=0, le=1000, description="Workload in a day above which the coach warns."
    )
    weekly_load_limit: float = Field(
        default=240, gt=0, le=5000, description="Workload in 7 days above which the coach warns."
    )
    rest_between_sessions_minutes: int = Field(
        default=30, ge=0, le=720, description="Less rest than this between sessions is a warning."
    )

    @field_validator("content_packs")
    @classmethod
    def _expand_home(cls, folders: list[Path]) -> list[Path]:
        return [folder.expanduser() for folder in folders]


KEYS: tuple[str, ...] = tuple(Config.model_fields)


def normalise_key(key: str) -> str:
    """`giver-break-seconds` or `GIVER_BREAK_SECONDS` -> `giver_break_seconds`, or UsageError."""
    from ..library import suggest

    name = key.strip().lower().replace("-", "_")
    if name not in KEYS:
        raise UsageError(f"Unknown config key '{key}'.", suggest(name, KEYS))
    return name


def _is_list(key: str) -> bool:
    annotation = str(Config.model_fields[key].annotation)
    return annotation.startswith("list[")


def parse_value(key: str, text: str) -> Any:
    """Text from the command line or environment -> the raw value pydantic will validate.

    Lists are comma-separated (an empty text is an empty list); `none` clears an optional key.
    """
    if _is_list(key):
        return [part.strip() for part in text.split(",") if part.strip()]
    if key == "oil" and text.strip().lower() in ("", "none"):
        return None
    return text.strip()


def _validate(data: Mapping[str, Any]) -> Config:
    return Config.model_validate(dict(data), strict=False)


def _env_overrides(env: Mapping[str, str]) -> dict[str, Any]:
    """Values from MASSAGE_COACH_<KEY> variables, each validated on its own to name the culprit."""
    overrides: dict[str, Any] = {}
    for key in KEYS:
        variable = ENV_PREFIX + key.upper()
        if variable not in env:
            continue
        value = parse_value(key, env[variable])
        try:
            _validate({key: value})
        except ValidationError as exc:
            raise UsageError(
                f"Environment variable {variable}={env[variable]!r}: {_first_message(exc)}."
            ) from None
        overrides[key] = value
    return overrides


def _first_message(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return str(error["msg"])


def read_file_settings(path: Path | None = None) -> Loaded[dict[str, Any]]:
    """The keys set in the config file; a damaged file is kept aside and reported."""
    path = path or paths.config_file()
    try:
        data = read_yaml_mapping(path)
    except CorruptFile as exc:
        return Loaded({}, [f"{exc} Using the built-in defaults."])
    if data is None:
        return Loaded({})
    try:
        _validate(data)
    except ValidationError as exc:
        kept = keep_aside(path)
        problem = CorruptFile(path, f"not a valid config ({describe_validation(exc)})", kept)
        return Loaded({}, [f"{problem} Using the built-in defaults."])
    return Loaded(data)


def load_config(env: Mapping[str, str] | None = None, path: Path | None = None) -> Loaded[Config]:
    """Built-in defaults < the config file < MASSAGE_COACH_<KEY> variables.

    Raises UsageError (exit 2) for a bad environment value; never for a damaged file.
    """
    env = os.environ if env is None else env
    settings = read_file_settings(path)
    merged = {**settings.value, **_env_overrides(env)}
    return Loaded(_validate(merged), settings.notices)


def sources(env: Mapping[str, str] | None = None, path: Path | None = None) -> dict[str, str]:
    """Where each key's value comes from: `default`, `file` or the environment variable."""
    env = os.environ if env is None else env
    in_file = read_file_settings(path).value
    result = {}
    for key in KEYS:
        variable = ENV_PREFIX + key.upper()
        result[key] = variable if variable in env else "file" if key in in_file else "default"
    return result


def set_value(
    key: str, text: str, path: Path | None = None, check: Callable[[Config], None] | None = None
) -> Loaded[Config]:
    """Validate `key = text` with the rest of the file (and `check`), then write atomically."""
    path = path or paths.config_file()
    name = normalise_key(key)
    settings = read_file_settings(path)
    data = {**settings.value, name: parse_value(name, text)}
    try:
        config = _validate(data)
    except ValidationError as exc:
        raise UsageError(f"Bad value for {name}: {text!r}: {_first_message(exc)}.") from None
    if check is not None:
        check(config)
    _write(path, data, config)
    return Loaded(config, settings.notices)


def unset_value(key: str, path: Path | None = None) -> Loaded[Config]:
    """Remove `key` from the file so the built-in default applies again."""
    path = path or paths.config_file()
    name = normalise_key(key)
    settings = read_file_settings(path)
    data = {k: v for k, v in settings.value.items() if k != name}
    config = _validate(data)
    if name in settings.value:
        _write(path, data, config)
    return Loaded(config, settings.notices)


def _write(path: Path, data: Mapping[str, Any], config: Config) -> None:
    """Write the keys the user set, in the model's order, as their validated values."""
    dumped = config.model_dump(mode="json")
    atomic_write_text(path, dump_yaml({key: dumped[key] for key in KEYS if key in data}))
