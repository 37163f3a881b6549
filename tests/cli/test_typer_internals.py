"""typer's private parts that cli/typer_internals.py relies on: this fails loudly, naming what
moved, when a typer release changes them (typer is held to the tested range in pyproject)."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..clirunner import command

ROOT = Path(__file__).resolve().parents[2]


def _release(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:2])


def _plan_params() -> list[Any]:
    return list(command("plan").params)


def test_the_installed_typer_is_in_the_range_pyproject_allows() -> None:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    [spec] = [d for d in dependencies if d.startswith("typer")]
    low, high = re.fullmatch(r"typer>=([\d.]+),<([\d.]+)", spec.split("#")[0].strip()).groups()  # type: ignore[union-attr]
    assert _release(low) <= _release(version("typer")) < _release(high)


def test_typer_still_builds_coercion_per_parameter_where_it_is_deferred() -> None:
    from typer._coercion import build_runtime_param  # noqa: F401 - must still exist

    options = [p for p in _plan_params() if hasattr(p, "type_descriptor")]
    assert options, "typer parameters no longer carry type_descriptor"
    assert all(getattr(p, "_runtime_param", False) is None for p in options), (
        "typer no longer leaves _runtime_param unset until it parses: see defer_coercion"
    )


def test_typer_still_draws_a_parameters_type_in_help_through_display_type_rich() -> None:
    flags = [p for p in _plan_params() if getattr(p, "is_flag", False)]
    assert flags and all(hasattr(p, "display_type_rich") for p in flags)
