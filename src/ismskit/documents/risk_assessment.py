"""The risk assessment report (ISO/IEC 27001 6.1.2, 8.2): method, criteria, results and heat map."""

from __future__ import annotations

from typing import Any

from ismskit.documents.base import ReportInput, evaluate_risks
from ismskit.documents.heat_map import heat_map_svg


def risk_assessment(request: ReportInput) -> dict[str, Any]:
    analysis, text = request.analysis, request.text
    assert analysis.policy is not None
    assert analysis.isms.config is not None
    policy, settings = analysis.policy, analysis.isms.config.risk
    evaluation = evaluate_risks(analysis)
    method = (
        text["method_li"]
        if settings.method == "likelihood-impact"
        else text["method_atv"].format(rule=text[f"rule_{settings.asset_value}"])
    )
    return {
        "method": method,
        "acceptance_rule": text["acceptance_rule"].format(acceptance=policy.acceptance),
        "scales": settings.scales,
        "levels": settings.levels,
        "evaluation": evaluation,
        "above": [row for row in evaluation.risks if not row.score.acceptable],
        "heat_map_svg": heat_map_svg(evaluation.heat_map, text),
    }
