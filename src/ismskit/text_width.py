"""How wide text shows in a terminal or a spreadsheet column: East Asian wide characters take two
cells, combining marks none. Japanese tables line up only when padded by this width."""

from __future__ import annotations

import unicodedata
from functools import cache


def display_width(text: str) -> int:
    """The number of terminal cells `text` takes on one line."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


@cache
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` cells."""
    return text + " " * (width - display_width(text))


def aligned_columns(rows: list[list[str]]) -> list[str]:
    """Plain-text columns padded by display width, so Japanese text lines up in a terminal."""
    widths = [max(display_width(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  " + "  ".join(pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
