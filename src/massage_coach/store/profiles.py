"""Profiles: the people the giver massages again and again, one YAML file each.

A profile's file name is its name folded to lower case with spaces as hyphens (`Anna Lee` is
`anna-lee.yaml`), so names match whatever their case. A damaged file is kept aside and the
other profiles still load; one that reads but holds a bad value stays where it is, and the error
says what to fix (running without it could drop an allergy or an area to avoid).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ..answers import Answer
from ..errors import UsageError
from ..kinds.base import Id, Pressure
from ..library import line_map
from ..names import suggest
from ..safe_text import first_unsafe, sanitise
from . import paths
from .files import (
    CorruptFile,
    Loaded,
    StoreError,
    atomic_write_text,
    describe_validation,
    dump_yaml,
    locked,
    plain_message,
    read_yaml_mapping,
)

NAME_PATTERN = r"^[^\W_][\w' .-]{0,39}$"
"""Letters or digits first, then letters, digits, spaces, apostrophes, dots, hyphens (40 max)."""

ProfileName = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=NAME_PATTERN, max_length=40)
]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


REMEMBER_DAYS = 30
"""How long a person's long-term caution answers are offered again (never the daily ones)."""


class Remembered(BaseModel):
    """The long-term caution answers of this person's last full screening, and its date."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    on: date
    answers: dict[Id, Answer]


class Profile(BaseModel):
    """What the giver knows about one recipient. Ids are checked against the content on use."""

    # Python's re, as `validate_name` uses: the Rust engine takes ~20 ms to compile the
    # Unicode classes of NAME_PATTERN, on every command that reads a profile.
    model_config = ConfigDict(extra="forbid", frozen=True, regex_engine="python-re")

    name: ProfileName
    pressure: Pressure | None = None
    focus: list[Id] = Field(default=[], description="Areas to spend most time on.")
    avoid: list[Id] = Field(default=[], description="Areas always left out.")
    allergies: list[Id] = Field(
        default=[],
        description="Oil ids (sweet-almond), oil families (nut) or conditions (nut-allergy).",
    )
    notes: Notes | None = None
    screening: Remembered | None = Field(
        default=None,
        description="Long-term caution answers (pregnancy, blood thinners, ...) from the last "
        "screening in a terminal, offered again for 30 days; the daily stop questions are "
        "never kept.",
    )

    @property
    def key(self) -> str:
        return profile_key(self.name)


def profile_key(name: str) -> str:
    """The file stem for a profile name: case-folded, runs of spaces as one hyphen."""
    return re.sub(r"\s+", "-", name.strip()).casefold()


def validate_name(name: str) -> str:
    """The name, stripped, or a UsageError saying what a name may contain."""
    stripped = name.strip()
    if not re.match(NAME_PATTERN, stripped) or "/" in stripped or stripped.startswith("."):
        raise UsageError(
            f"'{name}' is not a usable profile name: use 1-40 letters, digits, spaces, "
            "hyphens, dots or apostrophes, starting with a letter or digit."
        )
    return stripped


def profile_path(name: str, folder: Path | None = None) -> Path:
    return (folder or paths.profiles_dir()) / f"{profile_key(validate_name(name))}.yaml"


def _read(path: Path) -> Profile:
    """Load one profile file; CorruptFile (kept aside) when it is not a YAML mapping, and
    UsageError (the file left as it is) naming the line and field of a bad value."""
    data = read_yaml_mapping(path)
    if data is None:
        raise FileNotFoundError(path)
    data = _sanitised(data)  # edited by hand, it may hold what the command line refuses
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise UsageError(_bad_value(path, exc)) from None
    if profile.key != path.stem:
        # Renamed by hand: trust the file name, so the profile is found where it lives.
        profile = profile.model_copy(update={"name": path.stem})
    return profile


def _bad_value(path: Path, exc: ValidationError) -> str:
    """The first bad value in a profile file as `FILE:LINE: field: what is wrong`."""
    error = exc.errors()[0]
    loc = tuple(error["loc"])
    lines = line_map(path)
    line = next((lines[loc[:end]] for end in range(len(loc), 0, -1) if loc[:end] in lines), 1)
    field = ".".join(str(part) for part in loc if not isinstance(part, int)) or "(file)"
    return f"{path}:{line}: {field}: {plain_message(error)} (fix it in the file)."


def _sanitised(value: Any) -> Any:
    """`value` with control and format characters in its text made inert (see safe_text)."""
    if isinstance(value, str):
        return sanitise(value)
    if isinstance(value, list):
        return [_sanitised(item) for item in value]
    if isinstance(value, dict):
        return {key: _sanitised(item) for key, item in value.items()}
    return value


def list_profiles(folder: Path | None = None) -> Loaded[list[Profile]]:
    """Every readable profile, sorted by name; damaged ones are kept aside and reported, and
    one with a bad value is reported and left as it is."""
    folder = folder or paths.profiles_dir()
    loaded: Loaded[list[Profile]] = Loaded([])
    if not folder.is_dir():
        return loaded
    for path in sorted(folder.glob("*.yaml")):
        try:
            loaded.value.append(_read(path))
        except (CorruptFile, UsageError) as exc:
            loaded.notices.append(str(exc))
        except FileNotFoundError:
            continue  # removed while we looked
    loaded.value.sort(key=lambda p: p.name.casefold())
    return loaded


def load_profile(name: str, folder: Path | None = None) -> Profile:
    """The profile called `name` (any case).

    Raises UsageError with a did-you-mean when there is none or naming a bad value in its
    file, CorruptFile (exit 2, file kept aside) when its file is damaged: a session may catch
    that and run without the profile.
    """
    folder = folder or paths.profiles_dir()
    path = profile_path(name, folder)
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    known = [p.stem for p in folder.glob("*.yaml")] if folder.is_dir() else []
    hint = suggest(profile_key(name), known)
    if not known:
        raise UsageError(
            f"No profile '{name}': there are no profiles yet "
            f"(add one with `massage-coach profile add {name}`)."
        )
    raise UsageError(f"No profile '{name}'.", hint)


def load_for_session(name: str, folder: Path | None = None) -> Loaded[Profile | None]:
    """The profile for `session --profile` / `plan --profile`.

    An unknown name or a bad value in the file is still a UsageError (a typo should not drop
    an allergy list), but a file that cannot be read at all only means the session runs
    without it, with a notice naming the file.
    """
    try:
        return Loaded(load_profile(name, folder))
    except CorruptFile as exc:
        return Loaded(None, [f"{exc} Running without the profile."])


def remembered(profile: Profile, today: date) -> Remembered | None:
    """The person's remembered caution answers, if given at most `REMEMBER_DAYS` ago."""
    kept = profile.screening
    if kept is None or not 0 <= (today - kept.on).days <= REMEMBER_DAYS:
        return None
    return kept


def remember_screening(
    name: str, answers: dict[str, Answer], today: date, folder: Path | None = None
) -> None:
    """Keep these long-term answers in the person's profile, dated today."""
    with changing(name, folder):
        current = load_profile(name, folder)
        kept = Remembered(on=today, answers=answers)
        save_profile(current.model_copy(update={"screening": kept}), folder)


def save_profile(profile: Profile, folder: Path | None = None) -> Path:
    """Write the profile atomically (StoreError when the folder cannot be written)."""
    path = profile_path(profile.name, folder)
    data = profile.model_dump(mode="json", exclude_defaults=True)
    data = {"name": profile.name, **{k: v for k, v in data.items() if k != "name"}}
    atomic_write_text(path, dump_yaml(data))
    return path


@contextlib.contextmanager
def changing(name: str, folder: Path | None = None) -> Iterator[None]:
    """Hold the lock of one person's profile while it is read, changed and written, so two
    edits at once both land (StoreError when another one holds it for too long)."""
    with locked(profile_path(name, folder), folder=_locks(folder)):
        yield


def _locks(folder: Path | None) -> Path:
    """The profiles' lock files live beside their folder, which holds only the profiles."""
    return (folder or paths.profiles_dir()).parent / ".profile-locks"


def exists(name: str, folder: Path | None = None) -> bool:
    return profile_path(name, folder).exists()


def remove_profile(name: str, folder: Path | None = None) -> Path:
    """Delete a profile the user asked to remove; UsageError with did-you-mean when unknown."""
    path = profile_path(name, folder)
    if not path.exists():
        load_profile(name, folder)  # raises the did-you-mean
    try:
        path.unlink()
    except OSError as exc:
        raise StoreError(f"Cannot remove {path}: {exc.strerror or exc}.") from None
    with contextlib.suppress(OSError):  # nothing named after the person stays behind
        (_locks(folder) / f".{path.name}.lock").unlink()
    return path


def updated(profile: Profile, **changes: object) -> Profile:
    """A copy of `profile` with `changes` applied and validated (UsageError if invalid)."""
    data = profile.model_dump()
    data.update({k: v for k, v in changes.items() if v is not None})
    return make_profile(**data)


def make_profile(**fields: object) -> Profile:
    """A validated Profile from command-line values; UsageError naming the bad field.

    Text holding a control or invisible format character is refused: it would act on the
    terminal (or hide what it says) each time the profile is shown."""
    for field, value in fields.items():
        for text in value if isinstance(value, list | tuple) else [value]:
            found = first_unsafe(text) if isinstance(text, str) else None
            if found:
                raise UsageError(
                    f"Invalid profile: {field}: holds a control or invisible character "
                    f"({found}); use printable text only."
                )
    try:
        return Profile.model_validate(fields)
    except ValidationError as exc:
        raise UsageError(f"Invalid profile: {describe_validation(exc)}.") from None
