"""The project's exceptions. The CLI turns each into one clear line and exit code 2."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import NamedTuple


class ExitCode(IntEnum):
    """Every exit status massage-coach ends with, named once."""

    OK = 0
    PROBLEMS = 1
    """`content validate` found problems in a pack."""
    USAGE = 2
    """Bad input (an option, a name, a file): one clear line on stderr."""
    OUTPUT_FAILED = 74
    """EX_IOERR: the output could not be written (a full disk behind stdout)."""
    INTERRUPTED = 130
    """The shell's convention for a process ended by Ctrl-C (128 + SIGINT)."""
    BROKEN_PIPE = 141
    """The shell's code for a process ended by SIGPIPE (`... | head`)."""
    TERMINATED = 143
    """The shell's convention for a process ended by SIGTERM or a closed terminal."""


class CoachError(Exception):
    """Base of every error massage-coach reports to the user instead of a traceback."""

    exit_code = ExitCode.USAGE


class Problem(NamedTuple):
    """One located problem in a content file: `file:line: field: message`.

    A NamedTuple rather than a frozen dataclass: every command imports this module, and a
    dataclass costs ~1 ms to create at import (it compiles its generated methods)."""

    path: Path
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class ContentError(CoachError):
    """One or more problems in the content library, each with its location."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def single(
        cls, path: Path, message: str, line: int | None = None, field: str | None = None
    ) -> ContentError:
        return cls([Problem(path, line, field, message)])


class UsageError(CoachError):
    """A bad choice on the command line, with an optional 'did you mean' suggestion."""

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        self.message = message
        self.suggestion = suggestion
        text = f"{message} Did you mean '{suggestion}'?" if suggestion else message
        super().__init__(text)
