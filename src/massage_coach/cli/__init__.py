"""The command line: a thin typer layer over the core. `main` is the console script."""

from __future__ import annotations

from . import checklist, content, plan, reference  # noqa: F401  (importing registers the commands)
from .app import app


def main() -> None:
    """Entry point of the `massage-coach` console script."""
    app()


__all__ = ["app", "main"]
