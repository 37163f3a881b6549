"""One renderable, printed on different consoles: boxed and coloured in a terminal; plain, with
no boxes, colour or block characters and every value whole, when piped or on a dumb terminal;
ASCII marks in a terminal that cannot show block characters."""

from __future__ import annotations

import io

import pytest
from rich.console import Console, RenderableType

from massage_coach.library import bundled_library
from massage_coach.models import Library
from massage_coach.render import reference
from massage_coach.render.plan import share_bar
from massage_coach.routine import Choices

BOX_AND_BLOCKS = set("╭╮╰╯│─█░↑↖↗")


@pytest.fixture(scope="module")
def library() -> Library:
    return bundled_library()


def printed(renderable: RenderableType, width: int = 100, **console: object) -> str:
    out = Console(file=io.StringIO(), width=width, highlight=False, **console)  # type: ignore[arg-type]
    out.print(renderable)
    return out.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def test_a_detail_is_a_panel_in_a_terminal_and_plain_text_when_piped(library: Library) -> None:
    detail = reference.stroke_detail(library.strokes["effleurage"])
    boxed = printed(detail, force_terminal=True, color_system="standard")
    piped = printed(detail, force_terminal=False)
    assert "╭─" in boxed and "\x1b[" in boxed and "↑" in boxed
    assert not BOX_AND_BLOCKS & set(piped) and "\x1b[" not in piped
    assert piped.startswith(library.strokes["effleurage"].name.upper() + "\n\n")
    assert "^" in piped  # the hands' path in ASCII


def test_a_dumb_terminal_gets_the_plain_drawing(library: Library) -> None:
    area = reference.area_detail(library.areas["lower-back"], library)
    dumb = Console(file=io.StringIO(), width=100, force_terminal=True, _environ={"TERM": "dumb"})
    dumb.print(area)
    text = dumb.file.getvalue()  # type: ignore[attr-defined]
    assert ">> " in text and not BOX_AND_BLOCKS & set(text) and "\x1b[" not in text


def test_a_piped_listing_prints_every_value_whole_however_narrow(library: Library) -> None:
    listing = reference.oils_table(list(library.oils.values()))
    narrow = Console(file=io.StringIO(), width=40, force_terminal=False)
    narrow.print(listing)
    text = narrow.file.getvalue()  # type: ignore[attr-defined]
    assert "…" not in text and not BOX_AND_BLOCKS & set(text)
    assert "…" in printed(listing, force_terminal=True, width=40)  # a terminal keeps its width


def test_a_terminal_that_cannot_show_blocks_gets_ascii_bars(library: Library) -> None:
    from massage_coach import planner

    bar = share_bar(planner.plan(Choices(minutes=20), library), library)
    assert "█" in printed(bar, force_terminal=True)
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")  # an encoding error would raise here
    Console(file=stream, width=100, force_terminal=True).print(bar)
    stream.flush()
    text = raw.getvalue().decode("ascii")
    assert "#" in text and "\x1b[" in text  # still a terminal: coloured, in ASCII


MARKUP = "[bold]Kneed[/] [red]x"
UNBALANCED = "a summary [/] with [link=x]brackets"


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "piped"])
def test_text_from_a_pack_prints_as_written_never_as_markup(
    library: Library, terminal: bool
) -> None:
    stroke = library.strokes["effleurage"].model_copy(
        update={"name": MARKUP, "summary": UNBALANCED}
    )
    table = printed(reference.strokes_table([stroke]), width=120, force_terminal=terminal)
    detail = printed(reference.stroke_detail(stroke), width=120, force_terminal=terminal)
    assert UNBALANCED in table and UNBALANCED in detail
    assert (MARKUP if terminal else MARKUP.upper()) in detail


def test_a_list_item_wraps_under_its_first_word_and_keeps_every_character() -> None:
    from massage_coach.render.adaptive import Item

    text = "Warm the oil [/] first, then " + "spread it slowly " * 6 + "x" * 90
    out = printed(Item(text), width=40)
    lines = out.splitlines()
    assert lines[0].startswith("  - Warm the oil [/] first")
    assert all(line.startswith("    ") and line[4] != " " for line in lines[1:])
    assert all(len(line) <= 40 and not line.endswith(" ") for line in lines)
    assert "".join(line[4:] for line in lines).replace(" ", "") == text.replace(" ", "")
