"""What git says for a management review: the changes since the previous review, and the risk
posture on the day of each of the last reviews (the trend)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ismskit.analysis import Analysis
from ismskit.errors import UsageError
from ismskit.repository.location import DOCUMENT_SOURCES

if TYPE_CHECKING:
    from ismskit.documents.base import ReadVersion
    from ismskit.documents.review_context import RiskTotals
    from ismskit.documents.review_pack import ChangesSince
    from ismskit.history.git import CommitInfo, GitHistory

COMMITS_LISTED = 30


def review_history(analysis: Analysis, version: ReadVersion, today: date) -> dict[str, Any]:
    """The ReportInput fields of the management review that come from git."""
    revisions = _Revisions(version, today)
    return {
        "changes": changes_since_review(analysis, version, today, revisions),
        "risk_history": risk_history(analysis, version, today, revisions),
        "in_git": version.history is not None,
    }


class _Revisions:
    """The registers as committed at a revision, each read once (the previous review's day is both
    the base of the changes and a point of the trend)."""

    def __init__(self, version: ReadVersion, today: date) -> None:
        self.version = version
        self.today = today
        self.read: dict[str, Analysis] = {}

    def at(self, commit: CommitInfo) -> Analysis:
        from ismskit.analysis import analyse
        from ismskit.history.source import GitRevision

        history = self.version.history
        assert history is not None
        if commit.commit not in self.read:
            self.read[commit.commit] = analyse(GitRevision(history, commit), self.today)
        return self.read[commit.commit]


def _at_day(history: GitHistory, day: date) -> CommitInfo | None:
    try:
        return history.resolve(day.isoformat())
    except UsageError:
        return None  # the history starts after that day


def risk_history(
    analysis: Analysis, version: ReadVersion, today: date, revisions: _Revisions
) -> dict[date, RiskTotals]:
    """The risk totals on the day of each review of the trend, from the registers committed then;
    today's from the registers as read."""
    from ismskit.documents.review_context import TREND_REVIEWS

    totals = {today: _totals(analysis)}
    history = version.history
    if history is None or version.commit is None:
        return totals
    days = sorted(e.model.date for e in analysis.isms.registers.reviews if e.model.date < today)
    for day in days[-TREND_REVIEWS:]:
        commit = _at_day(history, day)
        if commit is not None:
            totals[day] = _totals(revisions.at(commit))
    return totals


def _totals(analysis: Analysis) -> RiskTotals:
    from ismskit.documents.review_context import RiskTotals

    scored = [risk.score for risk in analysis.assessed if risk.score is not None]
    return RiskTotals(
        risks=len(scored),
        above=sum(1 for score in scored if not score.acceptable),
        residual_above=sum(1 for score in scored if not score.residual_acceptable),
    )


def changes_since_review(
    analysis: Analysis, version: ReadVersion, today: date, revisions: _Revisions
) -> ChangesSince | None:
    """The posture delta from the registers as committed on the previous review's day."""
    from ismskit.documents.review_pack import previous_review

    previous = previous_review(analysis, today)
    history, head = version.history, version.commit
    if previous is None or history is None or head is None:
        return None
    from ismskit.documents.review_pack import ChangesSince
    from ismskit.history.posture import compare

    base = _at_day(history, previous.date)
    if base is None:
        return None
    before = revisions.at(base)
    diff = compare(before, analysis, base.commit, head.commit)
    since, until = previous.date.isoformat(), today.isoformat()
    commits = [
        commit
        for commit in history.recent_commits(DOCUMENT_SOURCES, head.commit, COMMITS_LISTED * 4)
        if since < commit.author_date[:10] <= until
    ][:COMMITS_LISTED]
    return ChangesSince(
        base=base.commit,
        summary=diff.summary,
        risks_added=diff.risks_added,
        risks_removed=diff.risks_removed,
        risks_changed=[item["id"] for item in diff.risks_changed],
        soa_changed=[item["control"] for item in diff.soa_changed],
        assets_revalued=[item["id"] for item in diff.assets.get("revalued", [])],
        commits=commits,
    )
