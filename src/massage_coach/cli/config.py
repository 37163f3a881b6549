"""`massage-coach config show|set|unset`: the user's defaults, with where each value comes from."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from ..safe_text import sanitise
from ..store import paths
from .app import (
    CoachTyper,
    JsonOption,
    console,
    emit_json,
    show,
    warn,
)
from .packs import check_pack, library_for

if TYPE_CHECKING:
    from ..store.config import Config

# Kept here as plain names so shell completion need not import pydantic; a test keeps it equal
# to the Config model's fields.
CONFIG_KEYS = [
    "pressure",
    "minutes",
    "focus",
    "avoid",
    "oil",
    "carrier",
    "cues",
    "voice",
    "countdown",
    "content_packs",
    "giver_break_every_minutes",
    "giver_break_seconds",
    "daily_load_limit",
    "weekly_load_limit",
    "rest_between_sessions_minutes",
]

config_app = CoachTyper(
    name="config",
    help="Your defaults (pressure, minutes, cues, voice, focus, giver breaks, ...).",
    no_args_is_help=True,
)


def _complete_key(incomplete: str) -> list[str]:
    return [key for key in CONFIG_KEYS if key.startswith(incomplete.replace("-", "_"))]


KeyArgument = Annotated[
    str,
    typer.Argument(
        help="A config key, e.g. pressure or giver_break_seconds.",
        autocompletion=_complete_key,
        show_default=False,
        metavar="KEY",
    ),
]


def file_pending_sessions() -> None:
    """File sessions a crash, a kill or a failed save left in checkpoints into the history,
    first thing in a command that opens the store. With none (the usual case) this costs one
    folder listing: the checkpoint module is not even imported."""
    try:
        pending = (
            any(e.name.endswith(".json") for e in os.scandir(paths.checkpoints_dir()))
            or paths.checkpoint_file().exists()
        )
    except OSError:
        pending = paths.checkpoint_file().exists()
    if not pending:
        return

    # deferred, not for --help: pydantic and sqlite3
    from ..store.checkpoint import file_pending

    warn(file_pending(datetime.now(UTC)))


def _shown(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@config_app.command("show")
def show_config(
    as_json: JsonOption = False,
) -> None:
    """Every setting, its value and where it comes from (default, file or environment)."""
    # deferred, not for --help: rich, pydantic, YAML and the content
    from rich.text import Text

    from ..render.lists import config_table
    from ..store import config, paths

    loaded = config.load_config(strict=False)  # shows what it can, and says what to fix
    warn(loaded.notices)
    values = loaded.value.model_dump(mode="json")
    origins = config.sources()
    if as_json:
        emit_json(values)
        return
    show(config_table([(key, _shown(value), origins[key]) for key, value in values.items()]))
    # One line whatever its length, so a long path can be copied (or cut by a script) whole.
    file_line = Text(sanitise(f"File: {paths.config_file()}"), style="dim")
    console().print(file_line, soft_wrap=True)


@config_app.command("set")
def set_config(
    key: KeyArgument,
    value: Annotated[
        str,
        typer.Argument(
            help="The value; lists are comma-separated.", show_default=False, metavar="VALUE"
        ),
    ],
) -> None:
    """Set a default in the config file (checked before anything is written)."""
    # deferred, not for --help: pydantic, YAML and the content
    from ..store import config, paths
    from ..store.preferences import check_config

    name = config.normalise_key(key)
    if config.clears(name, value):  # an empty oil or list: as `config unset` does
        unset_config(name)
        return

    def check_names(settings: Config) -> None:
        check_config(settings, library_for(None), lambda key: "the config (nothing was changed)")

    def check_packs(settings: Config) -> None:
        for folder in settings.content_packs:
            check_pack(folder, "nothing was changed")

    check: Callable[[Config], None] | None = {
        "focus": check_names, "avoid": check_names, "oil": check_names, "carrier": check_names,
        "content_packs": check_packs,
    }.get(name)  # fmt: skip
    loaded = config.set_value(name, value, check=check)
    warn(loaded.notices)
    typer.echo(f"{name} = {_shown(getattr(loaded.value, name))}  ({paths.config_file()})")


@config_app.command("unset")
def unset_config(key: KeyArgument) -> None:
    """Remove a default from the config file, so the built-in one applies again."""
    # deferred, not for --help: pydantic, YAML and the content
    from ..store import config, paths

    name, loaded = config.unset_value(key)
    warn(loaded.notices)
    if name not in CONFIG_KEYS:  # a mistyped key, removed from the file as it was written
        typer.echo(f"{name} removed  ({paths.config_file()})")
    else:
        typer.echo(f"{name} = {_shown(getattr(loaded.value, name))}  (built-in default)")
