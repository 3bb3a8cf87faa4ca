"""The approved versions of each document record, read from git: one walk of the history.

An approval is a commit that sets a record's version, approver, approval date or content digest
to new values (a record added with a version counts too). Commits that touch the registers for
anything else are not approvals, so a document's revision history lists what was approved, not
every edit of the registers it is made from.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ismskit.history.changes import EntrySnapshot
from ismskit.history.git import CommitInfo, GitHistory
from ismskit.history.log import iter_changed_entries
from ismskit.repository.approval import ApprovalEvent
from ismskit.yaml import cache as parse_cache

Approvals = dict[str, list[ApprovalEvent]]
_FIELDS = ("version", "approved_by", "approved_on", "content_digest")
_RECORDS = frozenset({"records"})


def approval_history(history: GitHistory, revision: str) -> Approvals:
    """Record id → its approvals up to `revision` (a commit id), oldest first."""
    key = f"approvals\0{revision}\0{history.prefix}"
    cached = parse_cache.load_value(key)
    if isinstance(cached, dict):
        return {identifier: [_event(row) for row in rows] for identifier, rows in cached.items()}
    found: Approvals = {}
    for info, old, new in iter_changed_entries(history, revision, registers=_RECORDS):
        for (register, identifier), snapshot in new.items():
            if register != "records":
                continue
            event = _approval(info, old.get((register, identifier)), snapshot)
            if event is not None:
                found.setdefault(identifier, []).append(event)
    for events in found.values():
        events.reverse()
    parse_cache.store_value(key, {k: [_row(e) for e in events] for k, events in found.items()})
    return found


def _approval(
    info: CommitInfo, before: EntrySnapshot | None, after: EntrySnapshot
) -> ApprovalEvent | None:
    state = _state(after)
    if state["version"] is None or (before is not None and _state(before) == state):
        return None
    return ApprovalEvent(
        version=state["version"],
        approved_by=state["approved_by"],
        approved_on=_day(state["approved_on"]),
        content_digest=state["content_digest"],
        commit=info.commit,
        commit_date=info.author_date,
        subject=info.subject,
    )


def _state(snapshot: EntrySnapshot) -> dict[str, str | None]:
    return {name: _text(snapshot.data.get(name)) for name in _FIELDS}


def _text(value: Any) -> str | None:
    """A value as written: a number written 1.2 is the text 1.2, a date its ISO text."""
    if value is None or isinstance(value, dict | list):
        return None
    written = getattr(value, "text", None)
    if isinstance(written, str):
        return written
    return value.isoformat() if isinstance(value, date) else str(value)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _row(event: ApprovalEvent) -> list[Any]:
    on = event.approved_on.isoformat() if event.approved_on else None
    return [
        event.version,
        event.approved_by,
        on,
        event.content_digest,
        event.commit,
        event.commit_date,
        event.subject,
    ]


def _event(row: list[Any]) -> ApprovalEvent:
    version, by, on, digest, commit, commit_date, subject = row
    return ApprovalEvent(version, by, _day(on), digest, commit, commit_date, subject)
