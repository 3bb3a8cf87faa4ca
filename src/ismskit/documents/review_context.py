"""The inputs of a management review that the context registers answer (9.3.2 b, c, e and the
monitoring results of d), its results (9.3.3), and the trends across reviews. Pure.

Everything is read as it stood on the report's day: nothing dated later shows as done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ismskit.analysis import Analysis
from ismskit.documents.review_pack import (
    ActionStatus,
    action_status,
    closed_by,
    meets_target,
)

if TYPE_CHECKING:
    from ismskit.models.context import InterestedParty, Issue
    from ismskit.models.pdca import Review


@dataclass(frozen=True)
class RiskTotals:
    """The risk posture on one day, from the registers as committed then."""

    risks: int
    above: int  # initial score above the acceptance criteria
    residual_above: int


@dataclass(frozen=True)
class TrendPoint:
    """One column of the trend: a review's day (or the report's), and what stood then."""

    day: date
    review: str | None
    open_nonconformities: int
    objectives_met: int
    objectives_measured: int
    risks: RiskTotals | None  # None: no commit as old as that day


@dataclass
class ReviewContext:
    issues: list[tuple[Issue, bool]] = field(default_factory=list)  # (issue, new in the period)
    parties: list[tuple[InterestedParty, bool]] = field(default_factory=list)
    feedback: list[tuple[str, Any]] = field(default_factory=list)  # (party name, feedback)
    monitoring: list[tuple[str, str, Any]] = field(default_factory=list)  # (id, what, result)
    results: Review | None = None  # the review whose results (9.3.3) the pack shows
    result_actions: list[ActionStatus] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)


TREND_REVIEWS = 3


def assemble_review_context(
    analysis: Analysis,
    today: date,
    since: date | None,
    risk_history: dict[date, RiskTotals] | None = None,
) -> ReviewContext:
    registers = analysis.isms.registers
    context = ReviewContext()

    def in_period(day: date | None) -> bool:
        return day is not None and day <= today and (since is None or day > since)

    context.issues = [
        (e.model, in_period(e.model.identified_on))
        for e in registers.issues
        if e.model.relevant and (e.model.identified_on is None or e.model.identified_on <= today)
    ]
    context.parties = [
        (e.model, in_period(e.model.reviewed_on)) for e in registers.interested_parties
    ]
    context.feedback = sorted(
        (
            (e.model.name, item)
            for e in registers.interested_parties
            for item in e.model.feedback
            if in_period(item.date)
        ),
        key=lambda pair: pair[1].date,
    )
    context.monitoring = [
        (e.model.id, e.model.what, result)
        for e in registers.measurements
        for result in e.model.results
        if in_period(result.date)
    ]
    _results(context, analysis, today)
    context.trend = _trend(analysis, today, risk_history or {})
    return context


def _results(context: ReviewContext, analysis: Analysis, today: date) -> None:
    """9.3.3: the review of the day, or else the latest held."""
    held = [e.model for e in analysis.isms.registers.reviews if e.model.date <= today]
    if not held:
        return
    review = max(held, key=lambda r: r.date)
    context.results = review
    context.result_actions = [action_status(review, action, today) for action in review.actions]


def _trend(
    analysis: Analysis, today: date, risk_history: dict[date, RiskTotals]
) -> list[TrendPoint]:
    reviews = sorted(
        (e.model for e in analysis.isms.registers.reviews if e.model.date <= today),
        key=lambda r: r.date,
    )[-TREND_REVIEWS:]
    days: list[tuple[date, str | None]] = [(review.date, review.id) for review in reviews]
    if not days or days[-1][0] != today:
        days.append((today, None))
    return [_point(analysis, day, review, risk_history.get(day)) for day, review in days]


def _point(
    analysis: Analysis, day: date, review: str | None, risks: RiskTotals | None
) -> TrendPoint:
    registers = analysis.isms.registers
    open_count = sum(
        1
        for e in registers.nonconformities
        if (e.model.detected_on is None or e.model.detected_on <= day)
        and not closed_by(e.model, day)
    )
    met = measured = 0
    for entry in registers.objectives:
        taken = [m for m in entry.model.measurements if m.date <= day]
        if taken:
            measured += 1
            met += bool(meets_target(entry.model, max(taken, key=lambda m: m.date).value))
    return TrendPoint(day, review, open_count, met, measured, risks)
