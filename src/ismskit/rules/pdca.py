"""Rules of the check and act steps: audits, corrective action, drills, certification."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ismskit.findings import Finding, Severity
from ismskit.models.registers import NONCONFORMITY_FINDINGS
from ismskit.repository.loader import Located, Registers
from ismskit.rules.context import RuleContext
from ismskit.schedule.certification import certification_schedule

if TYPE_CHECKING:
    from ismskit.models.config import ScopeDetails
    from ismskit.models.pdca import Audit, AuditFinding

WARNING = Severity.WARNING


@dataclass(frozen=True, slots=True)
class ResolvedAuditor:
    """An auditor as written, with what the people register and the scope say of them."""

    index: int
    name: str
    keys: frozenset[str]  # every way the registers may name them: person id, name
    unit: str | None  # a scope unit id where one matches, else the unit as written


def resolve_auditors(
    audit: Audit, registers: Registers, scope: ScopeDetails | None
) -> list[ResolvedAuditor]:
    people = {person.model.id: person.model for person in registers.people}
    by_name = {person.model.name: person.model for person in registers.people}
    resolved = []
    for index, written in enumerate(audit.auditors):
        name, unit = (written, None) if isinstance(written, str) else (written.name, written.unit)
        person = people.get(name) or by_name.get(name)
        keys = {name}
        if person is not None:
            keys |= {person.id, person.name}
            unit = unit or person.unit
            name = person.name
        resolved.append(ResolvedAuditor(index, name, frozenset(keys), unit_id(unit, scope)))
    return resolved


def unit_id(unit: str | None, scope: ScopeDetails | None) -> str | None:
    """Units may be named by id or by name: compare them by the scope's id where there is one."""
    if unit is None or scope is None:
        return unit
    found = scope.unit(unit)
    return found.id if found else unit


def check_auditor_independence(context: RuleContext) -> Iterator[Finding]:
    """ISO/IEC 27001 9.2.2 b: auditors are objective and impartial, so not of the unit audited."""
    scope = context.isms.config.scope_details if context.isms.config else None
    for entry in context.registers.audits:
        audited = {unit_id(unit, scope) for unit in entry.model.units}
        for auditor in resolve_auditors(entry.model, context.registers, scope):
            if auditor.unit is not None and auditor.unit in audited:
                yield entry.finding(
                    "auditor-own-unit",
                    f"audit {entry.model.id}: {auditor.name} would audit their own unit "
                    f"({auditor.unit}); auditors must be impartial (9.2.2 b): assign an auditor "
                    "from another unit",
                    "auditors",
                    auditor.index,
                )


def trained_auditors(registers: Registers) -> list[tuple[date, frozenset[str]]]:
    """Each internal-auditor course run: its date and every name or id its attendees go by."""
    people = {person.model.id: person.model for person in registers.people}
    by_name = {person.model.name: person.model for person in registers.people}
    runs = []
    for entry in registers.training:
        if entry.model.kind != "internal-auditor":
            continue
        keys: set[str] = set()
        for attendee in entry.model.attendees:
            keys.add(attendee)
            person = people.get(attendee) or by_name.get(attendee)
            if person is not None:
                keys |= {person.id, person.name}
        runs.append((entry.model.date, frozenset(keys)))
    return runs


def check_auditor_competence(context: RuleContext) -> Iterator[Finding]:
    """ISO/IEC 27001 7.2: an internal auditor's competence is evidenced by a training record."""
    scope = context.isms.config.scope_details if context.isms.config else None
    runs = trained_auditors(context.registers)
    for entry in context.registers.audits:
        audit = entry.model
        held = audit.date or audit.planned_on or date.max
        for auditor in resolve_auditors(audit, context.registers, scope):
            if any(day <= held and auditor.keys & keys for day, keys in runs):
                continue
            before = f" on or before {held.isoformat()}" if held != date.max else ""
            yield entry.finding(
                "auditor-untrained",
                f"audit {audit.id}: {auditor.name} has no internal-auditor training record"
                f"{before}; record their training under training (kind: internal-auditor) with "
                "them as an attendee, or assign a trained auditor",
                "auditors",
                auditor.index,
            )


def _unlinked_findings(
    entry: Located[Any], findings: list[AuditFinding], subject: str, *path: str | int
) -> Iterator[Finding]:
    for index, finding in enumerate(findings):
        if finding.type in NONCONFORMITY_FINDINGS and finding.nonconformity is None:
            yield entry.finding(
                "finding-without-nonconformity",
                f"{subject}: a {finding.type.replace('-', ' ')} finding needs a nonconformity "
                "with its corrective action (10.2); add one under nonconformities and name its "
                "id in the finding's nonconformity field",
                *path,
                "findings",
                index,
                "type",
            )


def check_findings_linked(context: RuleContext) -> Iterator[Finding]:
    for entry in context.registers.audits:
        yield from _unlinked_findings(entry, entry.model.findings, f"audit {entry.model.id}")
    for certification in context.registers.certifications:
        for index, audit in enumerate(certification.model.audits):
            subject = f"certification {certification.model.id}, {audit.kind} audit"
            yield from _unlinked_findings(certification, audit.findings, subject, "audits", index)


def check_nonconformity_verified(context: RuleContext) -> Iterator[Finding]:
    """ISO/IEC 27001 10.2 d: review the effectiveness of any corrective action taken."""
    for entry in context.registers.nonconformities:
        nonconformity = entry.model
        if nonconformity.status != "closed":
            continue
        review = nonconformity.effectiveness_review
        if review is None:
            yield entry.finding(
                "nonconformity-unverified",
                f"nonconformity {nonconformity.id} is closed without an effectiveness review; "
                "record effectiveness_review {date, by, effective} (10.2 d), or reopen it",
                "status",
            )
        elif not review.effective:
            yield entry.finding(
                "nonconformity-unverified",
                f"nonconformity {nonconformity.id} is closed but its effectiveness review found "
                "the action not effective; reopen it (status: open) and plan a further action",
                "effectiveness_review",
                "effective",
            )


def check_exercise_targets(context: RuleContext) -> Iterator[Finding]:
    """A drill that missed its recovery objective must say what it found, and what follows."""
    plans = {plan.model.id: plan.model for plan in context.registers.bcp_plans}
    for entry in context.registers.exercises:
        exercise = entry.model
        if exercise.findings:
            continue
        plan = plans.get(exercise.plan)
        objectives = (
            (
                "RTO",
                exercise.achieved_rto_hours,
                exercise.target_rto_hours,
                plan.rto_hours if plan else None,
            ),
            (
                "RPO",
                exercise.achieved_rpo_hours,
                exercise.target_rpo_hours,
                plan.rpo_hours if plan else None,
            ),
        )
        for label, achieved, own_target, plan_target in objectives:
            target = own_target if own_target is not None else plan_target
            if achieved is not None and target is not None and achieved > target:
                yield entry.finding(
                    "exercise-target-missed",
                    f"exercise {exercise.id} achieved {label} {achieved:g} h against a target of "
                    f"{target:g} h and records no finding; add findings (and a nonconformity for "
                    "the corrective action)",
                    f"achieved_{label.lower()}_hours",
                )


def check_audits_held(context: RuleContext) -> Iterator[Finding]:
    for entry in context.registers.audits:
        audit = entry.model
        if audit.date is None and audit.planned_on is not None and audit.planned_on < context.today:
            yield entry.finding(
                "audit-not-held",
                f"audit {audit.id} was planned for {audit.planned_on.isoformat()} and no date it "
                "was held is recorded; record date (and its findings), or re-plan it",
                "planned_on",
                severity=WARNING,
            )


def check_review_actions(context: RuleContext) -> Iterator[Finding]:
    for entry in context.registers.reviews:
        for index, action in enumerate(entry.model.actions):
            if action.status == "open" and action.due is not None and action.due < context.today:
                yield entry.finding(
                    "review-action-overdue",
                    f"management review {entry.model.id}: the action '{action.action}' is open "
                    f"past its due date {action.due.isoformat()}; complete it (status: done, "
                    "done_on) or re-plan it",
                    "actions",
                    index,
                    "due",
                    severity=WARNING,
                )


def check_certification_audits(context: RuleContext) -> Iterator[Finding]:
    for entry in context.registers.certifications:
        schedule = certification_schedule(entry.model, context.today)
        if schedule is None:
            continue
        if schedule.expires < context.today:
            yield entry.finding(
                "certification-overdue",
                f"certificate {entry.model.id} expired on {schedule.expires.isoformat()}; record "
                "the recertification: new issued_on and expires_on on this entry, or a new "
                "certifications entry that this one names in superseded_by",
                "expires_on" if entry.model.expires_on else "id",
                severity=WARNING,
            )
        elif schedule.next_surveillance and schedule.next_surveillance < context.today:
            yield entry.finding(
                "certification-overdue",
                f"certificate {entry.model.id}: a surveillance audit was due by "
                f"{schedule.next_surveillance.isoformat()} and none is recorded; record it under "
                "audits (kind: surveillance, date) or arrange it with the certification body",
                "audits" if entry.model.audits else "id",
                severity=WARNING,
            )


def check_unit_files(context: RuleContext) -> Iterator[Finding]:
    """A unit's file pattern that matches no register file is most likely a typo."""
    from ismskit.repository.units import matches

    config, document = context.isms.config, context.isms.config_document
    if config is None or document is None or config.scope_details is None:
        return
    files = context.isms.files
    for index, unit in enumerate(config.scope_details.units):
        for number, pattern in enumerate(unit.files):
            if not any(matches(pattern, file) for file in files):
                yield document.finding(
                    ("scope_details", "units", index, "files", number),
                    "unit-files-unmatched",
                    f"unit {unit.id}: '{pattern}' matches no register file; write a path from "
                    "the repository root such as registers/assets/shimin.yaml (patterns may use "
                    "* and ?)",
                    severity=WARNING,
                    entry=f"scope_details/units/{unit.id}/{pattern}",
                )


RULES = (
    check_auditor_independence,
    check_auditor_competence,
    check_findings_linked,
    check_nonconformity_verified,
    check_exercise_targets,
    check_audits_held,
    check_review_actions,
    check_certification_audits,
    check_unit_files,
)
