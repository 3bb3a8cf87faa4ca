"""Approvals of documents: the versions a record has had, how versions compare, the digest format.

The approval history itself comes from git (history/approvals.py); this module holds only what the
rules, the documents and `isms approve` share about it. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

DIGEST_PREFIX = "sha256:"
_DIGEST_RE = re.compile(r"^sha256:[0-9a-f]{64}$")
_NUMBER_RE = re.compile(r"\d+")
_DOTTED_RE = re.compile(r"^\d+(?:\.\d+)*$")


@dataclass(frozen=True, slots=True)
class ApprovalEvent:
    """One approved version of a document record, as a commit recorded it."""

    version: str
    approved_by: str | None
    approved_on: date | None
    content_digest: str | None
    commit: str  # the full commit id; "" for an approval not committed yet
    commit_date: str
    subject: str  # the commit message's first line: what changed, in the committer's words

    @property
    def short(self) -> str:
        return self.commit[:8]


def is_valid_digest(value: str) -> bool:
    return _DIGEST_RE.match(value) is not None


def version_key(version: str) -> tuple[int, ...] | None:
    """`"1.2"` → (1, 2); None for a version that is not dotted numbers (it is not compared)."""
    text = version.strip()
    if not _DOTTED_RE.match(text):
        return None
    return tuple(int(part) for part in text.split("."))


def is_before(one: str, other: str) -> bool:
    """Whether version `one` comes before `other`; False when either cannot be compared."""
    first, second = version_key(one), version_key(other)
    if first is None or second is None:
        return False
    width = max(len(first), len(second))
    return first + (0,) * (width - len(first)) < second + (0,) * (width - len(second))


def next_version(previous: str | None) -> str | None:
    """The version after `previous`: its last number plus one ("3" → "4", "1.2" → "1.3",
    "第3版" → "第4版"); "1" when there was none; None when it holds no number to count on."""
    if previous is None or not previous.strip():
        return "1"
    numbers = list(_NUMBER_RE.finditer(previous))
    if not numbers:
        return None
    last = numbers[-1]
    return f"{previous[: last.start()]}{int(last.group()) + 1}{previous[last.end() :]}"


def previous_distinct_version(events: list[ApprovalEvent], current: str) -> str | None:
    """The newest version in `events` (oldest first) that differs from `current`."""
    for event in reversed(events):
        if event.version != current:
            return event.version
    return None
