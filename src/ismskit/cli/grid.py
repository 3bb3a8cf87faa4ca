"""Boxed tables for the terminal, drawn as rich draws them (heavy header, light body), without
rich: importing rich costs 40 ms and laying out a row 0.3 ms, more than the rest of a command.

Widths are terminal cells (a Japanese character takes two). A table wider than the terminal
narrows its widest shrinkable columns first: a `fold` column wraps onto more lines, any other
is cut with `…`.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from typing import TextIO

from ismskit.text_width import display_width, pad

Cell = str | tuple[str, str]  # text, or (text, style) with a style such as "bold red"

_STYLES = {"bold": "1", "italic": "3", "red": "31", "green": "32", "yellow": "33"}
_LEAST = 4  # a shrunk column keeps at least this many cells


@dataclass(frozen=True)
class Column:
    header: str
    right: bool = False
    max_width: int | None = None
    min_width: int = 0
    fold: bool = False  # wrap onto more lines rather than cut with …
    shrinks: bool = True  # False: the column keeps its width whatever the terminal's


def terminal_width(stream: TextIO, piped: int | None) -> int | None:
    """The terminal's width, or `piped` for output that is not a terminal (and no COLUMNS)."""
    if stream.isatty() or "COLUMNS" in os.environ:
        return shutil.get_terminal_size().columns
    return piped


def use_color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def render_table(
    columns: list[Column],
    rows: list[list[Cell]],
    *,
    width: int | None,
    color: bool,
    title: str | None = None,
    show_edge: bool = True,
    show_header: bool = True,
    row_styles: list[str | None] | None = None,
) -> str:
    widths = _fit(columns, rows, width, show_edge, show_header)
    edge = 2 if show_edge else 0
    total = sum(widths) + 3 * len(widths) - 1 + edge
    lines = [] if title is None else [_styled(pad(title, total), "italic", color)]
    light, heavy = _rules(widths, show_edge)
    if show_header:
        lines += [heavy[0]] if show_edge else []
        headers: list[Cell] = [column.header for column in columns]
        lines += _row(columns, widths, headers, "┃", show_edge, None, color)
        lines.append(heavy[1])
    elif show_edge:
        lines.append(light[0])
    styles = row_styles or [None] * len(rows)
    for cells, style in zip(rows, styles, strict=True):
        lines += _row(columns, widths, cells, "│", show_edge, style, color)
    if show_edge:
        lines.append(light[1])
    return "\n".join(lines) + "\n"


def _fit(
    columns: list[Column], rows: list[list[Cell]], width: int | None, edge: bool, header: bool
) -> list[int]:
    widths = []
    for index, column in enumerate(columns):
        texts = [_text(row[index]) for row in rows] + ([column.header] if header else [])
        natural = max((display_width(text) for text in texts), default=0)
        if column.max_width is not None:
            natural = min(natural, column.max_width)
        widths.append(max(natural, column.min_width, 1))
    if width is None:
        return widths
    excess = sum(widths) + 3 * len(widths) - 1 + (2 if edge else 0) - width
    while excess > 0:
        shrinkable = [
            i for i, column in enumerate(columns) if column.shrinks and widths[i] > _LEAST
        ]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths


def _rules(widths: list[int], edge: bool) -> tuple[tuple[str, str], tuple[str, str]]:
    def rule(left: str, line: str, cross: str, right: str) -> str:
        inner = cross.join(line * (width + 2) for width in widths)
        return left + inner + right if edge else inner

    light = (rule("┌", "─", "┬", "┐"), rule("└", "─", "┴", "┘"))
    heavy = (rule("┏", "━", "┳", "┓"), rule("┡", "━", "╇", "┩"))
    return light, heavy


def _row(
    columns: list[Column],
    widths: list[int],
    cells: list[Cell],
    bar: str,
    edge: bool,
    row_style: str | None,
    color: bool,
) -> list[str]:
    blocks = [
        _block(_text(cell), column, width)
        for cell, column, width in zip(cells, columns, widths, strict=True)
    ]
    height = max(len(block) for block in blocks)
    lines = []
    for number in range(height):
        parts = []
        for cell, column, width, block in zip(cells, columns, widths, blocks, strict=True):
            text = block[number] if number < len(block) else ""
            aligned = (
                " " * (width - display_width(text)) + text if column.right else pad(text, width)
            )
            style = cell[1] if isinstance(cell, tuple) else row_style
            parts.append(" " + _styled(aligned, style, color) + " ")
        line = bar.join(parts)
        lines.append(f"{bar}{line}{bar}" if edge else line)
    return lines


def _block(text: str, column: Column, width: int) -> list[str]:
    if display_width(text) <= width:
        return [text]
    if not column.fold:
        return [_cut(text, width - 1) + "…"]
    lines, current = [], ""
    for char in text:
        if display_width(current + char) > width:
            lines.append(current)
            current = ""
        current += char
    return [*lines, current]


def _cut(text: str, width: int) -> str:
    kept = ""
    for char in text:
        if display_width(kept + char) > width:
            break
        kept += char
    return pad(kept, width)


def _text(cell: Cell) -> str:
    return cell[0] if isinstance(cell, tuple) else cell


def _styled(text: str, style: str | None, color: bool) -> str:
    if not color or not style:
        return text
    codes = ";".join(_STYLES[word] for word in style.split() if word in _STYLES)
    return f"\x1b[{codes}m{text}\x1b[0m" if codes else text
