"""The risk treatment plan (ISO/IEC 27001 6.1.3 e, 8.3)."""

from __future__ import annotations

from typing import Any

from ismskit.documents.base import ReportInput, evaluate_risks


def risk_treatment_plan(request: ReportInput) -> dict[str, Any]:
    analysis, language = request.analysis, request.language
    evaluation = evaluate_risks(analysis)
    status = {entry.model.control: entry.model.status for entry in analysis.isms.registers.soa}
    titles = {control.id: control.title(language) for control in analysis.catalogue.controls}
    titles.update({entry.model.id: entry.model.title for entry in analysis.isms.registers.controls})
    risks = {entry.model.id: entry.model for entry in analysis.isms.registers.risks}
    treated = []
    for row in evaluation.risks:
        risk = risks[row.id]
        if risk.treatment == "accept":
            continue
        controls = [
            {"id": control, "title": titles.get(control, ""), "status": status.get(control)}
            for control in risk.controls
        ]
        treated.append({"row": row, "risk": risk, "controls": controls})
    return {"treated": treated}
