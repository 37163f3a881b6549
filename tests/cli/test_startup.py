"""Start-up: `--help` and shell completion stay light. What they import is behaviour, not timing.

The figures (how long, against which floor) are the benchmark's job: `python bench/run.py`.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from massage_coach.cli import whole_app
from massage_coach.cli.app import COMMANDS
from massage_coach.kinds import KIND_MODELS
from tests.clirunner import run

app = whole_app()

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

    command_modules = tuple(f"massage_coach.cli.{module}" for module, _ in COMMANDS.values())
    output, imported = run_probe("--version", modules=(*HEAVY, *command_modules))
    assert output.strip() == f"massage-coach {version('massage-coach')}"
    assert version("massage-coach") == massage_coach.__version__  # one source: __init__.py
    assert imported == []
    code, out, _ = run("--version", "techniques")  # eager: it answers before any command
    assert code == 0 and out.strip() == output.strip()


def test_each_command_is_registered_by_its_module_with_its_help_line_in_order() -> None:
    # COMMANDS tells the console script which module to import for a command, and gives the
    # top-level help its lines without importing any: both must match what the modules register.
    registered = {}
    for info in app.registered_commands:
        assert info.callback is not None
        help_text = info.callback.__doc__ or ""
        registered[info.name or info.callback.__name__] = (info.callback.__module__, help_text)
    for group in app.registered_groups:
        assert group.name is not None and group.typer_instance is not None
        first = group.typer_instance.registered_commands[0].callback
        assert first is not None
        registered[group.name] = (first.__module__, str(group.typer_instance.info.help))
    found = {
        name: (module.rsplit(".", 1)[-1], inspect.cleandoc(text).split("\n\n")[0])
        for name, (module, text) in registered.items()
    }
    assert found == COMMANDS


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("techniques",), {"reference"}),
        (("checklist", "prep", "--print"), {"checklist"}),
        (("--help",), set()),
        ((), set()),
    ],
)
def test_the_console_script_imports_only_the_command_it_runs(
    args: tuple[str, ...], expected: set[str]
) -> None:
    modules = tuple(f"massage_coach.cli.{module}" for module, _ in COMMANDS.values())
    _, imported = run_probe(*args, modules=modules)
    assert {name.rsplit(".", 1)[-1] for name in imported} == expected


@pytest.mark.parametrize("args", [("--help",), ("techniques", "--help"), ("plan", "--help")])
def test_help_imports_no_pydantic_yaml_content_or_planner(args: tuple[str, ...]) -> None:
    output, imported = run_probe(*args)
    assert "Usage" in output
    assert imported == []


def test_shell_completion_offers_names_without_loading_the_content() -> None:
    output, imported = run_probe(
        _MASSAGE_COACH_COMPLETE="complete_bash",
        COMP_WORDS="massage-coach techniques eff",
        COMP_CWORD="2",
    )
    assert "effleurage" in output.split()
    assert imported == []


def test_options_left_out_keep_their_defaults_while_values_given_are_still_checked() -> None:
    # Coercion is built only for values actually given (see cli/app.py): it must still refuse
    # bad ones with typer's usual message and exit code.
    code, _, err = run("plan", "--minutes", "3")
    assert code == 2 and "--minutes" in err
    code, _, err = run("plan", "--pressure", "hard")
    assert code == 2 and "hard" in err


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["-h"],
        [],
        ["techniques"],
        ["techniques", "effleurage", "--json"],
        ["areas", "shoulders"],
        ["checklist", "prep", "--print"],
        ["profile", "--help"],
        ["techniques", "--bogus"],
        ["oils", "lavendar"],
    ],
)
def test_the_app_narrowed_to_one_command_answers_exactly_as_the_whole_app(
    args: list[str],
) -> None:
    narrowed = app.narrowed(args)
    assert narrowed is not app
    env = {"COLUMNS": "100", "NO_COLOR": "1"}
    whole = CliRunner().invoke(app, args, env=env)
    one = CliRunner().invoke(narrowed, args, env=env)
    assert (one.exit_code, one.stdout, one.stderr) == (whole.exit_code, whole.stdout, whole.stderr)


@pytest.mark.parametrize("args", [["techniqes"], ["--install-completion"], ["--help", "x"]])
def test_options_and_unknown_commands_get_the_whole_app(args: list[str]) -> None:
    # The whole app lists every command and suggests the nearest name for a typo.
    assert app.narrowed(args) is app


@pytest.mark.parametrize("variable", ["_MASSAGE_COACH_COMPLETE", "_MC_COMPLETE"])
def test_shell_completion_gets_the_whole_app_though_it_passes_no_arguments(
    monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    # typer names the variable after the program: `mc` for a link called mc.
    assert app.narrowed([]) is not app  # the top-level help
    monkeypatch.setenv(variable, "complete_bash")
    assert app.narrowed([]) is app


@pytest.mark.parametrize("args", [["--help"], []])
def test_the_top_level_help_in_a_terminal_is_the_whole_apps(args: list[str]) -> None:
    env = {"COLUMNS": "100", "FORCE_COLOR": "1"}
    whole = CliRunner().invoke(app, args, env=env)
    listed = CliRunner().invoke(app.narrowed(args), args, env=env)
    assert "\x1b[" in whole.stdout  # typer's rich help, styled
    assert (listed.exit_code, listed.stdout) == (whole.exit_code, whole.stdout)


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
