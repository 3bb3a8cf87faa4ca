"""Warnings for dates that have passed as of --today: the ISMS is kept alive, not just written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ismskit.findings import Finding, Severity
from ismskit.messages import message
from ismskit.rules.context import RuleContext
from ismskit.schedule.months import add_months

WARNING = Severity.WARNING


def check_record_reviews(context: RuleContext) -> Iterator[Finding]:
    for entry in context.registers.records:
        record = entry.model
        if record.last_reviewed is None or record.review_interval_months is None:
            continue
        due = add_months(record.last_reviewed, record.review_interval_months)
        if due < context.today and record.disposed_on is None:
            yield entry.finding(
                "record-review-overdue",
                message(
                    (
                        "{record} was due for review on {due} (last reviewed {last_reviewed}); "
                        "review it and update last_reviewed"
                    ),
                    record=record.id,
                    due=due.isoformat(),
                    last_reviewed=record.last_reviewed.isoformat(),
                ),
                "last_reviewed",
                severity=WARNING,
            )


def check_record_retention(context: RuleContext) -> Iterator[Finding]:
    for entry in context.registers.records:
        record = entry.model
        if record.retain_until is None or record.disposed_on is not None:
            continue
        if record.retain_until < context.today:
            yield entry.finding(
                "record-retention-expired",
                message(
                    (
                        "{record}: the retention period ended on {retain_until} and no "
                        "disposal is recorded; dispose of it and set disposed_on, or extend "
                        "retain_until"
                    ),
                    record=record.id,
                    retain_until=record.retain_until.isoformat(),
                ),
                "retain_until",
                severity=WARNING,
            )


def check_plans_exercised(context: RuleContext) -> Iterator[Finding]:
    since = add_months(context.today, -12)
    last_exercise: dict[str, date] = {}
    for exercise in context.registers.exercises:
        plan, day = exercise.model.plan, exercise.model.date
        if day <= context.today and day > last_exercise.get(plan, date.min):
            last_exercise[plan] = day
    for entry in context.registers.bcp_plans:
        last = last_exercise.get(entry.model.id)
        if last is None or last <= since:
            when = message("last on {last}", last=last.isoformat()) if last else message("never")
            yield entry.finding(
                "plan-not-exercised",
                message(
                    (
                        "plan {id} has not been exercised in the last 12 months ({when}); hold "
                        "a drill and record it under exercises"
                    ),
                    id=entry.model.id,
                    when=when,
                ),
                "id",
                severity=WARNING,
            )


def check_nonconformities_due(context: RuleContext) -> Iterator[Finding]:
    for entry in context.registers.nonconformities:
        nonconformity = entry.model
        if (
            nonconformity.status == "open"
            and nonconformity.due
            and nonconformity.due < context.today
        ):
            yield entry.finding(
                "nonconformity-overdue",
                message(
                    (
                        "nonconformity {nonconformity} is open past its due date {due}; "
                        "complete the corrective action or re-plan it"
                    ),
                    nonconformity=nonconformity.id,
                    due=nonconformity.due.isoformat(),
                ),
                "due",
                severity=WARNING,
            )


def check_management_review(context: RuleContext) -> Iterator[Finding]:
    """Reported only where reviews are recorded at all, at the newest one."""
    reviews = [entry for entry in context.registers.reviews if entry.model.date <= context.today]
    if not reviews:
        return
    newest = max(reviews, key=lambda entry: entry.model.date)
    if newest.model.date <= add_months(context.today, -12):
        yield newest.finding(
            "review-overdue",
            message(
                (
                    "no management review in the last 12 months (the last was on {date}); "
                    "hold one (ISO/IEC 27001 9.3) and record it"
                ),
                date=newest.model.date.isoformat(),
            ),
            "date",
            severity=WARNING,
        )


RULES = (
    check_record_reviews,
    check_record_retention,
    check_plans_exercised,
    check_nonconformities_due,
    check_management_review,
)
