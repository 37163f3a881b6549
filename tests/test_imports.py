"""Imports sit at the top of their module; one inside a function says what deferring it saves.

A deferred import is a start-up saving (a module `--help`, completion or a quick command would
load for nothing), and it is marked `# deferred: ...` with that reason, on the import or on a
comment line just above its group, so the next reader knows why it is not at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "massage_coach"


def _unmarked(path: Path) -> list[str]:
    lines = path.read_text().splitlines()
    found: list[str] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        body = [
            getattr(node, name, [])
            for name in ("body", "orelse", "finalbody", "handlers")
            if isinstance(getattr(node, name, None), list)
        ]
        for statements in body:
            marked = False
            for statement in statements:
                if isinstance(statement, ast.Import | ast.ImportFrom) and in_function:
                    above = lines[statement.lineno - 2].strip()
                    own = lines[statement.lineno - 1]
                    marked = marked or "# deferred" in own or above.startswith("# deferred")
                    if not marked:
                        found.append(f"{path.relative_to(SRC)}:{statement.lineno}")
                else:
                    marked = False
                inner = in_function or isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef)
                visit(statement, inner)

    visit(ast.parse("\n".join(lines)), False)
    return found


def test_every_import_inside_a_function_says_why_it_is_deferred() -> None:
    unmarked = [where for path in sorted(SRC.rglob("*.py")) for where in _unmarked(path)]
    assert unmarked == []
