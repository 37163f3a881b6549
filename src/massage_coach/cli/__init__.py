"""The command line: a thin typer layer over the core. `main` is the console script.

Each command lives in a module that registers it on the root app (`cli/app.py`) when imported.
The console script imports only the module of the command it runs, and none for the top-level
help (`--help`, or no argument), whose list comes from `app.COMMANDS`. `whole_app()` imports
them all: for a mistyped command's "did you mean", shell completion and the tests.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import CoachTyper


def _app_with(modules: list[str]) -> CoachTyper:
    for module in modules:
        import_module(f"{__name__}.{module}")
    from .app import app

    return app


def whole_app() -> CoachTyper:
    """The root app with every command registered, in the order of COMMANDS."""
    from .app import COMMANDS

    return _app_with(list(dict.fromkeys(module for module, _ in COMMANDS.values())))


def main() -> None:
    """Entry point of the `massage-coach` console script."""
    from .app import COMMANDS, HELP_ARGS, completing

    argv = sys.argv[1:]
    if argv in HELP_ARGS or argv == ["--version"] or (not argv and not completing()):
        app = _app_with([])  # nothing to build but the root
    elif argv and argv[0] in COMMANDS:
        app = _app_with([COMMANDS[argv[0]][0]])
    else:
        app = whole_app()
    app.for_argv(argv)()


__all__ = ["main", "whole_app"]
