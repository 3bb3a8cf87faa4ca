"""The one module that parses YAML.

Reading composes each file with ruamel.yaml's C parser (libyaml speed) and builds plain Python
values ourselves from the nodes, so that every mapping key and value keeps its line and column,
duplicate keys and alias bombs are caught, and only the scalar types of YAML 1.2 are produced.
Library errors never leave this module: they become findings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from ismskit.findings import Finding, Severity

# ruamel.yaml's node classes carry untyped attributes (id, value, style): handled as Any here.
Node = Any

PathKey = tuple[str | int, ...]

# A file expands to at most this many values per node written in it (plus a floor), so that
# anchors and aliases stay a convenience and never an amplifier (billion laughs).
ALIAS_EXPANSION_FLOOR = 10_000


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """What one file may ask of the reader; isms.yaml's `limits` can change them."""

    max_bytes: int = 20 * 1024 * 1024
    max_depth: int = 64
    max_aliases: int = 1_000
    # A file expands to at most this many values per node written in it (plus a floor), so that
    # anchors and aliases stay a convenience and never an amplifier (billion laughs).
    alias_expansion: int = 10


DEFAULT_LIMITS = ReadLimits()
_BRACKETS = re.compile(r"[\[\]{}]")

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAG = "tag:ismskit,2026:plain"  # a plain scalar whose type yaml_io decides
_COLLECTION_TAGS = (_TAG + "seq", _TAG + "map")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class YamlFloat(float):
    """A float that remembers how it was written, so `5.10` can be read as the text `5.10`."""

    __slots__ = ("text",)

    text: str

    def __new__(cls, value: float, text: str) -> YamlFloat:
        number = super().__new__(cls, value)
        number.text = text
        return number


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(slots=True, eq=False)
class LocatedDocument:
    """One parsed file: its plain data, and the position of every value and mapping key in it.

    Positions are worked out from the text the first time a finding asks for one: most files of
    a large ISMS have no finding, and keeping a position for every value would double the memory.
    """

    file: str
    data: Any
    text: str | None = None
    has_floats: bool = True  # False when no value is a YamlFloat (a cache can skip a walk)
    _positions: _Positions | None = field(default=None, repr=False)

    def value_position(self, path: PathKey) -> Position:
        """Where the value at `path` starts, or its nearest located ancestor."""
        return _nearest(self._located().values, path)

    def key_position(self, path: PathKey) -> Position:
        """Where the mapping key of `path` starts; falls back to the value's position."""
        position = self._located().keys.get(path)
        return position if position is not None else self.value_position(path)

    def _located(self) -> _Positions:
        if self._positions is None:
            self._positions = locate(self.text) if self.text is not None else _Positions()
        return self._positions

    def finding(
        self,
        path: PathKey,
        rule: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        at_key: bool = False,
    ) -> Finding:
        position = self.key_position(path) if at_key else self.value_position(path)
        return Finding(severity, rule, self.file, position.line, position.column, message)


@dataclass(slots=True)
class _Positions:
    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)


def locate(text: str) -> _Positions:
    """The position of every value and key of a document that `load_document` accepted."""
    recorder = _PositionRecorder()
    root = _compose(text)
    if root is not None:
        recorder.walk(root, ())
    return recorder.positions


class _PositionRecorder:
    """Walks composed nodes along the same paths as `_DocumentBuilder`, keeping positions."""

    def __init__(self) -> None:
        self.positions = _Positions()
        self._active: set[int] = set()

    def walk(self, node: Node, path: PathKey) -> None:
        mark = node.start_mark
        self.positions.values[path] = Position(mark.line + 1, mark.column + 1)
        if node.id == "scalar" or id(node) in self._active or len(path) > DEFAULT_LIMITS.max_depth:
            return
        self._active.add(id(node))
        if node.id == "sequence":
            for index, item in enumerate(node.value):
                self.walk(item, (*path, index))
        else:
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = _plain_key(key_node)
                if key is None or key in seen:
                    continue
                seen.add(key)
                key_mark = key_node.start_mark
                self.positions.keys[(*path, key)] = Position(key_mark.line + 1, key_mark.column + 1)
                self.walk(value_node, (*path, key))
        self._active.discard(id(node))


def _plain_key(key_node: Node) -> str | None:
    """A mapping key as the builder reads it; None for keys it refuses (merge, complex)."""
    if key_node.id != "scalar" or (key_node.value == "<<" and not key_node.style):
        return None
    return str(key_node.value)


def _depth_message(limit: int) -> str:
    return (
        f"nesting deeper than {limit} levels: registers need only a few (or raise "
        "limits.nesting_depth in isms.yaml)"
    )


def _flow_too_deep(file: str, text: str, limit: int) -> Finding | None:
    """Nesting past the limit that one line can write, found before parsing: the C parser
    recurses once per level and would exhaust the stack. Nesting by indentation needs a line per
    level, indented further each time: the file size limit bounds it."""
    chain = _indicator_chain(limit).search(text)
    if chain is not None:
        offset = chain.start() + limit * 2
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return file_finding(file, "yaml-limit", _depth_message(limit), line, column)
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > limit:
            offset = match.start()
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            return file_finding(file, "yaml-limit", _depth_message(limit), line, column)
        depth = max(depth, 0)
    return None


@cache
def _indicator_chain(limit: int) -> re.Pattern[str]:
    """`- - - - v` or `? ? ? k` on one line: a block sequence (or key) per indicator."""
    return re.compile(rf"(?:[-?][ \t]+){{{limit},}}")


def _nearest(positions: dict[PathKey, Position], path: PathKey) -> Position:
    for end in range(len(path), -1, -1):
        position = positions.get(path[:end])
        if position is not None:
            return position
    return Position(1, 1)


def file_finding(file: str, rule: str, message: str, line: int = 1, column: int = 1) -> Finding:
    return Finding(Severity.ERROR, rule, file, line, column, message)


def load_document(
    file: str, raw: bytes, limits: ReadLimits = DEFAULT_LIMITS
) -> tuple[LocatedDocument | None, list[Finding]]:
    """Parse one file. Returns the document (None when it cannot be read) and its findings."""
    if len(raw) > limits.max_bytes:
        size = f"{len(raw) / 1024 / 1024:.1f} MB"
        message = (
            f"the file is {size}, over the limit of {limits.max_bytes // 1024 // 1024} MB: split "
            "it into several register files (or raise limits.file_size_mb in isms.yaml)"
        )
        return None, [file_finding(file, "yaml-limit", message)]
    text, finding = _decode(file, raw)
    if text is None:
        return None, [finding] if finding else []
    too_deep = _flow_too_deep(file, text, limits.max_depth)
    if too_deep is not None:
        return None, [too_deep]
    try:
        root = _compose(text)
    except Exception as error:  # noqa: BLE001 - every parser failure becomes a finding
        return None, [_typing_slip(file, text, error) or _parse_error_finding(file, error)]
    # Without an anchor there is no alias to expand, and no need to count nodes for the budget.
    builder = _DocumentBuilder(file, root, text, has_anchors="&" in text, limits=limits)
    document = builder.build()
    return (None if builder.fatal else document), builder.findings


def _decode(file: str, raw: bytes) -> tuple[str | None, Finding | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        offset = error.start
        before = raw[:offset]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        message = (
            f"the file is not valid UTF-8 (byte 0x{raw[offset]:02x} at offset {offset}); "
            "save it as UTF-8"
        )
        return None, file_finding(file, "yaml-encoding", message, line, column)


def _compose(text: str) -> Node | None:
    if "\x00" in text:
        raise _NulCharacterError(text.index("\x00"), text)
    return _compose_text(text)


@cache
def _tags() -> _Tags:
    from ruamel.yaml.tag import Tag

    return _Tags(
        plain=Tag(suffix=_PLAIN_TAG),
        str=Tag(suffix=_TAG + "str"),
        seq=Tag(suffix=_TAG + "seq"),
        map=Tag(suffix=_TAG + "map"),
    )


@dataclass(frozen=True, slots=True)
class _Tags:
    plain: Any
    str: Any
    seq: Any
    map: Any


@cache
def _composer_class() -> Any:
    """ruamel.yaml's C parser and composer, with plain scalars left for `_resolve_plain` to type.

    Built once: `YAML().compose` builds a loader class on every call, which costs more than
    composing a small file.
    """
    from ruamel.yaml.nodes import ScalarNode, SequenceNode
    from ruamel.yaml.resolver import BaseResolver

    try:
        from _ruamel_yaml import CParser
    except ImportError:  # no ruamel.yaml.clib (e.g. PyPy): the pure-Python parser, slower
        return None
    tags = _tags()

    class DeferredComposer(CParser, BaseResolver):  # type: ignore[misc]
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            BaseResolver.__init__(self, loadumper=self)

        # ruamel's versioned resolver costs a third of the parse; one regex pass of ours is enough.
        def resolve(self, kind: Any, _value: Any, implicit: Any) -> Any:
            if kind is ScalarNode:
                return tags.plain if implicit[0] else tags.str
            return tags.seq if kind is SequenceNode else tags.map

    return DeferredComposer


def _compose_text(text: str) -> Any:
    composer_class = _composer_class()
    if composer_class is None:
        from ruamel.yaml import YAML

        return YAML(typ="safe", pure=True).compose(text)
    composer = composer_class(text)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()


class _NulCharacterError(Exception):
    def __init__(self, offset: int, text: str) -> None:
        super().__init__("NUL character")
        self.line = text.count("\n", 0, offset)
        self.column = offset - (text.rfind("\n", 0, offset) + 1)


# Slips of the keyboard that break YAML near an error, with what to write instead. Japanese input
# methods make the full-width ones easy to type and hard to see.
_SLIPS = (
    ("\t", "a tab is used for indentation; YAML indents with spaces only"),
    ("\u3000", "a full-width space (全角スペース) is used; use half-width spaces"),
    ("：", "a full-width colon (全角コロン) is used; write ':' followed by a space"),
)


def _typing_slip(file: str, text: str, error: Exception) -> Finding | None:
    """A tab, full-width space or full-width colon on or just before the line the parser
    stumbled on: pointed at, with the fix, instead of the parser's own words."""
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return None
    lines = text.splitlines()
    for number in range(max(mark.line - 1, 0), min(mark.line + 1, len(lines) - 1) + 1):
        line = lines[number]
        stripped = line.lstrip(" \t\u3000")
        for character, advice in _SLIPS:
            column = line.find(character)
            if column < 0 or (character != "：" and column >= len(line) - len(stripped)):
                continue
            return file_finding(
                file, "yaml-syntax", f"YAML syntax error: {advice}", number + 1, column + 1
            )
    return None


def _parse_error_finding(file: str, error: Exception) -> Finding:
    if isinstance(error, _NulCharacterError):
        message = "the file contains a NUL character; YAML files must be plain text"
        return file_finding(file, "yaml-syntax", message, error.line + 1, error.column + 1)
    if "expected a single document" in str(error):
        message = "the file holds more than one YAML document; keep one document per file"
        mark = getattr(error, "problem_mark", None)
        return file_finding(file, "yaml-syntax", message, *_one_based(mark))
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = str(getattr(error, "context", None) or "")
    if context_mark is not None and _starts_the_mistake(context):
        # An unclosed quote or bracket, a key without its colon: the mistake is where the
        # construct starts; the parser only notices it later.
        line, column = _one_based(problem_mark)
        message = (
            f"YAML syntax error: {problem} ({context} that starts here; noticed at line {line}, "
            f"column {column})"
        )
        return file_finding(file, "yaml-syntax", message, *_one_based(context_mark))
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return file_finding(file, "yaml-syntax", message, *_one_based(problem_mark or context_mark))


def _starts_the_mistake(context: str) -> bool:
    return context.startswith("while scanning") or "flow" in context


def _one_based(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class _AliasBudgetExceededError(Exception):
    """Raised out of the node walk when aliases make a file unusable (too large, or endless)."""


class _DocumentBuilder:
    """Builds plain values from composed nodes, recording positions and structural findings."""

    def __init__(
        self,
        file: str,
        root: Node | None,
        text: str,
        *,
        has_anchors: bool,
        limits: ReadLimits = DEFAULT_LIMITS,
    ) -> None:
        self.limits = limits
        self._aliases = 0
        self._built: set[int] = set()
        self.file = file
        self.root = root
        self.document = LocatedDocument(file, None, text, has_floats=False)
        self.findings: list[Finding] = []
        self.fatal = False
        self.has_anchors = has_anchors
        self._budget: float = 0
        self._active: set[int] = set()
        self.tags = _tags()

    def build(self) -> LocatedDocument:
        if self.root is None:
            return self.document
        self._budget = (
            ALIAS_EXPANSION_FLOOR + self.limits.alias_expansion * _count_nodes(self.root)
            if self.has_anchors
            else math.inf
        )
        try:
            self.document.data = self._value(self.root, 0)
        except _AliasBudgetExceededError:
            self.fatal = True
        return self.document

    def _error(self, node: Node, rule: str, message: str) -> None:
        mark = node.start_mark
        self.findings.append(file_finding(self.file, rule, message, mark.line + 1, mark.column + 1))

    def _value(self, node: Node, depth: int) -> Any:
        # The hot path of every load: a node is visited once per value (aliases: per use).
        if node.id == "scalar":
            self._budget -= 1
            if self._budget < 0:
                self._alias_bomb(node)
            return self._scalar(node)
        return self._collection(node, depth)

    def _collection(self, node: Node, depth: int) -> Any:
        self._budget -= 1
        if self._budget < 0:
            self._alias_bomb(node)
        if depth >= self.limits.max_depth:
            self._error(node, "yaml-limit", _depth_message(self.limits.max_depth))
            return None
        if self.has_anchors:
            self._count_alias_use(node)
        if id(node) in self._active:
            self._error(node, "yaml-alias", _RECURSIVE_ALIAS_MESSAGE)
            raise _AliasBudgetExceededError
        if not self._is_plain_collection(node):
            self._unsupported_tag(node)
        self._active.add(id(node))
        try:
            if node.id == "sequence":
                return [self._value(item, depth + 1) for item in node.value]
            return self._mapping(node, depth + 1)
        finally:
            self._active.discard(id(node))

    def _count_alias_use(self, node: Node) -> None:
        """A collection built a second time is an alias use: there may be only so many."""
        if id(node) not in self._built:
            self._built.add(id(node))
            return
        self._aliases += 1
        if self._aliases > self.limits.max_aliases:
            self._error(
                node,
                "yaml-alias",
                f"more than {self.limits.max_aliases} uses of aliases in one file (an alias "
                "bomb?): write the entries out (or raise limits.aliases in isms.yaml)",
            )
            raise _AliasBudgetExceededError

    def _alias_bomb(self, node: Node) -> None:
        self._error(node, "yaml-alias", _ALIAS_BOMB_MESSAGE)
        raise _AliasBudgetExceededError

    def _mapping(self, node: Node, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        key_nodes: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = _plain_key(key_node)
            if key is None:
                refused = _MERGE_KEY_MESSAGE if key_node.id == "scalar" else _COMPLEX_KEY_MESSAGE
                self._error(key_node, "yaml-structure", refused)
                continue
            if key in key_nodes:
                first = key_nodes[key].start_mark
                self._error(
                    key_node,
                    "yaml-duplicate-key",
                    f"duplicate key '{key}' (first at line {first.line + 1}, column "
                    f"{first.column + 1}); remove one of them",
                )
                continue
            key_nodes[key] = key_node
            result[key] = self._value(value_node, depth)
        return result

    def _is_plain_collection(self, node: Node) -> bool:
        tag = node.ctag
        return tag is self.tags.seq or tag is self.tags.map or node.tag in _COLLECTION_TAGS

    def _unsupported_tag(self, node: Node) -> None:
        label = str(node.tag).replace(_TAG, "!!", 1)
        self._error(node, "yaml-tag", f"unsupported YAML tag '{label}'; remove the tag")

    def _scalar(self, node: Node) -> Any:
        text: str = node.value
        if node.ctag is self.tags.plain:
            value = _resolve_plain(text)
            if isinstance(value, float):
                self.document.has_floats = True
            return value
        if node.ctag is self.tags.str:
            return text
        tag: str = node.tag
        if not tag.startswith(_TAG):
            self._unsupported_tag(node)
            return text
        kind = tag[len(_TAG) :]
        if kind == "str":
            return text
        constructor = _SCALAR_CONSTRUCTORS.get(kind)
        if kind == "float":
            self.document.has_floats = True
        if constructor is None:
            self._unsupported_tag(node)
            return text
        try:
            return constructor(text)
        except ValueError:
            return text


_RECURSIVE_ALIAS_MESSAGE = (
    "an alias refers to a node that contains it (a recursive structure); write the entries out"
)
_COMPLEX_KEY_MESSAGE = "a mapping key must be plain text"
_MERGE_KEY_MESSAGE = "merge keys (<<) are not part of YAML 1.2; write the fields out in full"
_ALIAS_BOMB_MESSAGE = (
    "anchors and aliases expand this file far beyond its written size (an alias bomb); "
    "write the entries out instead of nesting aliases"
)


def _count_nodes(root: Node) -> int:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.id == "sequence":
            stack.extend(node.value)
        elif node.id == "mapping":
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return len(seen)


# The YAML 1.2 core schema, and ISO dates (YYYY-MM-DD) as dates.
_NOT_TEXT_START = frozenset("0123456789-+.~nNtTfF")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_RE = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_TIMESTAMP_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?"
)


def _resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar under the YAML 1.2 core schema."""
    if text and text[0] not in _NOT_TEXT_START:
        return text
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    try:
        if _INT_RE.fullmatch(text):
            return _construct_int(text)
        if _FLOAT_RE.fullmatch(text):
            return _construct_float(text)
        if _TIMESTAMP_RE.fullmatch(text):
            return _construct_timestamp(text)
    except ValueError:
        pass
    return text


def _construct_int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    body = digits.lstrip("+-")
    for prefix, base in (("0o", 8), ("0x", 16), ("0b", 2)):
        if body.lower().startswith(prefix):
            return sign * int(body[2:], base)
    return sign * int(body, 10)


def _construct_float(text: str) -> float:
    lowered = text.replace("_", "").lower()
    if lowered.endswith((".inf", "infinity")):
        return YamlFloat(-math.inf if lowered.startswith("-") else math.inf, text)
    if lowered.endswith(".nan"):
        return YamlFloat(math.nan, text)
    return YamlFloat(float(lowered), text)


def _construct_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise ValueError(text)


def _construct_timestamp(text: str) -> date | datetime | str:
    if _DATE_RE.match(text):
        return date.fromisoformat(text)
    return datetime.fromisoformat(text.replace(" ", "T", 1).replace("Z", "+00:00"))


def _construct_null(_text: str) -> None:
    return None


_SCALAR_CONSTRUCTORS: dict[str, Any] = {
    "int": _construct_int,
    "float": _construct_float,
    "bool": _construct_bool,
    "null": _construct_null,
    "timestamp": _construct_timestamp,
}
