"""The diff an edit shows, worked out on the lines that differ: fast for a big file too."""

from __future__ import annotations

import difflib
import re


def unified_diff(path: str, old: bytes | None, new: bytes) -> str:
    """The diff of a file, worked out on the lines that differ (with their context) only: one
    entry added to a file of 60,000 is not a 400,000-line comparison."""
    old_lines = _text(old).splitlines(keepends=True)
    new_lines = _text(new).splitlines(keepends=True)
    head = _common_head(old_lines, new_lines)
    tail = _common_head(old_lines[head:][::-1], new_lines[head:][::-1])
    skip = max(head - _CONTEXT, 0)
    lines = list(
        difflib.unified_diff(
            old_lines[skip : len(old_lines) - max(tail - _CONTEXT, 0)],
            new_lines[skip : len(new_lines) - max(tail - _CONTEXT, 0)],
            fromfile="/dev/null" if old is None else f"a/{path}",
            tofile=f"b/{path}",
            n=_CONTEXT,
        )
    )
    lines = [_shifted(line, skip) if line.startswith("@@") else line for line in lines]
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


_CONTEXT = 3
_HUNK = re.compile(r"@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def _common_head(one: list[str], other: list[str]) -> int:
    count = 0
    for left, right in zip(one, other, strict=False):
        if left != right:
            break
        count += 1
    return count


def _shifted(header: str, offset: int) -> str:
    """A hunk header of a diff of lines from `offset` on, numbered as in the whole file."""
    if not offset:
        return header

    return _HUNK.sub(
        lambda match: (
            f"@@ -{int(match[1]) + offset}{match[2] or ''} "
            f"+{int(match[3]) + offset}{match[4] or ''} @@"
        ),
        header,
        count=1,
    )


def _text(data: bytes | None) -> str:
    return "" if data is None else data.decode("utf-8-sig").replace("\r\n", "\n")
