"""The document control block of every rendered document (ISO/IEC 27001 7.5.2, 7.5.3).

Which record controls the document (the records entry that `renders` it), its version,
classification, approver and approval date; whether the content is still the approved content
(the content digest); and the approved versions, from the record's git history. Pure: the
approvals arrive already read from git.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from ismskit.repository.approval import ApprovalEvent
from ismskit.repository.content import content_digest
from ismskit.repository.loader import LoadedIsms

if TYPE_CHECKING:
    from ismskit.models.pdca import Record

# approved: the content is the approved content; changed: it has changed since (a draft of the
# next version); unbound: approved without recording what (it cannot be shown to be the same);
# unapproved: no approval at all (or no record controls the document).
ControlStatus = Literal["approved", "changed", "unbound", "unapproved"]
# Where the revision history comes from: git up to the registers read; git up to --at; nothing.
HistorySource = Literal["git", "at", "none"]


@dataclass(frozen=True)
class DocumentControl:
    document: str
    record: Record | None
    status: ControlStatus
    # The digest of the content the document shows now: on a printed copy, what an auditor
    # compares with the content_digest recorded by the approval (docs/approvals.md).
    digest: str
    revisions: list[ApprovalEvent] = field(default_factory=list)
    history: HistorySource = "none"

    @property
    def is_draft(self) -> bool:
        return self.status != "approved"


def find_record(isms: LoadedIsms, document: str) -> Record | None:
    """The document record that renders `document` (the first, where a check finds two)."""
    for entry in isms.registers.records:
        if entry.model.renders == document and entry.model.kind == "document":
            return entry.model
    return None


def build_control(
    isms: LoadedIsms,
    document: str,
    approvals: dict[str, list[ApprovalEvent]] | None,
    *,
    at_revision: bool = False,
) -> DocumentControl:
    """`approvals`: from git (None outside git); `at_revision`: the registers are read at --at."""
    record = find_record(isms, document)
    digest = content_digest(isms, document)
    if record is None:
        return DocumentControl(document, None, "unapproved", digest)
    history: HistorySource = "none" if approvals is None else ("at" if at_revision else "git")
    events = (approvals or {}).get(record.id, [])
    status = control_status(record, digest)
    return DocumentControl(
        document, record, status, digest, approved_versions(record, events), history
    )


def control_status(record: Record, digest: str) -> ControlStatus:
    """Whether `record`'s approval holds for content whose digest is `digest`."""
    if record.approved_on is None and record.content_digest is None:
        return "unapproved"
    if record.content_digest is None:
        return "unbound"
    return "approved" if record.content_digest == digest else "changed"


def approved_versions(record: Record, events: list[ApprovalEvent]) -> list[ApprovalEvent]:
    """One row per approved version, oldest first: the last commit that recorded it, and the
    record's own approval where the history does not hold it yet (not committed, or no git)."""
    by_version: dict[str, ApprovalEvent] = {}
    for event in events:
        if event.approved_on is not None:
            by_version.pop(event.version, None)
            by_version[event.version] = event
    current = _current(record)
    if current is not None:
        known = by_version.get(current.version)
        if known is None or _approval(known) != _approval(current):
            by_version.pop(current.version, None)
            by_version[current.version] = current
    return list(by_version.values())


def _current(record: Record) -> ApprovalEvent | None:
    if record.version is None or record.approved_on is None:
        return None
    return ApprovalEvent(
        record.version, record.approved_by, record.approved_on, record.content_digest, "", "", ""
    )


def _approval(event: ApprovalEvent) -> tuple[str | None, date | None, str | None]:
    return event.approved_by, event.approved_on, event.content_digest
