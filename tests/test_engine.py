"""The risk engine: exact scores for both methods, and properties that hold for any ratings."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from ismskit.risk.engine import (
    LIKELIHOOD_IMPACT,
    PROPERTIES,
    AssetValues,
    Band,
    Ratings,
    RiskPolicy,
    ValueScales,
    asset_value,
    evaluate,
    level_of,
    max_score,
)

BANDS = (Band("low", 8), Band("medium", 18), Band("high", 27))


def test_asset_value_takes_max_or_sum_over_affected_properties() -> None:
    values = AssetValues(confidentiality=3, integrity=2, availability=1)
    assert asset_value(values, ("integrity", "availability"), "max") == 2
    assert asset_value(values, ("integrity", "availability"), "sum") == 3
    assert asset_value(values, (), "max") == 3  # no affects: all three
    assert asset_value(values, (), "sum") == 6


def test_atv_score_and_residual() -> None:
    policy = RiskPolicy(acceptance=8, bands=BANDS)
    ratings = Ratings(
        asset=AssetValues(3, 3, 2),
        affects=("confidentiality", "integrity"),
        frequency=3,
        vulnerability=2,
        residual_vulnerability=1,
    )
    score = evaluate(ratings, policy)
    assert score is not None
    assert (score.score, score.residual) == (18, 9)
    assert (score.level, score.residual_level) == ("medium", "medium")
    assert (score.acceptable, score.residual_acceptable) == (False, False)


def test_residual_defaults_to_initial_ratings() -> None:
    policy = RiskPolicy(acceptance=8)
    score = evaluate(Ratings(asset=AssetValues(2, 2, 2), frequency=2, vulnerability=2), policy)
    assert score is not None
    assert score.residual == score.score == 8
    assert score.acceptable  # <= acceptance is acceptable
    assert score.level is None  # no bands configured


def test_likelihood_impact_ignores_asset_values() -> None:
    policy = RiskPolicy(acceptance=6, method=LIKELIHOOD_IMPACT)
    ratings = Ratings(likelihood=4, impact=3, residual_likelihood=2, asset=AssetValues(3, 3, 3))
    score = evaluate(ratings, policy)
    assert score is not None
    assert (score.score, score.residual, score.acceptable) == (12, 6, False)
    assert score.residual_acceptable


def test_missing_rating_gives_no_score() -> None:
    assert evaluate(Ratings(asset=AssetValues(1, 1, 1), frequency=1), RiskPolicy(8)) is None
    assert evaluate(Ratings(likelihood=2), RiskPolicy(8, method=LIKELIHOOD_IMPACT)) is None


def test_level_is_first_band_holding_the_score() -> None:
    assert level_of(8, BANDS) == "low"
    assert level_of(9, BANDS) == "medium"
    assert level_of(27, BANDS) == "high"
    assert level_of(28, BANDS) is None


def test_max_score_follows_scales_and_value_rule() -> None:
    scales = ValueScales(confidentiality=4, integrity=2, availability=2)
    assert max_score(RiskPolicy(8, value_scales=scales)) == 4 * 3 * 3
    assert max_score(RiskPolicy(8, value_scales=scales, asset_value="sum")) == 8 * 3 * 3
    assert max_score(RiskPolicy(8, method=LIKELIHOOD_IMPACT, likelihood_scale=4)) == 20


SCALE = 5
rating = st.integers(min_value=1, max_value=SCALE)
affects = st.lists(st.sampled_from(PROPERTIES), unique=True, max_size=3).map(tuple)


@st.composite
def atv_cases(draw: st.DrawFn) -> tuple[Ratings, RiskPolicy]:
    policy = RiskPolicy(
        acceptance=draw(st.integers(1, 400)),
        asset_value=draw(st.sampled_from(["max", "sum"])),
        value_scales=ValueScales(SCALE, SCALE, SCALE),
        frequency_scale=SCALE,
        vulnerability_scale=SCALE,
    )
    ratings = Ratings(
        asset=AssetValues(draw(rating), draw(rating), draw(rating)),
        affects=draw(affects),
        frequency=draw(rating),
        vulnerability=draw(rating),
        residual_frequency=draw(st.none() | rating),
        residual_vulnerability=draw(st.none() | rating),
    )
    return ratings, policy


@given(atv_cases(), st.sampled_from(["frequency", "vulnerability"]))
def test_score_is_monotonic_in_each_rating(case: tuple[Ratings, RiskPolicy], name: str) -> None:
    ratings, policy = case
    current = getattr(ratings, name)
    if current == SCALE:
        return
    lower = evaluate(ratings, policy)
    higher = evaluate(replace(ratings, **{name: current + 1}), policy)
    assert lower is not None
    assert higher is not None
    assert higher.score > lower.score


@given(atv_cases(), st.sampled_from(PROPERTIES))
def test_score_never_falls_when_an_asset_value_rises(
    case: tuple[Ratings, RiskPolicy], prop: str
) -> None:
    ratings, policy = case
    assert ratings.asset is not None
    if getattr(ratings.asset, prop) == SCALE:
        return
    raised = replace(ratings.asset, **{prop: getattr(ratings.asset, prop) + 1})
    lower = evaluate(ratings, policy)
    higher = evaluate(replace(ratings, asset=raised), policy)
    assert lower is not None
    assert higher is not None
    assert higher.score >= lower.score


@given(atv_cases())
def test_residual_not_above_initial_when_residual_ratings_are_not(
    case: tuple[Ratings, RiskPolicy],
) -> None:
    ratings, policy = case
    assert ratings.frequency is not None
    assert ratings.vulnerability is not None
    if (ratings.residual_frequency or 0) > ratings.frequency:
        return
    if (ratings.residual_vulnerability or 0) > ratings.vulnerability:
        return
    score = evaluate(ratings, policy)
    assert score is not None
    assert score.residual <= score.score


@given(atv_cases())
def test_every_score_lies_within_the_product_of_the_scales(
    case: tuple[Ratings, RiskPolicy],
) -> None:
    ratings, policy = case
    score = evaluate(ratings, policy)
    assert score is not None
    assert score.residual >= 1
    assert 1 <= score.score <= max_score(policy)
    assert score.acceptable == (score.score <= policy.acceptance)


@given(rating, rating, st.none() | rating, st.none() | rating)
def test_likelihood_impact_properties(
    likelihood: int, impact: int, residual_likelihood: int | None, residual_impact: int | None
) -> None:
    policy = RiskPolicy(8, method=LIKELIHOOD_IMPACT, likelihood_scale=SCALE, impact_scale=SCALE)
    ratings = Ratings(
        likelihood=likelihood,
        impact=impact,
        residual_likelihood=residual_likelihood,
        residual_impact=residual_impact,
    )
    score = evaluate(ratings, policy)
    assert score is not None
    assert score.score == likelihood * impact <= max_score(policy)
    if (residual_likelihood or 0) <= likelihood and (residual_impact or 0) <= impact:
        assert score.residual <= score.score
