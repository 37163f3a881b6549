"""Running the real CLI in-process, as piped (plain) or as a terminal (FORCE_COLOR)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

import typer
import typer.main
from typer.testing import CliRunner

from massage_coach.cli.app import app
from massage_coach.session.environment import Environment

ESC = "\x1b["


def run(
    *args: str,
    terminal: bool = False,
    input: str | None = None,
    columns: int = 100,
    environment: Environment | None = None,
) -> tuple[int, str, str]:
    """Invoke `massage-coach ARGS` in a COLUMNS-wide window; returns (exit code, stdout, stderr).

    A session runs in `environment` (its clock, keys, speech, history), if given."""
    env = {"FORCE_COLOR": "1"} if terminal else {}
    env["COLUMNS"] = str(columns)
    if not terminal:
        env["NO_COLOR"] = "1"
    result = CliRunner().invoke(app, list(args), env=env, input=input, obj=environment)
    return result.exit_code, result.stdout, result.stderr


def command(*path: str) -> Any:
    """The click command `massage-coach PATH` runs (the root group for no path), built as the
    console script builds it."""
    found: Any = typer.main.get_command(app)
    for name in path:
        found = found.get_command(typer.Context(found), name)
        assert found is not None, path
    return found


def command_paths() -> list[list[str]]:
    """Every command and sub-command, as the words that name it (the root as [])."""
    paths: list[list[str]] = []

    def walk(path: list[str]) -> None:
        paths.append(path)
        group = command(*path)
        if hasattr(group, "list_commands"):
            for name in group.list_commands(typer.Context(group)):
                walk([*path, name])

    walk([])
    return paths


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


_IMPORTS_SCRIPT = """
import json, sys
from massage_coach.cli import main
commands, modules = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for command in commands:
    sys.argv = ['massage-coach', *command]
    try:
        main()
    except SystemExit:
        pass
    print('\\nHEAVY', json.dumps([m for m in modules if m in sys.modules]), flush=True)
"""


def imports_of(
    commands: Sequence[Sequence[str]], modules: Sequence[str], env: dict[str, str] | None = None
) -> list[tuple[str, list[str]]]:
    """Run each `massage-coach COMMAND` in turn in one fresh interpreter: for each, its output
    and which of MODULES have been imported by then (the first command to import one shows it)."""
    result = subprocess.run(
        [sys.executable, "-c", _IMPORTS_SCRIPT, json.dumps(commands), json.dumps(modules)],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    found: list[tuple[str, list[str]]] = []
    output = ""
    for line in result.stdout.splitlines(keepends=True):
        if line.startswith("HEAVY "):
            found.append((output, json.loads(line.removeprefix("HEAVY "))))
            output = ""
        else:
            output += line
    assert len(found) == len(commands), result.stderr
    return found
