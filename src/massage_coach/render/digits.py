"""The live screen's block font: the countdown's large digits and the headline's large letters."""

from __future__ import annotations

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
