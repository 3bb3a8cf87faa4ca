"""`isms check --changed-since REV`: the findings a change is responsible for.

A finding stays when it points into an entry the change added, modified or moved (matched by
register and id, as everywhere in history), or when the change newly breaks a rule: a finding
(rule and message) that the registers at REV did not have. Findings the registers already had,
on entries the change did not touch, are left for another day.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from ismskit.analysis import Analysis, analyse
from ismskit.findings import Finding
from ismskit.history.changes import EntryChange, diff_entries, entries_of, entry_id
from ismskit.history.git import CommitInfo, GitHistory
from ismskit.history.source import GitRevision
from ismskit.models.registers import ID_FIELDS
from ismskit.repository.loader import read_register_documents
from ismskit.yaml.located import LocatedDocument


@dataclass(frozen=True)
class ChangeScope:
    base: CommitInfo
    changes: list[EntryChange]
    findings: list[Finding]


def findings_of_change(
    history: GitHistory, base: CommitInfo, head: Analysis, today: date
) -> ChangeScope:
    before = analyse(GitRevision(history, base), today)
    base_entries = entries_of(read_register_documents(GitRevision(history, base)))
    changes = [
        change
        for change in diff_entries(base_entries, entries_of(head.isms.documents))
        if change.change != "removed"
    ]
    spans = _entry_spans(head, {(change.register, change.id) for change in changes})
    already = Counter((finding.rule, finding.message) for finding in before.findings)
    kept = []
    for finding in head.findings:
        key = (finding.rule, finding.message)
        if already[key] > 0:
            already[key] -= 1
            if not _inside(finding, spans):
                continue
        kept.append(finding)
    return ChangeScope(base, changes, kept)


Span = tuple[str, int, int]  # file, first line, last line


def _entry_spans(analysis: Analysis, keys: set[tuple[str, str]]) -> list[Span]:
    """The lines of each changed entry, valid or not: from its start to the next entry's."""
    spans = []
    for document in analysis.isms.documents:
        if not isinstance(document.data, dict):
            continue
        for register, items in document.data.items():
            if register not in ID_FIELDS or not isinstance(items, list):
                continue
            for index, item in enumerate(items):
                identifier = (
                    entry_id(register, item.get(ID_FIELDS[register]))
                    if isinstance(item, dict)
                    else None
                )
                if (register, identifier) in keys:
                    spans.append(_span(document, register, index, len(items)))
    return spans


def _span(document: LocatedDocument, register: str, index: int, count: int) -> Span:
    start = document.value_position((register, index)).line
    end = 10**9
    if index + 1 < count:
        end = document.value_position((register, index + 1)).line - 1
    return document.file, start, max(start, end)


def _inside(finding: Finding, spans: list[Span]) -> bool:
    return any(
        finding.file == file and first <= finding.line <= last for file, first, last in spans
    )
