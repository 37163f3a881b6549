"""Every use of typer's private parts, in one place: typer is held to the range these are
tested with (`typer>=0.29,<0.30` in pyproject.toml), and tests/cli/test_typer_internals.py
fails loudly when a typer release moves them.

- Deferred coercion: typer builds a pydantic TypeAdapter per parameter on every run, which
  imports pydantic for `--help` and each shell completion (see `_DeferredCoercion`).
- No Python types in help: typer shows `--yes <bool>` for a flag (see `without_python_types`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

build_runtime_param: Callable[[Any], Any] | None
try:
    from typer._coercion import build_runtime_param
except ImportError:  # another typer: see defer_coercion
    build_runtime_param = None


class _DeferredCoercion:
    """Stands in for typer's per-parameter coercion until a parameter actually gets a value.

    typer 0.29 builds a pydantic TypeAdapter for every parameter of each command line it parses
    (`TyperParameter.get_runtime_param`), even for options left out, whose value is None and
    which its coercion then returns unchanged. That imports pydantic on every sub-command,
    `massage-coach techniques --help` and each shell-completion request included: about 70 ms
    on a 100 ms command (the start-up budget in the README's Benchmarks section). This builds the
    real coercion only when a value arrives and otherwise returns exactly what typer would.
    """

    def __init__(self, build: Callable[[Any], Any]) -> None:
        self._build = build

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:  # typer's RuntimeParam.coerce answers None without its adapter
            return () if param.multiple or param.nargs == -1 else None
        real = self._build(param.type_descriptor)
        param._runtime_param = real
        return real.coerce(value, param=param, ctx=ctx)


def defer_coercion(params: Iterable[Any]) -> None:
    """Install `_DeferredCoercion` where typer would build coercion eagerly (typer >= 0.29)."""
    if build_runtime_param is None:  # another typer: nothing to defer, only slower
        return
    for param in params:
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            param._runtime_param = _DeferredCoercion(build_runtime_param)


def _no_type(ctx: Any) -> None:
    return None


def without_python_types(params: Iterable[Any]) -> None:
    """typer 0.29 shows a parameter's Python type in help: `--yes <bool>` reads as if the flag
    took a value, and an argument shows `DIR <list[Path]>` beside its own name. A flag and an
    argument with a name of its own (a metavar) show no type; other options keep theirs."""
    for param in params:
        if getattr(param, "is_flag", False) or (
            getattr(param, "param_type_name", "") == "argument" and param.metavar
        ):
            param.display_type_rich = _no_type
