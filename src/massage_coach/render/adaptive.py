"""What every renderable here reads from the console it is printed on.

Output is *plain* when it is not a terminal (piped, redirected) or is a dumb terminal
(TERM=dumb): no boxes, no block characters, every value printed whole. Each renderable decides
at render time, from rich's `Console` and `ConsoleOptions`, so the same object prints styled in a
terminal and plain into a pipe, and no caller passes a flag down.

Styles (bold, colours) are set unconditionally: rich finds no colour system for plain output and
prints the text alone. Only what changes the text itself is decided here.
"""

from __future__ import annotations

import copy
import dataclasses

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Column, Table
from rich.text import Text


def is_plain(console: Console, options: ConsoleOptions) -> bool:
    """Piped, or a dumb terminal: no boxes, no colour, no block characters, values whole."""
    return not options.is_terminal or console.is_dumb_terminal


def ascii_marks(console: Console, options: ConsoleOptions) -> bool:
    """Marks and bars drawn in ASCII (`#`, `^`): plain output, or a terminal whose encoding
    cannot show block characters and arrows."""
    return is_plain(console, options) or options.ascii_only


def listing(id_column: str) -> Table:
    """A listing whose first column is the item's id, bold: drawn boxed in a terminal; print it
    through `Listing` so it is bare and whole when plain."""
    table = Table(box=box.ROUNDED, header_style="bold")
    table.add_column(id_column, style="bold")
    return table


class Listing:
    """A table as its console wants it: as built in a terminal; plain, with no box or edge
    padding and every value whole (`Whole`).

    A cell given as a string is printed as written, never read as markup: the values come from
    content packs, profiles and paths, and a `[/]` in a user's summary must neither restyle the
    table nor stop the command."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        literal = options.update(markup=False)
        if not is_plain(console, options):
            yield from console.render(self.table, literal)
            return
        bare = copy.copy(self.table)
        bare.box, bare.show_edge, bare.pad_edge = None, False, False
        yield from console.render(Whole(bare), literal)


class Item:
    """A list item: `bullet` then `text` (a string printed as written, never read as markup),
    its wrapped lines indented under the first and ending at their last word.

    Printed as a plain string, rich would keep a space that falls at the end of a wrapped line
    and start the next line at the margin."""

    def __init__(self, text: str | Text, bullet: str = "  - ") -> None:
        self.text = Text(text) if isinstance(text, str) else text
        self.bullet = bullet

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = len(self.bullet)
        width = max(options.max_width - indent, 1)
        lines = self.text.wrap(console, width, overflow="fold")
        item = Text(self.bullet)
        for number, line in enumerate(lines):
            line.rstrip()
            item.append_text(Text("\n" + " " * indent) + line if number else line)
        item.no_wrap, item.overflow = True, "ignore"
        yield item


class Titled:
    """A titled block: a panel with the title in its border in a terminal; plain, the title in
    capitals on a line of its own, a blank line, then the body. The title is printed as written
    (an item's name from a content pack), never read as markup."""

    def __init__(self, body: RenderableType, title: str) -> None:
        self.body, self.title = body, title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if is_plain(console, options):
            yield Group(Text(self.title.upper()), Text(""), self.body)
        else:
            title = Text(self.title, style="bold")
            yield Panel(self.body, title=title, title_align="left", border_style="cyan")


class Whole:
    """A table that never cuts a value short with "…", for plain output (a long pack path, a
    user's long name, a narrow window).

    A column that must not wrap is given the room of its longest value, the table is drawn at
    least as wide as that needs, and a column that still has to be squeezed folds a long word
    onto the next line instead of cutting it. A table that fits draws unchanged.
    """

    WIDEST = 100_000

    def __init__(self, table: Table) -> None:
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        wide = options.update_width(self.WIDEST)
        table = copy.copy(self.table)
        table.columns = [self._never_cut(column, console, wide) for column in self.table.columns]
        needed = Measurement.get(console, wide, table).minimum
        yield from console.render(table, options.update_width(max(options.max_width, needed)))

    def _never_cut(self, column: Column, console: Console, wide: ConsoleOptions) -> Column:
        if not column.no_wrap:
            return dataclasses.replace(column, overflow="fold")
        values = [*column.cells, column.header] if self.table.show_header else column.cells
        widths = (Measurement.get(console, wide, value).maximum for value in values)
        longest = max(widths, default=0)
        return dataclasses.replace(column, min_width=max(column.min_width or 0, longest))
