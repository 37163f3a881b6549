"""The typer app, the console, and the one place where project errors become exit codes.

Only typer and the light error module are imported here: `--help` and shell completion must not
pay for pydantic, YAML or the content. Commands import what they need when they run.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from ..errors import CoachError, ContentError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

F = TypeVar("F", bound=Callable[..., Any])

INTERRUPTED = 130  # the shell's convention for a process ended by Ctrl-C


def _guarded(fn: F) -> F:
    """Turn the project's errors into one clear message and exit 2; Ctrl-C into a clean exit."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CoachError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            error_console().print("Stopped.")
            raise typer.Exit(INTERRUPTED) from None

    return wrapper  # type: ignore[return-value]


class CoachTyper(typer.Typer):
    """A Typer whose commands all report project errors the same way."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        register = super().command(*args, **kwargs)

        def decorator(fn: F) -> F:
            register(_guarded(fn))
            return fn

        return decorator


app = CoachTyper(
    name="massage-coach",
    help="A hands-free coach for giving a safe, relaxing back massage.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def error_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def report_error(exc: CoachError) -> None:
    """One red line per problem (a content error may hold several), on stderr."""
    out = error_console()
    lines = [str(p) for p in exc.problems] if isinstance(exc, ContentError) else [str(exc)]
    if isinstance(exc, ContentError):
        out.print(f"[bold red]Content error[/] ({len(lines)} problem{'s' * (len(lines) > 1)}):")
    for line in lines:
        out.print(f"[red]{line}[/]", markup=True, soft_wrap=True, highlight=False)


def show(renderable: RenderableType) -> None:
    """Print a renderable: styled in a terminal, plain (no boxes, no colour) when piped."""
    console().print(renderable)


def is_plain() -> bool:
    """True when stdout is not a terminal: no boxes, no colours, no live screens."""
    return not console().is_terminal


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def complete_from(
    kind: str, extra: Callable[[], list[str]] | None = None
) -> Callable[[str], list[str]]:
    """Shell completion from content file names (no parsing, so it stays instant), from the
    bundled content, the configured packs and the user's content folder."""

    def complete(incomplete: str) -> list[str]:
        from .completion import content_ids

        names = content_ids(kind) + (extra() if extra else [])
        return [n for n in names if n.startswith(incomplete)]

    return complete
