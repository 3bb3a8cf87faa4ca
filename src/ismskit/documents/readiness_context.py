"""Readiness of the context, leadership, planning and support (4.1 to 7.4): does the content answer
the clause? Pure."""

from __future__ import annotations

from ismskit.catalogue.clauses import PROGRAMME_CLAUSES, audited_by
from ismskit.documents.readiness_facts import (
    Facts,
    Note,
    Outcome,
    flagged,
    judged,
    missing,
    places,
    stale,
    where,
)


def issues(facts: Facts) -> Outcome:
    entries = facts.registers.issues
    if not entries:
        return missing("readiness_no_issues")
    kinds = {entry.model.type for entry in entries}
    problems = [
        Note(f"readiness_no_{kind}_issues")
        for kind in ("external", "internal")
        if kind not in kinds
    ]
    problems += flagged(facts, "climate-change-undetermined")
    climate = next((e.model for e in entries if e.model.climate_change), None)
    summary = Note(
        "readiness_issues_ok",
        {
            "external": sum(1 for e in entries if e.model.type == "external"),
            "internal": sum(1 for e in entries if e.model.type == "internal"),
            "climate": climate.id if climate else None,
        },
    )
    return judged(problems, places(entries), summary)


def interested_parties(facts: Facts) -> Outcome:
    entries = facts.registers.interested_parties
    if not entries:
        return missing("readiness_no_parties")
    problems = [
        Note("readiness_party_no_requirements", {"id": e.model.id, "where": where(e)})
        for e in entries
        if not e.model.requirements
    ]
    problems += flagged(facts, "requirement-not-addressed")
    requirements = [r for e in entries for r in e.model.requirements]
    summary = Note(
        "readiness_parties_ok",
        {
            "parties": len(entries),
            "requirements": len(requirements),
            "addressed": sum(1 for r in requirements if r.addressed),
        },
    )
    return judged(problems, places(entries), summary)


def roles(facts: Facts) -> Outcome:
    entries = facts.registers.roles
    if not entries:
        return missing("readiness_no_roles")
    problems = flagged(facts, "role-without-holder")
    owned = [clause for entry in entries for clause in entry.model.clauses]
    unowned = [c for c in PROGRAMME_CLAUSES if not any(audited_by(c, o) for o in owned)]
    if unowned:
        problems.append(Note("readiness_clauses_unowned", {"clauses": unowned}))
    summary = Note("readiness_roles_ok", {"roles": len(entries)})
    return judged(problems, places(entries), summary)


_PLAN_FIELDS = ("plan", "resources", "owner", "due", "evaluation")


def objectives(facts: Facts) -> Outcome:
    """6.2: measurable objectives, each with what, resources, who, when and how evaluated."""
    entries = facts.registers.objectives
    if not entries:
        return missing("readiness_no_objectives")
    problems = []
    for entry in entries:
        objective = entry.model
        lacking = [name for name in _PLAN_FIELDS if getattr(objective, name) is None]
        if objective.target_value is None and objective.target is None:
            lacking.insert(0, "target")
        if lacking:
            values = {"id": objective.id, "fields": lacking, "where": where(entry)}
            problems.append(Note("readiness_objective_plan", values))
    summary = Note("readiness_objectives_ok", {"count": len(entries)})
    return judged(problems, places(entries), summary)


def changes(facts: Facts) -> Outcome:
    """6.3: changes to the ISMS carried out in a planned manner."""
    entries = facts.registers.changes
    if not entries:
        return missing("readiness_no_changes")
    problems = flagged(facts, "change-overdue")
    problems += [
        Note("readiness_change_unplanned", {"id": e.model.id, "where": where(e)})
        for e in entries
        if e.model.status != "cancelled" and (e.model.owner is None or e.model.planned_on is None)
    ]
    done = sum(1 for e in entries if e.model.status == "done")
    summary = Note("readiness_changes_ok", {"count": len(entries), "done": done})
    return judged(problems, places(entries), summary)


def competence(facts: Facts) -> Outcome:
    """7.2: the competence each role needs, each person against it, and action on gaps."""
    entries = facts.registers.competences
    if not entries:
        return missing("readiness_no_competences")
    problems = flagged(facts, "competence-gap-unaddressed", "competence-action-unevaluated")
    for entry in entries:
        if not entry.model.people:
            problems.append(
                Note("readiness_competence_nobody", {"id": entry.model.id, "where": where(entry)})
            )
        for index, person in enumerate(entry.model.people):
            if person.meets and not person.evidence:
                values = {"person": person.person, "where": where(entry, "people", index)}
                problems.append(Note("readiness_competence_no_evidence", values))
    assessed = [person for entry in entries for person in entry.model.people]
    summary = Note(
        "readiness_competence_ok",
        {
            "competences": len(entries),
            "people": len({person.person for person in assessed}),
            "gaps": sum(1 for person in assessed if not person.meets),
        },
    )
    return judged(problems, places(entries), summary)


def awareness(facts: Facts) -> Outcome:
    """7.3: awareness training, the last within twelve months."""
    sessions = [e for e in facts.registers.training if e.model.kind == "awareness"]
    if not sessions:
        return missing("readiness_no_awareness")
    late = stale(facts, (e.model.date for e in sessions))
    held = [e for e in sessions if e.model.date <= facts.today]
    summary = Note("readiness_awareness_ok", {"count": len(held)})
    return judged([late] if late else [], places(sessions), summary)


def communication(facts: Facts) -> Outcome:
    entries = facts.registers.communications
    if not entries:
        return missing("readiness_no_communications")
    external = sum(1 for e in entries if e.model.type == "external")
    summary = Note("readiness_communications_ok", {"count": len(entries), "external": external})
    return judged([], places(entries), summary)
