"""The context of the organisation (4.1, 4.2) and the planned changes (6.3) as documents."""

from __future__ import annotations

from typing import Any

from ismskit.documents.base import ReportInput, control_titles


def context_document(request: ReportInput) -> dict[str, Any]:
    """Issues, external then internal; interested parties with their requirements (4.2 a to c)."""
    registers = request.analysis.isms.registers
    issues = [entry.model for entry in registers.issues]
    parties = [entry.model for entry in registers.interested_parties]
    requirements = [r for party in parties for r in party.requirements]
    return {
        "external": [issue for issue in issues if issue.type == "external"],
        "internal": [issue for issue in issues if issue.type == "internal"],
        "climate": [issue for issue in issues if issue.climate_change],
        "parties": parties,
        "requirements": len(requirements),
        "addressed": sum(1 for r in requirements if r.addressed),
        "climate_requirements": [
            f"{party.name}: {r.requirement}"
            for party in parties
            for r in party.requirements
            if r.climate_change
        ],
        "control_titles": control_titles(request),
    }


def changes_document(request: ReportInput) -> dict[str, Any]:
    """Planned changes to the ISMS (6.3), as they stood on the report's day."""
    today = request.today
    rows = []
    for entry in sorted(
        request.analysis.isms.registers.changes,
        key=lambda e: (e.model.planned_on or e.model.done_on or today, e.model.id),
    ):
        change = entry.model
        status = change.status
        if status == "done" and change.done_on and change.done_on > today:
            status = "in-progress"  # done later than the report's day: not done yet on it
        approved = change.approved_on is not None and change.approved_on <= today
        overdue = status in ("planned", "in-progress") and bool(
            change.planned_on and change.planned_on < today
        )
        rows.append({"change": change, "status": status, "approved": approved, "overdue": overdue})
    return {"rows": rows}
