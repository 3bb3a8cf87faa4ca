"""Readiness of performance evaluation and improvement (9.1 to 10.2): monitoring results, the audit
programme's coverage, complete review inputs and results, nonconformities with cause, action and
effectiveness review. Pure."""

from __future__ import annotations

from ismskit.documents.audit_programme import build_programme
from ismskit.documents.readiness_facts import (
    Facts,
    Note,
    Outcome,
    flagged,
    judged,
    last_held,
    missing,
    places,
    stale,
    where,
)

REVIEW_INPUTS = (
    "previous_actions",
    "context_changes",
    "interested_parties",
    "performance",
    "feedback",
    "risk_assessment",
    "improvement",
)


def monitoring(facts: Facts) -> Outcome:
    """9.1: what is monitored and measured (a to f), with results."""
    entries = facts.registers.measurements
    measured = [e for e in facts.registers.objectives if e.model.measurements]
    results = [r.date for e in entries for r in e.model.results]
    results += [m.date for e in measured for m in e.model.measurements]
    if not entries and not results:
        return missing("readiness_no_measurements")
    problems = [] if entries else [Note("readiness_no_monitoring_plan")]
    problems += flagged(facts, "monitoring-overdue")
    problems += [
        Note("readiness_monitoring_no_results", {"id": e.model.id, "where": where(e)})
        for e in entries
        if not any(r.date <= facts.today for r in e.model.results)
    ]
    late = stale(facts, results)
    if late:
        problems.append(late)
    summary = Note(
        "readiness_monitoring_ok",
        {
            "count": len(entries),
            "objectives": len(measured),
            "last": last_held(results, facts.today),
        },
    )
    return judged(problems, places(entries or measured), summary)


def audit_programme(facts: Facts) -> Outcome:
    """9.2.2: a programme over the cycle that covers every clause, held by independent auditors."""
    audits = facts.registers.audits
    if not audits:
        return missing("readiness_no_audits")
    programme = build_programme(facts.analysis, facts.today)
    problems = []
    uncovered = programme.never("never")
    if uncovered:
        problems.append(Note("readiness_clauses_unaudited", {"clauses": uncovered}))
    if not any(item.done for item in programme.audits):
        problems.append(Note("readiness_no_audit_held"))
    problems += flagged(
        facts,
        "audit-not-held",
        "auditor-own-unit",
        "auditor-owns-process",
        "auditor-untrained",
        "finding-without-nonconformity",
    )
    summary = Note(
        "readiness_programme_ok",
        {
            "done": sum(1 for item in programme.audits if item.done),
            "planned": sum(1 for item in programme.audits if not item.done),
            "start": programme.start,
            "end": programme.end,
        },
    )
    return judged(problems, places(audits), summary)


def review_inputs(facts: Facts) -> Outcome:
    """9.3.2: the latest review considered each of the inputs a) to g)."""
    held = [e for e in facts.registers.reviews if e.model.date <= facts.today]
    if not held:
        return missing("readiness_no_reviews")
    newest = max(held, key=lambda entry: entry.model.date)
    inputs = newest.model.inputs.model_dump() if newest.model.inputs else {}
    absent = [
        f"{letter})"
        for letter, name in zip("abcdefg", REVIEW_INPUTS, strict=True)
        if not inputs.get(name)
    ]
    problems = []
    if absent:
        values = {"id": newest.model.id, "inputs": absent, "where": where(newest)}
        problems.append(Note("readiness_review_inputs", values))
    summary = Note("readiness_review_inputs_ok", {"id": newest.model.id, "date": newest.model.date})
    return judged(problems, [where(newest)], summary)


def review_results(facts: Facts) -> Outcome:
    """9.3.3: decisions on improvement and on changes, actions with owner and due date."""
    held = [e for e in facts.registers.reviews if e.model.date <= facts.today]
    if not held:
        return missing("readiness_no_reviews")
    newest = max(held, key=lambda entry: entry.model.date)
    review = newest.model
    problems = flagged(facts, "review-action-overdue")
    late = stale(facts, (e.model.date for e in held))
    if late:
        problems.append(late)
    if not review.decisions and not review.changes:
        problems.append(
            Note("readiness_review_no_decisions", {"id": review.id, "where": where(newest)})
        )
    problems += [
        Note(
            "readiness_action_incomplete",
            {"id": review.id, "where": where(newest, "actions", index)},
        )
        for index, action in enumerate(review.actions)
        if action.owner is None or action.due is None
    ]
    summary = Note(
        "readiness_review_results_ok",
        {
            "id": review.id,
            "decisions": len(review.decisions) + len(review.changes),
            "actions": len(review.actions),
        },
    )
    return judged(problems, places(held), summary)


def nonconformities(facts: Facts) -> Outcome:
    """10.2: each nonconformity with its cause, its action, and a review of its effectiveness."""
    entries = facts.registers.nonconformities
    if not entries:
        return missing("readiness_no_nonconformities")
    problems = flagged(facts, "nonconformity-overdue", "nonconformity-unverified")
    for entry in entries:
        nonconformity = entry.model
        lacking = [
            name
            for name in ("root_cause", "corrective_action")
            if getattr(nonconformity, name) is None
        ]
        if lacking:
            values = {"id": nonconformity.id, "fields": lacking, "where": where(entry)}
            problems.append(Note("readiness_nonconformity_incomplete", values))
    closed = [e for e in entries if e.model.status == "closed"]
    summary = Note("readiness_nonconformities_ok", {"count": len(entries), "closed": len(closed)})
    return judged(problems, places(entries), summary)
