"""A parsed file: its plain data, and where each value and mapping key stands in the text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ismskit.findings import Finding, Severity
from ismskit.yaml.limits import DEFAULT_LIMITS

if TYPE_CHECKING:
    from ismskit.yaml.compose import Node

PathKey = tuple[str | int, ...]


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


class LocatedDocument:
    """One parsed file: its plain data, and the position of every value and mapping key in it.

    Positions are worked out from the text the first time a finding asks for one: most files of
    a large ISMS have no finding, and keeping a position for every value would double the memory.
    A document read back from the cache of validated files gets its text and data on first use
    (`lazy`): a clean check never asks for either.
    """

    __slots__ = (
        "_data",
        "_load_data",
        "_load_positions",
        "_load_text",
        "_positions",
        "_text",
        "file",
        "has_floats",
    )

    def __init__(
        self,
        file: str,
        data: Any,
        text: str | None = None,
        has_floats: bool = True,  # False when no value is a YamlFloat (a cache can skip a walk)
    ) -> None:
        self.file = file
        self._data = data
        self._text = text
        self.has_floats = has_floats
        self._positions: Positions | None = None
        self._load_data: Callable[[], Any] | None = None
        self._load_text: Callable[[], str | None] | None = None
        self._load_positions: Callable[[str, bool], Positions] | None = None

    @classmethod
    def lazy(
        cls, file: str, text: Callable[[], str | None], data: Callable[[], Any]
    ) -> LocatedDocument:
        document = cls(file, None)
        document._load_text, document._load_data = text, data
        return document

    def use_positions(self, load: Callable[[str, bool], Positions]) -> None:
        """Where positions come from (given the text, and whether every path is needed or only
        those of registers and entries): a cache of them, rather than a parse."""
        self._load_positions = load

    @property
    def data(self) -> Any:
        if self._load_data is not None:
            self._data, self._load_data = self._load_data(), None
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        self._data, self._load_data = value, None

    @property
    def text(self) -> str | None:
        if self._load_text is not None:
            self._text, self._load_text = self._load_text(), None
        return self._text

    def __repr__(self) -> str:
        return f"LocatedDocument(file={self.file!r})"

    def value_position(self, path: PathKey) -> Position:
        """Where the value at `path` starts, or its nearest located ancestor."""
        return _nearest(self._located(len(path)).values, path)

    def key_position(self, path: PathKey) -> Position:
        """Where the mapping key of `path` starts; falls back to the value's position."""
        position = self._located(len(path)).keys.get(path)
        return position if position is not None else self.value_position(path)

    def _located(self, depth: int) -> Positions:
        """Positions down to paths of `depth` at least (registers and entries: the first two)."""
        known = self._positions
        if known is None or (known.depth is not None and depth > known.depth):
            text = self.text
            if text is None:
                self._positions = Positions()
            elif self._load_positions is None:
                self._positions = locate(text)
            else:
                self._positions = self._load_positions(text, depth > SHALLOW_DEPTH)
        assert self._positions is not None
        return self._positions

    def finding(
        self,
        path: PathKey,
        rule: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        at_key: bool = False,
        entry: str | None = None,
    ) -> Finding:
        """A finding at `path`; `entry` names the register entry it is about (`risks/R-001`)."""
        position = self.key_position(path) if at_key else self.value_position(path)
        return Finding(severity, rule, self.file, position.line, position.column, message, entry)


# Registers and their entries: what documents point at (a finding may point deeper).
SHALLOW_DEPTH = 2


@dataclass(slots=True)
class Positions:
    """Where each value and each mapping key of a document starts; with `depth`, only of the
    paths that long or shorter."""

    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)
    depth: int | None = None

    def shallow(self, depth: int = SHALLOW_DEPTH) -> Positions:
        values = {path: at for path, at in self.values.items() if len(path) <= depth}
        keys = {path: at for path, at in self.keys.items() if len(path) <= depth}
        return Positions(values, keys, depth)

    def to_json(self) -> dict[str, Any]:
        return {
            "values": [[list(path), at.line, at.column] for path, at in self.values.items()],
            "keys": [[list(path), at.line, at.column] for path, at in self.keys.items()],
            "depth": self.depth,
        }

    @classmethod
    def from_json(cls, value: Any) -> Positions | None:
        try:
            values = {tuple(path): Position(line, column) for path, line, column in value["values"]}
            keys = {tuple(path): Position(line, column) for path, line, column in value["keys"]}
            depth = value["depth"]
        except (KeyError, TypeError, ValueError):
            return None
        return cls(values, keys, depth if isinstance(depth, int) else None)


def locate(text: str) -> Positions:
    """The position of every value and key of a document that `load_document` accepted."""
    from ismskit.yaml.compose import compose

    recorder = _PositionRecorder()
    root = compose(text)
    if root is not None:
        recorder.walk(root, ())
    return recorder.positions


class _PositionRecorder:
    """Walks composed nodes along the same paths as `DocumentBuilder`, keeping positions."""

    def __init__(self) -> None:
        self.positions = Positions()
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
                key = plain_key(key_node)
                if key is None or key in seen:
                    continue
                seen.add(key)
                key_mark = key_node.start_mark
                self.positions.keys[(*path, key)] = Position(key_mark.line + 1, key_mark.column + 1)
                self.walk(value_node, (*path, key))
        self._active.discard(id(node))


def plain_key(key_node: Node) -> str | None:
    """A mapping key as the builder reads it; None for keys it refuses (merge, complex)."""
    if key_node.id != "scalar" or (key_node.value == "<<" and not key_node.style):
        return None
    return str(key_node.value)


def _nearest(positions: dict[PathKey, Position], path: PathKey) -> Position:
    for end in range(len(path), -1, -1):
        position = positions.get(path[:end])
        if position is not None:
            return position
    return Position(1, 1)
