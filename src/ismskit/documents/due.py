"""What falls due (`isms due`): reviews, retention, drills, audits, corrective actions, treatments,
review actions, objectives and their measurements, monitoring (supplier and access-right reviews),
and certification audits, the recertification audit before the certificate expires. Pure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from ismskit.repository.loader import Located, Registers
from ismskit.risk.treatment import DONE, action_progress
from ismskit.schedule.months import add_months

TWELVE_MONTHS = 12
# The registers whose dates `isms due` lists: errors elsewhere (an undecided SoA) do not stop it.
REGISTERS_READ = frozenset(
    {
        *("records", "bcp_plans", "exercises", "nonconformities", "assets", "threats"),
        *("risks", "reviews", "objectives", "audits", "certifications"),
    }
)


@dataclass(frozen=True, slots=True)
class DueItem:
    due: date
    kind: str  # a label key: due_review, due_retention, ...
    register: str
    id: str
    title: str
    file: str
    line: int
    # Shown this many days before it falls due, whatever the window: a certification audit has to
    # be arranged with the certification body months ahead.
    notice_days: int = 0

    def as_dict(self, today: date) -> dict[str, Any]:
        return {
            "due": self.due.isoformat(),
            "overdue": self.due < today,
            "kind": self.kind.removeprefix("due_"),
            "register": self.register,
            "id": self.id,
            "title": self.title,
            "file": self.file,
            "line": self.line,
        }


def collect_due(registers: Registers, today: date, within_days: int) -> list[DueItem]:
    """Everything due on or before `today + within_days` (overdue items included), by date."""
    horizon = today + timedelta(days=within_days)
    items = [
        *_records(registers),
        *_plans(registers, today),
        *_nonconformities(registers),
        *_treatments(registers),
        *_treatment_actions(registers),
        *_reviews(registers, today),
        *_objectives(registers),
        *_objective_measurements(registers, today),
        *_monitoring(registers, today),
        *_audits(registers),
        *_review_actions(registers),
        *_certifications(registers, today),
    ]
    shown = (item for item in items if item.due - timedelta(days=item.notice_days) <= horizon)
    return sorted(shown, key=lambda i: (i.due, i.id, i.kind))


def _item(
    entry: Located[Any],
    due: date,
    kind: str,
    register: str,
    title: str,
    *field_path: str | int,
    notice_days: int = 0,
) -> DueItem:
    line = entry.document.value_position((*entry.path, *field_path)).line
    return DueItem(due, kind, register, entry.model.id, title, entry.file, line, notice_days)


def _records(registers: Registers) -> list[DueItem]:
    items = []
    for entry in registers.records:
        record = entry.model
        if record.disposed_on is not None:
            continue
        if record.last_reviewed and record.review_interval_months:
            due = add_months(record.last_reviewed, record.review_interval_months)
            items.append(_item(entry, due, "due_review", "records", record.title))
        if record.retain_until:
            items.append(
                _item(entry, record.retain_until, "due_retention", "records", record.title)
            )
    return items


def _plans(registers: Registers, today: date) -> list[DueItem]:
    last: dict[str, date] = {}
    for exercise in registers.exercises:
        plan, day = exercise.model.plan, exercise.model.date
        if day <= today:  # a drill dated later is planned, not held (as isms check reads it)
            last[plan] = max(day, last.get(plan, day))
    return [
        _item(
            entry,
            add_months(last[entry.model.id], TWELVE_MONTHS) if entry.model.id in last else today,
            "due_exercise",
            "bcp_plans",
            entry.model.title,
        )
        for entry in registers.bcp_plans
    ]


def _nonconformities(registers: Registers) -> list[DueItem]:
    return [
        _item(
            entry,
            entry.model.due,
            "due_corrective_action",
            "nonconformities",
            entry.model.description,
        )
        for entry in registers.nonconformities
        if entry.model.status == "open" and entry.model.due is not None
    ]


def _treatments(registers: Registers) -> list[DueItem]:
    names = {e.model.id: e.model.name for e in registers.assets}
    names.update({e.model.id: e.model.name for e in registers.threats})
    return [
        _item(entry, entry.model.due, "due_treatment", "risks", _risk_title(entry, names))
        for entry in registers.risks
        if entry.model.due is not None and entry.model.treatment != "accept"
    ]


def _treatment_actions(registers: Registers) -> list[DueItem]:
    """Actions of treatment plans not done yet; progress from the SoA where an action has none."""
    statuses = {e.model.control: e.model.status for e in registers.soa if e.model.applicable}
    items = []
    for entry in registers.risks:
        for index, action in enumerate(entry.model.actions):
            if action.due is None or action_progress(action, statuses) == DONE:
                continue
            position = entry.document.value_position((*entry.path, "actions", index, "due"))
            title = f"{entry.model.id}: {action.action}"
            item = DueItem(
                action.due,
                "due_treatment_action",
                "risks",
                action.id,
                title,
                entry.file,
                position.line,
            )
            items.append(item)
    return items


def _risk_title(entry: Located[Any], names: dict[str, str]) -> str:
    risk = entry.model
    parts = (
        f"{part} {names[part]}" if part in names else part for part in (risk.asset, risk.threat)
    )
    pair = " × ".join(part for part in parts if part)
    return str(risk.name or pair or risk.id)


def _reviews(registers: Registers, today: date) -> list[DueItem]:
    """The next review: a planned one (dated after today), else 12 months after the last held."""
    planned = [entry for entry in registers.reviews if entry.model.date > today]
    held = [entry for entry in registers.reviews if entry.model.date <= today]
    if planned:
        soonest = min(planned, key=lambda entry: entry.model.date)
        return [_item(soonest, soonest.model.date, "due_management_review", "reviews", "")]
    if not held:
        return []
    newest = max(held, key=lambda entry: entry.model.date)
    due = add_months(newest.model.date, TWELVE_MONTHS)
    # The next review, counted from the last one (whose id and place the item carries).
    return [_item(newest, due, "due_next_management_review", "reviews", "")]


def _objectives(registers: Registers) -> list[DueItem]:
    return [
        _item(entry, entry.model.due, "due_objective", "objectives", entry.model.title)
        for entry in registers.objectives
        if entry.model.due is not None
    ]


def _objective_measurements(registers: Registers, today: date) -> list[DueItem]:
    """The next measurement of each objective (quarterly unless it says otherwise), to its due."""
    items = []
    for entry in registers.objectives:
        objective = entry.model
        taken = [m.date for m in objective.measurements if m.date <= today]
        due = add_months(max(taken), objective.measurement_interval_months) if taken else today
        if objective.due is not None and due > objective.due:
            continue  # measured for the last time at its due date, which is an item of its own
        field = "measurements" if objective.measurements else "id"
        items.append(
            _item(entry, due, "due_objective_measurement", "objectives", objective.title, field)
        )
    return items


_MONITORING_KINDS = {
    "supplier-review": "due_supplier_review",
    "access-review": "due_access_review",
}


def _monitoring(registers: Registers, today: date) -> list[DueItem]:
    """The next result of each monitoring and measurement that has an interval (9.1 c)."""
    items = []
    for entry in registers.measurements:
        monitoring = entry.model
        if monitoring.interval_months is None:
            continue
        held = [r.date for r in monitoring.results if r.date <= today]
        due = add_months(max(held), monitoring.interval_months) if held else today
        kind = _MONITORING_KINDS.get(monitoring.kind, "due_monitoring")
        items.append(_item(entry, due, kind, "measurements", monitoring.what, "interval_months"))
    return items


def _audits(registers: Registers) -> list[DueItem]:
    """Internal audits planned and not yet held."""
    return [
        _item(entry, entry.model.planned_on, "due_audit", "audits", entry.model.title or "")
        for entry in registers.audits
        if entry.model.planned_on is not None and entry.model.date is None
    ]


def _review_actions(registers: Registers) -> list[DueItem]:
    items = []
    for entry in registers.reviews:
        for index, action in enumerate(entry.model.actions):
            if action.status == "open" and action.due is not None:
                item = _item(
                    entry,
                    action.due,
                    "due_review_action",
                    "reviews",
                    action.action,
                    "actions",
                    index,
                )
                # An action with an id of its own is named by it; else by its review's id.
                items.append(replace(item, id=action.id) if action.id else item)
    return items


CERTIFICATION_NOTICE_DAYS = 120
# The recertification audit is held this long before expiry: the certification body needs the time
# to review its findings, see any nonconformity corrected, and decide before the certificate lapses.
RECERTIFICATION_LEAD_DAYS = 90


def _certifications(registers: Registers, today: date) -> list[DueItem]:
    from ismskit.schedule.certification import certification_schedule

    items = []
    for entry in registers.certifications:
        if entry.model.superseded_by is not None:
            continue
        title = " ".join(filter(None, (entry.model.body, entry.model.certificate_number)))
        items += [
            _item(
                entry,
                audit.planned_on,
                f"due_certification_{audit.kind.replace('-', '_')}",
                "certifications",
                title,
                "audits",
                index,
            )
            for index, audit in enumerate(entry.model.audits)
            if audit.planned_on is not None and audit.date is None
        ]
        schedule = certification_schedule(entry.model, today)
        if schedule is None:
            continue  # not certified yet: only its planned audits fall due
        if schedule.next_surveillance is not None:
            items.append(
                _item(
                    entry,
                    schedule.next_surveillance,
                    "due_surveillance",
                    "certifications",
                    title,
                    notice_days=CERTIFICATION_NOTICE_DAYS,
                )
            )
        items.append(
            _item(
                entry,
                schedule.expires,
                "due_recertification",
                "certifications",
                title,
                notice_days=CERTIFICATION_NOTICE_DAYS * 2,
            )
        )
        items += _recertification_audit(entry, schedule.expires, title)
    return items


def _recertification_audit(entry: Located[Any], expires: date, title: str) -> list[DueItem]:
    """The recertification audit, unless one is planned or held in the certificate's last year."""
    last_year = add_months(expires, -TWELVE_MONTHS)
    for audit in entry.model.audits:
        day = audit.date or audit.planned_on
        if audit.kind == "recertification" and day is not None and day >= last_year:
            return []
    due = expires - timedelta(days=RECERTIFICATION_LEAD_DAYS)
    return [
        _item(
            entry,
            due,
            "due_recertification_audit",
            "certifications",
            title,
            notice_days=CERTIFICATION_NOTICE_DAYS * 2,
        )
    ]
