"""Every reference names an entry that exists: assets, threats, controls, records, plans, NCs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ismskit.findings import Finding
from ismskit.repository.loader import Located
from ismskit.repository.validation import suggest
from ismskit.rules.context import RuleContext


def _missing(
    entry: Located[Any], field: str, targets: set[str], kind: str, subject: str
) -> Iterator[Finding]:
    value = getattr(entry.model, field)
    items: list[tuple[tuple[str | int, ...], str]]
    if isinstance(value, list):
        items = [((field, index), item) for index, item in enumerate(value)]
    elif value is None:
        items = []
    else:
        items = [((field,), value)]
    for path, target in items:
        if target not in targets:
            yield entry.finding(
                "unknown-reference",
                f"{subject} names {kind} '{target}', which does not exist"
                f"{suggest(target, targets)}; add it or correct the id",
                *path,
            )


def check_risk_references(context: RuleContext) -> Iterator[Finding]:
    if context.registers.incomplete:
        return  # ids in an unreadable file are unknown: its own finding says what to fix
    registers = context.registers
    assets, threats = registers.ids("assets"), registers.ids("threats")
    controls = context.known_controls
    for entry in registers.risks:
        risk = entry.model
        if (  # the common case first, without building a finding's path for every reference
            (risk.asset is None or risk.asset in assets)
            and (risk.threat is None or risk.threat in threats)
            and controls.issuperset(risk.existing_controls)
            and controls.issuperset(risk.controls)
        ):
            continue
        subject = f"risk {risk.id}"
        yield from _missing(entry, "asset", assets, "asset", subject)
        yield from _missing(entry, "threat", threats, "threat", subject)
        yield from _missing(entry, "existing_controls", controls, "control", subject)
        yield from _missing(entry, "controls", controls, "control", subject)
        for index, action in enumerate(entry.model.actions):
            path = ("actions", index, "control")
            action_subject = f"{subject}, action {action.id},"
            yield from _missing_nested(
                entry, path, action.control, controls, "control", action_subject
            )


def check_evidence_references(context: RuleContext) -> Iterator[Finding]:
    if context.registers.incomplete:
        return  # ids in an unreadable file are unknown: its own finding says what to fix
    records = context.registers.ids("records")
    for entry in context.registers.soa:
        subject = f"the SoA decision on {entry.model.control}"
        yield from _missing(entry, "evidence", records, "record", subject)


def _missing_nested(
    entry: Located[Any],
    path: tuple[str | int, ...],
    target: str | None,
    targets: set[str],
    kind: str,
    subject: str,
) -> Iterator[Finding]:
    if target is not None and target not in targets:
        yield entry.finding(
            "unknown-reference",
            f"{subject} names {kind} '{target}', which does not exist"
            f"{suggest(target, targets)}; add it or correct the id",
            *path,
        )


_NONCONFORMITY_SOURCES = {
    "internal-audit": ("audits", "audit"),
    "exercise": ("exercises", "exercise"),
    "review": ("reviews", "management review"),
    "certification-audit": ("certifications", "certification"),
}


def check_pdca_references(context: RuleContext) -> Iterator[Finding]:
    if context.registers.incomplete:
        return  # ids in an unreadable file are unknown: its own finding says what to fix
    yield from _plan_and_exercise_references(context)
    yield from _audit_references(context)
    yield from _nonconformity_references(context)


def _plan_and_exercise_references(context: RuleContext) -> Iterator[Finding]:
    registers = context.registers
    assets, records = registers.ids("assets"), registers.ids("records")
    for plan in registers.bcp_plans:
        subject = f"plan {plan.model.id}"
        yield from _missing(plan, "assets", assets, "asset", subject)
        yield from _missing(plan, "services", assets, "asset", subject)
        yield from _missing(plan, "document", records, "record", subject)
    plans, nonconformities = registers.ids("bcp_plans"), registers.ids("nonconformities")
    for exercise in registers.exercises:
        subject = f"exercise {exercise.model.id}"
        yield from _missing(exercise, "plan", plans, "plan", subject)
        for index, finding in enumerate(exercise.model.findings):
            path = ("findings", index, "nonconformity")
            yield from _missing_nested(
                exercise, path, finding.nonconformity, nonconformities, "nonconformity", subject
            )
    for review in registers.reviews:
        subject = f"management review {review.model.id}"
        yield from _missing(review, "minutes", records, "record", subject)


def _audit_references(context: RuleContext) -> Iterator[Finding]:
    registers = context.registers
    records = registers.ids("records")
    for audit in registers.audits:
        subject = f"audit {audit.model.id}"
        yield from _missing(audit, "controls", context.known_controls, "control", subject)
        yield from _missing(audit, "report", records, "record", subject)
        for index, finding in enumerate(audit.model.findings):
            yield from _finding_references(audit, ("findings", index), finding, context, subject)
    for certification in registers.certifications:
        subject = f"certification {certification.model.id}"
        others = registers.ids("certifications") - {certification.model.id}
        yield from _missing(certification, "superseded_by", others, "certification", subject)
        for index, certification_audit in enumerate(certification.model.audits):
            for number, finding in enumerate(certification_audit.findings):
                path = ("audits", index, "findings", number)
                yield from _finding_references(certification, path, finding, context, subject)


def _nonconformity_references(context: RuleContext) -> Iterator[Finding]:
    registers = context.registers
    for nonconformity in registers.nonconformities:
        subject = f"nonconformity {nonconformity.model.id}"
        yield from _missing(nonconformity, "control", context.known_controls, "control", subject)
        source = _NONCONFORMITY_SOURCES.get(nonconformity.model.source or "")
        if source is not None:
            register, kind = source
            yield from _missing_nested(
                nonconformity,
                ("source_ref",),
                nonconformity.model.source_ref,
                registers.ids(register),
                kind,
                subject,
            )


def _finding_references(
    entry: Located[Any],
    path: tuple[str | int, ...],
    finding: Any,
    context: RuleContext,
    subject: str,
) -> Iterator[Finding]:
    nonconformities = context.registers.ids("nonconformities")
    yield from _missing_nested(
        entry,
        (*path, "nonconformity"),
        finding.nonconformity,
        nonconformities,
        "nonconformity",
        subject,
    )
    yield from _missing_nested(
        entry, (*path, "control"), finding.control, context.known_controls, "control", subject
    )


def check_audit_units(context: RuleContext) -> Iterator[Finding]:
    """Audited units name units of the scope, where the scope lists its units."""
    config = context.isms.config
    if config is None or config.scope_details is None or not config.scope_details.units:
        return
    scope = config.scope_details
    known = {unit.id for unit in scope.units} | {unit.name for unit in scope.units}
    for audit in context.registers.audits:
        for index, unit in enumerate(audit.model.units):
            if unit not in known:
                yield audit.finding(
                    "unknown-reference",
                    f"audit {audit.model.id} names unit '{unit}', which is not a unit of "
                    f"scope_details in isms.yaml{suggest(unit, known)}; add it there or correct it",
                    "units",
                    index,
                )


def check_management_references(context: RuleContext) -> Iterator[Finding]:
    """The context, roles, competence, changes and monitoring name entries that exist."""
    if context.registers.incomplete:
        return  # ids in an unreadable file are unknown: its own finding says what to fix
    registers, controls = context.registers, context.known_controls
    risks, records = registers.ids("risks"), registers.ids("records")
    for issue in registers.issues:
        yield from _missing(issue, "risks", risks, "risk", f"issue {issue.model.id}")
    for party in registers.interested_parties:
        for index, requirement in enumerate(party.model.requirements):
            for number, control in enumerate(requirement.controls):
                path = ("requirements", index, "controls", number)
                subject = f"interested party {party.model.id}"
                yield from _missing_nested(party, path, control, controls, "control", subject)
    roles = registers.ids("roles")
    for role in registers.roles:
        subject = f"role {role.model.id}"
        yield from _missing(role, "controls", controls, "control", subject)
        yield from _missing(role, "reports_to", roles - {role.model.id}, "role", subject)
    for change in registers.changes:
        subject = f"planned change {change.model.id}"
        yield from _missing(change, "risks", risks, "risk", subject)
        yield from _missing(change, "records", records, "record", subject)
    yield from _support_references(context)


def _support_references(context: RuleContext) -> Iterator[Finding]:
    registers = context.registers
    evidence = registers.ids("training") | registers.ids("records")
    for competence in registers.competences:
        subject = f"competence {competence.model.id}"
        for index, person in enumerate(competence.model.people):
            for number, item in enumerate(person.evidence):
                path = ("people", index, "evidence", number)
                kind = "training or record"
                yield from _missing_nested(competence, path, item, evidence, kind, subject)
    for communication in registers.communications:
        subject = f"communication {communication.model.id}"
        yield from _missing(communication, "records", registers.ids("records"), "record", subject)
    objectives = registers.ids("objectives")
    for monitoring in registers.measurements:
        subject = f"measurement {monitoring.model.id}"
        yield from _missing(monitoring, "controls", context.known_controls, "control", subject)
        yield from _missing(monitoring, "objective", objectives, "objective", subject)


RULES = (
    check_risk_references,
    check_evidence_references,
    check_pdca_references,
    check_audit_units,
    check_management_references,
)
