"""The live session screen, read from a metre away, drawn from a runner `Frame`.

`screen_lines` lays out one frame for a terminal's width and height: the step in words, its
countdown in large digits, the back diagram with the area lit and the hands' path, the overall
progress, what comes next and a line of key help; `session_screen` is the same as one
renderable (the words themselves come from `words`). Pure drawing: `session.view` writes it to
the terminal.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from ..record import Outcome
from ..routine import Step, StepKind
from .ascii import ascii_chars
from .digits import big_digits, big_word
from .plan import clock
from .reference import PRESSURE_STYLE, BackDiagram
from .words import as_sentence, doing, headline, on_body, shown_cue, technical

if TYPE_CHECKING:
    from ..frame import Frame
    from ..models import Library

BIG_DIGITS_WIDTH = 62  # "88:88" twice as big, with a margin
BIG_DIGITS_HEIGHT = 34  # the screen's 24 lines or so, plus five more rows of digits

KEY_HELP = "space pause  n/→ next  b/← back  +/- firmer/softer  e +30s  ! stop  q quit"
KEY_HELP_ASCII = "space pause  n/-> next  b/<- back  +/- firmer/softer  e +30s  ! stop  q quit"
CHECK_IN_QUESTION = "Ask: more, less or the same?   + more   - less   = same"
CHECK_IN_ASK, CHECK_IN_KEYS = "Ask: more, less or the same?", "+ more   - less   = same"


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


def _key_help(width: int, ascii: bool = False) -> list[Text]:
    """The key help on one line, or on two where the terminal is narrow (nothing cut off)."""
    lines: list[str] = []
    for item in (KEY_HELP_ASCII if ascii else KEY_HELP).split("  "):
        if lines and len(lines[-1]) + 2 + len(item) <= width:
            lines[-1] += "  " + item
        else:
            lines.append(item)
    return [Text(line, style="dim") for line in lines]


def _spaced(text: Text) -> Text:
    """The headline's first word letter-spaced, to read from further away on a large screen."""
    plain = text.plain
    word_end = plain.find(" · ")
    word_end = len(plain) if word_end < 0 else word_end
    out = Text(" ".join(plain[:word_end]), style="bold cyan")
    out.append_text(text[word_end:])
    return out


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
    ascii: bool = False,
) -> RenderableType:
    """The whole live screen for one frame, laid out for `width` x `height` (in ASCII alone
    when `ascii`)."""
    lines = screen_lines(frame, library, width, height, finishes, notices, ascii)
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
    ascii: bool = False,
) -> list[Text]:
    """The live screen as lines no wider than `width`, so a view can redraw only changed ones.

    What must be seen from a metre away comes first when space is short: the headline, the
    countdown's digits whole, a check-in's question with its keys, the quit question and the
    keys (`! stop`, `q quit`); then a message, what comes next, the progress, the smaller line,
    the cue (ending in an ellipsis when cut) and the diagram. Below 60x15 a compact screen keeps
    headline, time and keys. On a large terminal the countdown doubles, the headline is spaced
    out and spare lines spread the screen over its height. With `ascii` (a terminal whose
    encoding has no block characters or arrows) every line is in ASCII alone, laid out for the
    width it has then: the terminal is never left to replace a character with wider ones."""
    if width < COMPACT_WIDTH or height < COMPACT_HEIGHT:
        return _compact_lines(frame, library, width, height, ascii)
    step = frame.step
    big = width >= BIG_WIDTH and height >= BIG_HEIGHT
    title = _in_ascii(headline(step, library), ascii)
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
    keys = _key_help(width, ascii)
    bottom = _bottom(frame, width)
    if bottom is not None:
        bottom = _in_ascii(bottom, ascii)
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
    if small is not None:
        small = _in_ascii(small, ascii)
    below_title = fits([small]) if small is not None else []
    telling = frame.get_ready is not None and bool(notices)
    if telling:
        words = [Text("Before you start:", style="bold yellow")]
        for notice in notices:
            wrapped = _wrap(_chars(as_sentence(notice), ascii), left_width)
            words.extend(Text(line, style="yellow") for line in wrapped)
    else:
        cue_text = _wrap(_chars(shown_cue(frame), ascii), left_width)
        words = [Text(line, style="bold" if big else "") for line in cue_text]
    room = max(height - used - 1, 0)
    cue = words[:room]
    if (1 if telling else 0) < room < len(words):
        # more words than room: say so on the last line shown, never a sentence stopping in
        # mid-air (the notices were all printed before the screen)
        more = " ..." if ascii else " …"
        last = cue[-1].copy()
        last.truncate(max(left_width - len(more), 1))
        last.rstrip()
        last.append(more)
        cue[-1] = last
    cue = [Text(""), *cue] if cue else []
    used += len(cue)
    left = [*must_left, *cue]
    right = _diagram(library, step, ascii)
    right = right[: len(left) + max(height - used, 0)]
    used += max(len(right) - len(left), 0)
    main = _side_by_side(left, right, left_width, ascii)
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
    return _fitted(lines, width, ascii)


def _chars(text: str, ascii: bool) -> str:
    return ascii_chars(text) if ascii else text


def _in_ascii(text: Text, ascii: bool) -> Text:
    """`text` with its styles, each character outside ASCII replaced (`ascii_chars`) when
    `ascii`, else unchanged."""
    plain = text.plain
    if not ascii or plain.isascii():
        return text
    ends, chars = [0], []
    for char in plain:
        chars.append(ascii_chars(char))
        ends.append(ends[-1] + len(chars[-1]))
    out = Text("".join(chars), style=text.style, end=text.end)
    for span in text.spans:
        start, end = min(span.start, len(plain)), min(span.end, len(plain))
        out.stylize(span.style, ends[start], ends[end])
    return out


def _fit(line: Text, width: int, ascii: bool) -> Text:
    """`line` cut to `width` cells with an ellipsis ("..." when `ascii`) where it is wider."""
    if line.cell_len <= width:
        return line
    if not ascii:
        line.truncate(width, overflow="ellipsis")
        return line
    dots = "..."[: max(width, 0)]
    line.truncate(width - len(dots))
    line.append(dots)
    return line


def _fitted(lines: list[Text], width: int, ascii: bool) -> list[Text]:
    """Every line at most `width` cells, and in ASCII alone when `ascii`."""
    return [_fit(_in_ascii(line, ascii), width, ascii) for line in lines]


COMPACT_KEYS = "space pause  n next  + -  ! stop  q quit"


def _compact_lines(
    frame: Frame, library: Library, width: int, height: int, ascii: bool = False
) -> list[Text]:
    """The smallest screen: state, headline, time (and a check-in's keys), then the keys."""
    step = frame.step
    state = _header(frame, width)
    title = _wrap_text(_in_ascii(headline(step, library), ascii), width)
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
    return _fitted(lines, width, ascii)


DIAGRAM_WIDTH = 22
_DIAGRAMS: dict[tuple[int, str | None, str | None, str | None, bool], list[Text]] = {}


def _diagram(library: Library, step: Step, ascii: bool = False) -> list[Text]:
    """The back diagram's lines with the step's area lit and its stroke's path drawn on it
    (its marks in ASCII when `ascii`); the few figures recur, so each is made once."""
    area_id, side = step.area, step.side
    stroke = library.strokes.get(step.stroke) if step.stroke else None
    path = stroke.path if stroke is not None else None
    key = (id(library), area_id, side, path, ascii)
    if key not in _DIAGRAMS:
        area = library.areas.get(area_id) if area_id else None
        areas = list(library.areas.values())
        diagram = BackDiagram(areas, area, side=side, labels=False, path=path)
        figure = diagram.drawn(highlighted=True, ascii=ascii)
        _DIAGRAMS[key] = list(figure.split("\n"))
    return _DIAGRAMS[key]


def _side_by_side(
    left: list[Text], right: list[Text], left_width: int, ascii: bool = False
) -> list[Text]:
    """Two columns as whole lines, `left` padded to `left_width` cells.

    Built by hand rather than with a rich Table: a table costs several times more CPU per draw,
    and the screen is redrawn every second for the whole session.
    """
    rows = []
    for i in range(max(len(left), len(right))):
        row = left[i] if i < len(left) else Text()
        row = _fit(_in_ascii(row, ascii), left_width, ascii)
        if i < len(right):
            row.append(" " * (left_width - row.cell_len + 2))
            row.append_text(right[i])
        rows.append(row)
    return rows


_WRAPPED: dict[tuple[str, int], list[str]] = {}


def _wrap(text: str, width: int) -> list[str]:
    """Word-wrap plain text to `width` cells (remembered: a cue is drawn every second)."""
    key = (text, width)
    if key not in _WRAPPED:
        if len(_WRAPPED) > 256:
            _WRAPPED.clear()
        _WRAPPED[key] = textwrap.wrap(text, width, break_on_hyphens=False) or [""]
    return _WRAPPED[key]
