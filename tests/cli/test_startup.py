"""Start-up: `--help` and shell completion stay light. What they import is behaviour, not timing.

The figures (how long, against which floor) are the benchmark's job: `python bench/run.py`.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import pkgutil
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from massage_coach import cli
from massage_coach.cli.app import COMMANDS, CoachTyper, LazyGroup, app
from massage_coach.kinds import KIND_MODELS
from tests.clirunner import command, run

COMMAND_MODULES = tuple(
    dict.fromkeys(
        f"massage_coach.cli.{lazy.target.partition(':')[0]}" for lazy in COMMANDS.values()
    )
)
"""The modules that define the commands: each imported only when one of its commands is used."""

HEAVY = (
    "pydantic",
    "pydantic_core",
    "yaml",
    "massage_coach.models",
    "massage_coach.library",
    "massage_coach.planner",
    "massage_coach.routine",
    "massage_coach.render.reference",
    "massage_coach.render.plan",
)

MODEL_MODULES = (
    *(f"massage_coach.kinds.{module}" for module, _ in KIND_MODELS.values()),
    "massage_coach.models",
)
"""The modules of the content models: a command should import only those of what it reads."""

PROBE = """
import os, sys
from massage_coach.cli import main
sys.argv = ["massage-coach", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
watched = os.environ["PROBE_MODULES"].split(",")
print("\\nIMPORTED=" + ",".join(m for m in watched if m in sys.modules))
"""


def run_probe(*args: str, modules: tuple[str, ...] = HEAVY, **env: str) -> tuple[str, list[str]]:
    """Run the real CLI in a fresh interpreter: its output, and which of `modules` it imported."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("_MASSAGE_COACH", "COMP_"))}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        env=clean | {"COLUMNS": "100", "NO_COLOR": "1", "PROBE_MODULES": ",".join(modules)} | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output, _, imported = result.stdout.rpartition("\nIMPORTED=")
    assert imported, result.stderr
    return output, [name for name in imported.strip().split(",") if name]


def test_version_prints_the_installed_version_and_builds_no_command() -> None:
    from importlib.metadata import version

    import massage_coach

    output, imported = run_probe("--version", modules=(*HEAVY, *COMMAND_MODULES))
    assert output.strip() == f"massage-coach {version('massage-coach')}"
    assert version("massage-coach") == massage_coach.__version__  # one source: __init__.py
    assert imported == []
    code, out, _ = run("--version", "techniques")  # eager: it answers before any command
    assert code == 0 and out.strip() == output.strip()


def _defined_commands() -> dict[str, set[str]]:
    """Every top-level command the modules of `cli/` define: its name, and where it is defined
    (`module:attribute`, a CoachTyper that is the group of that name or holds the command)."""
    found: dict[str, set[str]] = {}
    for info in pkgutil.iter_modules(cli.__path__):
        module = import_module(f"{cli.__name__}.{info.name}")
        for attribute, value in vars(module).items():
            if isinstance(value, CoachTyper) and value is not app:
                group = typer.main.get_group(value)
                for name in [group.name] if group.name else list(group.commands):
                    found.setdefault(name, set()).add(f"{info.name}:{attribute}")
    return found


def test_the_table_of_commands_names_every_command_where_it_is_defined() -> None:
    # COMMANDS is all the root app knows of a command before it is used: where to import it
    # from. A command defined but missing from it could never be run.
    defined = _defined_commands()
    assert set(defined) == set(COMMANDS)
    for name, lazy in COMMANDS.items():
        assert lazy.target in defined[name], name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_top_level_help_line_of_each_command_is_the_first_paragraph_of_its_help(
    name: str,
) -> None:
    built = command(name)
    assert built.name == name
    assert inspect.cleandoc(built.help).split("\n\n")[0] == COMMANDS[name].help


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("techniques",), {"reference"}),
        (("checklist", "prep", "--print"), {"checklist"}),
        (("config", "show"), {"config"}),
        (("--help",), set()),
        ((), set()),
        (("techniqes",), set()),
    ],
)
def test_the_console_script_imports_only_the_command_it_runs(
    args: tuple[str, ...], expected: set[str]
) -> None:
    _, imported = run_probe(*args, modules=COMMAND_MODULES)
    assert {name.rsplit(".", 1)[-1] for name in imported} == expected


@pytest.mark.parametrize("args", [("--help",), ("techniques", "--help"), ("plan", "--help")])
def test_help_imports_no_pydantic_yaml_content_or_planner(args: tuple[str, ...]) -> None:
    output, imported = run_probe(*args)
    assert "Usage" in output
    assert imported == []


def test_shell_completion_offers_names_without_loading_the_content_or_other_commands() -> None:
    output, imported = run_probe(
        _MASSAGE_COACH_COMPLETE="complete_bash",
        COMP_WORDS="massage-coach techniques eff",
        COMP_CWORD="2",
        modules=(*HEAVY, *COMMAND_MODULES),
    )
    assert "effleurage" in output.split()
    assert imported == ["massage_coach.cli.reference"]


def test_options_left_out_keep_their_defaults_while_values_given_are_still_checked() -> None:
    # Coercion is built only for values actually given (see cli/app.py): it must still refuse
    # bad ones with typer's usual message and exit code.
    code, _, err = run("plan", "--minutes", "3")
    assert code == 2 and "--minutes" in err
    code, _, err = run("plan", "--pressure", "hard")
    assert code == 2 and "hard" in err


def test_completing_a_command_name_offers_it_without_importing_any_command() -> None:
    output, imported = run_probe(
        _MASSAGE_COACH_COMPLETE="complete_bash",
        COMP_WORDS="massage-coach c",
        COMP_CWORD="1",
        modules=(*HEAVY, *COMMAND_MODULES),
    )
    assert output.split() == ["checklist", "config", "content"]
    assert imported == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["techniqes"], "No such command 'techniqes'. Did you mean 'techniques'?"),
        (["tech"], "No such command 'tech'. Did you mean 'techniques'?"),
        (["config", "shwo"], "No such command 'shwo'. Did you mean 'show'?"),
        (["xyz"], "No such command 'xyz'."),
    ],
)
def test_an_unknown_command_is_answered_with_the_nearest_name(
    args: list[str], expected: str
) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert err.strip().splitlines()[-1] == f"Error: {expected}"


@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize("args", [["--help"], []])
def test_the_top_level_help_lists_each_command_as_it_would_once_built(
    monkeypatch: pytest.MonkeyPatch, args: list[str], terminal: bool
) -> None:
    env = {"COLUMNS": "100", "FORCE_COLOR": "1"} if terminal else {"COLUMNS": "100"}
    listed = CliRunner().invoke(app, args, env=env)
    monkeypatch.setattr(LazyGroup, "_names_only", lambda self: contextlib.nullcontext())
    built = CliRunner().invoke(app, args, env=env)  # every command imported and built
    shown = built.stdout + built.stderr  # no argument at all: the help goes to stderr
    assert ("\x1b[" in shown) is terminal  # typer's rich help, styled, in a terminal
    assert "checklist" in shown
    assert (listed.exit_code, listed.stdout, listed.stderr) == (
        built.exit_code,
        built.stdout,
        built.stderr,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("techniques",), {"massage_coach.kinds.stroke"}),
        (("checklist", "prep", "--print"), {"massage_coach.kinds.checklist"}),
        (("tools",), {"massage_coach.kinds.tool", "massage_coach.kinds.area"}),
    ],
)
def test_a_reference_command_builds_only_the_models_of_the_kinds_it_reads(
    args: tuple[str, ...], expected: set[str]
) -> None:
    _, imported = run_probe(*args, modules=MODEL_MODULES)
    assert set(imported) == expected


def test_shell_completion_offers_what_a_content_pack_typed_on_the_line_adds(
    tmp_path: Path,
) -> None:
    (tmp_path / "strokes").mkdir()
    (tmp_path / "strokes" / "effleurage-slow.yaml").write_text("id: effleurage-slow\n")
    (tmp_path / "areas").mkdir()
    (tmp_path / "areas" / "mid-back.yaml").write_text("id: mid-back\naliases: [middle]\n")
    for words, expected in (
        (f"massage-coach techniques --content {tmp_path} eff", {"effleurage", "effleurage-slow"}),
        (f"massage-coach techniques --content={tmp_path} eff", {"effleurage", "effleurage-slow"}),
        ("massage-coach techniques eff", {"effleurage"}),
        (f"massage-coach plan --content {tmp_path} --focus mi", {"mid-back", "middle"}),
        ("massage-coach session --oil no", {"none"}),  # --oil none: no oil at all
    ):
        output, _ = run_probe(
            _MASSAGE_COACH_COMPLETE="complete_bash",
            COMP_WORDS=words,
            COMP_CWORD=str(len(words.split()) - 1),
        )
        assert set(output.split()) == expected, words


def test_with_a_config_file_a_reference_command_still_builds_only_its_kinds_models(
    tmp_path: Path,
) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.yaml").write_text("minutes: 30\n")
    _, imported = run_probe("techniques", modules=MODEL_MODULES, MASSAGE_COACH_HOME=str(tmp_path))
    assert imported == ["massage_coach.kinds.stroke"]
