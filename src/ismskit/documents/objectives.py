"""Objectives and their plans (6.2), monitoring and measurement with results (9.1): a document."""

from __future__ import annotations

from typing import Any

from ismskit.documents.base import ReportInput, control_titles
from ismskit.documents.review_pack import meets_target
from ismskit.schedule.months import add_months


def objectives_document(request: ReportInput) -> dict[str, Any]:
    registers = request.analysis.isms.registers
    today = request.today
    objectives = []
    for entry in registers.objectives:
        objective = entry.model
        measured = [m for m in objective.measurements if m.date <= today]
        objectives.append(
            {
                "objective": objective,
                "measurements": [
                    {"measurement": m, "met": meets_target(objective, m.value)} for m in measured
                ],
            }
        )
    monitoring = []
    for located in registers.measurements:
        item = located.model
        results = sorted((r for r in item.results if r.date <= today), key=lambda r: r.date)
        interval = item.interval_months
        next_due = add_months(results[-1].date, interval) if results and interval else None
        monitoring.append(
            {
                "monitoring": item,
                "results": results,
                "next_due": next_due,
                "overdue": bool(next_due and next_due < today),
            }
        )
    return {
        "objectives": objectives,
        "monitoring": monitoring,
        "control_titles": control_titles(request),
    }
