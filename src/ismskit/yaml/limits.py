"""What one file may ask of the reader, and the nesting check made before parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ismskit.findings import Finding, Severity
from ismskit.messages import message

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


def depth_message(limit: int) -> str:
    return message(
        "nesting deeper than {limit} levels: registers need only a few (or raise "
        "limits.nesting_depth in isms.yaml)",
        limit=limit,
    )


def flow_too_deep(file: str, text: str, limit: int) -> Finding | None:
    """Nesting past the limit that one line can write, found before parsing: the C parser
    recurses once per level and would exhaust the stack. Nesting by indentation needs a line per
    level, indented further each time: the file size limit bounds it."""
    chain = _indicator_chain(limit).search(text)
    if chain is not None:
        offset = chain.start() + limit * 2
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return file_finding(file, "yaml-limit", depth_message(limit), line, column)
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > limit:
            offset = match.start()
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            return file_finding(file, "yaml-limit", depth_message(limit), line, column)
        depth = max(depth, 0)
    return None


@cache
def _indicator_chain(limit: int) -> re.Pattern[str]:
    """`- - - - v` or `? ? ? k` on one line: a block sequence (or key) per indicator. The first
    unit is written out: a pattern that starts with a character set is searched for faster (five
    times, over the files of 20,000 risks) than one that starts with a repeated group."""
    return re.compile(rf"[-?][ \t]+(?:[-?][ \t]+){{{max(limit, 1) - 1},}}")


def size_message(size: int, max_bytes: int) -> str:
    return message(
        "the file is {size} MB, over the limit of {limit} MB: it is not read; split it into "
        "several register files (or raise limits.file_size_mb in isms.yaml)",
        size=f"{size / 1024 / 1024:.1f}",
        limit=max_bytes // 1024 // 1024,
    )


def file_finding(file: str, rule: str, message: str, line: int = 1, column: int = 1) -> Finding:
    """An error about a whole file, or about one place in it."""
    return Finding(Severity.ERROR, rule, file, line, column, message)
