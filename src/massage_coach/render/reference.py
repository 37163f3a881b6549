"""Rich renderables for the reference commands: tables, detail panels and the back diagram.

Every function takes `plain`: when output is not a terminal we draw no boxes and no colour, so
piped text stays clean and greppable. Functions return renderables; the CLI prints them.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Column, Table
from rich.text import Text

from ..kinds.base import Condition, Pressure

if TYPE_CHECKING:
    from ..models import Area, Checklist, Guide, Library, Oil, Stroke, Tool

# The back seen from behind, head at the top. Row numbers are what `Area.diagram` refers to:
# 0-1 neck, 2-4 upper back, 5-7 lower back, 8-10 hips.
BACK = (
    "       (   )       ",
    "        | |        ",
    "   .----' '----.   ",
    "  /   (  :  )   \\  ",
    " |     \\ : /     | ",
    " |      |:|      | ",
    "  \\     |:|     /  ",
    "   |    |:|    |   ",
    "  /     /:\\     \\  ",
    " |     ( : )     | ",
    "  \\____/ : \\____/  ",
)

PRESSURE_STYLE = {Pressure.light: "green", Pressure.medium: "yellow", Pressure.firm: "red"}


def _table(id_column: str, plain: bool) -> Table:
    """A listing: boxed with a bold id column in a terminal, bare columns when plain."""
    if plain:
        table = Table(box=None, show_edge=False, pad_edge=False)
    else:
        table = Table(box=box.ROUNDED, header_style="bold")
    table.add_column(id_column, style="" if plain else "bold")
    return table


def _panel(body: RenderableType, title: str, plain: bool) -> RenderableType:
    if plain:
        return Group(Text(title.upper()), Text(""), body)
    return Panel(body, title=f"[bold]{title}[/]", title_align="left", border_style="cyan")


def _pressures(levels: Iterable[Pressure], plain: bool) -> Text:
    text = Text()
    for i, level in enumerate(levels):
        if i:
            text.append(", ")
        text.append(level.value, style="" if plain else PRESSURE_STYLE[level])
    return text


def _bullets(lines: Sequence[str], numbered: bool = False) -> Table:
    """A bulleted or numbered list whose wrapped lines stay indented under their text."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True, justify="right" if numbered else "left")
    grid.add_column(overflow="fold")
    for i, line in enumerate(lines, start=1):
        grid.add_row(Text(f"{i}." if numbered else "-"), Text(line))
    return grid


def _section(title: str, body: RenderableType | str, plain: bool) -> RenderableType:
    head = Text(title, style="" if plain else "bold cyan")
    return Group(head, Text(body) if isinstance(body, str) else body, Text(""))


def strokes_table(strokes: Sequence[Stroke], plain: bool) -> Table:
    table = _table("stroke", plain)
    table.add_column("what it is")
    table.add_column("role")
    table.add_column("pressures")
    for stroke in strokes:
        roles = ", ".join(r.value for r in stroke.roles)
        table.add_row(stroke.id, stroke.summary, roles, _pressures(stroke.pressures, plain))
    return table


def path_caption(stroke: Stroke, plain: bool) -> Text:
    """The words under a path picture: "The hands' path for kneading: lift, squeeze and roll"."""
    name = stroke.plain_name or stroke.name.lower()
    words = PATH_WORDS.get(stroke.path or "", "")
    return Text(f"The hands' path for {name}: {words}", style="" if plain else "dim")


def stroke_detail(stroke: Stroke, plain: bool) -> RenderableType:
    parts: list[RenderableType] = []
    if stroke.path is not None:
        parts += [back_diagram([], None, plain, labels=False, path=stroke.path)]
        parts += [path_caption(stroke, plain), Text("")]
    parts += [
        Text(stroke.summary),
        Text(""),
        _section("Why", stroke.purpose, plain),
        _section("How", _bullets(stroke.steps, numbered=True), plain),
        _section("Hands", ", ".join(stroke.hand_parts), plain),
        _section("Pressures", _pressures(stroke.pressures, plain), plain),
    ]
    if stroke.pressure_notes:
        notes = [f"{level.value}: {note}" for level, note in stroke.pressure_notes.items()]
        parts.append(_section("At each pressure", _bullets(notes), plain))
    low, high = stroke.typical_seconds.min, stroke.typical_seconds.max
    parts.append(_section("Typical length", f"{low}-{high} seconds on one area", plain))
    parts.append(_section("Say aloud", _bullets(stroke.cues), plain))
    if stroke.cautions:
        parts.append(_section("Cautions", _bullets(stroke.cautions), plain))
    return _panel(Group(*parts), stroke.name, plain)


# The marks of each stroke's path (content says which: `path:`), in a terminal and piped.
PATH_MARKS = {
    "up-and-out": (("↑", "↖", "↗"), ("^", "\\", "/")),
    "circles": (("○",) * 3, ("o",) * 3),
    "knead": (("≈",) * 3, ("~",) * 3),
    "tap": (("·",) * 3, (".",) * 3),
    "tremble": (("≋",) * 3, ("=",) * 3),
}
PATH_WORDS = {
    "up-and-out": "up beside the spine, then out over the shoulders",
    "circles": "small circles, working in place",
    "knead": "lift, squeeze and roll, working along the muscle",
    "tap": "brisk, light taps from loose wrists",
    "tremble": "hands resting, a fine tremble",
}
PATH_OFFSET = 4  # columns from the spine to each hand's track
WHOLE_BACK_ROWS = range(2, 8)  # the figure's back, shoulders to the waist
SHOULDER_ROWS = range(2, 4)  # where a track up the back turns out over the shoulders


def _with_path(rows: list[str], lit: range, path: str, side: str | None, plain: bool) -> None:
    """Draw the hands' track into the lit rows: one mark per hand beside the spine, inside
    the figure; for `up-and-out` the top row turns out over the shoulders."""
    marks = PATH_MARKS[path][1 if plain else 0]
    middle = len(rows[0]) // 2
    spots: dict[int, dict[str, int]] = {}
    for r in lit:
        line = rows[r]
        first, last = len(line) - len(line.lstrip()), len(line.rstrip()) - 1
        free = [c for c in range(first + 1, last) if line[c] == " " and c != middle]
        found: dict[str, int] = {}
        for hand, target, wanted in (
            ("left", middle - PATH_OFFSET, [c for c in free if c < middle]),
            ("right", middle + PATH_OFFSET, [c for c in free if c > middle]),
        ):
            if wanted and (side not in ("left", "right") or hand == side):
                found[hand] = min(wanted, key=lambda c: abs(c - target))
        if found:
            spots[r] = found
    for r, found in spots.items():
        # Out over the shoulders only where the track reaches them.
        top = r == min(spots) and len(spots) > 1 and r <= SHOULDER_ROWS.stop
        cells = list(rows[r])
        for hand, column in found.items():
            cells[column] = marks[(1 if hand == "left" else 2) if top else 0]
        rows[r] = "".join(cells)


def back_diagram(
    areas: Sequence[Area],
    highlight: Area | None,
    plain: bool,
    *,
    side: str | None = None,
    labels: bool = True,
    path: str | None = None,
) -> Text:
    """The back figure with a label per area; the highlighted area's rows stand out, with the
    hands' `path` (a stroke's, from the content) drawn on them.

    Seen from behind, so the recipient's left is on the left; `side` lights only that half.
    `labels=False` leaves the names out (the live session screen has no room for them).
    """
    names = {area.diagram.first: area.name for area in areas} if labels else {}
    middle = len(BACK[0]) // 2
    figure = list(BACK)
    if path in PATH_MARKS:
        # With no area lit (warm-up and cool-down strokes) the track covers the whole back.
        rows = (
            WHOLE_BACK_ROWS
            if highlight is None
            else range(highlight.diagram.first, highlight.diagram.last + 1)
        )
        _with_path(figure, rows, path, side, plain)
    text = Text()
    for row, line in enumerate(figure):
        lit = highlight is not None and highlight.diagram.first <= row <= highlight.diagram.last
        marker = ">> " if lit else "   "
        if plain:
            text.append(marker + line)
        elif lit and side in ("left", "right"):
            halves = (line[:middle], line[middle:])
            text.append("   ")
            for half, name in zip(halves, ("left", "right"), strict=True):
                text.append(half, style="bold black on bright_yellow" if name == side else "dim")
        else:
            text.append("   " + line, style="bold black on bright_yellow" if lit else "dim")
        label = names.get(row)
        if label:
            text.append("  " + label, style="" if plain or not lit else "bold")
        if row < len(BACK) - 1:
            text.append("\n")
    return text


def areas_table(areas: Sequence[Area], plain: bool) -> Table:
    table = _table("area", plain)
    table.add_column("name")
    table.add_column("max pressure")
    table.add_column("strokes")
    table.add_column("notes")
    for area in areas:
        notes = []
        if area.aliases:
            notes.append("also: " + ", ".join(area.aliases))
        if area.no_percussion:
            notes.append("no percussion")
        if area.sided:
            notes.append("left and right")
        table.add_row(
            area.id,
            area.name,
            _pressures([area.max_pressure], plain),
            ", ".join(area.strokes),
            "; ".join(notes),
        )
    return table


def area_detail(area: Area, library: Library, plain: bool) -> RenderableType:
    areas = list(library.areas.values())
    rules = [
        "light pressure only"
        if area.max_pressure is Pressure.light
        else f"pressure up to {area.max_pressure.value}"
    ]
    if area.no_percussion:
        rules.append("no tapotement or percussion tools here")
    if area.sided:
        rules.append("work left and right for the same time")
    tools = [t.name for t in library.tools.values() if area.id in t.areas]
    first = next((library.strokes[s] for s in area.strokes if s in library.strokes), None)
    path = first.path if first is not None else None
    parts: list[RenderableType] = [back_diagram(areas, area, plain, path=path)]
    if first is not None and path is not None:
        parts.append(path_caption(first, plain))
    parts += [
        Text(""),
        Text(area.summary),
        Text(""),
        _section("Strokes", ", ".join(area.strokes), plain),
        _section("Guidance", _bullets(area.guidance), plain),
        _section("Rules the coach keeps", _bullets(rules), plain),
    ]
    if area.avoid:
        parts.append(_section("Avoid", _bullets(area.avoid), plain))
    if tools:
        parts.append(_section("Tools that suit it", ", ".join(tools), plain))
    return _panel(Group(*parts), area.name, plain)


def oils_table(oils: Sequence[Oil], plain: bool) -> Table:
    table = _table("oil", plain)
    table.add_column("type")
    table.add_column("dilution")
    table.add_column("avoid if")
    table.add_column("first caution")
    for oil in oils:
        dilution = (
            f"{oil.dilution.normal_percent:g} % (max {oil.dilution.max_percent:g} %)"
            if oil.dilution
            else "neat"
        )
        avoid = ", ".join(c.value for c in oil.avoid_if) or "-"
        table.add_row(oil.id, oil.type, dilution, avoid, oil.cautions[0])
    return table


def oil_detail(oil: Oil, plain: bool) -> RenderableType:
    parts: list[RenderableType] = [Text(oil.summary), Text("")]
    parts.append(
        _section(
            "Type", oil.type + (" (" + ", ".join(oil.families) + ")" if oil.families else ""), plain
        )
    )
    if oil.dilution:
        d = oil.dilution
        # An oil to avoid on sensitive skin must not suggest its gentle strength for it.
        gentle_for = (
            "first time or older adults"
            if Condition.sensitive_skin in oil.avoid_if
            else "first time, sensitive skin or older adults"
        )
        text = (
            f"{d.gentle_percent:g} % {gentle_for}; "
            f"{d.normal_percent:g} % normally; never above {d.max_percent:g} %"
        )
        parts.append(_section("Dilution in carrier oil", text, plain))
    if oil.avoid_if:
        parts.append(_section("Do not use with", ", ".join(c.value for c in oil.avoid_if), plain))
    parts.append(_section("Cautions", _bullets(oil.cautions), plain))
    if oil.patch_test:
        parts.append(_section("Patch test", "Needed at least 24 hours before first use.", plain))
    return _panel(Group(*parts), oil.name, plain)


def tools_table(tools: Sequence[Tool], plain: bool) -> Table:
    table = _table("tool", plain)
    table.add_column("what it is")
    table.add_column("areas")
    table.add_column("first caution")
    for tool in tools:
        table.add_row(tool.id, tool.summary, ", ".join(tool.areas), tool.cautions[0])
    return table


def tool_detail(tool: Tool, plain: bool) -> RenderableType:
    parts: list[RenderableType] = [
        Text(tool.summary),
        Text(""),
        _section("Areas", ", ".join(tool.areas), plain),
    ]
    if tool.position == "face-up":
        when = "They lie face up on it: use it after the massage, not during the guided routine."
        parts.append(_section("When", when, plain))
    parts += [
        _section("How", _bullets(tool.how, numbered=True), plain),
        _section("Cautions", _bullets(tool.cautions), plain),
        _section("Cue", tool.cue, plain),
    ]
    return _panel(Group(*parts), tool.name, plain)


def checklists_table(checklists: Sequence[Checklist], plain: bool) -> Table:
    table = _table("checklist", plain)
    table.add_column("items", justify="right")
    table.add_column("what it is for")
    for checklist in checklists:
        table.add_row(checklist.id, str(len(checklist.items)), checklist.summary)
    return table


def checklist_print(checklist: Checklist, plain: bool) -> RenderableType:
    """The whole checklist as a reminder list, with why and how under each item."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(overflow="fold")
    box_mark = "[ ]" if checklist.mode == "tasks" else "?"
    for number, item in enumerate(checklist.items, start=1):
        details = Text()
        for label, value in (("why", item.why), ("how", item.how)):
            if value:
                details.append(f"\n{label}: {value}", style="" if plain else "dim")
        if item.if_yes:
            verdict = "STOP" if item.if_yes.action == "stop" else "caution"
            style = "" if plain else ("bold red" if verdict == "STOP" else "yellow")
            details.append("\n")
            details.append(f"if yes ({verdict}): ", style=style)
            details.append(item.if_yes.advice)
        mark = Text(f"{number}. {box_mark}", style="" if plain else "cyan")
        body = Text(item.text, style="" if plain else "bold")
        grid.add_row(mark, Text.assemble(body, details))
    return _panel(Group(Text(checklist.summary + "\n"), grid), checklist.name, plain)


def guide_detail(guide: Guide, plain: bool) -> RenderableType:
    parts: list[RenderableType] = [Text(guide.summary), Text("")]
    for section in guide.sections:
        body = Text(section.text)
        if section.sources:
            body.append("  [" + ", ".join(section.sources) + "]", style="" if plain else "dim")
        parts.append(_section(section.title, body, plain))
    cited = guide.cited()
    if cited:
        key = Table.grid(padding=(0, 2, 0, 0))
        key.add_column(no_wrap=True, style="" if plain else "dim")
        key.add_column(overflow="fold")
        for tag, reference in cited:
            key.add_row(tag, reference)
        parts.append(_section("Sources", key, plain))
    return _panel(Group(*parts), guide.name, plain)


def guides_overview(guides: Sequence[Guide], plain: bool) -> Table:
    table = _table("guide", plain)
    table.add_column("what it covers")
    table.add_column("sections")
    for item in guides:
        table.add_row(item.id, item.summary, ", ".join(s.title for s in item.sections))
    return table


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
