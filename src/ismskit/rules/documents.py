"""Controlled documents isms renders: what a record renders, and whether its approval still holds.

A record of kind document may name the document isms renders for it (`renders`) and carry the
approval of its content (`version`, `approved_by`, `approved_on`, `content_digest`). The digest is
of the values the document shows (repository/content.py), so a change shows here as a draft.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ismskit.findings import Finding, Severity
from ismskit.messages import message
from ismskit.repository.approval import is_before, is_valid_digest, previous_distinct_version
from ismskit.repository.content import DOCUMENT_NAMES, content_digest
from ismskit.repository.loader import Located
from ismskit.repository.validation import suggest
from ismskit.rules.context import RuleContext

if TYPE_CHECKING:
    from ismskit.models.pdca import Certification, Record


def rendering_records(context: RuleContext) -> list[Located[Record]]:
    return [entry for entry in context.registers.records if entry.model.renders is not None]


def check_renders(context: RuleContext) -> Iterator[Finding]:
    """`renders` names a document isms renders, on a document record, once per document."""
    first: dict[str, Located[Record]] = {}
    for entry in rendering_records(context):
        record, renders = entry.model, entry.model.renders or ""
        if renders not in DOCUMENT_NAMES:
            yield entry.finding(
                "document-renders",
                message(
                    "record {record} renders '{renders}', which is no document isms renders"
                    "{suggestion}; name one of {names}",
                    record=record.id,
                    renders=renders,
                    suggestion=suggest(renders, DOCUMENT_NAMES),
                    names=", ".join(DOCUMENT_NAMES),
                ),
                "renders",
            )
        elif record.kind != "document":
            yield entry.finding(
                "document-renders",
                message(
                    "record {record} renders {renders} but is of kind record: a document isms "
                    "renders is a controlled document; set kind: document",
                    record=record.id,
                    renders=renders,
                ),
                "renders",
            )
        elif renders in first:
            yield entry.finding(
                "document-renders",
                message(
                    "record {record} renders {renders}, which record {other} ({where}) renders "
                    "already: one record per document",
                    record=record.id,
                    renders=renders,
                    other=first[renders].model.id,
                    where=first[renders].where("renders"),
                ),
                "renders",
            )
        else:
            first[renders] = entry


def check_content_digest(context: RuleContext) -> Iterator[Finding]:
    """The approved content is the content now; a digest written by hand is refused."""
    for entry in context.registers.records:
        record = entry.model
        digest = record.content_digest
        if digest is None:
            continue
        if record.renders is None or not is_valid_digest(digest):
            yield entry.finding(
                "document-digest-invalid",
                f"record {record.id}: content_digest "
                + (
                    "is not a digest isms wrote (sha256: and 64 hexadecimal digits)"
                    if record.renders is not None
                    else "on a record that renders nothing (renders) binds nothing"
                )
                + "; it is written by 'isms approve', never by hand: remove it and approve the "
                "document again",
                "content_digest",
            )
            continue
        if record.renders in DOCUMENT_NAMES and digest != _digest(context, record.renders):
            yield entry.finding(
                "document-changed-since-approval",
                message(
                    "{document}: the content has changed since version {version} was approved"
                    "{approval}; the document is now a draft of the next version: approve it "
                    "(isms approve {record} --by NAME) or undo the change",
                    document=_named(record),
                    version=record.version or "?",
                    approval=_approval(record),
                    record=record.id,
                ),
                "content_digest",
                severity=Severity.WARNING,
            )


def check_approval_bound(context: RuleContext) -> Iterator[Finding]:
    """An approval of a rendered document recorded without the digest of what it approved."""
    for entry in rendering_records(context):
        record = entry.model
        if record.renders not in DOCUMENT_NAMES or record.content_digest is not None:
            continue
        if record.approved_by is not None or record.approved_on is not None:
            yield entry.finding(
                "document-approval-unbound",
                message(
                    "{document} records an approval without the content it approved "
                    "(content_digest), so a later change cannot show; record the approval with "
                    "'isms approve {record} --by NAME'",
                    document=_named(record),
                    record=record.id,
                ),
                "approved_by" if record.approved_by is not None else "approved_on",
                severity=Severity.WARNING,
            )


def check_version_order(context: RuleContext) -> Iterator[Finding]:
    """A document's version never goes back (compared with its versions in git)."""
    if context.approvals is None:
        return
    for entry in context.registers.records:
        record = entry.model
        events = context.approvals.get(record.id, [])
        if record.version is None or not events:
            continue
        previous = previous_distinct_version(events, record.version)
        if previous is not None and is_before(record.version, previous):
            yield entry.finding(
                "document-version-backwards",
                message(
                    "record {record}: version {version} comes before version {previous} in its "
                    "history; a new version counts up from the last one (isms approve does this "
                    "by default)",
                    record=record.id,
                    version=record.version,
                    previous=previous,
                ),
                "version",
            )


def check_certification_soa(context: RuleContext) -> Iterator[Finding]:
    """A certificate cites the SoA as a record that renders it, in a version it has had."""
    records = {entry.model.id: entry.model for entry in context.registers.records}
    for entry in context.registers.certifications:
        certification = entry.model
        if certification.soa is None:
            if certification.soa_version is not None:
                yield entry.finding(
                    "certification-soa",
                    message(
                        "certification {certification} cites SoA version {version} without the "
                        "SoA's record: add soa: with its id",
                        certification=certification.id,
                        version=certification.soa_version,
                    ),
                    "soa_version",
                )
            continue
        record = records.get(certification.soa)
        if record is None:
            if certification.soa not in context.registers.ids("records"):
                yield entry.finding(
                    "unknown-reference",
                    message(
                        "certification {certification} names record '{record}', which does not "
                        "exist{suggestion}; add it or correct the id",
                        certification=certification.id,
                        record=certification.soa,
                        suggestion=suggest(certification.soa, records),
                    ),
                    "soa",
                )
            continue
        yield from _cited_soa(context, entry, certification, record)


def _cited_soa(
    context: RuleContext,
    entry: Located[Certification],
    certification: Certification,
    record: Record,
) -> Iterator[Finding]:
    if record.renders != "soa":
        yield entry.finding(
            "certification-soa",
            message(
                "certification {certification} cites {record} as its SoA, but {record} does not "
                "render the SoA (renders: soa)",
                certification=certification.id,
                record=record.id,
            ),
            "soa",
        )
        return
    cited = certification.soa_version
    if cited is None or cited == record.version:
        return
    known = {event.version for event in (context.approvals or {}).get(record.id, [])}
    history = context.approvals is not None and not _before_history(cited, known)
    if (history and cited not in known) or (
        record.version is not None and is_before(record.version, cited)
    ):
        where = (
            message("in its history")
            if history
            else message("(its version now is {version})", version=record.version)
        )
        yield entry.finding(
            "certification-soa",
            message(
                "certification {certification} cites version {cited} of {record}, a version the "
                "SoA has not had {where}; cite an approved version",
                certification=certification.id,
                cited=cited,
                record=record.id,
                where=where,
            ),
            "soa_version",
        )


def _before_history(cited: str, known: set[str]) -> bool:
    """A version before every version git holds of the record was approved before the registers
    were kept in git (a repository started from an SoA in its second version): taken at its word."""
    return bool(known) and all(is_before(cited, version) for version in known)


def _digest(context: RuleContext, document: str) -> str:
    cache = context.content_digests
    if document not in cache:
        cache[document] = content_digest(context.isms, document)
    return cache[document]


def _named(record: Record) -> str:
    return f"{record.id} ({record.renders})"


def _approval(record: Record) -> str:
    parts = [part for part in (record.approved_on, record.approved_by) if part is not None]
    return f" ({', '.join(str(part) for part in parts)})" if parts else ""


RULES = (
    check_renders,
    check_content_digest,
    check_approval_bound,
    check_version_order,
    check_certification_soa,
)
