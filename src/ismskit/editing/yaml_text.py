"""The round-trip edit path of YAML: one register entry at a time, through ruamel.yaml.

An entry is loaded with its comments, key order, quoting and flow style, changed in place, and
dumped again; `merge_lines` then keeps the lines as the person wrote them wherever the change did
not reach, so that an entry written in a style ruamel.yaml would not write changes only where its
values changed. Reading registers for checks is yaml_io's job; this module only edits.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import cache
from typing import Any

from ismskit.errors import IsmsError

# ruamel.yaml's round-trip containers (CommentedMap, CommentedSeq) are untyped.
Node = Any


class RemoveField:
    """The value that removes a field from an entry (see `set_field`)."""

    def __repr__(self) -> str:
        return "REMOVE"


REMOVE = RemoveField()


@dataclass(frozen=True, slots=True)
class Style:
    """How a file indents: `offset` from a key to the dash of its list items, `content` from the
    key to the first field of an item (the dash and the spaces after it)."""

    offset: int = 2
    content: int = 4
    mapping: int = 2


@cache
def _yaml(style: Style) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line that a person wrote on one line
    yaml.indent(mapping=style.mapping, sequence=style.content, offset=style.offset)
    return yaml


def load_entry(text: str, where: str) -> Node:
    """The round-trip mapping of one entry written (dedented) in `text`."""
    from ruamel.yaml.comments import CommentedMap

    try:
        data = _yaml(Style()).load(text)
    except Exception as error:  # noqa: BLE001 - any parser failure is a user-facing error
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise IsmsError(f"cannot edit the entry at {where}: {first}; run 'isms check'") from None
    if not isinstance(data, CommentedMap):
        raise IsmsError(f"cannot edit the entry at {where}: it is not a mapping of fields")
    return data


def dump_entry(data: Node, style: Style) -> list[str]:
    """The lines (without line ends) of an entry written at the left margin."""
    stream = io.StringIO()
    _yaml(style).dump(data, stream)
    return stream.getvalue().split("\n")[:-1]


def new_entry(fields: dict[str, Any]) -> Node:
    """A round-trip mapping for a new entry: fields in the given order, lists in flow style."""
    from ruamel.yaml.comments import CommentedMap

    entry = CommentedMap()
    for key, value in fields.items():
        if value is not None and value is not REMOVE:
            entry[key] = to_node(value, None)
    return entry


def to_node(value: Any, old: Any) -> Any:
    """A value ready to be written, in the style of the value it replaces (quotes, flow lists)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    if isinstance(value, str):
        if isinstance(old, DoubleQuotedScalarString | SingleQuotedScalarString):
            return type(old)(value)
        return LiteralScalarString(value) if "\n" in value.rstrip("\n") else value
    if isinstance(value, list | tuple):
        sequence = CommentedSeq([to_node(item, None) for item in value])
        # a list written as a block stays a block; any other list is written in flow style
        if not (isinstance(old, CommentedSeq) and old and not old.fa.flow_style()):
            sequence.fa.set_flow_style()
        return sequence
    if isinstance(value, date):
        # a fresh object: the dumper writes an object used twice as an anchor and an alias
        return date.fromordinal(value.toordinal())
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            if item is not None:
                mapping[key] = to_node(item, None)
        return mapping
    return value


def set_field(entry: Node, key: str, value: Any, order: Sequence[str]) -> None:
    """Set (or, with REMOVE, delete) one field; a new field goes where `order` puts it."""
    if value is REMOVE:
        if key in entry:
            del entry[key]
        return
    if key in entry:
        if plain(entry[key]) != plain(value):
            entry[key] = to_node(value, entry[key])
        return
    entry.insert(_position(list(entry), key, order), key, to_node(value, None))


def append_item(entry: Node, key: str, item: dict[str, Any], order: Sequence[str]) -> None:
    """Add a mapping at the end of a list field (made if absent), in the style of its items."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node = to_node(item, None)
    existing = entry.get(key)
    if not isinstance(existing, CommentedSeq):
        set_field(entry, key, [item], order)
        if isinstance(entry[key][0], CommentedMap):
            entry[key][0].fa.set_flow_style()
        entry[key].fa.set_block_style()
        return
    if existing and isinstance(existing[-1], CommentedMap) and existing[-1].fa.flow_style():
        node.fa.set_flow_style()
    existing.append(node)


def _position(keys: list[str], key: str, order: Sequence[str]) -> int:
    """After the last present field that comes before `key` in `order` (else at the end)."""
    if key not in order:
        return len(keys)
    earlier = set(order[: order.index(key)])
    later = set(order) - earlier - {key}
    for index, present in enumerate(keys):
        if present in later:
            return index
    return len(keys)


def plain(value: Any) -> Any:
    """Plain Python values of round-trip (or yaml_io) values, to compare what they mean."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, bool | int | date) or value is None:
        return value
    if isinstance(value, float):
        return float(value)
    return str(value)


def merge_lines(orig: list[str], base: list[str], new: list[str]) -> list[int | str]:
    """The new text of a region, keeping the person's lines where the change did not reach.

    `base` is the region as the dumper writes it unchanged, `new` as it writes it changed. The
    result holds an index into `orig` for a line kept as written, or the text of a new line.
    """
    to_orig = _equal_lines(base, orig)
    to_new = _equal_lines(base, new)
    result: list[int | str] = []
    previous = (-1, -1, -1)
    anchors = [line for line in sorted(to_orig) if line in to_new]
    for anchor in [*anchors, len(base)]:
        at_end = anchor == len(base)
        o = len(orig) if at_end else to_orig[anchor]
        n = len(new) if at_end else to_new[anchor]
        if new[previous[2] + 1 : n] == base[previous[0] + 1 : anchor]:
            result.extend(range(previous[1] + 1, o))
        else:
            result.extend(new[previous[2] + 1 : n])
        if not at_end:
            result.append(o)
        previous = (anchor, o, n)
    return result


_KEY_LINE = re.compile(r"( *(?:- +)?[^\s#'\"][^:#]*?):(?:\s|$)")


def keep_comment_gaps(orig: list[str], new: list[str]) -> list[str]:
    """Keep the spaces between a value and its end-of-line comment as the person wrote them.

    The dumper keeps a comment's column instead, so a longer or shorter value would move it, and
    changing a value back would not give back the line as it was.
    """
    written = {}
    for line in orig:
        key, comment = _line_key(line), _comment(line)
        # an empty value (a template's `applicable:   # true or false`) keeps the column instead
        if (
            key is not None
            and comment is not None
            and line[len(key) + 1 : -len(comment[0])].strip()
        ):
            written[key] = comment
    result = []
    for line in new:
        key, comment = _line_key(line), _comment(line)
        if key in written and comment is not None and comment[0] == written[key][0]:
            result.append(line[: -len(comment[0])].rstrip() + " " * written[key][1] + comment[0])
        else:
            result.append(line)
    return result


def _line_key(line: str) -> str | None:
    match = _KEY_LINE.match(line)
    return match.group(1) if match else None


def _comment(line: str) -> tuple[str, int] | None:
    """The end-of-line comment of a line and the number of spaces before it."""
    start = line.rfind(" #")
    if start < 0:
        return None
    head = line[: start + 1]
    return line[start + 1 :], len(head) - len(head.rstrip())


def _equal_lines(first: list[str], second: list[str]) -> dict[int, int]:
    if first == second:
        return {index: index for index in range(len(first))}
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    mapping: dict[int, int] = {}
    for start, other, size in matcher.get_matching_blocks():
        for step in range(size):
            mapping[start + step] = other + step
    return mapping
