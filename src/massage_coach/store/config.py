"""The user's defaults: a YAML file validated by pydantic, overridden by MASSAGE_COACH_<KEY>.

Only keys the user set are written to the file, so a later release can change a built-in
default without the file pinning the old one. A bad value in the file is an error that names
the file, line and key, as a bad environment variable names the variable; only a file that is
no YAML mapping at all is damaged, kept aside, and the built-in defaults used.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import UsageError
from ..kinds.base import NO_OIL, Id, Pressure
from ..library import line_map
from ..names import did_you_mean, suggest
from . import paths
from .files import (
    CorruptFile,
    Loaded,
    atomic_write_text,
    dump_yaml,
    locked,
    plain_message,
    read_user_text,
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
    oil: Id | None = Field(
        default=None, description="The oil to use by default; none for no oil at all."
    )
    carrier: Id = Field(
        default="sunflower",
        description="The carrier oil an essential-oil blend is mixed in (nut-free by default).",
    )
    cues: CueStyle = Field(default="soft", description="full (bell and voice), soft or silent.")
    voice: bool = Field(default=True, description="Speak the cues where the machine can.")
    countdown: bool = Field(
        default=True, description="A 3-2-1 before each change (beeps, or spoken in full)."
    )
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

    @field_validator("oil", mode="before")
    @classmethod
    def _no_oil_in_any_case(cls, oil: object) -> object:
        """`oil: None` or `NONE` is `none`, as names are found in any case elsewhere."""
        if isinstance(oil, str) and oil.strip().casefold() == NO_OIL:
            return NO_OIL
        return oil

    @field_validator("content_packs")
    @classmethod
    def _expand_home(cls, folders: list[Path]) -> list[Path]:
        return [folder.expanduser() for folder in folders]


KEYS: tuple[str, ...] = tuple(Config.model_fields)


def normalise_key(key: str) -> str:
    """`giver-break-seconds` or `GIVER_BREAK_SECONDS` -> `giver_break_seconds`, or a
    UsageError that suggests the key meant or, failing that, lists them all."""
    name = key.strip().lower().replace("-", "_")
    if name not in KEYS:
        hint = suggest(name, KEYS)
        listing = "" if hint else f" Keys: {', '.join(KEYS)}."
        raise UsageError(f"Unknown config key '{key}'.{listing}", hint)
    return name


def _is_list(key: str) -> bool:
    annotation = str(Config.model_fields[key].annotation)
    return annotation.startswith("list[")


def parse_value(key: str, text: str) -> Any:
    """Text from the command line or environment -> the raw value pydantic will validate.

    Lists are comma-separated (an empty text is an empty list); an empty oil clears it (`none`
    is kept: no oil at all, as `--oil none`).
    """
    if _is_list(key):
        return [part.strip() for part in text.split(",") if part.strip()]
    if key == "oil" and not text.strip():
        return None
    return text.strip()


def clears(key: str, text: str) -> bool:
    """An empty value for a key that takes one (the oil, a list) clears the key from the file,
    as `config unset` does: the default applies again and nothing is left in the file for it."""
    return parse_value(key, text) in (None, [])


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


OTHER_VARIABLES = ("MASSAGE_COACH_HOME", "MASSAGE_COACH_TRACE")
"""The variables of ours that are not config keys (see paths and the session's trace)."""


def unknown_variables(env: Mapping[str, str]) -> list[str]:
    """A warning for each MASSAGE_COACH_* variable that massage-coach does not read (a typo
    would otherwise be ignored in silence), with the one probably meant."""
    known = sorted({ENV_PREFIX + key.upper() for key in KEYS} | set(OTHER_VARIABLES))
    warnings = []
    for name in sorted(env):
        if name.startswith(ENV_PREFIX) and name not in known:
            # Compared without the common prefix, which would make any two names look alike.
            hint = suggest(
                name.upper().removeprefix(ENV_PREFIX), [k[len(ENV_PREFIX) :] for k in known]
            )
            meant = (
                f"; did you mean {ENV_PREFIX}{hint}?"
                if hint
                else f" (they are {', '.join(known)})."
            )
            warnings.append(f"Environment variable {name} is not one massage-coach reads{meant}")
    return warnings


def _first_message(exc: ValidationError) -> str:
    return plain_message(exc.errors()[0])


def read_file_settings(path: Path | None = None) -> Loaded[dict[str, Any]]:
    """The keys set in the config file, as written (not validated: see `file_problems`).

    A file that is not a YAML mapping at all is damaged: it is kept aside and reported.
    """
    path = path or paths.config_file()
    try:
        data = read_yaml_mapping(path)
    except CorruptFile as exc:
        return Loaded({}, [f"{exc} Using the built-in defaults."])
    return Loaded(data or {})


class _Sorted(NamedTuple):
    good: dict[str, Any]
    """The valid keys, each value as the config keeps it (JSON-ready)."""
    bad: dict[str, str]
    """The bad or unknown keys, each with what is wrong."""


def _sorted_keys(data: Mapping[str, Any]) -> _Sorted:
    """The keys of `data`, valid and bad. Keys are independent, so each is checked on its own
    and a bad one is named alone (and a valid one is never lost to it)."""

    good: dict[str, Any] = {}
    bad: dict[str, str] = {}
    for key, value in data.items():
        if key not in KEYS:
            bad[key] = "not a config key" + did_you_mean(str(key), KEYS)
            continue
        try:
            good[key] = _validate({key: value}).model_dump(mode="json")[key]
        except ValidationError as exc:
            bad[key] = _first_message(exc)
    return _Sorted(good, bad)


def file_problems(data: Mapping[str, Any], path: Path | None = None) -> list[str]:
    """Each bad key in the file as `FILE:LINE: key: what is wrong`, with the way out."""
    bad = _sorted_keys(data).bad
    if not bad:
        return []
    path = path or paths.config_file()
    lines = line_map(path)
    return [
        f"{path}:{lines.get((key,), 1)}: {key}: {message} (fix it, or run `massage-coach config "
        f"unset {key}`)"
        for key, message in bad.items()
    ]


def _valid_part(data: Mapping[str, Any]) -> Config:
    """The config from the keys of `data` that are valid; a bad key keeps its default."""
    return _validate(_sorted_keys(data).good)


def load_config(
    env: Mapping[str, str] | None = None, path: Path | None = None, strict: bool = True
) -> Loaded[Config]:
    """Built-in defaults < the config file < MASSAGE_COACH_<KEY> variables.

    Raises UsageError (exit 2) for a bad value in the file (file, line and key) or in a
    variable (its name); a damaged file is kept aside instead, and the defaults are used.
    Not `strict` (`config show`), a bad key in the file keeps its default and is a notice.
    """
    env = os.environ if env is None else env
    settings = read_file_settings(path)
    problems = file_problems(settings.value, path)
    if problems and strict:
        raise UsageError("\n".join(problems))
    overrides = _env_overrides(env)
    notices = settings.notices + unknown_variables(env)
    if problems:
        return Loaded(_valid_part({**settings.value, **overrides}), notices + problems)
    return Loaded(_validate({**settings.value, **overrides}), notices)


def sources(env: Mapping[str, str] | None = None, path: Path | None = None) -> dict[str, str]:
    """Where each key's value comes from: `default`, `file` or the environment variable."""
    env = os.environ if env is None else env
    in_file = read_file_settings(path).value
    valid = _valid_part(in_file).model_fields_set
    result = {}
    for key in KEYS:
        variable = ENV_PREFIX + key.upper()
        if variable in env:
            result[key] = variable
        elif key in in_file:
            result[key] = "file" if key in valid else "default (bad value in file)"
        else:
            result[key] = "default"
    return result


def set_value(
    key: str, text: str, path: Path | None = None, check: Callable[[Config], None] | None = None
) -> Loaded[Config]:
    """Validate `key = text` (and `check` it with the rest of the file), then write atomically.

    Other keys stay as written, a bad one included (it is the user's to fix): it is reported
    in the notices, and left out of the config `check` sees. An empty value that `clears` the
    key removes it, as `unset_value` does.
    """
    path = path or paths.config_file()
    name = normalise_key(key)
    with locked(path):  # read, change and write with no other change in between
        if clears(name, text):
            return _unset_value(path, name)[1]
        return _set_value(path, name, text, check)


def _set_value(
    path: Path, name: str, text: str, check: Callable[[Config], None] | None
) -> Loaded[Config]:
    settings = read_file_settings(path)
    value = parse_value(name, text)
    try:
        _validate({name: value})
    except ValidationError as exc:
        raise UsageError(f"Bad value for {name}: {_first_message(exc)}.") from None
    data = {**settings.value, name: value}
    config = _valid_part(data)
    if check is not None:
        check(config)
    rewritten = _write(path, data, settings.value, name)
    return Loaded(config, settings.notices + rewritten + file_problems(data, path))


def unset_value(key: str, path: Path | None = None) -> tuple[str, Loaded[Config]]:
    """Remove `key` from the file so the built-in default applies again (a bad value too);
    the key removed, and the config after. A key the file has but the config does not know
    (a typo) can be removed as written; any other unknown key is a UsageError."""
    path = path or paths.config_file()
    with locked(path):  # read, change and write with no other change in between
        return _unset_value(path, key)


def _unset_value(path: Path, key: str) -> tuple[str, Loaded[Config]]:
    settings = read_file_settings(path)
    written = key.strip()
    try:
        name = written if written in settings.value and written not in KEYS else normalise_key(key)
    except UsageError as exc:  # still say that a damaged file was just kept aside
        raise UsageError("\n".join([*settings.notices, exc.message]), exc.suggestion) from None
    data = {k: v for k, v in settings.value.items() if k != name}
    rewritten = _write(path, data, settings.value, name) if name in settings.value else []
    notices = settings.notices + rewritten + file_problems(data, path)
    return name, Loaded(_valid_part(data), notices)


REWRITTEN_IN_FULL = "config.yaml was rewritten in full: its comments could not be kept"


def _write(path: Path, data: Mapping[str, Any], before: Mapping[str, Any], name: str) -> list[str]:
    """Write `data`, the file's keys `before` with `name` set or removed: only that key's
    lines change, and every other line (comments, blank lines, other keys as written) stays as
    it was. A layout the line editor cannot follow is rewritten in full, as a notice says when
    the file had anything that could be a comment."""
    try:
        text = read_user_text(path)
    except CorruptFile:  # read a moment ago under the same lock: a rewrite is all there is
        text = None
    if text is not None:
        intended = dict(data)
        if name in data:
            intended[name] = _sorted_keys({name: data[name]}).good.get(name, data[name])
        entry = dump_yaml({name: intended[name]}) if name in intended else None
        edited = _edit_entry(text, name, entry, name in before)
        if edited is not None and _loads_to(edited, intended):
            atomic_write_text(path, edited)
            return []
    _rewrite(path, data)
    return [REWRITTEN_IN_FULL] if text is not None and "#" in text else []


def _loads_to(text: str, data: Mapping[str, Any]) -> bool:
    import yaml  # deferred: as in read_yaml_mapping

    from ..library import SafeLoader

    try:
        loaded = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return False
    return (loaded or {}) == {key: data[key] for key in data} and _same_types(loaded or {}, data)


def _same_types(loaded: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    """`1 == True` and `1 == 1.0` in Python: a value that changed type is no match either."""
    return all(type(loaded[key]) is type(data[key]) for key in data if key in loaded)


_KEY_LINE = re.compile(
    r"""(?P<key>[^\s'"#\-?:&*!|>%@`{}\[\],][^:#]*?|'[^']*'|"[^"\\]*")\s*:(\s|$)"""
)
"""A top-level `key:` line (the key plain or simply quoted), at the start of a line."""


def _line_key(line: str) -> str | None:
    """The key a top-level `key: ...` line starts, None for any other line."""
    found = _KEY_LINE.match(line)
    if found is None:
        return None
    key = found.group("key")
    return key[1:-1] if key[:1] in "'\"" else key.rstrip()


def _is_item(line: str) -> bool:
    return line.rstrip("\r\n") == "-" or line.startswith(("- ", "-\t"))


def _is_continuation(line: str) -> bool:
    """A line that belongs to the entry above it: indented, or a block list item at the margin."""
    return line.startswith((" ", "\t")) or _is_item(line)


def _is_comment_or_blank(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _edit_entry(text: str, name: str, entry: str | None, present: bool) -> str | None:
    """`text` with the entry of top-level key `name` replaced by `entry` (appended when the
    key is absent; removed when `entry` is None), every other line as it was; None when the
    file's layout is one this line editor cannot follow (the caller then rewrites it whole),
    as when the key is `present` in the file but its line is not found.

    The entry is its `key:` line and the lines that continue it (indented lines, block list
    items); a comment on the key's own line goes with the value it describes. A comment line
    inside the entry (between list items) is kept, just above the new entry.
    """
    lines = text.splitlines(keepends=True)
    starts: list[int] = []
    for number, line in enumerate(lines):
        if _is_comment_or_blank(line) or _is_continuation(line):
            continue
        key = _line_key(line.removeprefix("\ufeff") if number == 0 else line)
        if key is None:  # a document marker, a flow mapping, an anchor, a complex key...
            return None
        if key == name:
            starts.append(number)
    if len(starts) > 1:
        return None
    if not starts:
        if entry is None or present:
            return None
        newline = "\r\n" if "\r\n" in text else "\n"
        if text and not text.endswith(("\n", "\r")):
            text += newline
        return text + entry.replace("\n", newline)
    start = starts[0]
    if entry is not None and lines[start].endswith("\r\n"):  # in the file's own line endings
        entry = entry.replace("\n", "\r\n")
    if entry is not None and start == 0 and text.startswith("\ufeff"):
        entry = "\ufeff" + entry
    end = start + 1
    last = start + 1  # one past the last line of the entry proper
    while end < len(lines) and (_is_continuation(lines[end]) or _is_comment_or_blank(lines[end])):
        end += 1
        if not _is_comment_or_blank(lines[end - 1]):
            last = end
    value = lines[start].split(":", 1)[1].strip() if ":" in lines[start] else ""
    block_scalar = value[:1] in ("|", ">")
    kept = (
        []
        if block_scalar
        else [line for line in lines[start + 1 : last] if line.strip().startswith("#")]
    )
    return "".join([*lines[:start], *kept, entry or "", *lines[last:]])


def _rewrite(path: Path, data: Mapping[str, Any]) -> None:
    """Write the keys the user set, in the model's order, valid ones as validated; a bad or
    unknown key is written back as it was (never dropped: it is the user's to fix)."""
    good = _sorted_keys(data).good
    order = [*(k for k in KEYS if k in data), *(k for k in data if k not in KEYS)]
    atomic_write_text(path, dump_yaml({key: good.get(key, data[key]) for key in order}))
