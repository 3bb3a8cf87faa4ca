"""The risk assessment report (ISO/IEC 27001 6.1.2, 8.2): the process and criteria a reader can
apply, the asset valuation, one row per risk and heat maps of initial and residual risk."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ismskit.documents.base import ReportInput, evaluate_risks
from ismskit.documents.criteria import (
    LevelBand,
    ScaleTable,
    band_of,
    level_bands,
    scale_tables,
)
from ismskit.documents.heat_map import Figure, HeatMapLabels, heat_map_svg, level_counts
from ismskit.models.types import PROPERTIES
from ismskit.risk.assessment import AssessedRisk
from ismskit.risk.engine import LIKELIHOOD_IMPACT, RiskPolicy, max_score
from ismskit.risk.evaluation import EvaluatedRisk, HeatMap

if TYPE_CHECKING:
    from ismskit.models.config import RiskSettings
    from ismskit.models.entries import Asset, Risk


@dataclass(frozen=True)
class AssessedRow:
    """One risk as the report lists it (8.2)."""

    row: EvaluatedRisk
    risk: Risk
    scenario: str
    existing_controls: list[str]
    assessed_on: date | None
    assessed_from_git: bool
    level: str | None  # the band of the initial score (the two default bands when none is set)


@dataclass(frozen=True)
class MapCell:
    count: int
    level: str


@dataclass(frozen=True)
class MapView:
    """A heat map with what the Markdown shows of it: cells with their level, and the legend."""

    slug: str
    title: str
    heat_map: HeatMap
    cells: list[tuple[int, list[MapCell]]]  # (row rating, cells by column)
    legend: list[tuple[LevelBand, int]]
    total: int


def risk_assessment(request: ReportInput) -> dict[str, Any]:
    analysis, text = request.analysis, request.text
    assert analysis.policy is not None
    assert analysis.isms.config is not None
    policy, config = analysis.policy, analysis.isms.config
    settings = config.risk
    evaluation = evaluate_risks(analysis)
    bands = level_bands(settings, policy, text)
    maps = [
        _map_view("initial", text["ra_map_initial"], evaluation.heat_map, bands),
        _map_view("residual", text["ra_map_residual"], evaluation.residual_heat_map, bands),
    ]
    return {
        "method": _method(settings, text),
        "formula": _formula(settings, text),
        "score_range": max_score(policy),
        "reassessment": settings.reassessment
        or _reassessment(config.review_interval_months.get("risks"), text),
        "scales": scale_tables(settings, text),
        "criteria_written": settings.criteria is not None,
        "bands": bands,
        "acceptance_rule": text["acceptance_rule"].format(acceptance=policy.acceptance),
        "authority": settings.acceptance_authority or text["ra_authority_default"],
        "authority_written": settings.acceptance_authority is not None,
        "assets": _asset_rows(request, evaluation.risks),
        "asset_counts": _asset_value_counts(request),
        "value_levels": range(max(_value_tops(policy)), 0, -1),
        "rows": _rows(request, evaluation.risks, bands),
        "rating_keys": (
            ("likelihood", "impact")
            if settings.method == LIKELIHOOD_IMPACT
            else ("asset_value", "frequency", "vulnerability")
        ),
        "maps": maps,
        "by_level": _by_level(evaluation.risks, bands),
        "by_property": _by_property(request, policy, bands),
        "in_git": request.rating_dates is not None,
        "figures": [_figure(view, text) for view in maps],
        "hints": _hints(settings, scale_tables(settings, text)),
    }


def _hints(settings: RiskSettings, scales: list[ScaleTable]) -> list[str]:
    """What isms.yaml leaves to defaults, said on the terminal: the report states the defaults."""
    hints = []
    defaults = [scale.key for scale in scales if scale.is_default]
    if defaults:
        hints.append(
            f"isms.yaml gives no name and meaning for the levels of {', '.join(defaults)}: the "
            "report shows general descriptions; write your own under risk.criteria"
        )
    if settings.acceptance_authority is None:
        hints.append(
            "isms.yaml names no risk.acceptance_authority: the report says the risk owner may "
            "accept risks above the criteria"
        )
    return hints


def _method(settings: RiskSettings, text: dict[str, str]) -> str:
    if settings.method == LIKELIHOOD_IMPACT:
        return str(text["method_li"])
    return str(text["method_atv"].format(rule=text[f"rule_{settings.asset_value}"]))


def _formula(settings: RiskSettings, text: dict[str, str]) -> list[str]:
    if settings.method == LIKELIHOOD_IMPACT:
        return [text["ra_formula_li"], text["ra_formula_li_residual"]]
    return [
        text[f"ra_formula_value_{settings.asset_value}"],
        text["ra_formula_atv"],
        text["ra_formula_atv_residual"],
    ]


def _reassessment(months: int | None, text: dict[str, str]) -> str:
    if months is None:
        return str(text["ra_reassessment_changes"])
    return str(text["ra_reassessment"].format(months=months))


def _value_tops(policy: RiskPolicy) -> tuple[int, int, int]:
    scales = policy.value_scales
    return scales.confidentiality, scales.integrity, scales.availability


def _rows(
    request: ReportInput, rows: list[EvaluatedRisk], bands: list[LevelBand]
) -> list[AssessedRow]:
    risks = {entry.model.id: entry.model for entry in request.analysis.isms.registers.risks}
    dates = request.rating_dates or {}
    result = []
    for row in rows:
        risk = risks[row.id]
        scenario = risk.scenario or risk.description or risk.name or ""
        found = dates.get(risk.id)
        result.append(
            AssessedRow(
                row=row,
                risk=risk,
                scenario=scenario,
                existing_controls=list(dict.fromkeys(risk.existing_controls)),
                assessed_on=risk.assessed_on or found,
                assessed_from_git=risk.assessed_on is None and found is not None,
                level=_band_name(row.score.score, bands),
            )
        )
    return result


def _band_name(score: int, bands: list[LevelBand]) -> str | None:
    band = band_of(score, bands)
    return band.name if band else None


@dataclass(frozen=True)
class AssetRow:
    asset: Asset
    risks: int
    highest: int | None  # the highest initial score of its risks


def _asset_rows(request: ReportInput, rows: list[EvaluatedRisk]) -> list[AssetRow]:
    counts = Counter(row.asset for row in rows)
    highest: dict[str | None, int] = {}
    for row in rows:
        highest[row.asset] = max(highest.get(row.asset, 0), row.score.score)
    assets = sorted((e.model for e in request.analysis.isms.registers.assets), key=lambda a: a.id)
    return [AssetRow(asset, counts.get(asset.id, 0), highest.get(asset.id)) for asset in assets]


def _asset_value_counts(request: ReportInput) -> dict[str, Counter[int]]:
    """How many assets hold each value, property by property."""
    assets = [entry.model for entry in request.analysis.isms.registers.assets]
    return {prop: Counter(getattr(asset, prop) for asset in assets) for prop in PROPERTIES}


def _map_view(slug: str, title: str, heat_map: HeatMap, bands: list[LevelBand]) -> MapView:
    cells = []
    for row in heat_map.rows:
        line = []
        for column in heat_map.columns:
            band = band_of(HeatMap.score(row, column), bands)
            line.append(MapCell(heat_map.counts.get((row, column), 0), band.name if band else ""))
        cells.append((row, line))
    counts = level_counts(heat_map, bands)
    legend = [(band, counts[band.name]) for band in bands]
    return MapView(slug, title, heat_map, cells, legend, sum(heat_map.counts.values()))


def _figure(view: MapView, text: dict[str, str]) -> Figure:
    heat_map = view.heat_map
    labels = HeatMapLabels(
        title=text["ra_map_title"].format(title=view.title, count=view.total),
        rows=text[f"ra_axis_{heat_map.row_label}"],
        columns=text[f"ra_axis_{heat_map.column_label}"],
        legend=text["ra_map_legend"],
    )
    bands = [band for band, _ in view.legend]
    return Figure(view.slug, view.title, heat_map_svg(heat_map, bands, labels))


def _by_level(
    rows: list[EvaluatedRisk], bands: list[LevelBand]
) -> list[tuple[LevelBand, int, int]]:
    """Each level with its count of risks, initial and residual (as the heat maps show them)."""
    initial = Counter(band_of(row.score.score, bands) for row in rows)
    residual = Counter(band_of(row.score.residual, bands) for row in rows)
    return [(band, initial.get(band, 0), residual.get(band, 0)) for band in bands]


def _by_property(
    request: ReportInput, policy: RiskPolicy, bands: list[LevelBand]
) -> list[tuple[str, int, list[int]]] | None:
    """With C, I and A valued apart: each property, the risks to it, and their levels when the
    value of that property alone is taken (V = its value)."""
    if policy.method == LIKELIHOOD_IMPACT:
        return None
    view: list[tuple[str, int, list[int]]] = []
    for prop in PROPERTIES:
        scores = [_property_score(item, prop) for item in request.analysis.assessed]
        counts = Counter(band_of(score, bands) for score in scores if score is not None)
        placed = sum(1 for score in scores if score is not None)
        view.append((prop, placed, [counts.get(band, 0) for band in bands]))
    return view


def _property_score(item: AssessedRisk, prop: str) -> int | None:
    """The initial score with V the value of one property; None when the threat spares it."""
    ratings = item.ratings
    if item.score is None or ratings.asset is None or ratings.frequency is None:
        return None
    if ratings.vulnerability is None or (ratings.affects and prop not in ratings.affects):
        return None
    value: int = getattr(ratings.asset, prop)
    return value * ratings.frequency * ratings.vulnerability
