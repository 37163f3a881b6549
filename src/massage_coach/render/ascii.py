"""ASCII for the typographic, box and block characters the coach prints, for an output whose
encoding cannot show them (PYTHONIOENCODING=ascii, an old code page). Imports nothing: the
command line's start-up reads it."""

from __future__ import annotations

ASCII = {
    "\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2026": "...", "\u00b7": ".", "\u2022": "*", "\u2588": "#", "\u2591": ".", "\u2592": ":",
    "\u2593": "#", "\u258f": "|", "\u2502": "|", "\u2500": "-", "\u2192": "->", "\u00d7": "x",
    "\u2713": "v", "\u2717": "x", "\u25b6": ">", "\u23f8": "||", "\u00b0": " deg",
    "\u2190": "<-", "\u2191": "^", "\u2196": "\\", "\u2197": "/", "\u25cb": "o", "\u2248": "~",
    "\u224b": "=",
}  # fmt: skip
"""Each character's ASCII; one with no plain equivalent is shown as `?`."""


def ascii_chars(text: str) -> str:
    """`text` with each character outside ASCII replaced by its ASCII (`?` when none)."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() else ASCII.get(c, "?") for c in text)
