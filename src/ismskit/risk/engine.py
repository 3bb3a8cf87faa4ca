"""Risk scoring by the two methods of the contract. Pure: plain values in, plain values out.

asset-threat-vulnerability: V = max (or sum) of the asset's values for the properties the threat
affects; score = V × frequency × vulnerability; residual likewise with the residual ratings.
likelihood-impact: score = likelihood × impact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

ASSET_THREAT_VULNERABILITY = "asset-threat-vulnerability"
LIKELIHOOD_IMPACT = "likelihood-impact"
PROPERTIES = ("confidentiality", "integrity", "availability")

AssetValueRule = Literal["max", "sum"]


@dataclass(frozen=True, slots=True)
class Band:
    name: str
    max: int


@dataclass(frozen=True, slots=True)
class ValueScales:
    """The top of each asset value scale."""

    confidentiality: int = 3
    integrity: int = 3
    availability: int = 3


@dataclass(frozen=True, slots=True)
class RiskPolicy:
    """The method and thresholds from isms.yaml."""

    acceptance: int
    method: str = ASSET_THREAT_VULNERABILITY
    asset_value: AssetValueRule = "max"
    bands: tuple[Band, ...] = ()
    value_scales: ValueScales = ValueScales()
    frequency_scale: int = 3
    vulnerability_scale: int = 3
    likelihood_scale: int = 5
    impact_scale: int = 5


@dataclass(frozen=True, slots=True)
class AssetValues:
    confidentiality: int
    integrity: int
    availability: int


@dataclass(frozen=True, slots=True)
class Ratings:
    """One risk's ratings. A residual rating of None defaults to its initial rating."""

    frequency: int | None = None
    vulnerability: int | None = None
    residual_frequency: int | None = None
    residual_vulnerability: int | None = None
    asset: AssetValues | None = None
    affects: tuple[str, ...] = PROPERTIES
    likelihood: int | None = None
    impact: int | None = None
    residual_likelihood: int | None = None
    residual_impact: int | None = None


@dataclass(frozen=True, slots=True)
class RiskScore:
    score: int
    residual: int
    level: str | None
    residual_level: str | None
    acceptable: bool
    residual_acceptable: bool
    asset_value: int | None = None


def asset_value(values: AssetValues, affects: Sequence[str], rule: AssetValueRule) -> int:
    """V: the max (or sum) of the asset's values for the affected properties (all if none)."""
    chosen = [getattr(values, prop) for prop in (affects or PROPERTIES)]
    return sum(chosen) if rule == "sum" else max(chosen)


def level_of(score: int, bands: Sequence[Band]) -> str | None:
    """The first band whose max is at least the score; None when no band holds it."""
    for band in bands:
        if score <= band.max:
            return band.name
    return None


def evaluate(ratings: Ratings, policy: RiskPolicy) -> RiskScore | None:
    """Score one risk, or None when a rating its method needs is missing."""
    scores = _scores(ratings, policy)
    if scores is None:
        return None
    score, residual, value = scores
    return RiskScore(
        score=score,
        residual=residual,
        level=level_of(score, policy.bands),
        residual_level=level_of(residual, policy.bands),
        acceptable=score <= policy.acceptance,
        residual_acceptable=residual <= policy.acceptance,
        asset_value=value,
    )


def _scores(ratings: Ratings, policy: RiskPolicy) -> tuple[int, int, int | None] | None:
    if policy.method == LIKELIHOOD_IMPACT:
        return _likelihood_impact(ratings)
    if ratings.asset is None or ratings.frequency is None or ratings.vulnerability is None:
        return None
    value = asset_value(ratings.asset, ratings.affects, policy.asset_value)
    frequency = ratings.residual_frequency or ratings.frequency
    vulnerability = ratings.residual_vulnerability or ratings.vulnerability
    score = value * ratings.frequency * ratings.vulnerability
    return score, value * frequency * vulnerability, value


def _likelihood_impact(ratings: Ratings) -> tuple[int, int, None] | None:
    if ratings.likelihood is None or ratings.impact is None:
        return None
    likelihood = ratings.residual_likelihood or ratings.likelihood
    impact = ratings.residual_impact or ratings.impact
    return ratings.likelihood * ratings.impact, likelihood * impact, None


def max_score(policy: RiskPolicy) -> int:
    """The highest score the scales allow."""
    if policy.method == LIKELIHOOD_IMPACT:
        return policy.likelihood_scale * policy.impact_scale
    scales = policy.value_scales
    tops = (scales.confidentiality, scales.integrity, scales.availability)
    top_value = sum(tops) if policy.asset_value == "sum" else max(tops)
    return top_value * policy.frequency_scale * policy.vulnerability_scale
