"""Split a block-style register file into the text of each entry, without parsing it.

History commands compare two versions of a file entry by entry. Parsing every version of every file
costs most of the time; but an entry whose text did not change cannot have changed, so only the
entries whose text differs need parsing. This module finds those texts. Anything it does not fully
understand (flow style at the top, anchors, odd indentation) makes it give up, and the caller parses
the whole file instead: the result is the same, only slower.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

_REGISTER_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):[ \t]*(?:#.*)?")
# Top-level sections start at a line that begins in column 0 with anything but a comment.
_SECTION_START = re.compile(r"\n(?=[^\s#])")
_CONTENT_LINE = re.compile(r"(?m)^[ \t]*[^\s#]")
_FIRST_ITEM = re.compile(r"(?m)^( +)-(?: |\r?$)")
# An anchor, alias, merge key or tag makes entries depend on each other: parse whole files.
_ENTANGLED = re.compile(r"(?:^|[\s\[{,:])[&*!]\S|<<")

EntryTexts = dict[str, list[str]]


def split_entries(text: str) -> EntryTexts | None:
    """Register name → the text of each of its list items; None when the file is not plain."""
    if ("&" in text or "*" in text or "!" in text or "<<" in text) and _ENTANGLED.search(text):
        return None
    preamble, *sections = _SECTION_START.split("\n" + text)
    if _CONTENT_LINE.search(preamble):
        return None
    registers: EntryTexts = {}
    for section in sections:
        header, _, body = section.partition("\n")
        match = _REGISTER_KEY.fullmatch(header.rstrip("\r"))
        if match is None or match.group(1) in registers:
            return None
        items = _split_items(body)
        if items is None:
            return None
        registers[match.group(1)] = items
    return registers


def _split_items(body: str) -> list[str] | None:
    """The items of a block sequence, each with the lines (comments too) that follow it."""
    first = _FIRST_ITEM.search(body)
    if first is None:
        return None if _CONTENT_LINE.search(body) else []
    if _CONTENT_LINE.search(body, 0, first.start()):
        return None
    indent = len(first.group(1))
    items = "\n" + body[first.start() :]
    if _misplaced_line(indent).search(items):
        return None
    # Plain string splitting: a regular expression here costs most of a history walk.
    separator = "\n" + " " * indent + "- "
    return [_ended(separator[1:] + item) for item in items.split(separator)[1:]]


def _ended(text: str) -> str:
    """The last item of a section loses its final line end to the split: give it back."""
    return text if text.endswith("\n") else text + "\n"


@lru_cache(maxsize=16)
def _misplaced_line(indent: int) -> re.Pattern[str]:
    """A line that is not an item start (`- ` at the indent), nor deeper, nor blank, nor a
    comment. A lone `-` line is refused too: the string split only knows `- `."""
    return re.compile(rf"\n(?! {{{indent}}}- | {{{indent + 1},}}\S|[ \t]*#|[ \t]*\r?(?:\n|$))")


def changed_texts(old: EntryTexts, new: EntryTexts) -> Iterator[tuple[str, str, bool]]:
    """(register, entry text, is_old) for every entry text found on one side only."""
    for register in sorted(old.keys() | new.keys()):
        before, after = set(old.get(register, ())), set(new.get(register, ()))
        for text in sorted(before - after):
            yield register, text, True
        for text in sorted(after - before):
            yield register, text, False
