"""Reference commands: techniques, areas, oils, tools, guide. Each is parse -> core -> render."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from ..names import find
from .app import CoachTyper, JsonOption, complete_from, emit_json, show
from .completion import area_aliases
from .packs import ContentOption, library_for

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..models import Item, Library

# One app per command: the root app builds only the command that is used (`techniques --help`
# builds no other reference command).
techniques_app = CoachTyper()
areas_app = CoachTyper()
oils_app = CoachTyper()
tools_app = CoachTyper()
guide_app = CoachTyper()


ItemT = TypeVar("ItemT", bound="Item")


def _reference(  # noqa: PLR0913 - one shape for six reference commands
    label: str,
    name: str | None,
    as_json: bool,
    items: Callable[[Library], Mapping[str, ItemT]],
    listing: Callable[[Library, list[ItemT]], RenderableType],
    detail: Callable[[Library, ItemT], RenderableType],
    aliases: Callable[[Library], dict[str, str]] | None = None,
    content: list[Path] | None = None,
    kinds: tuple[str, ...] | None = None,
) -> None:
    """The shape every reference command shares: a list, or one item in detail; JSON on demand.
    Only `kinds` (all when None) are read from the content: those the command shows and uses."""
    library = library_for(content, kinds)
    by_id = items(library)
    if name is None:
        chosen = list(by_id.values())
        if as_json:
            emit_json([item.model_dump(mode="json") for item in chosen])
        else:
            show(listing(library, chosen))
        return
    item = find(label, name, dict(by_id), aliases(library) if aliases else None)
    if as_json:
        emit_json(item.model_dump(mode="json"))
    else:
        show(detail(library, item))


def _name_argument(
    help_text: str, kind: str, extra: Callable[[Sequence[Path]], list[str]] | None = None
) -> object:
    return typer.Argument(
        help=help_text,
        autocompletion=complete_from(kind, extra),
        show_default=False,
        metavar="NAME",
    )


@techniques_app.command()
def techniques(
    name: Annotated[str | None, _name_argument("A stroke to show in detail.", "strokes")] = None,
    as_json: JsonOption = False,
    content: ContentOption = None,
) -> None:
    """The five strokes: what each is, how and when to use it."""
    # deferred, not for --help: rich and pydantic
    from ..render import reference as render

    _reference(
        "technique",
        name,
        as_json,
        lambda lib: {s.id: s for s in lib.strokes_in_sequence()},
        lambda lib, items: render.strokes_table(items),
        lambda lib, item: render.stroke_detail(item),
        content=content,
        kinds=("strokes",),
    )


@areas_app.command()
def areas(
    name: Annotated[
        str | None,
        _name_argument("An area (or alias) to show on the back diagram.", "areas", area_aliases),
    ] = None,
    as_json: JsonOption = False,
    content: ContentOption = None,
) -> None:
    """The parts of the back the coach works on, and the rules for each."""
    # deferred, not for --help: rich and pydantic
    from ..render import reference as render

    _reference(
        "area",
        name,
        as_json,
        lambda lib: dict(sorted(lib.areas.items(), key=lambda kv: kv[1].diagram.first)),
        lambda lib, items: render.areas_table(items),
        lambda lib, item: render.area_detail(item, lib),
        lambda lib: {alias: a.id for a in lib.areas.values() for alias in a.aliases},
        content=content,
        kinds=("areas", "strokes", "tools"),
    )


@oils_app.command()
def oils(
    name: Annotated[str | None, _name_argument("An oil to show in detail.", "oils")] = None,
    as_json: JsonOption = False,
    content: ContentOption = None,
) -> None:
    """Carrier and essential oils: dilution, patch test, and who should avoid each."""
    # deferred, not for --help: rich and pydantic
    from ..render import reference as render

    _reference(
        "oil",
        name,
        as_json,
        lambda lib: lib.oils,
        lambda lib, items: render.oils_table(items),
        lambda lib, item: render.oil_detail(item),
        content=content,
        kinds=("oils",),
    )


@tools_app.command()
def tools(
    name: Annotated[str | None, _name_argument("A tool to show in detail.", "tools")] = None,
    as_json: JsonOption = False,
    content: ContentOption = None,
) -> None:
    """Massage balls, massagers, rollers and heat: how to use them safely."""
    # deferred, not for --help: rich and pydantic
    from ..render import reference as render

    _reference(
        "tool",
        name,
        as_json,
        lambda lib: lib.tools,
        lambda lib, items: render.tools_table(items),
        lambda lib, item: render.tool_detail(item),
        content=content,
        kinds=("tools", "areas"),
    )


@guide_app.command()
def guide(
    name: Annotated[str | None, _name_argument("tips, benefits or stop-signals.", "guides")] = None,
    as_json: JsonOption = False,
    content: ContentOption = None,
) -> None:
    """Tips, honest benefits, and the signals to stop at once."""
    # deferred, not for --help: rich and pydantic
    from ..render import reference as render

    _reference(
        "guide",
        name,
        as_json,
        lambda lib: lib.guides,
        lambda lib, items: render.guides_overview(items),
        lambda lib, item: render.guide_detail(item),
        content=content,
        kinds=("guides",),
    )
