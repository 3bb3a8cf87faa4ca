"""Bridge from the validated registers to the pure engine: which ratings each risk is scored on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

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


def assess_risks(registers: Registers, policy: RiskPolicy) -> list[AssessedRisk]:
    """Every risk of the registers with its score, in register order."""
    assets = {entry.model.id: entry.model for entry in registers.assets}
    threats = {entry.model.id: entry.model for entry in registers.threats}
    assessed = []
    for entry in registers.risks:
        risk = entry.model
        asset = assets.get(risk.asset) if risk.asset else None
        threat = threats.get(risk.threat) if risk.threat else None
        ratings = ratings_for(risk, asset, threat)
        assessed.append(AssessedRisk(entry, evaluate(ratings, policy), ratings))
    return assessed
