"""The command line: a thin typer layer over the core. `main` is the console script.

The root app (`cli/app.py`) knows each command by name, help line and module only; a command's
module (`cli/<module>.py`) is imported when that command is used, so the top-level help and
the completion of a command's name import none of them.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys

from ..errors import ExitCode
from ..render.ascii import ascii_chars
from .app import app as root_app  # as root_app: `cli.app` stays the module


def _standard_streams() -> None:
    """Closed standard streams (`<&-`, `>&-`) get the null device, so no file opened later
    takes their place (a history written to as if it were the screen). A closed stdout is an
    error, said in one line: nothing could be shown. A closed stdin reads as empty."""
    closed = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.append(fd)
            with contextlib.suppress(OSError):
                null = os.open(os.devnull, os.O_RDWR)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)
    if not closed:
        return
    if 2 in closed:
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    if 1 in closed:
        sys.stderr.write("massage-coach: standard output is closed, so nothing can be shown.\n")
        sys.exit(ExitCode.USAGE)
    if 0 in closed:
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr.write("massage-coach: standard input is closed; reading no answers.\n")


def _ascii_fallback(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: each character the output's encoding lacks as ASCII (`?` for
    one with no plain equivalent), so the coach runs in any terminal."""
    assert isinstance(error, UnicodeEncodeError)
    text = error.object[error.start : error.end]
    return ascii_chars(text), error.end


def _output_encoding() -> None:
    """Where stdout or stderr cannot encode the box and block characters (PYTHONIOENCODING=
    ascii, an old code page), they fall back to ASCII instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            "\u2500\u2588\u2014".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            codecs.register_error("massage_coach_ascii", _ascii_fallback)
            with contextlib.suppress(AttributeError, ValueError):
                stream.reconfigure(errors="massage_coach_ascii")  # type: ignore[union-attr]


def main() -> None:
    """Entry point of the `massage-coach` console script."""
    _standard_streams()
    _output_encoding()
    root_app()


__all__ = ["main"]
