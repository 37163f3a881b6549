"""Text from files never steers the terminal: control and invisible format characters.

An ESC starts a terminal command (retitle the window, clear the screen, move the cursor), BEL
rings, C1 controls are commands of their own, and the bidi and zero-width format characters
make text read differently from what it is. Newline and tab are the only controls text needs.
Content refuses them (a located error); profile names and notes refuse them on input; and
anything else from a file is passed through `sanitise` before it is printed.
"""

from __future__ import annotations

import re

UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
"""C0 controls but tab and newline, DEL, C1 controls, and the invisible format characters
(soft hyphen, bidi marks, embeddings, overrides and isolates, zero-width spaces and joiners,
word joiner, byte order mark, line and paragraph separators, interlinear annotations)."""

_NAMES = {"\x1b": "ESC", "\x07": "BEL", "\x9b": "CSI", "\x9d": "OSC", "\r": "carriage return"}

REPLACEMENT = "\ufffd"


def first_unsafe(text: str) -> str | None:
    """The first control or format character in `text`, named (`ESC (U+001B)`), or None."""
    found = UNSAFE.search(text)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    return f"{_NAMES[char]} ({code})" if char in _NAMES else code


def sanitise(text: str) -> str:
    """`text` with each control or format character shown as U+FFFD, so it cannot act."""
    return UNSAFE.sub(REPLACEMENT, text)


def escape_in_json(text: str) -> str:
    """JSON text with each control or format character as a `\\uXXXX` escape (still the same
    data to a program; inert in a terminal)."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
