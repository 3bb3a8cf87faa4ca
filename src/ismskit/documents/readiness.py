"""Certification readiness: each item of documented information ISO/IEC 27001:2022 requires
(clauses 4.3 to 10.2), where this repository holds it, and what is missing or needs attention. Pure.

An item a procedure document answers (the policy, the risk processes, operational planning) is found
through the `clauses` of a records entry; the rest are the registers themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ismskit.analysis import Analysis
from ismskit.repository.loader import Located, Registers
from ismskit.schedule.months import add_months

Status = Literal["present", "attention", "missing"]
MAX_PLACES = 4


@dataclass(frozen=True)
class Note:
    """A message for the reader: a label key and its values, worded by the report's language."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadinessItem:
    clause: str
    title_key: str
    status: Status
    places: list[str]
    notes: list[Note]


@dataclass(frozen=True)
class Readiness:
    items: list[ReadinessItem]
    errors: int
    warnings: int

    @property
    def counts(self) -> Counter[str]:
        return Counter(item.status for item in self.items)


@dataclass(frozen=True)
class _Facts:
    """What the item checks read: the registers, the rule findings by rule id, and today."""

    analysis: Analysis
    today: date
    findings: Counter[str]

    @property
    def registers(self) -> Registers:
        return self.analysis.isms.registers

    def records_for(self, clause: str) -> list[Located[Any]]:
        return [entry for entry in self.registers.records if clause in entry.model.clauses]


Check = Callable[[_Facts], tuple[Status, list[str], list[Note]]]


def assess_readiness(analysis: Analysis, today: date) -> Readiness:
    findings = Counter(finding.rule for finding in analysis.findings)
    facts = _Facts(analysis, today, findings)
    items = [ReadinessItem(clause, title, *check(facts)) for clause, title, check in _ITEMS]
    errors = sum(1 for finding in analysis.findings if finding.is_error)
    return Readiness(items, errors, len(analysis.findings) - errors)


def _places(entries: Iterable[Located[Any]], *field_path: str) -> list[str]:
    places = []
    for entry in entries:
        position = entry.document.value_position((*entry.path, *field_path))
        places.append(f"{entry.file}:{position.line}")
    if len(places) > MAX_PLACES:
        return [*places[:MAX_PLACES], f"+{len(places) - MAX_PLACES}"]
    return places


def _status(notes: list[Note]) -> Status:
    return "attention" if notes else "present"


def _flagged(facts: _Facts, *rules: str) -> list[Note]:
    """A note for each rule that fires: the check already says where and what to do."""
    return [
        Note("readiness_rule", {"rule": rule, "count": facts.findings[rule]})
        for rule in rules
        if facts.findings[rule]
    ]


def _scope(facts: _Facts) -> tuple[Status, list[str], list[Note]]:
    config, document = facts.analysis.isms.config, facts.analysis.isms.config_document
    places = []
    if document is not None:
        places.append(f"{document.file}:{document.value_position(('scope',)).line}")
    details = config.scope_details if config else None
    if details is None or not details.units:
        return "missing", places, [Note("readiness_scope_units")]
    notes = [] if details.approved_on else [Note("readiness_not_approved")]
    return _status(notes), places, notes


def _procedure(clause: str) -> Check:
    """An item a procedure or policy document answers: a records entry naming the clause."""

    def check(facts: _Facts) -> tuple[Status, list[str], list[Note]]:
        records = facts.records_for(clause)
        if not records:
            return "missing", [], [Note("readiness_no_record", {"clause": clause})]
        notes = []
        for entry in records:
            record = entry.model
            if record.approved_on is None and record.kind == "document":
                notes.append(Note("readiness_record_unapproved", {"id": record.id}))
            interval = record.review_interval_months
            if record.last_reviewed and interval:
                due = add_months(record.last_reviewed, interval)
                if due < facts.today:
                    notes.append(Note("readiness_record_review", {"id": record.id, "due": due}))
        return _status(notes), _places(records), notes

    return check


def _soa(facts: _Facts) -> tuple[Status, list[str], list[Note]]:
    entries = facts.registers.soa
    decided = [entry for entry in entries if entry.model.applicable is not None]
    total = len(facts.analysis.catalogue.controls)
    if not decided:
        return "missing", _places(entries[:1]), [Note("readiness_soa_undecided", {"count": total})]
    notes = []
    undecided = total - len({entry.model.control for entry in decided})
    if undecided > 0:
        notes.append(Note("readiness_soa_undecided", {"count": undecided}))
    notes += _flagged(facts, "soa-justification", "soa-missing-control")
    return _status(notes), _places(entries[:1]), notes


def _treatment_plan(facts: _Facts) -> tuple[Status, list[str], list[Note]]:
    treated = [entry for entry in facts.registers.risks if entry.model.treatment != "accept"]
    if not facts.registers.risks:
        return "missing", [], [Note("readiness_no_entries", {"register": "risks", "key": "risks"})]
    notes = _flagged(
        facts,
        *("treatment-overdue", "residual-not-accepted", "risk-acceptance"),
        "risk-acceptance-outdated",
    )
    return _status(notes), _places(treated or facts.registers.risks), notes


def _register(
    register: str, *rules: str, recent: Callable[[_Facts], Note | None] | None = None
) -> Check:
    """An item the entries of one register answer: missing when it has none."""

    def check(facts: _Facts) -> tuple[Status, list[str], list[Note]]:
        entries = facts.registers.entries(register)
        if not entries:
            return (
                "missing",
                [],
                [Note("readiness_no_entries", {"register": register, "key": register})],
            )
        notes = _flagged(facts, *rules)
        late = recent(facts) if recent else None
        if late is not None:
            notes.append(late)
        return _status(notes), _places(entries), notes

    return check


def _last_year(facts: _Facts, days: Iterable[date | None], key: str) -> Note | None:
    """A note when nothing happened in the twelve months before today."""
    held = [day for day in days if day is not None and day <= facts.today]
    if held and max(held) > add_months(facts.today, -12):
        return None
    return Note(key, {"last": max(held) if held else None})


def _training_recent(facts: _Facts) -> Note | None:
    return _last_year(facts, (e.model.date for e in facts.registers.training), "readiness_stale")


def _reviews_recent(facts: _Facts) -> Note | None:
    return _last_year(facts, (e.model.date for e in facts.registers.reviews), "readiness_stale")


def _risk_results(facts: _Facts) -> tuple[Status, list[str], list[Note]]:
    scored = [assessed.risk for assessed in facts.analysis.assessed if assessed.score]
    if not scored:
        return "missing", [], [Note("readiness_no_entries", {"register": "risks", "key": "risks"})]
    return "present", _places(scored), []


def _treatment_results(facts: _Facts) -> tuple[Status, list[str], list[Note]]:
    if not facts.registers.risks:
        return "missing", [], [Note("readiness_no_entries", {"register": "risks", "key": "risks"})]
    applicable = [entry for entry in facts.registers.soa if entry.model.applicable]
    if not applicable:
        return "missing", [], [Note("readiness_no_status")]
    unknown = [entry for entry in applicable if entry.model.status is None]
    notes = [Note("readiness_status_missing", {"count": len(unknown)})] if unknown else []
    return _status(notes), _places(applicable[:1]), notes


def _measurements(facts: _Facts) -> tuple[Status, list[str], list[Note]]:
    measured = [entry for entry in facts.registers.objectives if entry.model.measurements]
    if not measured:
        return "missing", [], [Note("readiness_no_measurements")]
    days = (m.date for entry in measured for m in entry.model.measurements)
    late = _last_year(facts, days, "readiness_stale")
    notes = [late] if late else []
    return _status(notes), _places(measured, "measurements"), notes


def _audit_programme(facts: _Facts) -> tuple[Status, list[str], list[Note]]:
    audits = facts.registers.audits
    if not audits:
        return (
            "missing",
            [],
            [Note("readiness_no_entries", {"register": "audits", "key": "audits"})],
        )
    notes = _flagged(facts, "audit-not-held")
    upcoming = [e for e in audits if e.model.date is None and e.model.planned_on]
    held = [e.model.date for e in audits if e.model.date]
    if not upcoming and (not held or max(held) <= add_months(facts.today, -12)):
        notes.append(Note("readiness_no_audit_planned"))
    return _status(notes), _places(audits), notes


def _audit_results(facts: _Facts) -> tuple[Status, list[str], list[Note]]:
    held = [e for e in facts.registers.audits if e.model.date and e.model.date <= facts.today]
    if not held:
        return "missing", [], [Note("readiness_no_audit_held")]
    notes = _flagged(
        facts, "finding-without-nonconformity", "auditor-own-unit", "auditor-untrained"
    )
    late = _last_year(facts, (e.model.date for e in held), "readiness_stale")
    if late:
        notes.append(late)
    return _status(notes), _places(held), notes


def _review_results(facts: _Facts) -> tuple[Status, list[str], list[Note]]:
    status, places, notes = _register("reviews", "review-action-overdue", recent=_reviews_recent)(
        facts
    )
    if status == "missing":
        return status, places, notes
    held = [e for e in facts.registers.reviews if e.model.date <= facts.today]
    if not held:
        return (
            "missing",
            [],
            [Note("readiness_no_entries", {"register": "reviews", "key": "reviews"})],
        )
    newest = max(held, key=lambda entry: entry.model.date).model
    inputs = newest.inputs.model_dump() if newest.inputs else {}
    absent = [
        f"{letter}) {name}"
        for letter, name in zip("abcdefg", _REVIEW_INPUTS, strict=True)
        if not inputs.get(name)
    ]
    if absent:
        notes.append(Note("readiness_review_inputs", {"id": newest.id, "inputs": absent}))
    return _status(notes), places, notes


def _nonconformities(facts: _Facts) -> tuple[Status, list[str], list[Note]]:
    """An ISMS audited without a nonconformity has nothing to record, but should say so."""
    if not facts.registers.nonconformities:
        held = any(e.model.date for e in facts.registers.audits)
        if held:
            return "attention", [], [Note("readiness_no_nonconformities")]
        return (
            "missing",
            [],
            [
                Note(
                    "readiness_no_entries",
                    {"register": "nonconformities", "key": "nonconformities"},
                )
            ],
        )
    check = _register("nonconformities", "nonconformity-overdue", "nonconformity-unverified")
    return check(facts)


_REVIEW_INPUTS = (
    "previous_actions",
    "context_changes",
    "interested_parties",
    "performance",
    "feedback",
    "risk_assessment",
    "improvement",
)

_ITEMS: tuple[tuple[str, str, Check], ...] = (
    ("4.3", "readiness_item_scope", _scope),
    ("5.2", "readiness_item_policy", _procedure("5.2")),
    ("6.1.2", "readiness_item_assessment_process", _procedure("6.1.2")),
    ("6.1.3", "readiness_item_treatment_process", _procedure("6.1.3")),
    ("6.1.3 d)", "readiness_item_soa", _soa),
    ("6.1.3 e)", "readiness_item_treatment_plan", _treatment_plan),
    ("6.2", "readiness_item_objectives", _register("objectives")),
    ("7.2", "readiness_item_competence", _register("training", recent=_training_recent)),
    (
        "7.5.1 b)",
        "readiness_item_documented",
        _register("records", "record-review-overdue", "record-retention-expired"),
    ),
    ("8.1", "readiness_item_operation", _procedure("8.1")),
    ("8.2", "readiness_item_assessment_results", _risk_results),
    ("8.3", "readiness_item_treatment_results", _treatment_results),
    ("9.1", "readiness_item_monitoring", _measurements),
    ("9.2.2", "readiness_item_audit_programme", _audit_programme),
    ("9.2.2", "readiness_item_audit_results", _audit_results),
    ("9.3.3", "readiness_item_review_results", _review_results),
    ("10.2 f) g)", "readiness_item_nonconformities", _nonconformities),
)
