"""Bridge from the validated registers to the pure engine: which ratings each risk is scored on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ismskit.models.registers import RISK_RATINGS
from ismskit.repository.loader import Located, Registers
from ismskit.risk.engine import (
    AssetValues,
    Band,
    Ratings,
    RiskPolicy,
    RiskScore,
    ValueScales,
    evaluate,
)

if TYPE_CHECKING:
    from ismskit.models.config import RiskSettings
    from ismskit.models.entries import Asset, Risk, Threat


@dataclass(frozen=True, slots=True)
class AssessedRisk:
    """A risk with its score; `score` is None when it cannot be scored (see isms check)."""

    risk: Located[Risk]
    score: RiskScore | None
    ratings: Ratings

    @property
    def model(self) -> Risk:
        return self.risk.model

    @property
    def accepted_level(self) -> int | None:
        return accepted_level(self.model, self.score)

    @property
    def acceptance(self) -> AcceptanceState:
        return acceptance_state(self.model, self.accepted_level)

    @property
    def is_accepted(self) -> bool:
        """Accepted as the risk stands now: an acceptance for a lower score counts as none."""
        return self.acceptance in ("covering", "unbound")


# none: no acceptance recorded; covering: recorded for a score at least the one now; outdated:
# recorded for a lower score; unbound: recorded without the score it was for (before 1.1).
AcceptanceState = Literal["none", "covering", "outdated", "unbound"]


def accepted_level(risk: Risk, score: RiskScore | None) -> int | None:
    """The score an acceptance must cover: the residual score (for treatment accept, the score:
    nothing is done about the risk)."""
    if score is None:
        return None
    return score.score if risk.treatment == "accept" else score.residual


def acceptance_state(risk: Risk, level: int | None) -> AcceptanceState:
    if not risk.is_accepted:
        return "none"
    if risk.accepted_score is None:
        return "unbound"
    if level is not None and level > risk.accepted_score:
        return "outdated"
    return "covering"


def build_policy(settings: RiskSettings) -> RiskPolicy:
    scales = settings.scales
    return RiskPolicy(
        acceptance=settings.acceptance,
        method=settings.method,
        asset_value=settings.asset_value,
        bands=tuple(Band(level.name, level.max) for level in settings.levels),
        value_scales=ValueScales(
            scales.value.confidentiality, scales.value.integrity, scales.value.availability
        ),
        frequency_scale=scales.frequency,
        vulnerability_scale=scales.vulnerability,
        likelihood_scale=scales.likelihood,
        impact_scale=scales.impact,
    )


def ratings_for(risk: Risk, asset: Asset | None, threat: Threat | None) -> Ratings:
    """The ratings of one risk: its own, its asset's values and its threat's frequency."""
    values = (
        AssetValues(asset.confidentiality, asset.integrity, asset.availability) if asset else None
    )
    return _ratings(risk, values, threat)


def _ratings(risk: Risk, values: AssetValues | None, threat: Threat | None) -> Ratings:
    threat_frequency = threat.frequency if threat else None
    return Ratings(
        frequency=risk.frequency or threat_frequency,
        vulnerability=risk.vulnerability,
        residual_frequency=risk.residual_frequency,
        residual_vulnerability=risk.residual_vulnerability,
        asset=values,
        affects=tuple(threat.affects) if threat and threat.affects else (),
        likelihood=risk.likelihood,
        impact=risk.impact,
        residual_likelihood=risk.residual_likelihood,
        residual_impact=risk.residual_impact,
    )


def score_of(risk: Risk, registers: Registers, policy: RiskPolicy) -> RiskScore | None:
    """One risk's score against the registers' assets and threats (a risk not yet in them)."""
    asset = next((e.model for e in registers.assets if e.model.id == risk.asset), None)
    threat = next((e.model for e in registers.threats if e.model.id == risk.threat), None)
    return evaluate(ratings_for(risk, asset, threat), policy)


def assess_risks(registers: Registers, policy: RiskPolicy) -> list[AssessedRisk]:
    """Every risk of the registers with its score, in register order.

    Scores depend on the ratings alone, and thousands of risks share a few hundred: each distinct
    set (a risk's own, its asset's values, its threat's frequency) is scored once."""
    values = {
        entry.model.id: AssetValues(
            entry.model.confidentiality, entry.model.integrity, entry.model.availability
        )
        for entry in registers.assets
    }
    threats = {entry.model.id: entry.model for entry in registers.threats}
    known: dict[tuple[Any, ...], tuple[Ratings, RiskScore | None]] = {}
    assessed = []
    for entry in registers.risks:
        risk = entry.model
        asset = values.get(risk.asset) if risk.asset else None
        threat = threats.get(risk.threat) if risk.threat else None
        key = (
            *(getattr(risk, name) for name in RISK_RATINGS),
            asset,
            None if threat is None else (threat.frequency, *(threat.affects or ())),
        )
        found = known.get(key)
        if found is None:
            ratings = _ratings(risk, asset, threat)
            found = known[key] = (ratings, evaluate(ratings, policy))
        assessed.append(AssessedRisk(entry, found[1], found[0]))
    return assessed
