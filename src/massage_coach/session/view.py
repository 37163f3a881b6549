"""The live screen, read from a metre away, and a plain line-per-step view for piped output.

`session_screen` turns a runner `Frame` into one rich renderable: the step in words, its
countdown in large digits, the back diagram with the area lit, the overall progress, what comes
next and a line of key help. `LiveView` shows it on the alternate screen, rewriting only the
lines that changed and only when the runner asks (no timer of its own); `PlainView` prints one
line per step.
"""

from __future__ import annotations

import contextlib
import re
import textwrap
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.control import Control
from rich.segment import Segment
from rich.text import Text

from ..record import Outcome
from ..render.plan import clock, what, where
from ..render.reference import PRESSURE_STYLE, BackDiagram
from ..routine import Step, StepKind

if TYPE_CHECKING:
    from ..models import Library
    from .runner import Frame

# A 3x5 pixel font; each pixel is drawn two cells wide so digits look square on a terminal.
_FONT = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
}
# The same font's letters, for the action word of the headline on a large screen.
_LETTERS = {
    "A": ("###", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": ("###", "#..", "#..", "#..", "###"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": ("###", "#..", "#.#", "#.#", "###"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", "###"),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#..#", "##.#", "#.##", "#..#", "#..#"),
    "O": ("###", "#.#", "#.#", "#.#", "###"),
    "P": ("###", "#.#", "###", "#..", "#.."),
    "Q": ("###", "#.#", "#.#", "###", "..#"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": ("###", "#..", "###", "..#", "###"),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    " ": ("..", "..", "..", "..", ".."),
    "-": ("...", "...", "###", "...", "..."),
}
DIGIT_ROWS = 5
BIG_DIGITS_WIDTH = 62  # "88:88" twice as big, with a margin
BIG_DIGITS_HEIGHT = 34  # the screen's 24 lines or so, plus five more rows of digits

KEY_HELP = "space pause  n/→ next  b/← back  +/- firmer/softer  e +30s  ! stop  q quit"
CHECK_IN_QUESTION = "Ask: more, less or the same?   + more   - less   = same"
CHECK_IN_ASK, CHECK_IN_KEYS = "Ask: more, less or the same?", "+ more   - less   = same"


def big_digits(text: str, scale: int = 1) -> list[str]:
    """`text` (digits and ':') as five lines of block characters (`scale` times as big)."""
    rows = []
    on, off = "██" * scale, "  " * scale
    for row in range(DIGIT_ROWS):
        cells = []
        for char in text:
            pattern = _FONT.get(char, ("...",) * DIGIT_ROWS)[row]
            cells.append("".join(on if p == "#" else off for p in pattern))
        rows.extend([(" " * scale).join(cells)] * scale)
    return rows


def big_word(word: str) -> list[str] | None:
    """`word` (letters, spaces, dashes) in the countdown's block font, five lines; None when
    it has a character the font does not draw."""
    if not word or any(char not in _LETTERS for char in word.upper()):
        return None
    rows = []
    for row in range(DIGIT_ROWS):
        cells = [
            "".join("██" if p == "#" else "  " for p in _LETTERS[c][row]) for c in word.upper()
        ]
        rows.append(" ".join(cells).rstrip())
    return rows


def _big_headline(title: Text, width: int) -> list[Text] | None:
    """The headline with its action word in block letters (five lines), the rest under it;
    None when the word does not fit `width` or cannot be drawn."""
    plain = title.plain
    word_end = plain.find(" · ")
    word_end = len(plain) if word_end < 0 else word_end
    rows = big_word(plain[:word_end])
    if rows is None or max(len(row) for row in rows) > width:
        return None
    lines = [Text(row, style="bold cyan") for row in rows]
    rest = title[word_end + 3 :] if word_end < len(plain) else None
    if rest is not None and rest.plain:
        lines.extend(_wrap_text(rest, width))
    return lines


def _digit_scale(left_width: int, height: int) -> int:
    """Twice as big where the terminal has the room (say 120x40): read from further away."""
    return 2 if left_width >= BIG_DIGITS_WIDTH and height >= BIG_DIGITS_HEIGHT else 1


def _key_help(width: int) -> list[Text]:
    """The key help on one line, or on two where the terminal is narrow (nothing cut off)."""
    lines: list[str] = []
    for item in KEY_HELP.split("  "):
        if lines and len(lines[-1]) + 2 + len(item) <= width:
            lines[-1] += "  " + item
        else:
            lines.append(item)
    return [Text(line, style="dim") for line in lines]


def step_title(step: Step, library: Library) -> str:
    """What and where, e.g. "Petrissage · Lower back (left)"."""
    place = where(step, library)
    return f"{what(step, library)} · {place}" if place != "-" else what(step, library)


def doing(step: Step, library: Library) -> str:
    """What the hands do, in everyday words: "kneading", "foam roller", "apply oil"."""
    if step.stroke:
        stroke = library.strokes.get(step.stroke)
        return (stroke.plain_name or stroke.name) if stroke else step.stroke
    if step.kind is StepKind.prep and not step.tool:
        if step.why == "oil":
            return "apply oil"
        if step.why == "turn":
            return "turn over"
    return what(step, library)


def on_body(step: Step, library: Library) -> str:
    """Where, from the recipient's body: "their left upper back and shoulders", or ""."""
    if step.area is None:
        if step.kind is not StepKind.stroke and not step.tool:
            return ""
        return f"the {step.side} side of their back" if step.side else "the whole back"
    area = library.areas.get(step.area)
    name = (area.name if area else step.area).lower()
    return f"their {step.side} {name}" if step.side else name


def headline(step: Step, library: Library) -> Text:
    """The instruction, e.g. "KNEADING · their left upper back and shoulders · medium"."""
    text = Text(doing(step, library).upper(), style="bold cyan")
    place = on_body(step, library)
    if place:
        text.append(" · ")
        text.append(place, style="bold")
    if step.pressure is not None:
        text.append(" · ")
        text.append(step.pressure.value, style=f"bold {PRESSURE_STYLE[step.pressure]}")
    return text


def _spaced(text: Text) -> Text:
    """The headline's first word letter-spaced, to read from further away on a large screen."""
    plain = text.plain
    word_end = plain.find(" · ")
    word_end = len(plain) if word_end < 0 else word_end
    out = Text(" ".join(plain[:word_end]), style="bold cyan")
    out.append_text(text[word_end:])
    return out


SIDES_NOTE = "left and right are the recipient's"


def technical(step: Step, library: Library) -> Text | None:
    """The smaller line under the headline: the stroke's own name, the oil, and whose left."""
    parts = []
    if step.stroke:
        stroke = library.strokes.get(step.stroke)
        if stroke is not None and stroke.plain_name:
            parts.append(stroke.name)
    if step.oil:
        oil = library.oils.get(step.oil)
        parts.append(oil.name if oil else step.oil)
    if step.side:
        parts.append(SIDES_NOTE)
    return Text(" · ".join(parts), style="dim") if parts else None


def _wrap_text(text: Text, width: int) -> list[Text]:
    """A styled line split at spaces into lines of at most `width` cells (never in a word)."""
    if text.cell_len <= width:
        return [text]
    lines: list[Text] = []
    rest = text
    while rest.cell_len > width:
        cut = rest.plain.rfind(" ", 0, width + 1)
        if cut <= 0:
            cut = width
        lines.append(rest[:cut])
        rest = rest[cut:]
        rest = rest[len(rest.plain) - len(rest.plain.lstrip(" ")) :]
    lines.append(rest)
    return lines


def _progress_bar(done: int, total: int, width: int) -> Text:
    filled = round(width * done / total) if total else width
    bar = Text("█" * filled, style="cyan")
    bar.append("░" * (width - filled), style="dim")
    return bar


def session_screen(
    frame: Frame,
    library: Library,
    width: int,
    height: int = 24,
    finishes: str | None = None,
    notices: Sequence[str] = (),
) -> RenderableType:
    """The whole live screen for one frame, laid out for `width` x `height`."""
    lines = screen_lines(frame, library, width, height, finishes, notices)
    screen = Text("\n").join(lines)
    screen.no_wrap, screen.overflow = True, "crop"  # every line already fits: skip rich's wrap
    return screen


QUIT_QUESTION = "Quit the session?  y = quit   any other key = go on"
QUIT_QUESTION_SHORT = "Quit?  y = quit, other key = go on"
COMPACT_WIDTH, COMPACT_HEIGHT = 60, 15
"""Below this size the screen keeps only the headline, the time and the keys."""
BIG_WIDTH, BIG_HEIGHT = 120, 40


def _header(frame: Frame, width: int) -> Text:
    """Where we are, the level, and any state that changes what the keys do, in `width`.

    On a narrow screen the words that can go go first (the session's level, "space to
    resume", then the labels), so the state (PAUSED, QUIT?) is never cut off."""
    step = frame.step
    # The level that applies to this step: a warm-up, or an area with its own cap (the neck),
    # can be lighter than the session's, and the header must never suggest pressing harder.
    applies = step.pressure or frame.pressure
    state: list[tuple[str, str]] = []
    if frame.finished:
        state = [("   FINISHED" if frame.outcome is Outcome.finished else "   STOPPED", "")]
    elif frame.confirm_quit:
        state = [("   QUIT?", "bold red")]
    elif frame.get_ready is not None:
        state = [("   GET READY", "bold yellow")]
    elif frame.paused:
        state = [("   PAUSED ", "bold black on yellow"), (" space to resume", "yellow")]
    lighter = applies.rank < frame.pressure.rank
    for verbose in (3, 2, 1, 0):
        header = Text()
        if verbose >= 1:
            header.append(f" Step {frame.index + 1} of {frame.count} ", style="bold reverse")
            header.append("   pressure ")
        else:
            header.append(f" {frame.index + 1}/{frame.count} ", style="bold reverse")
            header.append("  ")
        header.append(applies.value, style=f"bold {PRESSURE_STYLE[applies]}")
        if lighter and verbose >= 3:
            header.append(f" (session {frame.pressure.value})", style="dim")
        for text, style in state[: 2 if verbose >= 2 else 1]:
            header.append(text if verbose >= 1 else text[1:], style=style)
        if header.cell_len <= width:
            break
    return header


def _upcoming(frame: Frame, library: Library) -> Text:
    """What comes next and when: "Next in 0:42: kneading · their right lower back · medium"."""
    upcoming = Text(f"Next in {clock(frame.step_left)}: ", style="bold" if frame.soon else "dim")
    nxt = frame.next_step
    if nxt is None:
        upcoming.append("the end: aftercare")
        return upcoming
    words = [doing(nxt, library).capitalize(), on_body(nxt, library)]
    if nxt.pressure:
        words.append(nxt.pressure.value)
    upcoming.append(" · ".join(w for w in words if w), style="bold yellow" if frame.soon else "")
    return upcoming


def _bottom(frame: Frame, width: int) -> Text | None:
    if frame.confirm_quit:
        ask = QUIT_QUESTION if len(QUIT_QUESTION) <= width else QUIT_QUESTION_SHORT
        return Text(ask, style="bold reverse red")
    if frame.message:
        return Text(frame.message, style="bold green")
    return None


def screen_lines(
    frame: Frame,
    library: Library,
    width: int,
    height: int = 24,
    finishes: str | None = None,
    notices: Sequence[str] = (),
) -> list[Text]:
    """The live screen as lines no wider than `width`, so a view can redraw only changed ones.

    What must be seen from a metre away comes first when space is short: the headline, the
    countdown's digits whole, a check-in's question with its keys, the quit question and the
    keys (`! stop`, `q quit`); then a message, what comes next, the progress, the smaller
    line, the cue and the diagram. Below 60x15 a compact screen keeps headline, time and keys.
    On a large terminal the countdown doubles, the headline is spaced out and spare lines
    spread the screen over its height."""
    if width < COMPACT_WIDTH or height < COMPACT_HEIGHT:
        return _compact_lines(frame, library, width, height)
    step = frame.step
    big = width >= BIG_WIDTH and height >= BIG_HEIGHT
    title = headline(step, library)
    big_title = _big_headline(title, width) if big else None
    top = [
        _header(frame, width),
        *(big_title or _wrap_text(_spaced(title) if big else title, width)),
    ]
    scale = _digit_scale(max(width - DIAGRAM_WIDTH - 2, 20), height)
    # The diagram sits next to the countdown and the cue it explains, not at the far edge.
    left_width = max(min(width - DIAGRAM_WIDTH - 2, 56 + 8 * scale), 20)
    if frame.get_ready is not None:
        digits, style = big_digits(str(frame.get_ready), scale), "bold yellow"
    else:
        digits = big_digits(clock(frame.step_left), scale)
        style = "dim" if frame.paused else ("bold red" if frame.soon else "bold")
    if frame.flash:
        style += " reverse"
    must_left = [Text(row, style=style) for row in digits]
    if step.kind is StepKind.check_in:
        if len(CHECK_IN_QUESTION) <= left_width:
            must_left.append(Text(CHECK_IN_QUESTION, style="bold magenta"))
        else:
            must_left.append(Text(CHECK_IN_ASK, style="bold magenta"))
            must_left.append(Text(CHECK_IN_KEYS, style="bold magenta"))
        if frame.answer:
            must_left.append(Text(f"Answer: {frame.answer}", style="magenta"))
    keys = _key_help(width)
    bottom = _bottom(frame, width)
    quit_line = [bottom] if frame.confirm_quit and bottom is not None else []
    used = len(top) + len(must_left) + len(quit_line) + len(keys)

    # What else fits, most useful first.
    def fits(lines: list[Text]) -> list[Text]:
        nonlocal used
        if used + len(lines) > height:
            return []
        used += len(lines)
        return lines

    message = fits([bottom]) if bottom is not None and not quit_line else []
    upcoming = fits([_upcoming(frame, library)])
    progress_line = _progress_bar(frame.elapsed, max(frame.total, 1), max(min(width - 50, 80), 10))
    progress_line.append(f"  {clock(frame.elapsed)} done · {clock(frame.remaining)} left")
    if finishes:
        progress_line.append(f" · finishes at {finishes}")
    progress = fits([progress_line])
    small = technical(step, library)
    below_title = fits([small]) if small is not None else []
    if frame.get_ready is not None and notices:
        words = [Text("Before you start:", style="bold yellow")]
        for notice in notices:
            wrapped = _wrap(as_sentence(notice), left_width)
            words.extend(Text(line, style="yellow") for line in wrapped)
    else:
        cue_text = _wrap(shown_cue(frame), left_width)
        words = [Text(line, style="bold" if big else "") for line in cue_text]
    cue = words[: max(height - used - 1, 0)]
    cue = [Text(""), *cue] if cue else []
    used += len(cue)
    left = [*must_left, *cue]
    right = _diagram(library, step)
    right = right[: len(left) + max(height - used, 0)]
    used += max(len(right) - len(left), 0)
    main = _side_by_side(left, right, left_width)
    # Spare lines: one under the header, then around the countdown (spread out when big).
    spare = max(height - used, 0)
    gap = [Text("")]
    after_header = min(spare, 1)
    spare -= after_header
    before = spare // 2 if big else min(spare, 1)
    after = spare - before if big else min(spare - before, 1)
    head = [*top[:1], *gap * after_header, *top[1:], *below_title, *gap * before]
    foot = [*gap * after, *progress, *upcoming, *message, *quit_line, *keys]
    lines = [*head, *main, *foot][-height:]
    for line in lines:
        if line.cell_len > width:
            line.truncate(width, overflow="ellipsis")
    return lines


COMPACT_KEYS = "space pause  n next  + -  ! stop  q quit"


def _compact_lines(frame: Frame, library: Library, width: int, height: int) -> list[Text]:
    """The smallest screen: state, headline, time (and a check-in's keys), then the keys."""
    step = frame.step
    state = _header(frame, width)
    title = _wrap_text(headline(step, library), width)
    if frame.get_ready is not None:
        time = Text(f"Starting in {frame.get_ready}", style="bold yellow")
    else:
        time = Text(clock(frame.step_left), style="bold")
        time.append(f"  ({clock(frame.remaining)} left)", style="dim")
    body = [*title, time]
    if step.kind is StepKind.check_in:
        body.append(Text("+ more  - less  = same", style="bold magenta"))
    bottom = _bottom(frame, width)
    if bottom is not None:
        body.append(bottom)
    keys = [Text(line, style="dim") for line in _wrap(COMPACT_KEYS, width)]
    room = max(height - len(keys), 0)
    lines = [state, *body] if len(body) + 1 <= room else body
    lines = [*lines[:room], *keys][-height:]
    for line in lines:
        if line.cell_len > width:
            line.truncate(width, overflow="ellipsis")
    return lines


DIAGRAM_WIDTH = 22
_DIAGRAMS: dict[tuple[int, str | None, str | None, str | None], list[Text]] = {}


def _diagram(library: Library, step: Step) -> list[Text]:
    """The back diagram's lines with the step's area lit and its stroke's path drawn on it;
    the few figures recur, so each is made once."""
    area_id, side = step.area, step.side
    stroke = library.strokes.get(step.stroke) if step.stroke else None
    path = stroke.path if stroke is not None else None
    key = (id(library), area_id, side, path)
    if key not in _DIAGRAMS:
        area = library.areas.get(area_id) if area_id else None
        areas = list(library.areas.values())
        diagram = BackDiagram(areas, area, side=side, labels=False, path=path)
        figure = diagram.drawn(highlighted=True, ascii=False)
        _DIAGRAMS[key] = list(figure.split("\n"))
    return _DIAGRAMS[key]


def _side_by_side(left: list[Text], right: list[Text], left_width: int) -> list[Text]:
    """Two columns as whole lines, `left` padded to `left_width` cells.

    Built by hand rather than with a rich Table: a table costs several times more CPU per draw,
    and the screen is redrawn every second for the whole session.
    """
    rows = []
    for i in range(max(len(left), len(right))):
        row = left[i] if i < len(left) else Text()
        if row.cell_len > left_width:
            row.truncate(left_width, overflow="ellipsis")
        if i < len(right):
            row.append(" " * (left_width - row.cell_len + 2))
            row.append_text(right[i])
        rows.append(row)
    return rows


_WRAPPED: dict[tuple[str, int], list[str]] = {}


_DOUBLED_STOP = re.compile(r"\s*([.!?:;,])(?:\s*[.!?:;,])+(?=\s|$)")


def as_sentence(text: str) -> str:
    """`text` as one sentence: no doubled punctuation where parts were joined ("questions.."
    or "answers:." read as one full stop), ending in a full stop unless it already ends in
    one, a question or an exclamation mark."""

    def last_kept(match: re.Match[str]) -> str:
        marks = re.sub(r"\s", "", match.group(0))
        ends = [m for m in marks if m in ".!?"]
        return ends[0] if ends else marks[-1]

    text = re.sub(r"\s+(?=[.!?:;,](?:\s|$))", "", text.strip())
    text = _DOUBLED_STOP.sub(last_kept, text)
    if not text or text[-1] in ".!?":
        return text
    return text.rstrip(":;,") + "."


def _wrap(text: str, width: int) -> list[str]:
    """Word-wrap plain text to `width` cells (remembered: a cue is drawn every second)."""
    key = (text, width)
    if key not in _WRAPPED:
        if len(_WRAPPED) > 256:
            _WRAPPED.clear()
        _WRAPPED[key] = textwrap.wrap(text, width, break_on_hyphens=False) or [""]
    return _WRAPPED[key]


class LiveView:
    """The live screen on the terminal's alternate screen; a context manager that always restores.

    Each draw rewrites only the lines that changed since the last one (usually the countdown
    digits and the progress line), in place: no clearing, so no flicker, and little CPU.
    """

    min_interval = 0.25  # at most four draws a second

    def __init__(
        self,
        console: Console,
        library: Library,
        size: Callable[[], tuple[int, int]] | None = None,
        now: Callable[[], datetime] = datetime.now,
        speed: float = 1.0,
        notices: Sequence[str] = (),
    ) -> None:
        self.console = console
        self.library = library
        self._now = now
        self._speed = speed
        self.notices = list(notices)
        self._terminal_size = size or (lambda: (self.console.width, self.console.height))
        self._drawn: list[tuple[object, ...]] = []
        self._size: tuple[int, int] | None = None

    def _live_screen(self, on: bool) -> None:
        """The alternate screen with the cursor hidden, or the normal screen and cursor."""
        self.console.set_alt_screen(on)
        self.console.show_cursor(not on)

    def __enter__(self) -> LiveView:
        self._live_screen(True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._live_screen(False)

    @contextlib.contextmanager
    def suspended(self) -> Iterator[None]:
        """The normal screen and cursor while the process is stopped (Ctrl-Z); then the live
        screen again, drawn from scratch (the shell wrote over the terminal meanwhile)."""
        self._live_screen(False)
        yield  # a signal that ends the session while stopped leaves the normal screen as it is
        self._live_screen(True)
        self._size, self._drawn = None, []

    def show(self, frame: Frame) -> None:
        size = self._terminal_size()
        if size != self._size:  # a resize: start from a clean screen
            self._size, self._drawn = size, []
            self.console.control(Control.clear(), Control.home())
        width, height = size
        finishes = None
        if not frame.finished:
            end = self._now() + timedelta(seconds=frame.remaining / self._speed)
            finishes = f"{end:%H:%M}"
        lines = screen_lines(frame, self.library, width, height, finishes, self.notices)
        lines = lines[:height]
        lines += [Text("")] * (len(self._drawn) - len(lines))  # blank what is no longer there
        drawn: list[tuple[object, ...]] = []
        with self.console:  # one write for the whole draw, not one per line
            for row, line in enumerate(lines):
                key = (line.plain, tuple(line.spans), str(line.style))
                drawn.append(key)
                if row < len(self._drawn) and self._drawn[row] == key:
                    continue
                # Every line already fits: render its spans directly, skipping rich's wrapping.
                segments = Segment.adjust_line_length(list(line.render(self.console)), width)
                self.console.update_screen_lines([segments], 0, row)
        self._drawn = drawn


class PlainView:
    """Piped output: one plain line per step as it starts; nothing else, no escape codes."""

    min_interval = 0.0

    def __init__(self, write: Callable[[str], None], library: Library) -> None:
        self._write = write
        self.library = library
        self._last_entry: int | None = None

    def show(self, frame: Frame) -> None:
        if frame.finished or frame.entry == self._last_entry:
            return
        self._last_entry = frame.entry
        self._write(plain_line(frame, self.library))


def plain_line(frame: Frame, library: Library) -> str:
    """`elapsed  stroke | area | pressure | cue` for the step a frame shows."""
    step = frame.step
    pressure = step.pressure.value if step.pressure else "-"
    return (
        f"{clock(frame.step_started):>7}  {what(step, library)} | {where(step, library)} | "
        f"{pressure} | {shown_cue(frame)}"
    )


def shown_cue(frame: Frame) -> str:
    """The step's cue, opened once with the change of side when the giver must walk round."""
    cue = frame.step.cue
    if not frame.switch_side or not frame.step.side or cue.lower().startswith("switch side"):
        return cue
    return f"Switch side, to their {frame.step.side}: {cue}"
