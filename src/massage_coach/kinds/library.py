"""The library: every kind of content, by id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..names import match
from . import KIND_FOLDERS

if TYPE_CHECKING:
    from .area import Area
    from .checklist import Checklist
    from .guide import Guide
    from .oil import Oil
    from .routine import Routine
    from .stroke import Stroke
    from .tool import Tool


class Library:
    """All content, validated and cross-checked, by id. Lookups accept ids and aliases.

    Built by the loader from items it validated one by one (`library.load_packs`); a plain,
    read-only class, so that making one needs no kind's model. A command that shows one kind
    may load only some kinds: the others are then mappings that raise on any use, and only
    references between the kinds loaded were checked. The planner and the session always get
    the whole library.
    """

    __slots__ = KIND_FOLDERS

    strokes: dict[str, Stroke]
    areas: dict[str, Area]
    tools: dict[str, Tool]
    oils: dict[str, Oil]
    checklists: dict[str, Checklist]
    guides: dict[str, Guide]
    routines: dict[str, Routine]

    def __init__(self, **kinds: Any) -> None:
        if set(kinds) != set(KIND_FOLDERS):
            raise TypeError(f"a library needs exactly these kinds: {', '.join(KIND_FOLDERS)}")
        for kind, items in kinds.items():
            object.__setattr__(self, kind, items)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a library is read-only")

    def _kinds(self) -> dict[str, Any]:
        return {kind: getattr(self, kind) for kind in KIND_FOLDERS}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Library) and self._kinds() == other._kinds()

    __hash__ = None  # type: ignore[assignment]  # equal by content, which is mutable dicts

    def __reduce__(self) -> tuple[Any, ...]:  # copy, deepcopy and pickle go through __init__
        return (_rebuild, (self._kinds(),))

    def __repr__(self) -> str:
        sizes = ", ".join(
            f"{kind}={len(items) if isinstance(items, dict) else 'not loaded'}"
            for kind, items in self._kinds().items()
        )
        return f"Library({sizes})"

    def replace(self, **kinds: Any) -> Library:
        """A new library with these kinds replaced (`library.replace(routines={...})`)."""
        return Library(**(self._kinds() | kinds))

    def strokes_in_sequence(self) -> list[Stroke]:
        return sorted(self.strokes.values(), key=lambda s: (s.sequence, s.id))

    def heat_for(self, tool_ids: Iterable[str] = ()) -> Tool | None:
        """The heat a plan uses: of the heat sources among `tool_ids` the default one (the
        gentlest) if named, else the first; with none named the content's `heat_default` (the
        loader allows one at most); else none: never a guess."""
        named = [self.tools[t] for t in tool_ids if t in self.tools and self.tools[t].heat]
        default = next((t for t in self.tools.values() if t.heat_default), None)
        if named:
            return default if default in named else named[0]
        return default

    def area_for(self, name: str) -> Area | None:
        """The area with this id or alias (in any case), if any."""
        aliases = {alias: area.id for area in self.areas.values() for alias in area.aliases}
        found = match(name, self.areas, aliases)
        return self.areas[found] if found is not None else None


def _rebuild(kinds: dict[str, Any]) -> Library:
    return Library(**kinds)
