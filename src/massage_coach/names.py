"""Looking up a name someone typed: exact, an alias, any case; else a 'did you mean'.

Every command, the stores and the content checks go through these, so a name is found and a
near miss is answered the same way everywhere (`techniques Effleurage`, `--focus Shoulders`,
`config set Pressure`, a misspelt area in a routine file).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import TypeVar

from .errors import UsageError

T = TypeVar("T")


def suggest(name: str, known: Iterable[str]) -> str | None:
    """The known name meant by a near miss, for 'did you mean': the only one that starts with
    it or, failing that, the only one that contains it (`foam` -> `foam-roller`, from three
    letters on); else the closest spelling."""
    names = list(known)
    word = name.strip().lower()
    if len(word) >= 3:
        for fits in (str.startswith, str.__contains__):
            found = {n for n in names if fits(n.lower(), word)}
            if len(found) == 1:
                return found.pop()
    matches = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`; did you mean 'x'?` for a near miss, else an empty string: the tail of a message."""
    hint = suggest(name, known)
    return f"; did you mean '{hint}'?" if hint else ""


def match(name: str, known: Iterable[str], aliases: Mapping[str, str] | None = None) -> str | None:
    """The known name `name` stands for: itself, the name its alias stands for, or either
    written in another case (`Effleurage`, `SHOULDERS`); None when it is none of them."""
    names = list(known)
    aliases = aliases or {}
    if name in names:
        return name
    if name in aliases:
        return aliases[name]
    folded = name.casefold()
    same = next((n for n in names if n.casefold() == folded), None)
    if same is not None:
        return same
    return next((to for alias, to in aliases.items() if alias.casefold() == folded), None)


def find(
    kind_label: str, name: str, by_id: Mapping[str, T], aliases: Mapping[str, str] | None = None
) -> T:
    """The item `name` means (an id or alias, in any case), or a UsageError with a
    did-you-mean: `Unknown oil 'lavendr'.` suggesting `lavender`."""
    key = match(name, by_id, aliases)
    if key is not None and key in by_id:
        return by_id[key]
    raise UsageError(f"Unknown {kind_label} '{name}'.", suggest(name, [*by_id, *(aliases or {})]))
