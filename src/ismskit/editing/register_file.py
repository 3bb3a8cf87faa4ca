"""One register file as text: entries changed in place, new entries added at the end of a list.

Only the lines of the entries that change are rewritten; every other byte of the file (comments,
blank lines, quoting, a byte order mark, CRLF line ends) stays as it was.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

from ismskit.editing.layout import Layout, layout_of
from ismskit.editing.yaml_text import (
    Node,
    Style,
    dump_entry,
    keep_comment_gaps,
    load_entry,
    merge_lines,
    plain,
)
from ismskit.errors import IsmsError
from ismskit.yaml.located import LocatedDocument
from ismskit.yaml.reader import load_document

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_ITEM_PREFIX = re.compile(r"( *)-( +)")
_EMPTY_VALUE = re.compile(
    r"(?P<key>\s*[^\s#][^#]*?:)\s*(?:\[\s*\]|~|null|Null|NULL)?\s*(?P<c>#.*)?"
)

Splice = tuple[int, int, list[str]]


@dataclass
class _EditedEntry:
    start: int  # 0-based index of the entry's first line
    end: int  # exclusive; comments and blank lines after the entry are not part of it
    column: int  # where its fields start
    prefix: str  # what comes before the first field on the first line: "  - "
    node: Node
    style: Style
    base: list[str]  # the entry as the dumper writes it unchanged
    orig: list[str]  # the entry as written, moved to the left margin


class RegisterFile:
    """The text of one register file (`raw` None: a file to create) and the edits planned on it.

    `read_clean`: the file reads without a YAML error (as `isms check` found). A clean file
    written the plain way is edited from its lines (layout.py) and parsed entry by entry; any
    other is parsed whole, and refused when it does not parse.
    """

    def __init__(self, path: str, raw: bytes | None, *, read_clean: bool = False) -> None:
        self.path = path
        self.original = raw
        self.bom = raw is not None and raw.startswith(codecs.BOM_UTF8)
        text = "" if raw is None else _decode(path, raw)
        self.lines: list[str] = _LINE.findall(text)
        self.newline = "\r\n" if 2 * text.count("\r\n") > text.count("\n") else "\n"
        self.layout: Layout | None = layout_of(text, self.lines) if read_clean else None
        self._document: LocatedDocument | None = None
        if raw is not None and self.layout is None:
            self._document = _parse(path, raw)
        self._edited: dict[tuple[str, int], _EditedEntry] = {}
        self._appended: dict[str, list[Node]] = {}
        self._removed: set[tuple[str, int]] = set()

    @property
    def document(self) -> LocatedDocument | None:
        if self._document is None and self.original is not None:
            self._document = _parse(self.path, self.original)
        return self._document

    @property
    def data(self) -> Any:
        document = self.document
        return document.data if document is not None else None

    def registers(self) -> list[str]:
        """The registers the file holds, in file order."""
        if self.layout is not None:
            return list(self.layout.keys)
        return list(self.data) if isinstance(self.data, dict) else []

    def count(self, register: str) -> int:
        """How many entries the register's list has here (0: none, or not a list)."""
        if self.layout is not None:
            return len(self.layout.items.get(register, ()))
        return len(self.entries(register))

    def entries(self, register: str) -> list[Any]:
        data = self.data
        value = data.get(register) if isinstance(data, dict) else None
        return value if isinstance(value, list) else []

    def entry_data(self, register: str, index: int) -> Any:
        """The plain data of one entry (parsed alone when the file is read from its lines)."""
        if self.layout is None:
            return self.entries(register)[index]
        start = self.layout.items[register][index][0]
        following = [line for line, _column in self.layout.items[register][index + 1 : index + 2]]
        end = following[0] if following else self._next_key_line(register)
        text = f"{register}:{self.newline}" + "".join(self.lines[start:end])
        document = _parse(self.path, text.encode("utf-8"))
        return document.data[register][0]

    def entry(self, register: str, index: int) -> Node:
        """The round-trip mapping of an entry, to change in place."""
        key = (register, index)
        if key not in self._edited:
            self._edited[key] = self._load(register, index)
        return self._edited[key].node

    def append(self, register: str, node: Node) -> None:
        self._appended.setdefault(register, []).append(node)

    def remove(self, register: str, index: int) -> None:
        self._removed.add((register, index))

    def render(self) -> bytes:
        """The file's new bytes, with every planned edit."""
        splices = [self._entry_splice(edited) for edited in self._edited.values()]
        splices += [self._removal(register, index) for register, index in self._removed]
        # Registers new to the file go at its end in the order they were added: a splice applied
        # later lands before one applied earlier at the same place.
        held = set(self.registers())
        ranked = [(*splice, 0) for splice in splices] + [
            (*self._insertion(register, nodes), 0 if register in held else rank)
            for rank, (register, nodes) in enumerate(self._appended.items(), start=1)
        ]
        lines = list(self.lines)
        for start, end, new, _rank in sorted(ranked, key=_splice_order, reverse=True):
            if start == len(lines) and lines and not lines[-1].endswith("\n"):
                lines[-1] += self.newline
            lines[start:end] = new
        text = "".join(lines).encode("utf-8")
        return codecs.BOM_UTF8 + text if self.bom else text

    # Where entries are

    def _position(self, register: str, index: int) -> tuple[int, int]:
        if self.layout is not None:
            return self.layout.items[register][index]
        assert self.document is not None
        position = self.document.value_position((register, index))
        return position.line - 1, position.column - 1

    def _region(self, register: str, index: int) -> tuple[int, int, int, str]:
        """First line, end line, field column and dash prefix of an entry of a block list."""
        start, column = self._position(register, index)
        prefix = self.lines[start][:column] if start < len(self.lines) else ""
        if not _ITEM_PREFIX.fullmatch(prefix):
            raise IsmsError(
                f"cannot edit {self.path}:{start + 1}: '{register}' is not written as a block "
                "list with one '- ' entry per line; write it so (or add entries to another "
                "file with --file)"
            )
        if index + 1 < self.count(register):
            limit = self._position(register, index + 1)[0]
        else:
            limit = self._next_key_line(register)
        end = limit
        while end > start + 1 and _is_filler(self.lines[end - 1], column):
            end -= 1
        return start, end, column, prefix

    def _next_key_line(self, register: str) -> int:
        if self.layout is not None:
            return min(self.layout.later_keys(register), default=len(self.lines))
        assert self.document is not None
        own = self.document.key_position((register,)).line
        later = [
            self.document.key_position((key,)).line - 1
            for key in self.data
            if self.document.key_position((key,)).line > own
        ]
        return min(later, default=len(self.lines))

    def _load(self, register: str, index: int) -> _EditedEntry:
        start, end, column, prefix = self._region(register, index)
        orig = [_dedent(line, column) for line in self.lines[start:end]]
        orig[0] = self.lines[start][column:].rstrip("\r\n")
        where = f"{self.path}:{start + 1}"
        node = load_entry("\n".join(orig) + "\n", where)
        if plain(node) != plain(self.entry_data(register, index)):
            raise IsmsError(
                f"cannot edit the entry at {where} safely (its text could not be told apart "
                "from its neighbours'); edit it by hand"
            )
        style = _style(prefix, column)
        base = dump_entry(node, style)
        return _EditedEntry(start, end, column, prefix, node, style, base, orig)

    def style_of(self, register: str) -> Style:
        """The indentation of a register's list items here (or of any list of the file)."""
        for name in (register, *self.registers()):
            count = self.count(name)
            if count:
                start, column = self._position(name, count - 1)
                return _style(self.lines[start][:column], column)
        return Style()

    # The splices

    def _entry_splice(self, edited: _EditedEntry) -> Splice:
        original = self.lines[edited.start : edited.end]
        new = keep_comment_gaps(edited.orig, dump_entry(edited.node, edited.style))
        if new == edited.base:
            return edited.start, edited.end, original
        lines: list[str] = []
        for position, item in enumerate(merge_lines(edited.orig, edited.base, new)):
            if isinstance(item, int):
                lines.append(original[item])
            elif position == 0:
                lines.append(edited.prefix + item + self.newline)
            else:
                lines.append((" " * edited.column + item if item else "") + self.newline)
        for position, line in enumerate(lines[:-1]):
            if not line.endswith("\n"):
                lines[position] = line + self.newline
        return edited.start, edited.end, lines

    def _removal(self, register: str, index: int) -> Splice:
        start, end, _column, _prefix = self._region(register, index)
        return start, end, []

    def _insertion(self, register: str, nodes: list[Node]) -> Splice:
        style = self.style_of(register)
        dash = " " * style.offset + "-" + " " * (style.content - style.offset - 1)
        body = []
        for node in nodes:
            first, *rest = dump_entry(node, style)
            body.append(dash + first + self.newline)
            body += [(" " * style.content + line if line else "") + self.newline for line in rest]
        held = self.registers()
        if register not in held:
            separator = [self.newline] if held else []
            head = [*separator, f"{register}:{self.newline}"]
            return len(self.lines), len(self.lines), head + body
        count = self.count(register)
        if count:
            end = self._region(register, count - 1)[1]
            return end, end, body
        return self._insertion_after_key(register, body)

    def _insertion_after_key(self, register: str, body: list[str]) -> Splice:
        if self.layout is not None:  # `register:` alone on its line: an empty list
            line = self.layout.keys[register]
            empty = True
        else:
            assert self.document is not None
            line = self.document.key_position((register,)).line - 1
            empty = self.data[register] in (None, [])
        match = _EMPTY_VALUE.fullmatch(self.lines[line].rstrip("\r\n"))
        if match is None or not empty:
            raise IsmsError(
                f"cannot add to '{register}' in {self.path}:{line + 1}: write the list as a "
                "block list ('- ' items), or add the entry to another file with --file"
            )
        comment = match.group("c")
        key_line = match.group("key") + (f"  {comment}" if comment else "") + self.newline
        return line, line + 1, [key_line, *body]


def _splice_order(splice: tuple[int, int, list[str], int]) -> tuple[int, int, int]:
    start, end, _lines, rank = splice
    return start, end, rank


def _style(prefix: str, column: int) -> Style:
    match = _ITEM_PREFIX.fullmatch(prefix)
    return Style(offset=len(match.group(1)), content=column) if match else Style()


def _decode(path: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IsmsError(f"cannot edit {path}: it is not valid UTF-8; run 'isms check'") from None


def _parse(path: str, raw: bytes) -> LocatedDocument:
    document, findings = load_document(path, raw)
    errors = [finding for finding in findings if finding.is_error]
    if document is None or errors:
        first = errors[0] if errors else None
        where = f"{path}:{first.line}:{first.column}: {first.message}" if first else path
        raise IsmsError(f"cannot edit {where}; fix the file first (see 'isms check')")
    if document.data is not None and not isinstance(document.data, dict):
        raise IsmsError(f"cannot edit {path}: its top level is not a mapping of registers")
    return document


def _dedent(line: str, column: int) -> str:
    text = line.rstrip("\r\n")
    spaces = len(text) - len(text.lstrip(" "))
    return text[min(spaces, column) :]


def _is_filler(line: str, column: int) -> bool:
    """A blank line, or a comment not indented past the fields (deeper, it may be the text of
    a block scalar): what follows an entry without being part of it."""
    stripped = line.strip()
    if not stripped:
        return True
    shallow = len(line) - len(line.lstrip(" ")) <= column
    return shallow and (stripped.startswith("#") or stripped in ("---", "..."))
