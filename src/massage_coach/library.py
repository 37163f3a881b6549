"""Finding and loading content: YAML files -> validated models, every problem with its location.

A content folder holds one sub-folder per kind (`strokes/`, `areas/`, ...) and one item per file,
named after its id. Files are parsed with libyaml's CSafeLoader when present (several times
faster), else the pure-Python SafeLoader; nothing is ever constructed beyond plain data.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .content_files import bundled_content_dir, item_files
from .errors import ContentError, Problem, UsageError
from .models import KINDS, Item, Library

try:  # libyaml is optional; the pure loader gives the same result, only slower
    SafeLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    SafeLoader = yaml.SafeLoader

MAX_FILE_BYTES = 256 * 1024
"""A content file larger than this is refused (no real item comes close)."""

Path_ = tuple[str | int, ...]
T = TypeVar("T", bound=Item)


def _line_map(node: yaml.Node, path: Path_ = ()) -> Iterator[tuple[Path_, int]]:
    """Yield (field path, 1-based line) for every node below `node`."""
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield (*path, key.value), key.start_mark.line + 1
            yield from _line_map(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            yield from _line_map(child, (*path, index))


def _duplicate_keys(node: yaml.Node, path: Path_ = ()) -> Iterator[tuple[Path_, int]]:
    """PyYAML keeps the last of two equal keys silently; find them so authors hear of it."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                yield (*path, key.value), key.start_mark.line + 1
            seen.add(key.value)
            yield from _duplicate_keys(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            yield from _duplicate_keys(child, (*path, index))


def _field_name(loc: Iterable[str | int]) -> str:
    return ".".join(str(part) for part in loc) or "(file)"


def parse_file(path: Path) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML file safely into plain data plus a map of field paths to lines."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError.single(path, f"cannot read the file ({exc.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError.single(path, f"file is over the {MAX_FILE_BYTES // 1024} KiB limit")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError.single(
            path, f"not UTF-8 text (bad byte at offset {exc.start})"
        ) from None
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ContentError.single(path, "the file is empty; expected a mapping of fields")
        dupes = list(_duplicate_keys(node))
        if dupes:
            raise ContentError(
                [Problem(path, line, _field_name(p), "key appears twice") for p, line in dupes]
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = f" (column {mark.column + 1})" if mark else ""
        message = f"YAML syntax: {exc.problem or exc.context}{column}"
        raise ContentError.single(path, message, line=line) from None
    except yaml.YAMLError as exc:
        raise ContentError.single(path, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    return data, dict(_line_map(node))


def _line_for(lines: dict[Path_, int], loc: tuple[str | int, ...]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _describe(error: ErrorDetails) -> str:
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        return "unknown field (not part of this kind of file)"
    if error["type"] == "missing":
        return "required field is missing"
    if "input" in error and error["type"] not in ("extra_forbidden",):
        shown = repr(error["input"])
        if len(shown) <= 60 and not isinstance(error["input"], dict | list):
            return f"{message}, got {shown}"
    return message


def load_item(path: Path, model: type[T]) -> T:
    """Load and validate one file as `model`; its id must match the file name."""
    data, lines = parse_file(path)
    if not isinstance(data, dict):
        raise ContentError.single(path, "expected a mapping of fields at the top", line=1)
    try:
        item = model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            problems.append(
                Problem(path, _line_for(lines, loc), _field_name(loc), _describe(error))
            )
        raise ContentError(problems) from None
    if item.id != path.stem:
        raise ContentError.single(
            path, f"id '{item.id}' must match the file name '{path.stem}'", lines.get(("id",)), "id"
        )
    return item


def _cross_check(items: dict[str, dict[str, Item]], where: dict[tuple[str, str], Path]) -> None:
    """Check every reference between items once, after everything is loaded."""
    library_ids: dict[str, list[str]] = {}
    for kind, by_id in items.items():
        for item_id in by_id:
            library_ids.setdefault(item_id, []).append(kind)
    problems = [
        Problem(where[(kinds[1], item_id)], None, "id", f"'{item_id}' is also a {kinds[0][:-1]} id")
        for item_id, kinds in library_ids.items()
        if len(kinds) > 1
    ]

    def missing(kind: str, item_id: str, field: str, ref: str, target: str) -> None:
        known = sorted(items.get(target, {}))
        hint = difflib.get_close_matches(ref, known, n=1)
        tail = f"; did you mean '{hint[0]}'?" if hint else f"; known: {', '.join(known)}"
        problems.append(
            Problem(where[(kind, item_id)], None, field, f"no {target[:-1]} '{ref}'{tail}")
        )

    areas = items.get("areas", {})
    for area_id, area in areas.items():
        for index, ref in enumerate(getattr(area, "strokes", [])):
            if ref not in items.get("strokes", {}):
                missing("areas", area_id, f"strokes.{index}", ref, "strokes")
        for alias in getattr(area, "aliases", []):
            if alias in library_ids:
                problems.append(
                    Problem(
                        where[("areas", area_id)], None, "aliases", f"'{alias}' is already an id"
                    )
                )
    for tool_id, tool in items.get("tools", {}).items():
        for index, ref in enumerate(getattr(tool, "areas", [])):
            if ref not in areas:
                missing("tools", tool_id, f"areas.{index}", ref, "areas")
    if problems:
        raise ContentError(problems)


def load_library(*content_dirs: Path) -> Library:
    """Load the bundled content (or the folders given), collecting every problem before failing."""
    dirs = list(content_dirs) or [bundled_content_dir()]
    items: dict[str, dict[str, Item]] = {kind: {} for kind in KINDS}
    where: dict[tuple[str, str], Path] = {}
    problems: list[Problem] = []
    for content_dir in dirs:
        if not content_dir.is_dir():
            raise ContentError.single(content_dir, "content folder not found")
        for kind, model in KINDS.items():
            for path in item_files(content_dir, kind):
                try:
                    item = load_item(path, model)
                except ContentError as exc:
                    problems.extend(exc.problems)
                    continue
                items[kind][item.id] = item
                where[(kind, item.id)] = path
    if problems:
        raise ContentError(problems)
    _cross_check(items, where)
    return Library.model_validate(items)


@cache
def bundled_library() -> Library:
    """The bundled content, loaded once per process."""
    return load_library()


def suggest(name: str, known: Iterable[str]) -> str | None:
    """The closest known name to a near miss, for 'did you mean'."""
    matches = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def find(
    kind_label: str, name: str, by_id: dict[str, T], aliases: dict[str, str] | None = None
) -> T:
    """Look up an item by id (or alias) or raise a UsageError with a did-you-mean."""
    key = (aliases or {}).get(name, name)
    if key in by_id:
        return by_id[key]
    known = [*by_id, *(aliases or {})]
    raise UsageError(f"Unknown {kind_label} '{name}'.", suggest(name, known))
