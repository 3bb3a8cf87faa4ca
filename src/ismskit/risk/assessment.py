"""Bridge from the validated registers to the pure engine: which ratings each risk is scored on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
