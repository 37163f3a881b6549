"""Finding and loading content: YAML files -> validated models, every problem with its location.

A content folder holds one sub-folder per kind (`strokes/`, `areas/`, ...) and one item per file,
named after its id. Files are parsed with libyaml's CSafeLoader when present (several times
faster), else the pure-Python SafeLoader; nothing is ever constructed beyond plain data.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml
from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from .answers import CONSENT
from .content_files import bundled_content_dir, pack_files
from .errors import ContentError, Problem, UsageError
from .kinds import KIND_FOLDERS, model_for
from .kinds.base import Id, Item
from .kinds.library import Library
from .names import did_you_mean, suggest
from .safe_text import UNSAFE, first_unsafe
from .safety_floor import content_breaches, screening_breaches

try:  # libyaml is optional; the pure loader gives the same result, only slower
    SafeLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    SafeLoader = yaml.SafeLoader

MAX_FILE_BYTES = 256 * 1024
"""A content file larger than this is refused (no real item comes close)."""

_ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
"""Plain data only: dates, sets, binary, merge keys, custom and Python tags are refused."""

Path_ = tuple[str | int, ...]
T = TypeVar("T", bound=Item)


@dataclass(frozen=True)
class Source:
    """Where one item came from: its pack folder and file, and the line of each field in it."""

    kind: str
    id: str
    pack: Path
    path: Path
    overrides: Path | None = None
    """The file of an earlier pack that this item replaced, whole, if any."""

    @cached_property
    def lines(self) -> Mapping[Path_, int]:
        """Field paths to lines; found on demand (only error messages need them)."""
        return line_map(self.path)

    def line(self, *loc: str | int) -> int | None:
        return _line_for(self.lines, loc)


@dataclass(frozen=True)
class Catalog:
    """A validated library plus where each of its items came from."""

    library: Library
    packs: tuple[Path, ...]
    sources: Mapping[tuple[str, str], Source]
    """(kind folder, id) -> the source of the item that won."""
    drafts: tuple[Path, ...] = ()
    """Files marked `draft: true` (an untouched starter): checked, left out of the library."""


def _field_name(loc: Iterable[object]) -> str:
    """`sections.0.title`; a key that is not plain printable text is shown quoted."""
    parts = (
        str(part) if str(part).isprintable() and str(part).strip() == str(part) else repr(part)
        for part in loc
    )
    return ".".join(parts) or "(file)"


def _read(path: Path) -> str:
    """The file's text: a bounded read of a regular file, strictly UTF-8."""
    try:
        if not path.is_file():  # a FIFO or a device would block or never end
            raise ContentError.single(path, "not a regular file")
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ContentError.single(path, f"cannot read the file ({exc.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError.single(path, f"file is over the {MAX_FILE_BYTES // 1024} KiB limit")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ContentError.single(
            path, f"not UTF-8 text (bad byte at offset {exc.start})", line=line
        ) from None


_STR = "tag:yaml.org,2002:str"
_SCALAR_ERRORS = (ValueError, LookupError, TypeError, AttributeError, ArithmeticError)


def _build(path: Path, root: yaml.Node, loader: yaml.SafeLoader) -> tuple[Any, dict[Path_, int]]:
    """Plain data and a map of field paths to lines, in one linear pass over the node graph.

    PyYAML's own constructor is pure Python and slower than this single walk. Anything plain
    content never needs is refused with its line: anchors and aliases (at their first reuse, so
    an alias-expansion "billion laughs" document fails after visiting each node once, as does a
    recursive one), explicit tags other than plain data, non-text keys, and duplicate keys (which
    PyYAML would silently merge).
    """
    lines: dict[Path_, int] = {(): root.start_mark.line + 1}
    problems: list[Problem] = []
    seen: set[int] = set()
    result: list[Any] = [None]
    # (node, field path, line to blame, container to fill, slot in it)
    stack: list[tuple[yaml.Node, Path_, int, Any, Any]] = [
        (root, (), root.start_mark.line + 1, result, 0)
    ]
    while stack:
        node, loc, line, parent, slot = stack.pop()
        if id(node) in seen:
            message = "anchors and aliases (&name, *name) are not allowed; write the value out"
            raise ContentError.single(path, message, line, _field_name(loc) if loc else None)
        seen.add(id(node))
        tag = node.tag
        if tag not in _ALLOWED_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            problems.append(
                Problem(
                    path,
                    node.start_mark.line + 1,
                    _field_name(loc) if loc else None,
                    f"YAML tag '{shown}' is not allowed (plain text, numbers, true/false, lists "
                    "and mappings only); quote the value if it is text",
                )
            )
            continue
        if isinstance(node, yaml.ScalarNode):
            if tag == _STR and UNSAFE.search(node.value):
                problems.append(_unsafe_problem(path, node, loc))
            parent[slot] = node.value if tag == _STR else _scalar(path, node, loader)
        elif isinstance(node, yaml.SequenceNode):
            items: list[Any] = [None] * len(node.value)
            parent[slot] = items
            for index in range(len(node.value) - 1, -1, -1):
                item = node.value[index]
                lines.setdefault((*loc, index), item.start_mark.line + 1)
                # An alias node carries its anchor's position: blame the list's line instead.
                stack.append((item, (*loc, index), line, items, index))
        else:
            mapping: dict[Any, Any] = {}
            parent[slot] = mapping
            children = []
            for key, value in node.value:
                key_line = key.start_mark.line + 1
                if not isinstance(key, yaml.ScalarNode):
                    problems.append(Problem(path, key_line, None, "a key must be plain text"))
                    continue
                if key.tag != _STR:
                    problems.append(Problem(path, key_line, None, _key_problem(key)))
                    continue
                name = key.value
                child = (*loc, name)
                if UNSAFE.search(name):
                    problems.append(_unsafe_problem(path, key, loc))
                    continue
                if name in mapping:
                    problems.append(
                        Problem(path, key_line, _field_name(child), "key appears twice")
                    )
                    continue
                mapping[name] = None  # keeps the keys in document order
                lines.setdefault(child, key_line)
                children.append((value, child, key_line, mapping, name))
            stack.extend(reversed(children))
    if problems:
        raise ContentError(sorted(problems, key=lambda p: p.line or 0))
    return result[0], lines


class _Unusual(Exception):
    """Raised by the fast path on anything plain content never has; the careful walk explains."""


_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


def _plain(node: yaml.Node, seen: set[int], loader: yaml.SafeLoader) -> Any:
    """Plain data from a node graph, or `_Unusual`: the fast path for well-formed content."""
    if id(node) in seen:
        raise _Unusual
    seen.add(id(node))
    cls, tag = type(node), node.tag
    if cls is yaml.ScalarNode:
        if tag == _STR:
            if UNSAFE.search(node.value):
                raise _Unusual
            return node.value
        if tag not in _ALLOWED_TAGS:
            raise _Unusual
        try:
            return loader.yaml_constructors[tag](loader, node)
        except _SCALAR_ERRORS:
            raise _Unusual from None
    if cls is yaml.SequenceNode and tag == _SEQ:
        return [_plain(child, seen, loader) for child in node.value]
    if cls is not yaml.MappingNode or tag != _MAP:
        raise _Unusual
    mapping: dict[str, Any] = {}
    for key, value in node.value:
        if type(key) is not yaml.ScalarNode or key.tag != _STR or key.value in mapping:
            raise _Unusual
        if UNSAFE.search(key.value):
            raise _Unusual
        mapping[key.value] = _plain(value, seen, loader)
    return mapping


def _unsafe_problem(path: Path, node: yaml.ScalarNode, loc: Path_) -> Problem:
    """A control or invisible format character in text: it could steer the terminal."""
    what = first_unsafe(node.value)
    return Problem(
        path,
        node.start_mark.line + 1,
        _field_name(loc) if loc else None,
        f"the text holds a control or invisible character ({what}); only printable text, "
        "new lines and tabs are allowed",
    )


def _key_problem(key: yaml.ScalarNode) -> str:
    if key.tag == "tag:yaml.org,2002:merge":
        return "merge keys (<<) are not allowed; write the fields out"
    return f"key {key.value!r} must be text; put it in quotes or rename it"


def _scalar(path: Path, node: yaml.ScalarNode, loader: yaml.SafeLoader) -> Any:
    """A number, true/false or null; a value its tag cannot hold (`!!int abc`) is located."""
    try:
        return loader.yaml_constructors[node.tag](loader, node)
    except _SCALAR_ERRORS:
        kind = node.tag.rsplit(":", 1)[-1]
        message = f"YAML value {node.value[:40]!r} is not a valid {kind}"
        raise ContentError.single(path, message, node.start_mark.line + 1) from None


def _syntax_error(path: Path, text: str, exc: yaml.MarkedYAMLError) -> ContentError:
    """One located line for a YAML syntax error, naming tabs (libyaml does not)."""
    mark = exc.problem_mark or exc.context_mark
    what = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
    if exc.context and what.startswith("but "):
        what = " ".join(exc.context.split()) + ", " + what
    if mark is None:
        return ContentError.single(path, f"YAML syntax: {what}")
    lines = text.splitlines()
    if mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
        what = "a tab character; indent with spaces, not tabs"
    where = f"column {mark.column + 1}"
    opened = exc.context_mark
    if exc.context and opened is not None and opened.line != mark.line and exc.context not in what:
        where += f"; {' '.join(exc.context.split())} started at line {opened.line + 1}"
    message = f"YAML syntax: {what} ({where})"
    return ContentError.single(path, message, line=mark.line + 1)


def _parse(path: Path, located: bool) -> tuple[Any, dict[Path_, int]]:
    text = _read(path)
    loader: yaml.SafeLoader | None = None
    lines: dict[Path_, int] = {}
    try:
        loader = SafeLoader(text)  # the pure-Python reader checks characters already here
        node = loader.get_single_node()
        if node is None:
            raise ContentError.single(path, "the file is empty; expected a mapping of fields")
        if not located:
            try:
                return _plain(node, set(), loader), lines
            except (_Unusual, RecursionError):
                pass  # the careful walk below says exactly what and where
        data, lines = _build(path, node, loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, text, exc) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        what = f"control character U+{code:04X} is not allowed in YAML"
        raise ContentError.single(path, f"YAML syntax: {what}", line=line) from None
    except yaml.YAMLError as exc:
        raise ContentError.single(path, "YAML error: " + " ".join(str(exc).split())) from None
    except RecursionError:
        raise ContentError.single(path, "YAML is nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines


def parse_file(path: Path) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML file safely into plain data plus a map of field paths to lines."""
    return _parse(path, located=True)


def line_map(path: Path) -> dict[Path_, int]:
    """Field paths to 1-based lines in a file that parsed before (empty if it no longer does)."""
    try:
        return parse_file(path)[1]
    except ContentError:
        return {}


def _line_for(lines: Mapping[Path_, int], loc: tuple[str | int, ...]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _describe(error: ErrorDetails) -> str:
    message = " ".join(str(error["msg"]).split())
    if error["type"] == "extra_forbidden":
        return "unknown field (not part of this kind of file)"
    if error["type"] == "missing":
        return "required field is missing"
    if error["type"] == "value_error":  # our own validators: their message says it all
        return message.removeprefix("Value error, ")
    if "input" in error and not isinstance(error["input"], dict | list | set):
        shown = repr(error["input"])
        if len(shown) <= 60:
            return f"{message}, got {shown}"
    return message


def _load_item(path: Path, model: type[T]) -> T:
    """Load and validate one file as `model`; its id must match the file name."""
    data, _ = _parse(path, located=False)
    if not isinstance(data, dict):
        raise ContentError.single(path, "expected a mapping of fields at the top", line=1)
    try:
        item = model.model_validate(data)
    except ValidationError as exc:
        lines = line_map(path)
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            problems.append(
                Problem(path, _line_for(lines, loc), _field_name(loc), _describe(error))
            )
        raise ContentError(problems) from None
    if item.id != path.stem:
        message = f"id '{item.id}' must match the file name '{path.stem}'"
        raise ContentError.single(path, message, line_map(path).get(("id",)), "id")
    return item


def _singular(kind: str) -> str:
    return kind[:-1]


def _cross_check(
    items: dict[str, dict[str, Item]],
    sources: Mapping[tuple[str, str], Source],
    broken: set[str],
    packs: Sequence[Path],
) -> list[Problem]:
    """Check every reference between items once, on the combined packs.

    `broken` holds the ids of files that failed to load: references to them are not reported
    again as missing. `items` holds the kinds loaded; references into any other are not checked.
    """
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for kind, by_id in items.items():
        for item_id in by_id:
            if item_id in owner:
                other = sources[(owner[item_id], item_id)]
                mine = sources[(kind, item_id)]
                # Blame the item from the later pack: the earlier one was there first.
                first, second = sorted((other, mine), key=lambda s: packs.index(s.pack))
                problems.append(
                    Problem(
                        second.path,
                        second.line("id"),
                        "id",
                        f"'{item_id}' is also a {_singular(first.kind)} id ({first.path}); "
                        "ids must be unique across kinds",
                    )
                )
            else:
                owner[item_id] = kind

    def check(kind: str, item_id: str, field_name: str, refs: Iterable[str], target: str) -> None:
        if target not in items:  # a partial load: that kind was not read
            return
        known = items[target]
        for index, ref in enumerate(refs):
            if ref in known or ref in broken:
                continue
            tail = did_you_mean(ref, known) or (
                f"; known: {', '.join(sorted(known))}" if known else ""
            )
            source = sources[(kind, item_id)]
            problems.append(
                Problem(
                    source.path,
                    source.line(field_name, index),
                    f"{field_name}.{index}",
                    f"no {_singular(target)} '{ref}'{tail}",
                )
            )

    for area_id, area in items.get("areas", {}).items():
        check("areas", area_id, "strokes", getattr(area, "strokes", []), "strokes")
        for index, alias in enumerate(getattr(area, "aliases", [])):
            if alias in owner:
                source = sources[("areas", area_id)]
                problems.append(
                    Problem(
                        source.path,
                        source.line("aliases", index),
                        "aliases",
                        f"'{alias}' is already an id",
                    )
                )
    for tool_id, tool in items.get("tools", {}).items():
        check("tools", tool_id, "areas", getattr(tool, "areas", []), "areas")
    problems.extend(_check_heat_default(items.get("tools", {}), sources, packs))
    problems.extend(_check_floor(items, sources, packs))
    for routine_id, routine in items.get("routines", {}).items():
        problems.extend(_check_routine(routine_id, routine, items, sources, check))
    return problems


def _check_floor(
    items: dict[str, dict[str, Item]],
    sources: Mapping[tuple[str, str], Source],
    packs: Sequence[Path],
) -> list[Problem]:
    """Content may tighten the safety floor, never loosen it (see `safety_floor`); a pack
    that replaces the bundled safety questions asks at least as much as they do."""
    breaches = content_breaches(
        items.get("areas", {}),  # type: ignore[arg-type]
        items.get("strokes", {}),  # type: ignore[arg-type]
        items.get("tools", {}),  # type: ignore[arg-type]
    )
    safety = items.get("checklists", {}).get("safety")
    bundled_path = bundled_content_dir() / "checklists" / "safety.yaml"
    replaced = sources[("checklists", "safety")].path != bundled_path if safety else False
    if safety is not None and replaced and bundled_content_dir() in packs:
        from .models import Checklist  # deferred: a command builds only the kinds it reads

        assert isinstance(safety, Checklist)
        breaches += screening_breaches(safety, _load_item(bundled_path, Checklist))
    prep = items.get("checklists", {}).get("prep")
    prep_path = bundled_content_dir() / "checklists" / "prep.yaml"
    if prep is not None and sources[("checklists", "prep")].path != prep_path:
        # Consent must be asked to be refused; a patch test never asked already keeps
        # first-time oils out, so only consent is held here.
        from .models import Checklist  # deferred: a command builds only the kinds it reads

        assert isinstance(prep, Checklist)
        asked = {item.id for item in prep.items}
        breaches += [
            (
                "checklists",
                "prep",
                "items",
                f"the prep item '{gate}' stays: its answer gates the session",
            )
            for gate in (CONSENT,)
            if gate not in asked
        ]
    problems: list[Problem] = []
    for kind, item_id, field_name, rule in breaches:
        source = sources[(kind, item_id)]
        message = f"the safety floor cannot be loosened: {rule}"
        problems.append(Problem(source.path, source.line(field_name), field_name, message))
    return problems


def _check_heat_default(
    tools: Mapping[str, Item], sources: Mapping[tuple[str, str], Source], packs: Sequence[Path]
) -> list[Problem]:
    """One default heat at most: the planner must not have to guess which heat is gentlest.
    The later one (by pack, then file) is blamed; a pack can turn the bundled one off by
    replacing it by id."""
    marked = [
        sources[("tools", t)] for t, tool in tools.items() if getattr(tool, "heat_default", 0)
    ]
    marked.sort(key=lambda s: (packs.index(s.pack), str(s.path)))
    return [
        Problem(
            source.path,
            source.line("heat_default"),
            "heat_default",
            f"'{marked[0].id}' ({marked[0].path}) is already the default heat; only one tool "
            "can be, so set heat_default: false on one of them",
        )
        for source in marked[1:]
    ]


def _check_routine(
    routine_id: str,
    routine: Item,
    items: dict[str, dict[str, Item]],
    sources: Mapping[tuple[str, str], Source],
    check: Callable[[str, str, str, Iterable[str], str], None],
) -> list[Problem]:
    """A routine's areas, focus, avoid, tools and named strokes must exist; the warm-up and
    cool-down glide cannot be left out (every plan opens and closes with it)."""
    for field_name in ("focus", "avoid"):
        check("routines", routine_id, field_name, getattr(routine, field_name, []), "areas")
    check("routines", routine_id, "tools", getattr(routine, "tools", []), "tools")
    left_out = getattr(routine, "without_strokes", [])
    check("routines", routine_id, "without_strokes", left_out, "strokes")
    for field_name in ("bilateral_strokes", "sided_strokes"):
        check("routines", routine_id, field_name, getattr(routine, field_name, []), "strokes")
    problems: list[Problem] = []
    source = sources[("routines", routine_id)]
    known_areas = items.get("areas", {})
    for area_id in getattr(routine, "areas", {}) if "areas" in items else ():
        if area_id not in known_areas:
            tail = did_you_mean(area_id, known_areas)
            problems.append(
                Problem(
                    source.path,
                    source.line("areas", area_id),
                    f"areas.{area_id}",
                    f"no area '{area_id}'{tail}",
                )
            )
    strokes = items.get("strokes", {})
    for index, stroke_id in enumerate(left_out):
        roles = getattr(strokes.get(stroke_id), "roles", [])
        if "warm-up" in roles or "finish" in roles:
            problems.append(
                Problem(
                    source.path,
                    source.line("without_strokes", index),
                    f"without_strokes.{index}",
                    f"'{stroke_id}' opens and closes every routine and cannot be left out",
                )
            )
    return problems


ProgressCallback = Callable[[Path], None]


class NotLoaded(Mapping[str, Any]):
    """Stands in, in a partly loaded library, for a kind the caller did not ask for: any use of
    it is a mistake in the code, so it fails loudly instead of looking empty."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def _fail(self) -> NoReturn:
        raise RuntimeError(f"{self.kind} were not loaded: add '{self.kind}' to the kinds loaded")

    def __getitem__(self, key: str) -> Any:
        self._fail()

    def __iter__(self) -> Iterator[str]:
        self._fail()

    def __len__(self) -> int:
        self._fail()


def load_packs(
    packs: Sequence[Path],
    progress: ProgressCallback | None = None,
    kinds: Collection[str] | None = None,
) -> Catalog:
    """Load content packs in order into one validated library, collecting every problem.

    Each pack is a folder laid out like the bundled `content/`. A later pack adds items or
    overrides earlier ones by id: an override replaces the whole item (fields are not merged).
    Within one pack an id may be defined only once. References are checked on the combined
    result. `progress` is called with each file before it is read.

    `kinds` (folder names such as "strokes") loads only those kinds, for a command that shows
    one of them: only their files are read, only references between them are checked, and the
    other kinds of the library are `NotLoaded`. The planner and the session load everything.
    """
    wanted = set(KIND_FOLDERS) if kinds is None else {kind_folder(kind) for kind in kinds}
    items: dict[str, dict[str, Item]] = {kind: {} for kind in KIND_FOLDERS if kind in wanted}
    sources: dict[tuple[str, str], Source] = {}
    problems: list[Problem] = []
    broken: set[str] = set()
    drafts: list[Path] = []
    order = {kind: index for index, kind in enumerate(KIND_FOLDERS)}
    for pack in packs:
        files, misplaced = pack_files(pack, KIND_FOLDERS)
        problems.extend(misplaced)
        in_pack: dict[str, Source] = {}
        chosen = (kp for kp in files if kp[0] in wanted)
        for kind, path in sorted(chosen, key=lambda kp: (order[kp[0]], kp[1].name)):
            if progress is not None:
                progress(path)
            try:
                item = _load_item(path, model_for(kind))
            except ContentError as exc:
                problems.extend(exc.problems)
                broken.add(path.stem)
                continue
            if item.draft:  # an untouched starter: checked, never used (an original stays)
                drafts.append(path)
                continue
            earlier = in_pack.get(item.id)
            if earlier is not None:
                problems.append(
                    Problem(
                        path,
                        line_map(path).get(("id",)),
                        "id",
                        f"'{item.id}' is defined twice in this pack (also in {earlier.path})",
                    )
                )
                continue
            replaced = sources.get((kind, item.id))
            source = Source(kind, item.id, pack, path, replaced.path if replaced else None)
            in_pack[item.id] = sources[(kind, item.id)] = source
            items[kind][item.id] = item
    problems.extend(_cross_check(items, sources, broken, packs))
    if problems:
        raise ContentError(sorted(problems, key=lambda p: (str(p.path), p.line or 0)))
    # Each item was validated as it was read; the library adds no rule of its own.
    library = Library(**{kind: items.get(kind, NotLoaded(kind)) for kind in KIND_FOLDERS})
    return Catalog(library, tuple(packs), sources, tuple(drafts))


def load_library(*content_dirs: Path) -> Library:
    """Load exactly the folders given, in order (the bundled content when none is given)."""
    return load_packs(list(content_dirs) or [bundled_content_dir()]).library


@cache
def load_packs_cached(packs: tuple[Path, ...], kinds: frozenset[str] | None = None) -> Catalog:
    """`load_packs`, once per process for each sequence of packs (and kinds)."""
    return load_packs(packs, kinds=kinds)


def bundled_library() -> Library:
    """The bundled content alone, loaded once per process."""
    return load_packs_cached((bundled_content_dir(),)).library


def kind_folder(name: str) -> str:
    """The kind folder for `stroke` or `strokes` (a UsageError with a did-you-mean otherwise)."""
    folder = name if name in KIND_FOLDERS else f"{name}s"
    if folder not in KIND_FOLDERS:
        raise UsageError(
            f"Unknown kind '{name}'; one of: {', '.join(k[:-1] for k in KIND_FOLDERS)}.",
            suggest(name, [k[:-1] for k in KIND_FOLDERS]),
        )
    return folder


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of content file, from its model (for editors)."""
    model = model_for(kind_folder(kind))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}


def starter_text(kind: str, item_id: str, library: Library, copy_of: Path | None = None) -> str:
    """A commented starter file for a new item that validates against `library`.

    With `copy_of` (the file of the item this id would replace) the starter is a copy of that
    file, so the replacement begins with every rule the original had: a generic starter would
    take effect at once and drop, say, the lower back's no-percussion rule.
    """
    folder = kind_folder(kind)
    try:
        TypeAdapter(Id).validate_python(item_id)
    except ValidationError:
        raise UsageError(
            f"'{item_id}' is not a valid id: use lowercase letters, digits and single hyphens, "
            "at most 48 characters (like 'lower-back')."
        ) from None
    if copy_of is not None:
        return (
            f"# A copy of {copy_of}: it replaces that {folder[:-1]} as a whole, with every rule\n"
            "# it had. Change what you mean to, then check it with `massage-coach content "
            "validate DIR`.\n"
            "draft: true  # nothing uses this copy (the original stays) until this line goes\n"
            + copy_of.read_text(encoding="utf-8")
        )
    template = (resources.files("massage_coach") / "starters" / f"{folder[:-1]}.yaml").read_text(
        encoding="utf-8"
    )
    name = item_id.replace("-", " ").capitalize()
    stroke = next(iter(sorted(library.strokes)), "effleurage")
    area = next(iter(sorted(library.areas)), "upper-back")
    for placeholder, value in (
        ("__ID__", item_id),
        ("__NAME__", name),
        ("__STROKE__", stroke),
        ("__AREA__", area),
    ):
        template = template.replace(placeholder, value)
    return template


def write_starter(
    kind: str, item_id: str, pack: Path, library: Library, copy_of: Path | None = None
) -> Path:
    """Write a starter file for a new item into `pack` (see `starter_text`); its path.

    Never overwrites: an existing `ID.yaml` or `ID.yml` is a UsageError, and the file is
    created exclusively, so a file appearing meanwhile is not clobbered either.
    """
    text = starter_text(kind, item_id, library, copy_of)
    target = pack / kind_folder(kind) / f"{item_id}.yaml"
    taken = f"{target} already exists; not overwriting it."
    if target.exists() or target.with_suffix(".yml").exists():
        raise UsageError(taken)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(taken) from None
    return target
