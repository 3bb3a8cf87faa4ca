"""The order people expect of ids: R-2 before R-11 before R-100 (numbers by value, not by text)."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that compares the numbers inside a text by value: A.5.9 < A.5.10, R-11 < R-100.
    Each part carries its kind first, so that a number never meets a text in a comparison."""
    parts = _NUMBER.split(text)
    return tuple((1, int(part)) if index % 2 else (0, part) for index, part in enumerate(parts))


def natural_ids(ids: set[str] | list[str]) -> list[str]:
    return sorted(ids, key=natural_key)
