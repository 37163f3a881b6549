"""Running the real CLI in-process, as piped (plain) or as a terminal (FORCE_COLOR)."""

from __future__ import annotations

from typer.testing import CliRunner

from massage_coach.cli import app

ESC = "\x1b["


def run(*args: str, terminal: bool = False, input: str | None = None) -> tuple[int, str, str]:
    """Invoke `massage-coach ARGS`; returns (exit code, stdout, stderr)."""
    env = {"FORCE_COLOR": "1", "COLUMNS": "100"} if terminal else {"COLUMNS": "100"}
    if not terminal:
        env["NO_COLOR"] = "1"
    result = CliRunner().invoke(app, list(args), env=env, input=input)
    return result.exit_code, result.stdout, result.stderr
