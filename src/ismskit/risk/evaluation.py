"""The risk evaluation: scored risks sorted for review, a summary and a heat map. Pure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ismskit.risk.assessment import AssessedRisk
from ismskit.risk.engine import LIKELIHOOD_IMPACT, RiskPolicy, RiskScore


@dataclass(frozen=True, slots=True)
class EvaluatedRisk:
    id: str
    asset: str | None
    asset_name: str | None
    threat: str | None
    threat_name: str | None
    ratings: dict[str, int | None]
    score: RiskScore
    treatment: str
    owner: str | None
    accepted: bool  # an acceptance that covers the risk as it stands
    acceptance: str  # none, covering, outdated or unbound (see risk.assessment)
    accepted_score: int | None
    # The ratings the residual score is made of (each defaulting to its initial rating).
    residual_ratings: dict[str, int | None] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "asset": self.asset,
            "threat": self.threat,
            "score": self.score.score,
            "residual_score": self.score.residual,
            "level": self.score.level,
            "acceptable": self.score.acceptable,
            "treatment": self.treatment,
            "residual_level": self.score.residual_level,
            "residual_acceptable": self.score.residual_acceptable,
            "owner": self.owner,
            "accepted": self.accepted,
            "acceptance": self.acceptance,
            "accepted_score": self.accepted_score,
            **self.ratings,
        }


@dataclass(frozen=True)
class HeatMap:
    """Counts of risks by (row, column): asset value × (frequency × vulnerability), or
    likelihood × impact. A cell's score is row × column, so each cell has one level."""

    row_label: str
    column_label: str
    rows: tuple[int, ...]  # highest first
    columns: tuple[int, ...]
    counts: dict[tuple[int, int], int]

    @staticmethod
    def score(row: int, column: int) -> int:
        return row * column


@dataclass(frozen=True)
class Evaluation:
    risks: list[EvaluatedRisk]
    summary: dict[str, Any]
    heat_map: HeatMap
    residual_heat_map: HeatMap


def evaluate_all(
    assessed: list[AssessedRisk],
    policy: RiskPolicy,
    names: dict[str, dict[str, str]],
    *,
    above_acceptance_only: bool = False,
) -> Evaluation:
    rows = [_row(item, policy, names) for item in assessed if item.score is not None]
    rows.sort(key=lambda row: (-row.score.score, -row.score.residual, row.id))
    summary = summarise(rows, policy)
    if above_acceptance_only:
        rows = [row for row in rows if not row.score.acceptable]
    return Evaluation(
        rows,
        summary,
        build_heat_map(rows, policy),
        build_heat_map(rows, policy, residual=True),
    )


def _row(item: AssessedRisk, policy: RiskPolicy, names: dict[str, dict[str, str]]) -> EvaluatedRisk:
    risk, ratings, score = item.model, item.ratings, item.score
    assert score is not None
    if policy.method == LIKELIHOOD_IMPACT:
        shown = {"likelihood": ratings.likelihood, "impact": ratings.impact}
        residual = {
            "likelihood": ratings.residual_likelihood or ratings.likelihood,
            "impact": ratings.residual_impact or ratings.impact,
        }
    else:
        shown = {
            "asset_value": score.asset_value,
            "frequency": ratings.frequency,
            "vulnerability": ratings.vulnerability,
        }
        residual = {
            "asset_value": score.asset_value,
            "frequency": ratings.residual_frequency or ratings.frequency,
            "vulnerability": ratings.residual_vulnerability or ratings.vulnerability,
        }
    return EvaluatedRisk(
        id=risk.id,
        asset=risk.asset,
        asset_name=names["assets"].get(risk.asset or ""),
        threat=risk.threat,
        threat_name=names["threats"].get(risk.threat or ""),
        ratings=shown,
        score=score,
        treatment=risk.treatment,
        owner=risk.owner,
        accepted=item.is_accepted,
        acceptance=item.acceptance,
        accepted_score=risk.accepted_score,
        residual_ratings=residual,
    )


def summarise(rows: list[EvaluatedRisk], policy: RiskPolicy) -> dict[str, Any]:
    levels = Counter(row.score.level for row in rows)
    treatments = Counter(row.treatment for row in rows)
    above = [row for row in rows if not row.score.acceptable]
    return {
        "total": len(rows),
        "method": policy.method,
        "acceptance": policy.acceptance,
        "by_level": {band.name: levels.get(band.name, 0) for band in policy.bands},
        "by_treatment": {name: treatments.get(name, 0) for name in _TREATMENTS},
        "above_acceptance": len(above),
        "above_acceptance_accepted": sum(1 for row in above if row.accepted),
        "treated": sum(1 for row in rows if row.treatment != "accept"),
        "untreated": treatments.get("accept", 0),
        "residual_above_acceptance": sum(1 for row in rows if not row.score.residual_acceptable),
        "total_score": sum(row.score.score for row in rows),
        "total_residual_score": sum(row.score.residual for row in rows),
    }


_TREATMENTS = ("reduce", "accept", "avoid", "transfer")


def build_heat_map(
    rows: list[EvaluatedRisk], policy: RiskPolicy, *, residual: bool = False
) -> HeatMap:
    """The initial (or residual) risks placed by the two factors whose product is the score."""
    if policy.method == LIKELIHOOD_IMPACT:
        row_top = policy.likelihood_scale
        columns = tuple(range(1, policy.impact_scale + 1))
        row_label, column_label = "likelihood", "impact"
    else:
        scales = policy.value_scales
        tops = (scales.confidentiality, scales.integrity, scales.availability)
        row_top = sum(tops) if policy.asset_value == "sum" else max(tops)
        products = {
            frequency * vulnerability
            for frequency in range(1, policy.frequency_scale + 1)
            for vulnerability in range(1, policy.vulnerability_scale + 1)
        }
        columns = tuple(sorted(products))
        row_label, column_label = "asset_value", "frequency_x_vulnerability"
    counts = Counter(_cell(row, policy, residual=residual) for row in rows)
    return HeatMap(row_label, column_label, tuple(range(row_top, 0, -1)), columns, dict(counts))


def _cell(row: EvaluatedRisk, policy: RiskPolicy, *, residual: bool) -> tuple[int, int]:
    ratings = row.residual_ratings if residual else row.ratings
    if policy.method == LIKELIHOOD_IMPACT:
        return ratings["likelihood"] or 0, ratings["impact"] or 0
    product = (ratings["frequency"] or 0) * (ratings["vulnerability"] or 0)
    return ratings["asset_value"] or 0, product
