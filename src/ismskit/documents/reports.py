"""Reports (`isms report NAME`): what each document shows, as plain values for its template."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ismskit.analysis import Analysis
from ismskit.risk.evaluation import Evaluation, HeatMap, evaluate_all
from ismskit.history.git import CommitInfo, RevisionStamp
from ismskit.models.types import Language

if TYPE_CHECKING:
    from ismskit.models.config import ScopeUnit
    from ismskit.documents.review_pack import ChangesSince


@dataclass(frozen=True)
class DocumentInfo:
    """What every document says about itself: whose, which version, what changed."""

    title: str
    organization: str
    scope: str
    language: Language
    stamp: RevisionStamp | None
    revisions: list[CommitInfo] = field(default_factory=list)
    unit: str | None = None  # the unit's name, when a report covers one unit (--unit)


@dataclass(frozen=True)
class ReportInput:
    """What a report is made from: the registers (one unit's, with --unit), words and options."""

    analysis: Analysis
    text: dict[str, str]
    language: Language
    today: date
    subject: str | None = None  # e.g. the audit of `isms report internal-audit ID`
    changes: ChangesSince | None = None  # what git says changed since the last review
    unit: ScopeUnit | None = None  # --unit: the registers are already narrowed to it


ReportBuilder = Callable[[ReportInput], dict[str, Any]]


def _names(analysis: Analysis) -> dict[str, dict[str, str]]:
    registers = analysis.isms.registers
    return {
        "assets": {entry.model.id: entry.model.name for entry in registers.assets},
        "threats": {entry.model.id: entry.model.name for entry in registers.threats},
    }


def _evaluation(analysis: Analysis) -> Evaluation:
    assert analysis.policy is not None
    return evaluate_all(analysis.assessed, analysis.policy, _names(analysis))


def risk_assessment(request: ReportInput) -> dict[str, Any]:
    analysis, text = request.analysis, request.text
    assert analysis.policy is not None
    assert analysis.isms.config is not None
    policy, settings = analysis.policy, analysis.isms.config.risk
    evaluation = _evaluation(analysis)
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


def risk_treatment_plan(request: ReportInput) -> dict[str, Any]:
    analysis, language = request.analysis, request.language
    evaluation = _evaluation(analysis)
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


def assets_inventory(request: ReportInput) -> dict[str, Any]:
    analysis = request.analysis
    risk_counts = Counter(entry.model.asset for entry in analysis.isms.registers.risks)
    assets = sorted((entry.model for entry in analysis.isms.registers.assets), key=lambda a: a.id)
    return {"assets": assets, "risk_counts": risk_counts}


def records_register(request: ReportInput) -> dict[str, Any]:
    analysis = request.analysis
    records = sorted((entry.model for entry in analysis.isms.registers.records), key=lambda r: r.id)
    return {"records": records}


@dataclass(frozen=True)
class ReportKind:
    template: str
    title_label: str
    build: ReportBuilder
    # Readiness is read to find what is missing: errors in the registers are part of its answer.
    renders_with_errors: bool = False
    reads_history: bool = False  # needs ChangesSince
    takes_subject: bool = False
    # The management review and readiness are of the whole ISMS: one unit's share would mislead.
    by_unit: bool = True


def _pdca(name: str) -> ReportBuilder:
    """The PDCA reports live in pdca_reports; imported when one is built."""

    def build(request: ReportInput) -> dict[str, Any]:
        from ismskit.documents import pdca as pdca_reports

        builder: ReportBuilder = getattr(pdca_reports, name)
        return builder(request)

    return build


REPORTS: dict[str, ReportKind] = {
    "risk-assessment": ReportKind(
        "report-risk-assessment.md.j2", "report_risk_assessment", risk_assessment
    ),
    "risk-treatment-plan": ReportKind(
        "report-risk-treatment-plan.md.j2", "report_risk_treatment_plan", risk_treatment_plan
    ),
    "assets": ReportKind("report-assets.md.j2", "report_assets", assets_inventory),
    "records": ReportKind("report-records.md.j2", "report_records", records_register),
    "scope": ReportKind("report-scope.md.j2", "report_scope", _pdca("scope_document")),
    "internal-audit": ReportKind(
        "report-internal-audit.md.j2",
        "report_internal_audit",
        _pdca("internal_audit"),
        takes_subject=True,
    ),
    "management-review": ReportKind(
        "report-management-review.md.j2",
        "report_management_review",
        _pdca("management_review"),
        reads_history=True,
        by_unit=False,
    ),
    "readiness": ReportKind(
        "report-readiness.md.j2",
        "report_readiness",
        _pdca("readiness"),
        renders_with_errors=True,
        by_unit=False,
    ),
}

_CELL = 44
_COLORS = ("#c8e6c9", "#fff59d", "#ffcc80", "#ef9a9a")


def heat_map_svg(heat_map: HeatMap, text: dict[str, str]) -> str:
    """The heat map as an inline SVG: rows × columns of counts, warmer where ratings are higher."""
    width = _CELL * (len(heat_map.columns) + 1)
    height = _CELL * (len(heat_map.rows) + 1)
    top = max(heat_map.rows[0] * heat_map.columns[-1], 1) if heat_map.rows else 1
    cells = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="14" '
        f'role="img" aria-label="{text["heat_map"]}">'
    ]
    for row_index, row in enumerate(heat_map.rows):
        y = _CELL * row_index
        cells.append(_label(0, y, str(row)))
        for column_index, column in enumerate(heat_map.columns):
            x = _CELL * (column_index + 1)
            warmth = min(len(_COLORS) - 1, (row * column * len(_COLORS) - 1) // top)
            count = heat_map.counts.get((row, column), 0)
            cells.append(
                f'<rect x="{x}" y="{y}" width="{_CELL}" height="{_CELL}" '
                f'fill="{_COLORS[warmth]}" stroke="#ffffff"/>'
            )
            cells.append(_label(x, y, str(count) if count else ""))
    for column_index, column in enumerate(heat_map.columns):
        cells.append(_label(_CELL * (column_index + 1), _CELL * len(heat_map.rows), str(column)))
    cells.append("</svg>")
    return "".join(cells)


def _label(x: int, y: int, value: str) -> str:
    middle = _CELL // 2
    return (
        f'<text x="{x + middle}" y="{y + middle + 5}" text-anchor="middle">{value}</text>'
        if value
        else ""
    )
