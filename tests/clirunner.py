"""Running the real CLI in-process, as piped (plain) or as a terminal (FORCE_COLOR)."""

from __future__ import annotations

import json

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


def plan_json_and_stderr(*args: str) -> tuple[dict[str, object], str]:
    """`massage-coach plan --format json ARGS`, which must succeed: the plan and stderr."""
    code, out, err = run("plan", "--format", "json", *args)
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, dict)
    return data, err


def plan_json(*args: str) -> dict[str, object]:
    """`massage-coach plan --format json ARGS`, which must succeed: the plan."""
    return plan_json_and_stderr(*args)[0]
