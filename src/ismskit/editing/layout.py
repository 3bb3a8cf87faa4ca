"""Where the registers and entries of a plain register file stand, read from its lines alone.

Adding one entry to a file of 60,000 must not parse the 60,000: the writer needs only where each
register's list is, where its entries start and how they are indented. A file written the plain
way (block lists, one `- ` item per entry, no anchors or flow style at the top: what
history/chunks.py also requires) gives that from its lines. Anything else gives no layout, and
the writer parses the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from ismskit.history.chunks import split_entries

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):[ \t]*(?:#.*)?")
_TOP_LEVEL = re.compile(r"^[^\s#]", re.MULTILINE)
_FIRST_ITEM = re.compile(r"^( +)- ", re.MULTILINE)


@dataclass
class Layout:
    """Registers in file order, the 0-based line of each one's key, and where each entry starts
    (0-based line, and the column its fields start at)."""

    keys: dict[str, int] = field(default_factory=dict)
    items: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def later_keys(self, register: str) -> list[int]:
        own = self.keys[register]
        return [line for line in self.keys.values() if line > own]


def layout_of(text: str, lines: list[str]) -> Layout | None:
    """The layout of a plain file; None for anything the line reading does not fully know."""
    split = split_entries(text)
    if split is None:
        return None
    starts = list(accumulate((len(line) for line in lines), initial=0))
    layout = Layout()
    sections = [match.start() for match in _TOP_LEVEL.finditer(text)]
    for offset, end in zip(sections, [*sections[1:], len(text)], strict=False):
        line = bisect_right(starts, offset) - 1
        match = _KEY.fullmatch(lines[line].rstrip("\r\n"))
        if match is None:
            return None
        register = match.group(1)
        layout.keys[register] = line
        layout.items[register] = _items(text, offset, end, starts)
    counts = {name: len(items) for name, items in layout.items.items()}
    if counts != {name: len(texts) for name, texts in split.items()}:
        return None
    return layout


def _items(text: str, start: int, end: int, starts: list[int]) -> list[tuple[int, int]]:
    """(line, field column) of each `- ` item of one section, at the first item's indent."""
    first = _FIRST_ITEM.search(text, start, end)
    if first is None:
        return []
    item = re.compile(rf"^{first.group(1)}-( +)", re.MULTILINE)
    column = len(first.group(1)) + 1
    return [
        (bisect_right(starts, found.start()) - 1, column + len(found.group(1)))
        for found in item.finditer(text, first.start(), end)
    ]
