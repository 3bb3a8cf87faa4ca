"""Rules of the context, roles, competence, changes and monitoring (4.1 to 9.1)."""

from __future__ import annotations

from collections.abc import Iterator

from ismskit.findings import Finding, Severity
from ismskit.messages import message
from ismskit.rules.context import RuleContext
from ismskit.schedule.months import add_months

WARNING = Severity.WARNING


def check_climate_change_determined(context: RuleContext) -> Iterator[Finding]:
    """Amd 1:2024 to 4.1: the organisation determines whether climate change is a relevant issue."""
    issues = context.registers.issues
    if not issues or any(entry.model.climate_change for entry in issues):
        return
    document, path = context.registers.declared_at["issues"]
    yield document.finding(
        path,
        "climate-change-undetermined",
        message(
            "no issue records whether climate change is a relevant issue (ISO/IEC 27001:2022/Amd "
            "1:2024, 4.1): add an issue with climate_change: true, saying how it affects the "
            "ISMS, or that it was found not relevant (relevant: false) and why"
        ),
        severity=WARNING,
        at_key=True,
    )


def check_requirements_decided(context: RuleContext) -> Iterator[Finding]:
    """4.2 c: a requirement the ISMS does not address says why."""
    for entry in context.registers.interested_parties:
        party = entry.model
        for index, requirement in enumerate(party.requirements):
            if not requirement.addressed and requirement.reason is None:
                yield entry.finding(
                    "requirement-not-addressed",
                    message(
                        "interested party {party}: the requirement '{requirement}' is not "
                        "addressed through the ISMS and no reason is given (4.2 c); write the "
                        "reason, or address it (addressed: true, how)",
                        party=party.id,
                        requirement=requirement.requirement,
                    ),
                    "requirements",
                    index,
                    "addressed",
                    severity=WARNING,
                )


def check_role_holders(context: RuleContext) -> Iterator[Finding]:
    """5.3: top management assigns each role to someone."""
    people_roles = {role for entry in context.registers.people for role in entry.model.roles}
    for entry in context.registers.roles:
        role = entry.model
        if role.holders or role.unit or {role.id, role.title} & people_roles:
            continue
        yield entry.finding(
            "role-without-holder",
            message(
                "role {role} ({title}) is assigned to nobody (5.3): name its holders (people ids "
                "or names), or the unit that holds it",
                role=role.id,
                title=role.title,
            ),
            "id",
            severity=WARNING,
        )


def check_competence_gaps(context: RuleContext) -> Iterator[Finding]:
    """7.2 c: where a person lacks a competence, act; and evaluate whether the action worked."""
    for entry in context.registers.competences:
        competence = entry.model
        for index, person in enumerate(competence.people):
            if person.meets:
                continue
            subject = message(
                "competence {competence}: {person}",
                competence=competence.id,
                person=person.person,
            )
            if person.action is None:
                yield entry.finding(
                    "competence-gap-unaddressed",
                    message(
                        "{subject} does not meet it and no action is recorded (7.2 c); record the "
                        "action (training, mentoring, reassignment) with its due date",
                        subject=subject,
                    ),
                    "people",
                    index,
                    "meets",
                    severity=WARNING,
                )
            elif person.due and person.due < context.today and person.evaluated_on is None:
                yield entry.finding(
                    "competence-action-unevaluated",
                    message(
                        "{subject}: the action was due on {due} and its effectiveness is not "
                        "evaluated (7.2 c); record evaluated_on and effective (and meets: true "
                        "with the evidence once they have it)",
                        subject=subject,
                        due=person.due.isoformat(),
                    ),
                    "people",
                    index,
                    "due",
                    severity=WARNING,
                )


def check_changes_on_time(context: RuleContext) -> Iterator[Finding]:
    """6.3: a planned change past its date is done, re-planned or cancelled."""
    for entry in context.registers.changes:
        change = entry.model
        open_status = change.status in ("planned", "in-progress")
        if open_status and change.planned_on and change.planned_on < context.today:
            yield entry.finding(
                "change-overdue",
                message(
                    "planned change {change} was to be done by {planned} and is still {status}; "
                    "record it done (status: done, done_on), re-plan it, or cancel it",
                    change=change.id,
                    planned=change.planned_on.isoformat(),
                    status=change.status,
                ),
                "planned_on",
                severity=WARNING,
            )


def check_monitoring_on_time(context: RuleContext) -> Iterator[Finding]:
    """9.1 c: monitoring and measurement are performed when determined."""
    for entry in context.registers.measurements:
        monitoring = entry.model
        held = [result.date for result in monitoring.results if result.date <= context.today]
        if monitoring.interval_months is None or not held:
            continue
        due = add_months(max(held), monitoring.interval_months)
        if due < context.today:
            yield entry.finding(
                "monitoring-overdue",
                message(
                    "measurement {measurement} was due on {due} (every {months} months, last "
                    "{last}); record its result under results",
                    measurement=monitoring.id,
                    due=due.isoformat(),
                    months=monitoring.interval_months,
                    last=max(held).isoformat(),
                ),
                "interval_months",
                severity=WARNING,
            )


RULES = (
    check_climate_change_determined,
    check_requirements_decided,
    check_role_holders,
    check_competence_gaps,
    check_changes_on_time,
    check_monitoring_on_time,
)
