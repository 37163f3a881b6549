"""The command line: a thin typer layer over the core. `main` is the console script.

Each command lives in a module that registers it on the root app (`cli/app.py`) when imported.
The console script imports only the module of the command it runs; `whole_app()` imports them
all (the top-level help, a mistyped command's "did you mean", shell completion, tests).
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import CoachTyper

COMMAND_MODULES: dict[str, str] = {
    "checklist": "checklist",
    "config": "config",
    "content": "content",
    "history": "history",
    "plan": "plan",
    "profile": "profile",
    "techniques": "reference",
    "areas": "reference",
    "oils": "reference",
    "tools": "reference",
    "guide": "reference",
    "routines": "routines",
    "session": "session",
}
"""Each command (or command group) and the module that registers it, in the order of the help."""


def _app_with(modules: list[str]) -> CoachTyper:
    for module in modules:
        import_module(f"{__name__}.{module}")
    from .app import app

    return app


def whole_app() -> CoachTyper:
    """The root app with every command registered."""
    return _app_with(list(dict.fromkeys(COMMAND_MODULES.values())))


def main() -> None:
    """Entry point of the `massage-coach` console script."""
    argv = sys.argv[1:]
    module = COMMAND_MODULES.get(argv[0]) if argv else None
    app = _app_with([module]) if module else whole_app()
    app.for_argv(argv)()


__all__ = ["COMMAND_MODULES", "main", "whole_app"]
