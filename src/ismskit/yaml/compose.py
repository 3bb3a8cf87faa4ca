"""Composing YAML text into nodes with ruamel.yaml's C parser; plain scalars stay untyped here.

The only module that touches ruamel.yaml when reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

# ruamel.yaml's node classes carry untyped attributes (id, value, style): handled as Any here.
Node = Any

TAG = "tag:yaml.org,2002:"
PLAIN_TAG = "tag:ismskit,2026:plain"  # a plain scalar whose type the reader decides
COLLECTION_TAGS = (TAG + "seq", TAG + "map")


def compose(text: str) -> Node | None:
    if "\x00" in text:
        raise NulCharacterError(text.index("\x00"), text)
    return _compose_text(text)


@cache
def scalar_tags() -> Tags:
    from ruamel.yaml.tag import Tag

    return Tags(
        plain=Tag(suffix=PLAIN_TAG),
        str=Tag(suffix=TAG + "str"),
        seq=Tag(suffix=TAG + "seq"),
        map=Tag(suffix=TAG + "map"),
    )


@dataclass(frozen=True, slots=True)
class Tags:
    plain: Any
    str: Any
    seq: Any
    map: Any


@cache
def _composer_class() -> Any:
    """ruamel.yaml's C parser and composer, with plain scalars left for `resolve_plain` to type.

    Built once: `YAML().compose` builds a loader class on every call, which costs more than
    composing a small file.
    """
    from ruamel.yaml.nodes import ScalarNode, SequenceNode
    from ruamel.yaml.resolver import BaseResolver

    try:
        from _ruamel_yaml import CParser
    except ImportError:  # no ruamel.yaml.clib (e.g. PyPy): the pure-Python parser, slower
        return None
    tags = scalar_tags()

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


class NulCharacterError(Exception):
    def __init__(self, offset: int, text: str) -> None:
        super().__init__("NUL character")
        self.line = text.count("\n", 0, offset)
        self.column = offset - (text.rfind("\n", 0, offset) + 1)
