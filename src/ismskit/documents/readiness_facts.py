"""What the readiness checks share: the facts they read, the notes they write, the result. Pure."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ismskit.analysis import Analysis
from ismskit.findings import Finding
from ismskit.repository.loader import Located, Registers
from ismskit.schedule.months import add_months

Status = Literal["ok", "attention", "missing"]
MAX_PLACES = 4


@dataclass(frozen=True)
class Note:
    """A message for the reader: a label key and its values, worded by the report's language."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """What a check found: a status, where the content is, and what it says (or lacks)."""

    status: Status
    places: list[str]
    notes: list[Note]


@dataclass(frozen=True)
class Facts:
    """What the item checks read: the registers, the rule findings, and today."""

    analysis: Analysis
    today: date

    @property
    def registers(self) -> Registers:
        return self.analysis.isms.registers

    def findings_of(self, rule: str) -> list[Finding]:
        return [finding for finding in self.analysis.findings if finding.rule == rule]

    def records_for(self, clause: str) -> list[Located[Any]]:
        return [entry for entry in self.registers.records if clause in entry.model.clauses]

    @property
    def year_ago(self) -> date:
        return add_months(self.today, -12)


Check = Callable[[Facts], Outcome]


def places(entries: Iterable[Located[Any]], *field_path: str | int) -> list[str]:
    """Where the evidence is kept: each register file with the ids of its entries (an entry
    without an id, by its line), the first few of them, then how many more."""
    listed = list(entries)
    ids: dict[str, list[str]] = {}
    shown: list[str] = []
    for entry in listed[:MAX_PLACES]:
        named = _entry_id(entry)
        if named is None:
            shown.append(where(entry, *field_path))
        else:
            ids.setdefault(entry.file, []).append(named)
    shown = [f"{file}: {', '.join(names)}" for file, names in ids.items()] + shown
    more = len(listed) - MAX_PLACES
    return [*shown, f"+{more}"] if more > 0 else shown


def files_of(entries: Iterable[Located[Any]]) -> list[str]:
    """The register files the entries are in: where a register as a whole is kept."""
    return list(dict.fromkeys(entry.file for entry in entries))


def _entry_id(entry: Located[Any]) -> str | None:
    for name in ("id", "control"):
        value = getattr(entry.model, name, None)
        if isinstance(value, str) and value:
            return value
    return None


def where(entry: Located[Any], *field_path: str | int) -> str:
    position = entry.document.value_position((*entry.path, *field_path))
    return f"{entry.file}:{position.line}"


def finding_places(findings: list[Finding]) -> str:
    shown = [f"{finding.file}:{finding.line}" for finding in findings[:MAX_PLACES]]
    if len(findings) > MAX_PLACES:
        shown.append(f"+{len(findings) - MAX_PLACES}")
    return ", ".join(shown)


def flagged(facts: Facts, *rules: str) -> list[Note]:
    """A note for each rule that fires, saying what it found and where."""
    notes = []
    for rule in rules:
        found = facts.findings_of(rule)
        if found:
            values = {"count": len(found), "where": finding_places(found)}
            notes.append(Note(f"readiness_rule_{rule.replace('-', '_')}", values))
    return notes


def judged(problems: list[Note], entries_at: list[str], summary: Note) -> Outcome:
    """ok with the summary when nothing is wrong; else attention with what is wrong."""
    if problems:
        return Outcome("attention", entries_at, problems)
    return Outcome("ok", entries_at, [summary])


def missing(key: str, **values: Any) -> Outcome:
    return Outcome("missing", [], [Note(key, values)])


def last_held(days: Iterable[date | None], today: date) -> date | None:
    held = [day for day in days if day is not None and day <= today]
    return max(held) if held else None


def stale(facts: Facts, days: Iterable[date | None]) -> Note | None:
    """A note when nothing happened in the twelve months before today."""
    last = last_held(days, facts.today)
    if last is not None and last > facts.year_ago:
        return None
    return Note("readiness_stale", {"last": last})


def document_notes(facts: Facts, entries: list[Located[Any]]) -> list[Note]:
    """A document is approved and current: approved, and not past its review date."""
    notes = []
    for entry in entries:
        record = entry.model
        if record.kind == "document" and record.approved_on is None:
            notes.append(
                Note("readiness_record_unapproved", {"id": record.id, "where": where(entry)})
            )
        interval = record.review_interval_months
        reviewed = record.last_reviewed or record.approved_on
        if reviewed and interval and add_months(reviewed, interval) < facts.today:
            due = add_months(reviewed, interval)
            notes.append(Note("readiness_record_review", {"id": record.id, "due": due}))
    return notes
