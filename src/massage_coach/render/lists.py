"""The user's own things as tables: config values, profiles, and the items of content packs.

Each command words its rows (a value as a person reads it, "-" where there is none); these draw
them, boxed in a terminal and bare with every value whole when plain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich import box
from rich.table import Table
from rich.text import Text

from ..safe_text import sanitise
from .adaptive import Listing

PROFILE_COLUMNS = ("name", "pressure", "focus", "avoid", "allergies")


def config_table(rows: Sequence[tuple[str, str, str]]) -> Listing:
    """Each setting: its key, its value (made inert: it may come from a file) and its source."""
    table = Table(box=box.ROUNDED)
    table.add_column("key", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_column("from", no_wrap=True)
    for key, value, origin in rows:
        table.add_row(key, Text(sanitise(value)), origin)
    return Listing(table)


def profiles_table(profiles: Sequence[Mapping[str, str]]) -> Listing:
    """One row per person: name, pressure, focus, areas to avoid, allergies."""
    table = Table(box=box.ROUNDED)
    for column in PROFILE_COLUMNS:
        table.add_column(column, no_wrap=column in ("name", "pressure"))
    for shown in profiles:
        table.add_row(*(shown[column] for column in PROFILE_COLUMNS))
    return Listing(table)


def content_table(rows: Sequence[tuple[str, str, str]]) -> Listing:
    """Every content item: its kind, id and the pack it came from."""
    table = Table(box=box.ROUNDED, header_style="bold")
    for column in ("kind", "id", "pack"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    return Listing(table)
