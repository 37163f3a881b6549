"""Writing the user's files safely and setting damaged ones aside, never deleting them.

Every file massage-coach keeps for the user is written whole or not at all: a temporary file in
the same folder, flushed to disk, then renamed over the old one (a rename within one folder is
atomic). A file that cannot be read back is renamed to `NAME.corrupt-YYYYmmdd-HHMMSS` so the
user can still recover it, and the coach carries on with defaults.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..errors import CoachError

T = TypeVar("T")

MAX_USER_FILE_BYTES = 1024 * 1024
"""A profile, config or checkpoint larger than this is treated as damaged (none comes close)."""

LOCK_TIMEOUT_SECONDS = 10.0
"""How long a change waits for another massage-coach changing the same file."""

STALE_TEMP_SECONDS = 15 * 60
"""A temporary file older than this was left by a write that was killed: it is removed."""


class StoreError(CoachError):
    """A user file could not be written or read (a full disk, a read-only folder, ...)."""


class CorruptFile(CoachError):
    """A user file could not be understood. It has been kept aside under `kept_as`."""

    def __init__(
        self, path: Path, reason: str, kept_as: Path | None, left_alone: bool = False
    ) -> None:
        self.path = path
        self.reason = reason
        self.kept_as = kept_as
        if left_alone:
            where = "; it is left as it is"
        elif kept_as:
            where = f"; kept aside as {kept_as.name}"
        else:
            where = "; it could not be moved aside and was left as it is"
        super().__init__(f"{path}: {reason}{where}.")


@dataclass
class Loaded(Generic[T]):
    """A value read from the user's files, with what the user should be told about it."""

    value: T
    notices: list[str] = field(default_factory=list)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step: the old content or the new, never half of each.

    A symbolic link (a config kept with the user's dotfiles) is written through to its target,
    never replaced by a plain file. The new file is readable by its owner only (it may hold
    health notes). Temporary files a killed write left beside it are cleaned up.
    """
    if path.is_symlink():
        path = path.resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StoreError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StoreError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    _sync_folder(path.parent)
    _remove_stale_temporaries(path)


def _remove_stale_temporaries(path: Path) -> None:
    """Remove `.NAME.*.tmp` files a killed write left (old ones only: a write under way in
    another process is never touched)."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    for temp in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if temp.stat().st_mtime < cutoff:
                temp.unlink()


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None, folder: Path | None = None) -> Iterator[None]:
    """Hold the lock of `path` (`.NAME.lock` beside it, or in `folder`) for a
    read-modify-write: another massage-coach changing the same file waits for this one, so
    neither change is lost.

    A StoreError when the lock cannot be had within `timeout` seconds or at all.
    """
    from filelock import FileLock, Timeout  # deferred: 25 ms; only a write takes the lock

    lock_path = (folder or path.parent) / f".{path.name}.lock"
    wait = LOCK_TIMEOUT_SECONDS if timeout is None else timeout
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(lock_path, timeout=wait, mode=0o600)
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"{path} is being changed by another massage-coach; try again in a moment."
        ) from None
    except OSError as exc:
        raise StoreError(f"Cannot change {path}: {exc.strerror or exc}.") from None
    try:
        yield
    finally:
        lock.release()


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def keep_aside(path: Path, now: datetime | None = None) -> Path | None:
    """Rename a damaged file to `NAME.corrupt-YYYYmmdd-HHMMSS` (never over another one).

    Returns the new path, or None when the file could not be renamed (it is then left alone).
    """
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    try:
        path.rename(target)
    except OSError:
        return None
    return target


def read_user_text(path: Path) -> str | None:
    """The text of a user file, None when it does not exist.

    Raises CorruptFile (after keeping the file aside) when it cannot be read, is not UTF-8 or
    is absurdly large: the coach then carries on without it and the user keeps the file. Only
    a regular file is read, and never more than the cap (a pipe would hang, a device or a huge
    sparse file would fill the memory): anything else is left as it is and reported.
    """
    raw = _read_capped(path, MAX_USER_FILE_BYTES)
    if raw is None:
        return None
    if len(raw) > MAX_USER_FILE_BYTES:
        raise CorruptFile(path, "the file is far too large to be ours", keep_aside(path))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorruptFile(
            path, f"not UTF-8 text (bad byte at offset {exc.start})", keep_aside(path)
        ) from None


def _read_capped(path: Path, cap: int) -> bytes | None:
    """At most `cap` + 1 bytes of the regular file at `path`; None when there is none."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: opening a FIFO with no writer must not hang
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CorruptFile(
            path, f"cannot be read ({exc.strerror or exc})", None, left_alone=True
        ) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise CorruptFile(
                path, "not a regular file (a pipe, a device or a folder)", None, left_alone=True
            )
        try:
            return handle.read(cap + 1)
        except OSError as exc:
            raise CorruptFile(
                path, f"cannot be read ({exc.strerror or exc})", keep_aside(path)
            ) from None


def read_yaml_mapping(path: Path) -> dict[str, Any] | None:
    """A YAML file holding one mapping, None when missing; CorruptFile (kept aside) otherwise."""
    # deferred: YAML and the content loader cost `history` 30 ms, which reads no YAML
    import yaml

    from ..library import SafeLoader

    text = read_user_text(path)
    if text is None:
        return None
    try:
        data = yaml.load(text, Loader=SafeLoader)  # SafeLoader: plain data only
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}" if mark else ""
        reason = f"not valid YAML{where} ({exc.problem or exc.context})"
        raise CorruptFile(path, reason, keep_aside(path)) from None
    except yaml.YAMLError as exc:
        raise CorruptFile(path, f"not valid YAML ({exc})", keep_aside(path)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict) or not all(isinstance(key, str) for key in data):
        raise CorruptFile(path, "expected a mapping of fields at the top", keep_aside(path))
    return data


def dump_yaml(data: dict[str, Any]) -> str:
    import yaml  # deferred: as in read_yaml_mapping

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


AREA_FIELDS = {"focus", "avoid"}
"""Fields that hold area names, whose errors list the known areas."""


def _shown(value: object) -> str:
    """A value as the user typed it, quoted if text, shortened if long."""
    numeric = isinstance(value, str) and value.replace(".", "", 1).isdigit()
    text = repr(value) if isinstance(value, str) and not numeric else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _as_name(text: str) -> str:
    """How a name is written here: lower-case words joined by hyphens ("lower back" ->
    "lower-back"); "" when nothing of it is left."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def _known_areas() -> str:
    from ..library import bundled_library  # deferred: only a refused area name lists them

    try:
        return ", ".join(bundled_library().areas)
    except Exception:  # the content itself is broken: say the rest without the list
        return ""


def _bound(limit: object) -> str:
    """A limit as the user would write it: 0 rather than 0.0."""
    return f"{limit:g}" if isinstance(limit, float) else str(limit)


def plain_message(error: Any) -> str:
    """One pydantic error in the user's words: what was given and what is expected, with no
    patterns and no type names, e.g. "'lower back' is not an area name; use lower-back"."""
    kind = str(error["type"])
    value = error.get("input")
    context = error.get("ctx") or {}
    field = str(error["loc"][0]) if error.get("loc") else ""
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    if kind == "string_pattern_mismatch":
        area = field in AREA_FIELDS
        what = "an area name" if area else "a name"
        use = _as_name(value) if isinstance(value, str) else ""
        known = _known_areas() if area else ""
        advice = f"; use {use}" if use else "; names are lower-case words joined by hyphens"
        return f"{_shown(value)} is not {what}{advice}" + (f" (known: {known})" if known else "")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{_shown(value)} is not a whole number"
    if kind in ("float_parsing", "float_type"):
        return f"{_shown(value)} is not a number"
    if kind in ("bool_parsing", "bool_type"):
        return f"{_shown(value)} is not yes or no"
    if kind == "less_than_equal":
        return f"{_shown(value)} is more than {_bound(context.get('le'))}"
    if kind == "less_than":
        return f"{_shown(value)} is not less than {_bound(context.get('lt'))}"
    if kind == "greater_than_equal":
        return f"{_shown(value)} is less than {_bound(context.get('ge'))}"
    if kind == "greater_than":
        return f"{_shown(value)} is not more than {_bound(context.get('gt'))}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected its fields, one per line below it (name: value)"
    if kind == "string_type":
        return f"{_shown(value)} is not text: put it in quotes"
    if kind == "list_type":
        return f"{_shown(value)} is not a list: write [a, b], or one per line starting with '- '"
    if kind in ("literal_error", "enum"):
        expected = str(context.get("expected", "")).replace("'", "")
        return f"{_shown(value)} is not one of: {expected}"
    if kind in ("string_too_long", "too_long"):
        return f"too long (at most {context.get('max_length')})"
    return str(error["msg"]).replace("Input should be", "expected")


def describe_validation(exc: Any) -> str:
    """A pydantic ValidationError as one short line: `field: message; field: message` (a list
    item is named by its field: the value shown says which)."""
    parts = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"] if not isinstance(part, int)]
        parts.append(f"{'.'.join(loc) or '(file)'}: {plain_message(error)}")
    return "; ".join(parts)
