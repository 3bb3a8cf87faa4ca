"""Plain values built from composed nodes: positions kept, duplicate keys, tags and alias bombs
refused."""

from __future__ import annotations

import math
from typing import Any

from ismskit.findings import Finding
from ismskit.messages import message
from ismskit.yaml.compose import COLLECTION_TAGS, TAG, Node, scalar_tags
from ismskit.yaml.limits import (
    ALIAS_EXPANSION_FLOOR,
    DEFAULT_LIMITS,
    ReadLimits,
    depth_message,
    file_finding,
)
from ismskit.yaml.located import LocatedDocument, plain_key
from ismskit.yaml.scalars import SCALAR_CONSTRUCTORS, resolve_plain


class _AliasBudgetExceededError(Exception):
    """Raised out of the node walk when aliases make a file unusable (too large, or endless)."""


class DocumentBuilder:
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
        self.tags = scalar_tags()

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
            self._error(node, "yaml-limit", depth_message(self.limits.max_depth))
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
                message(
                    "more than {limit} uses of aliases in one file (an alias bomb?): write the "
                    "entries out (or raise limits.aliases in isms.yaml)",
                    limit=self.limits.max_aliases,
                ),
            )
            raise _AliasBudgetExceededError

    def _alias_bomb(self, node: Node) -> None:
        self._error(node, "yaml-alias", _ALIAS_BOMB_MESSAGE)
        raise _AliasBudgetExceededError

    def _mapping(self, node: Node, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        key_nodes: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = plain_key(key_node)
            if key is None:
                refused = _MERGE_KEY_MESSAGE if key_node.id == "scalar" else _COMPLEX_KEY_MESSAGE
                self._error(key_node, "yaml-structure", refused)
                continue
            if key in key_nodes:
                first = key_nodes[key].start_mark
                self._error(
                    key_node,
                    "yaml-duplicate-key",
                    message(
                        "duplicate key '{key}' (first at line {line}, column {column}); remove "
                        "one of them",
                        key=key,
                        line=first.line + 1,
                        column=first.column + 1,
                    ),
                )
                continue
            key_nodes[key] = key_node
            result[key] = self._value(value_node, depth)
        return result

    def _is_plain_collection(self, node: Node) -> bool:
        tag = node.ctag
        return tag is self.tags.seq or tag is self.tags.map or node.tag in COLLECTION_TAGS

    def _unsupported_tag(self, node: Node) -> None:
        label = str(node.tag).replace(TAG, "!!", 1)
        self._error(
            node, "yaml-tag", message("unsupported YAML tag '{label}'; remove the tag", label=label)
        )

    def _scalar(self, node: Node) -> Any:
        text: str = node.value
        if node.ctag is self.tags.plain:
            value = resolve_plain(text)
            if isinstance(value, float):
                self.document.has_floats = True
            return value
        if node.ctag is self.tags.str:
            return text
        tag: str = node.tag
        if not tag.startswith(TAG):
            self._unsupported_tag(node)
            return text
        kind = tag[len(TAG) :]
        if kind == "str":
            return text
        constructor = SCALAR_CONSTRUCTORS.get(kind)
        if kind == "float":
            self.document.has_floats = True
        if constructor is None:
            self._unsupported_tag(node)
            return text
        try:
            return constructor(text)
        except ValueError:
            return text


_RECURSIVE_ALIAS_MESSAGE = message(
    "an alias refers to a node that contains it (a recursive structure); write the entries out"
)


_COMPLEX_KEY_MESSAGE = message("a mapping key must be plain text")


_MERGE_KEY_MESSAGE = message(
    "merge keys (<<) are not part of YAML 1.2; write the fields out in full"
)


_ALIAS_BOMB_MESSAGE = message(
    "anchors and aliases expand this file far beyond its written size (an "
    "alias bomb); write the entries out instead of nesting aliases"
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
