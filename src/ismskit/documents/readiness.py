"""Certification readiness: for each item of documented information ISO/IEC 27001:2022 requires and
each process the registers hold (clauses 4.1 to 10.2), whether the content answers the clause, and
what is missing and where. Pure.

An item a procedure document answers (the policy, the risk processes, operational planning) is found
through the `clauses` of a records entry, and must be approved and current; the rest are read from
the registers' content (context.py and evaluation.py hold those checks).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from ismskit.analysis import Analysis
from ismskit.documents import readiness_context as context
from ismskit.documents import readiness_evaluation as evaluation
from ismskit.documents.readiness_facts import (
    Check,
    Facts,
    Note,
    Outcome,
    Status,
    document_notes,
    files_of,
    flagged,
    judged,
    missing,
    places,
    where,
)


@dataclass(frozen=True)
class ReadinessItem:
    clause: str
    item_key: str  # the label of the documented information or process
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


def assess_readiness(analysis: Analysis, today: date) -> Readiness:
    facts = Facts(analysis, today)
    items = []
    for clause, key, check in ITEMS:
        outcome = check(facts)
        items.append(ReadinessItem(clause, key, outcome.status, outcome.places, outcome.notes))
    errors = sum(1 for finding in analysis.findings if finding.is_error)
    return Readiness(items, errors, len(analysis.findings) - errors)


def _scope(facts: Facts) -> Outcome:
    config, document = facts.analysis.isms.config, facts.analysis.isms.config_document
    found = []
    if document is not None:
        found.append(f"{document.file}:{document.value_position(('scope',)).line}")
    details = config.scope_details if config else None
    if details is None or not details.units:
        return Outcome("missing", found, [Note("readiness_scope_units")])
    problems = [] if details.approved_on else [Note("readiness_not_approved")]
    summary = Note("readiness_scope_ok", {"units": len(details.units), "date": details.approved_on})
    return judged(problems, found, summary)


def _procedure(clause: str) -> Check:
    """An item a procedure or policy document answers: approved, and not past its review."""

    def check(facts: Facts) -> Outcome:
        records = facts.records_for(clause)
        if not records:
            return missing("readiness_no_record", clause=clause)
        ids = [entry.model.id for entry in records]
        summary = Note("readiness_documents_ok", {"ids": ids})
        return judged(document_notes(facts, records), places(records), summary)

    return check


def _soa(facts: Facts) -> Outcome:
    entries = facts.registers.soa
    decided = [entry for entry in entries if entry.model.applicable is not None]
    total = len(facts.analysis.catalogue.controls)
    if not decided:
        return missing("readiness_soa_undecided", count=total)
    problems = []
    undecided = total - len({entry.model.control for entry in decided})
    if undecided > 0:
        problems.append(Note("readiness_soa_undecided", {"count": undecided}))
    problems += flagged(facts, "soa-justification", "soa-missing-control")
    applicable = sum(1 for entry in decided if entry.model.applicable)
    summary = Note("readiness_soa_ok", {"decided": len(decided), "applicable": applicable})
    return judged(problems, files_of(entries[:1]), summary)


def _treatment_plan(facts: Facts) -> Outcome:
    if not facts.registers.risks:
        return missing("readiness_no_risks")
    above = [a for a in facts.analysis.assessed if a.score and not a.score.acceptable]
    treated = [a.risk for a in above if a.risk.model.treatment != "accept"]
    problems = flagged(
        facts,
        "treatment-overdue",
        "residual-not-accepted",
        "risk-acceptance",
        "risk-acceptance-outdated",
        "risk-acceptance-authority",
    )
    undated = [entry.model.id for entry in treated if entry.model.due is None]
    if undated:
        problems.append(Note("readiness_treatment_undated", {"ids": undated}))
    counts = {"above": len(above), "treated": len(treated), "accepted": len(above) - len(treated)}
    summary = Note("readiness_treatment_plan_ok", counts)
    return judged(problems, places(treated or facts.registers.risks), summary)


def _documented(facts: Facts) -> Outcome:
    entries = facts.registers.records
    if not entries:
        return missing("readiness_no_records")
    problems = flagged(
        facts,
        "record-review-overdue",
        "record-retention-expired",
        "document-changed-since-approval",
        "document-approval-unbound",
    )
    documents = [entry for entry in entries if entry.model.kind == "document"]
    problems += [
        Note("readiness_record_unapproved", {"id": entry.model.id, "where": where(entry)})
        for entry in documents
        if entry.model.approved_on is None
    ]
    summary = Note(
        "readiness_records_ok",
        {"documents": len(documents), "records": len(entries) - len(documents)},
    )
    return judged(problems, places(entries), summary)


def _risk_results(facts: Facts) -> Outcome:
    scored = [assessed for assessed in facts.analysis.assessed if assessed.score]
    if not scored:
        return missing("readiness_no_risks")
    above = sum(1 for assessed in scored if assessed.score and not assessed.score.acceptable)
    summary = Note("readiness_risk_results_ok", {"count": len(scored), "above": above})
    return judged([], places([assessed.risk for assessed in scored]), summary)


def _treatment_results(facts: Facts) -> Outcome:
    if not facts.registers.risks:
        return missing("readiness_no_risks")
    applicable = [entry for entry in facts.registers.soa if entry.model.applicable]
    if not applicable:
        return missing("readiness_no_status")
    unknown = [entry for entry in applicable if entry.model.status is None]
    problems = [Note("readiness_status_missing", {"count": len(unknown)})] if unknown else []
    implemented = sum(1 for entry in applicable if entry.model.status == "implemented")
    summary = Note(
        "readiness_treatment_results_ok",
        {"implemented": implemented, "applicable": len(applicable)},
    )
    return judged(problems, files_of(applicable[:1]), summary)


ITEMS: tuple[tuple[str, str, Check], ...] = (
    ("4.1", "readiness_item_issues", context.issues),
    ("4.2", "readiness_item_parties", context.interested_parties),
    ("4.3", "readiness_item_scope", _scope),
    ("5.2", "readiness_item_policy", _procedure("5.2")),
    ("5.3", "readiness_item_roles", context.roles),
    ("6.1.2", "readiness_item_assessment_process", _procedure("6.1.2")),
    ("6.1.3", "readiness_item_treatment_process", _procedure("6.1.3")),
    ("6.1.3 d)", "readiness_item_soa", _soa),
    ("6.1.3 e)", "readiness_item_treatment_plan", _treatment_plan),
    ("6.2", "readiness_item_objectives", context.objectives),
    ("6.3", "readiness_item_changes", context.changes),
    ("7.2", "readiness_item_competence", context.competence),
    ("7.3", "readiness_item_awareness", context.awareness),
    ("7.4", "readiness_item_communication", context.communication),
    ("7.5", "readiness_item_documented", _documented),
    ("8.1", "readiness_item_operation", _procedure("8.1")),
    ("8.2", "readiness_item_assessment_results", _risk_results),
    ("8.3", "readiness_item_treatment_results", _treatment_results),
    ("9.1", "readiness_item_monitoring", evaluation.monitoring),
    ("9.2.2", "readiness_item_audit_programme", evaluation.audit_programme),
    ("9.3.2", "readiness_item_review_inputs", evaluation.review_inputs),
    ("9.3.3", "readiness_item_review_results", evaluation.review_results),
    ("10.2", "readiness_item_nonconformities", evaluation.nonconformities),
)
