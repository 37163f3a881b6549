"""The command line: a thin typer layer over the core. `main` is the console script."""

from __future__ import annotations

import sys

# Importing the command modules registers their commands.
from . import (  # noqa: F401
    checklist,
    config,
    content,
    history,
    plan,
    profile,
    reference,
    routines,
    session,
)
from .app import app


def main() -> None:
    """Entry point of the `massage-coach` console script."""
    app.for_argv(sys.argv[1:])()


__all__ = ["app", "main"]
