"""The dashboard: where the risks sit (initial and residual heat maps), risks by level and unit,
the SoA's progress by theme and status, what is due or overdue, and readiness. Each figure comes
with its numbers as a table, from the same values."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from ismskit.analysis import Analysis
from ismskit.documents.base import evaluate_risks
from ismskit.documents.soa import STATUSES, SoaSection, build_soa
from ismskit.models.types import Language
from ismskit.repository.units import restrict_to_unit
from ismskit.risk.evaluation import Evaluation, HeatMap
from ismskit.site.bar_chart import BarChart, BarRow, Segment, bar_chart_svg
from ismskit.site.heat_chart import HeatMapText, heat_map_svg, level_counts
from ismskit.site.levels import Level, level_of, risk_levels
from ismskit.site.svg import Fill

DUE_WITHIN_DAYS = 90
# Colours of the SoA statuses: done is green, nothing yet is red, not applicable is grey.
_STATUS_FILLS = {
    "implemented": Fill("#a5d6a7", 0),
    "partial": Fill("#fff176", 1),
    "planned": Fill("#ffb74d", 2),
    "not-implemented": Fill("#ef9a9a", 3),
    "unrecorded": Fill("#ffffff", 4),
    "excluded": Fill("#bdbdbd", 5),
    "undecided": Fill("#ce93d8", 3),
}


@dataclass(frozen=True)
class HeatMapView:
    key: str  # initial | residual
    svg: Markup
    heat_map: HeatMap
    counts: dict[str, int]  # by level name
    total: int


def dashboard(
    analysis: Analysis,
    language: Language,
    text: dict[str, str],
    today: date,
    readiness: dict[str, Any] | None,
) -> dict[str, Any]:
    """The dashboard's context. `readiness`: what the readiness report's builder gave (its rows
    and counts), None where it is not rendered (one unit's site)."""
    context: dict[str, Any] = {
        "due": _due(analysis, today),
        "readiness": readiness,
        "risks": None,
        "soa": None,
    }
    if analysis.policy is not None:
        context["risks"] = _risks(analysis, text)
    if analysis.isms.config is not None and analysis.isms.registers.soa:
        context["soa"] = _soa_progress(analysis, language, text)
    return context


def _risks(analysis: Analysis, text: dict[str, str]) -> dict[str, Any]:
    assert analysis.policy is not None
    evaluation = evaluate_risks(analysis)
    levels = risk_levels(analysis.policy, text)
    summary = evaluation.summary
    return {
        "levels": levels,
        "summary": summary,
        "maps": [
            _heat_map("initial", evaluation.heat_map, levels, text),
            _heat_map("residual", evaluation.residual_heat_map, levels, text),
        ],
        "by_unit": _by_unit(analysis, evaluation, levels, text),
    }


def _heat_map(
    key: str, heat_map: HeatMap, levels: list[Level], text: dict[str, str]
) -> HeatMapView:
    rows = text[f"site_axis_{heat_map.row_label}"]
    columns = text[f"site_axis_{heat_map.column_label}"]
    total = sum(heat_map.counts.get((r, c), 0) for r in heat_map.rows for c in heat_map.columns)
    title = text["site_heat_title"].format(title=text[f"site_heat_{key}"], count=total)
    labels = HeatMapText(
        title=title,
        rows=rows,
        columns=columns,
        description=text["site_heat_desc"].format(rows=rows, columns=columns),
        cell=text["site_heat_cell"],
        legend=text["site_legend_item"],
    )
    svg = heat_map_svg(f"heat-{key}", heat_map, levels, labels)
    return HeatMapView(key, Markup(svg), heat_map, level_counts(heat_map, levels), total)


def _by_unit(
    analysis: Analysis, evaluation: Evaluation, levels: list[Level], text: dict[str, str]
) -> dict[str, Any]:
    """Risks by unit and level: a bar per unit of scope_details, and one for risks of none."""
    level_by_risk = {row.id: level_of(row.score.score, levels) for row in evaluation.risks}
    config = analysis.isms.config
    units = config.scope_details.units if config and config.scope_details else []
    rows, placed = [], set()
    for unit in units:
        ids = {entry.model.id for entry in restrict_to_unit(analysis.isms.registers, unit).risks}
        placed |= ids
        rows.append(BarRow(unit.name, _count_levels(ids, level_by_risk)))
    rest = set(level_by_risk) - placed
    if rest or not rows:
        rows.append(
            BarRow(
                text["site_unit_none"] if units else text["site_all_risks"],
                _count_levels(rest, level_by_risk),
            )
        )
    segments = [Segment(level.name, level.name, Fill(level.color, level.index)) for level in levels]
    chart = BarChart(
        "risks-by-unit",
        text["site_risks_by_unit"],
        text["site_risks_by_unit_desc"],
        segments,
        rows,
        tip=text["site_bar_tip"],
    )
    return {"svg": Markup(bar_chart_svg(chart)), "rows": rows, "segments": segments}


def _count_levels(ids: set[str], level_by_risk: dict[str, Level | None]) -> dict[str, int]:
    counts = Counter(level.name for risk_id in ids if (level := level_by_risk.get(risk_id)))
    return dict(counts)


def _soa_progress(analysis: Analysis, language: Language, text: dict[str, str]) -> dict[str, Any]:
    from ismskit.documents.control import DocumentControl

    # Only the counts by theme are drawn: no control block (the SoA page has the real one).
    document = build_soa(analysis, language, None, DocumentControl("soa", None, "unapproved", ""))
    keys = [*STATUSES, "unrecorded", "excluded", "undecided"]
    segments = [Segment(key, _status_label(key, text), _STATUS_FILLS[key]) for key in keys]
    rows = [
        BarRow(section.title or text["own_controls"], _section_counts(section))
        for section in document.sections
    ]
    chart = BarChart(
        "soa-progress",
        text["site_soa_progress"],
        text["site_soa_progress_desc"],
        segments,
        rows,
        as_shares=True,
        tip=text["site_bar_tip"],
    )
    totals = document.totals
    share = (
        round(100 * totals["implemented"] / totals["applicable"]) if totals["applicable"] else None
    )
    return {"svg": Markup(bar_chart_svg(chart)), "rows": rows, "segments": segments, "share": share}


def _status_label(key: str, text: dict[str, str]) -> str:
    return text[key] if key in STATUSES or key == "excluded" else text[f"site_soa_{key}"]


def _section_counts(section: SoaSection) -> dict[str, int]:
    counts = section.counts
    statuses = {status: counts[status] for status in STATUSES}
    return {
        **statuses,
        "unrecorded": counts["applicable"] - sum(statuses.values()),
        "excluded": counts["excluded"],
        "undecided": counts["total"] - counts["applicable"] - counts["excluded"],
    }


def _due(analysis: Analysis, today: date) -> list[dict[str, Any]]:
    from ismskit.documents.due import collect_due

    items = collect_due(analysis.isms.registers, today, DUE_WITHIN_DAYS)
    return [{**item.as_dict(today), "kind_label": item.kind} for item in items]
