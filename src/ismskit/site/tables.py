"""Pipe tables to HTML without the general Markdown parser: the documents are mostly tables, one
row per risk or asset, and markdown-it (pure Python) takes most of a site's time on them.

Only a table that stands alone (a blank line, or nothing, before and after it; outside fenced
code) is taken, and a cell is written directly only when it holds no character that Markdown would
read as markup; any other cell goes through markdown-it's inline parser. Anything else is left to
markdown-it whole: the result is the same, only slower (tests/test_site.py compares the two).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_DELIMITER = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MARKUP = re.compile(r"[\\`*_\[\]<>&!~]")
PLACEHOLDER = "ISMSKIT-TABLE-{index}-END"
InlineRenderer = Callable[[str], str]


def take_tables(markdown: str, inline: InlineRenderer) -> tuple[str, list[str]]:
    """The Markdown with each standalone table replaced by a placeholder paragraph, and the HTML
    of each table, in order."""
    lines = markdown.split("\n")
    kept: list[str] = []
    tables: list[str] = []
    index, fence = 0, ""
    while index < len(lines):
        line = lines[index]
        fence = _fence_after(line, fence)
        end = _table_end(lines, index) if not fence else None
        if end is None:
            kept.append(line)
            index += 1
            continue
        kept += ["", PLACEHOLDER.format(index=len(tables)), ""]
        tables.append(_table_html(lines[index:end], inline))
        index = end
    return "\n".join(kept), tables


def _fence_after(line: str, fence: str) -> str:
    """The open code fence after `line` ("" outside one)."""
    match = _FENCE.match(line)
    if match is None:
        return fence
    marker = match.group(1)
    if not fence:
        return marker
    return "" if marker[0] == fence[0] and len(marker) >= len(fence) else fence


def _table_end(lines: list[str], start: int) -> int | None:
    """The index after the table that starts at `start`, when one does and stands alone."""
    if not lines[start].startswith("|") or start + 1 >= len(lines):
        return None
    if start > 0 and lines[start - 1].strip():
        return None
    if not _DELIMITER.match(lines[start + 1]):
        return None
    if len(split_row(lines[start])) != len(split_row(lines[start + 1])):
        return None
    end = start + 2
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return end if end == len(lines) or not lines[end].strip() else None


def split_row(line: str) -> list[str]:
    """The cells of a row: split at each `|` not escaped by a backslash, outer pipes dropped."""
    cells: list[str] = []
    current: list[str] = []
    escaped = False
    for char in line.strip():
        if char == "|" and not escaped:
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        escaped = char == "\\" and not escaped
    cells.append("".join(current))
    if line.strip().startswith("|"):
        cells = cells[1:]
    if line.strip().endswith("|") and not line.strip().endswith("\\|") and cells:
        cells = cells[:-1]
    return [cell.strip() for cell in cells]


def _alignment(delimiter: str) -> str:
    left, right = delimiter.startswith(":"), delimiter.endswith(":")
    if left and right:
        return ' class="align-center"'
    if right:
        return ' class="align-right"'
    return ' class="align-left"' if left else ""


def _cell(text: str, inline: InlineRenderer) -> str:
    if _MARKUP.search(text) is None:
        return text.replace('"', "&quot;")
    return inline(text.replace("\\|", "|"))  # a table's escaped pipe, even in a code span (GFM)


def _table_html(rows: list[str], inline: InlineRenderer) -> str:
    header = split_row(rows[0])
    aligns = [_alignment(cell) for cell in split_row(rows[1])]
    width = len(header)
    parts = ['<div class="table-wrap"><table>\n<thead>\n<tr>\n']
    parts += [f"<th{aligns[i]}>{_cell(cell, inline)}</th>\n" for i, cell in enumerate(header)]
    parts.append("</tr>\n</thead>\n")
    if len(rows) > 2:
        parts.append("<tbody>\n")
        for row in rows[2:]:
            cells = (split_row(row) + [""] * width)[:width]
            parts.append("<tr>\n")
            parts += [
                f"<td{aligns[i]}>{_cell(cell, inline)}</td>\n" for i, cell in enumerate(cells)
            ]
            parts.append("</tr>\n")
        parts.append("</tbody>\n")
    parts.append("</table></div>\n")
    return "".join(parts)
