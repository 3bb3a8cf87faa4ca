"""`isms approve DOC-ID`: record the approval of a rendered document, bound to its content.

The approval writes the record's `version` (the previous one plus one by default), `approved_by`,
`approved_on` and `content_digest` (the digest of the values the document shows, as the registers
stand) through the one writer. It is refused, with nothing written, for a record that renders
nothing, for a version that would go backwards, and while the registers the document is made
from have errors: an approval of content that does not validate would bind nothing sound.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ismskit.editing.writer import EditSession
from ismskit.errors import IsmsError, UsageError
from ismskit.findings import Finding
from ismskit.models.pdca import Record
from ismskit.repository.approval import is_before, next_version
from ismskit.repository.content import DOCUMENT_NAMES, SHOWN, content_digest
from ismskit.repository.location import CONFIG_FILE
from ismskit.repository.validation import suggest


class ApprovalRefusedError(IsmsError):
    """The approval cannot be recorded; `findings` say where (empty: the message says why)."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


@dataclass(frozen=True)
class ApprovalPlan:
    record: Record
    document: str
    version: str
    digest: str
    unchanged: bool  # the record is approved with this very content already

    def fields(self, by: str, on: date) -> dict[str, Any]:
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        # "3" stays text in YAML only when quoted; the registers quote versions with "".
        return {
            "version": DoubleQuotedScalarString(self.version),
            "approved_by": by,
            "approved_on": on,
            "content_digest": self.digest,
        }


def plan_approval(session: EditSession, identifier: str, version: str | None) -> ApprovalPlan:
    record = _record(session, identifier)
    document = _rendered(record)
    blocking = blocking_findings(session, document)
    if blocking:
        raise ApprovalRefusedError(
            f"the registers {record.id} ({document}) is made from have errors: an approval "
            "binds content that validates; fix them first (see 'isms check')",
            blocking,
        )
    digest = content_digest(session.before.isms, document)
    unchanged = record.content_digest == digest and record.approved_on is not None
    chosen = version if version is not None else _next(record)
    _check_version(record, chosen, explicit=version is not None, unchanged=unchanged)
    return ApprovalPlan(record, document, chosen, digest, unchanged and version is None)


def _record(session: EditSession, identifier: str) -> Record:
    records = session.before.isms.registers.records
    for entry in records:
        if entry.model.id == identifier:
            return entry.model
    if session.locate("records", identifier) is not None:
        raise ApprovalRefusedError(
            f"record {identifier} has errors (see 'isms check'): mend it before approving it"
        )
    known = {entry.model.id for entry in records}
    raise UsageError(
        f"there is no record '{identifier}' in the registers{suggest(identifier, known)}"
    )


def _rendered(record: Record) -> str:
    if record.renders is None:
        raise ApprovalRefusedError(
            f"record {record.id} renders no document: isms approves the documents it renders "
            f"(set renders: to one of {', '.join(DOCUMENT_NAMES)} on the record of that "
            "document); approvals of other documents are recorded in approved_by and approved_on"
        )
    if record.renders not in DOCUMENT_NAMES:
        raise ApprovalRefusedError(
            f"record {record.id} renders '{record.renders}', which is no document isms renders"
            f"{suggest(record.renders, DOCUMENT_NAMES)} (see 'isms check')"
        )
    if record.kind != "document":
        raise ApprovalRefusedError(
            f"record {record.id} is of kind record: a document isms renders is a controlled "
            "document (kind: document)"
        )
    return record.renders


def blocking_findings(session: EditSession, document: str) -> list[Finding]:
    """Errors in isms.yaml or in a file holding a register the document is made from."""
    registers = {*SHOWN[document].registers, "records"}
    files = {CONFIG_FILE}
    for located in session.before.isms.documents:
        if isinstance(located.data, dict) and registers & set(located.data):
            files.add(located.file)
    return [f for f in session.before.findings if f.is_error and f.file in files]


def _next(record: Record) -> str:
    version = next_version(record.version)
    if version is None:
        raise UsageError(
            f"record {record.id} has version '{record.version}', with no number to count on: "
            "give the new version with --version"
        )
    return version


def _check_version(record: Record, version: str, *, explicit: bool, unchanged: bool) -> None:
    current = record.version
    if current is None or not explicit:
        return
    if is_before(version, current):
        raise ApprovalRefusedError(
            f"--version {version} comes before {record.id}'s version {current}: versions count "
            "up (leave out --version for the next one)"
        )
    bound = record.content_digest is not None
    if version == current and bound and not unchanged:
        raise ApprovalRefusedError(
            f"version {current} of {record.id} was approved with other content: the changed "
            "content is a new version (leave out --version for the next one)"
        )
