"""Rich renderables for the reference commands: tables, detail panels and the back diagram.

Each renderable reads the console it is printed on (`adaptive`): boxed and coloured in a
terminal; piped, no boxes, no colour and every value whole, so the text stays clean and
greppable. Functions return renderables; the CLI and the session print them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ..kinds.base import Condition, Pressure
from .adaptive import Listing, Titled, ascii_marks, is_plain, listing

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

LIT = "bold black on bright_yellow"
"""The worked area on the back diagram, in a terminal."""
PRESSURE_STYLE = {Pressure.light: "green", Pressure.medium: "yellow", Pressure.firm: "red"}


def _pressures(levels: Iterable[Pressure]) -> Text:
    text = Text()
    for i, level in enumerate(levels):
        if i:
            text.append(", ")
        text.append(level.value, style=PRESSURE_STYLE[level])
    return text


def _bullets(lines: Sequence[str], numbered: bool = False) -> Table:
    """A bulleted or numbered list whose wrapped lines stay indented under their text."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True, justify="right" if numbered else "left")
    grid.add_column(overflow="fold")
    for i, line in enumerate(lines, start=1):
        grid.add_row(Text(f"{i}." if numbered else "-"), Text(line))
    return grid


def _section(title: str, body: RenderableType | str) -> RenderableType:
    head = Text(title, style="bold cyan")
    return Group(head, Text(body) if isinstance(body, str) else body, Text(""))


def strokes_table(strokes: Sequence[Stroke]) -> Listing:
    table = listing("stroke")
    table.add_column("what it is")
    table.add_column("role")
    table.add_column("pressures")
    for stroke in strokes:
        roles = ", ".join(r.value for r in stroke.roles)
        table.add_row(stroke.id, stroke.summary, roles, _pressures(stroke.pressures))
    return Listing(table)


def path_caption(stroke: Stroke) -> Text:
    """The words under a path picture: "The hands' path for kneading: lift, squeeze and roll"."""
    name = stroke.plain_name or stroke.name.lower()
    words = PATH_WORDS.get(stroke.path or "", "")
    return Text(f"The hands' path for {name}: {words}", style="dim")


def stroke_detail(stroke: Stroke) -> RenderableType:
    parts: list[RenderableType] = []
    if stroke.path is not None:
        parts += [BackDiagram([], None, labels=False, path=stroke.path)]
        parts += [path_caption(stroke), Text("")]
    parts += [
        Text(stroke.summary),
        Text(""),
        _section("Why", stroke.purpose),
        _section("How", _bullets(stroke.steps, numbered=True)),
        _section("Hands", ", ".join(stroke.hand_parts)),
        _section("Pressures", _pressures(stroke.pressures)),
    ]
    if stroke.pressure_notes:
        notes = [f"{level.value}: {note}" for level, note in stroke.pressure_notes.items()]
        parts.append(_section("At each pressure", _bullets(notes)))
    low, high = stroke.typical_seconds.min, stroke.typical_seconds.max
    parts.append(_section("Typical length", f"{low}-{high} seconds on one area"))
    parts.append(_section("Say aloud", _bullets(stroke.cues)))
    if stroke.cautions:
        parts.append(_section("Cautions", _bullets(stroke.cautions)))
    return Titled(Group(*parts), stroke.name)


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


def _with_path(rows: list[str], lit: range, path: str, side: str | None, ascii: bool) -> None:
    """Draw the hands' track into the lit rows: one mark per hand beside the spine, inside
    the figure; for `up-and-out` the top row turns out over the shoulders."""
    marks = PATH_MARKS[path][1 if ascii else 0]
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


class BackDiagram:
    """The back figure with a label per area; the highlighted area's rows stand out, with the
    hands' `path` (a stroke's, from the content) drawn on them.

    Seen from behind, so the recipient's left is on the left; `side` lights only that half.
    `labels=False` leaves the names out (the live session screen has no room for them). In a
    terminal the lit rows are highlighted; plain, they are marked `>>` and the path is drawn
    in ASCII.
    """

    def __init__(
        self,
        areas: Sequence[Area],
        highlight: Area | None,
        *,
        side: str | None = None,
        labels: bool = True,
        path: str | None = None,
    ) -> None:
        self.areas, self.highlight = areas, highlight
        self.side, self.labels, self.path = side, labels, path

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._for(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._for(console, options))

    def _for(self, console: Console, options: ConsoleOptions) -> Text:
        marked = is_plain(console, options)
        return self.drawn(highlighted=not marked, ascii=ascii_marks(console, options))

    def drawn(self, *, highlighted: bool, ascii: bool) -> Text:
        """The figure as text: the lit rows `highlighted` in colour (else marked `>>`), the
        path's marks in `ascii` (else arrows and symbols)."""
        highlight, side = self.highlight, self.side
        names = {area.diagram.first: area.name for area in self.areas} if self.labels else {}
        middle = len(BACK[0]) // 2
        figure = list(BACK)
        if self.path in PATH_MARKS:
            # With no area lit (warm-up and cool-down strokes) the track covers the whole back.
            rows = (
                WHOLE_BACK_ROWS
                if highlight is None
                else range(highlight.diagram.first, highlight.diagram.last + 1)
            )
            _with_path(figure, rows, self.path, side, ascii)
        text = Text()
        for row, line in enumerate(figure):
            lit = highlight is not None and highlight.diagram.first <= row <= highlight.diagram.last
            if not highlighted:
                text.append((">> " if lit else "   ") + line)
            elif lit and side in ("left", "right"):
                halves = (line[:middle], line[middle:])
                text.append("   ")
                for half, name in zip(halves, ("left", "right"), strict=True):
                    text.append(half, style=LIT if name == side else "dim")
            else:
                text.append("   " + line, style=LIT if lit else "dim")
            label = names.get(row)
            if label:
                text.append("  " + label, style="bold" if lit else "")
            if row < len(BACK) - 1:
                text.append("\n")
        return text


def areas_table(areas: Sequence[Area]) -> Listing:
    table = listing("area")
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
            _pressures([area.max_pressure]),
            ", ".join(area.strokes),
            "; ".join(notes),
        )
    return Listing(table)


def area_detail(area: Area, library: Library) -> RenderableType:
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
    parts: list[RenderableType] = [BackDiagram(areas, area, path=path)]
    if first is not None and path is not None:
        parts.append(path_caption(first))
    parts += [
        Text(""),
        Text(area.summary),
        Text(""),
        _section("Strokes", ", ".join(area.strokes)),
        _section("Guidance", _bullets(area.guidance)),
        _section("Rules the coach keeps", _bullets(rules)),
    ]
    if area.avoid:
        parts.append(_section("Avoid", _bullets(area.avoid)))
    if tools:
        parts.append(_section("Tools that suit it", ", ".join(tools)))
    return Titled(Group(*parts), area.name)


def oils_table(oils: Sequence[Oil]) -> Listing:
    table = listing("oil")
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
    return Listing(table)


def oil_detail(oil: Oil) -> RenderableType:
    parts: list[RenderableType] = [Text(oil.summary), Text("")]
    parts.append(
        _section("Type", oil.type + (" (" + ", ".join(oil.families) + ")" if oil.families else ""))
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
        parts.append(_section("Dilution in carrier oil", text))
    if oil.avoid_if:
        parts.append(_section("Do not use with", ", ".join(c.value for c in oil.avoid_if)))
    parts.append(_section("Cautions", _bullets(oil.cautions)))
    if oil.patch_test:
        parts.append(_section("Patch test", "Needed at least 24 hours before first use."))
    return Titled(Group(*parts), oil.name)


def tools_table(tools: Sequence[Tool]) -> Listing:
    table = listing("tool")
    table.add_column("what it is")
    table.add_column("areas")
    table.add_column("first caution")
    for tool in tools:
        table.add_row(tool.id, tool.summary, ", ".join(tool.areas), tool.cautions[0])
    return Listing(table)


def tool_detail(tool: Tool) -> RenderableType:
    parts: list[RenderableType] = [
        Text(tool.summary),
        Text(""),
        _section("Areas", ", ".join(tool.areas)),
    ]
    if tool.position == "face-up":
        when = "They lie face up on it: use it after the massage, not during the guided routine."
        parts.append(_section("When", when))
    parts += [
        _section("How", _bullets(tool.how, numbered=True)),
        _section("Cautions", _bullets(tool.cautions)),
        _section("Cue", tool.cue),
    ]
    return Titled(Group(*parts), tool.name)


def checklists_table(checklists: Sequence[Checklist]) -> Listing:
    table = listing("checklist")
    table.add_column("items", justify="right")
    table.add_column("what it is for")
    for checklist in checklists:
        table.add_row(checklist.id, str(len(checklist.items)), checklist.summary)
    return Listing(table)


def checklist_print(checklist: Checklist) -> RenderableType:
    """The whole checklist as a reminder list, with why and how under each item."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(overflow="fold")
    box_mark = "[ ]" if checklist.mode == "tasks" else "?"
    for number, item in enumerate(checklist.items, start=1):
        details = Text()
        for label, value in (("why", item.why), ("how", item.how)):
            if value:
                details.append(f"\n{label}: {value}", style="dim")
        if item.if_yes:
            verdict = "STOP" if item.if_yes.action == "stop" else "caution"
            style = "bold red" if verdict == "STOP" else "yellow"
            details.append("\n")
            details.append(f"if yes ({verdict}): ", style=style)
            details.append(item.if_yes.advice)
        mark = Text(f"{number}. {box_mark}", style="cyan")
        body = Text(item.text, style="bold")
        grid.add_row(mark, Text.assemble(body, details))
    return Titled(Group(Text(checklist.summary + "\n"), grid), checklist.name)


def guide_detail(guide: Guide) -> RenderableType:
    parts: list[RenderableType] = [Text(guide.summary), Text("")]
    for section in guide.sections:
        body = Text(section.text)
        if section.sources:
            body.append("  [" + ", ".join(section.sources) + "]", style="dim")
        parts.append(_section(section.title, body))
    cited = guide.cited()
    if cited:
        key = Table.grid(padding=(0, 2, 0, 0))
        key.add_column(no_wrap=True, style="dim")
        key.add_column(overflow="fold")
        for tag, reference in cited:
            key.add_row(tag, reference)
        parts.append(_section("Sources", key))
    return Titled(Group(*parts), guide.name)


def guides_overview(guides: Sequence[Guide]) -> Listing:
    table = listing("guide")
    table.add_column("what it covers")
    table.add_column("sections")
    for item in guides:
        table.add_row(item.id, item.summary, ", ".join(s.title for s in item.sections))
    return Listing(table)
