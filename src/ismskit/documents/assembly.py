"""What a report is made from, put together once for every reader: `isms report NAME` renders it
as Markdown, `isms site` as a page. The registers arrive analysed; git arrives as a history and a
commit, so that the management review can see what changed since the previous review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ismskit.analysis import Analysis
from ismskit.documents.base import DocumentInfo, ReportInput
from ismskit.errors import UsageError
from ismskit.history.git import CommitInfo, RevisionStamp
from ismskit.models.types import Language
from ismskit.repository.location import CONFIG_FILE, REGISTERS_DIR, TEMPLATES_DIR

if TYPE_CHECKING:
    from ismskit.documents.reports import ReportKind
    from ismskit.documents.review_pack import ChangesSince
    from ismskit.history.git import GitHistory
    from ismskit.models.config import ScopeUnit

COMMITS_LISTED = 30
# What documents are made from: a commit that touches none of these is not a new version.
DOCUMENT_SOURCES = (CONFIG_FILE, REGISTERS_DIR, TEMPLATES_DIR)


@dataclass(frozen=True)
class ReadVersion:
    """The version of the registers a document is rendered from, and the git around it."""

    stamp: RevisionStamp | None = None
    revisions: list[CommitInfo] = field(default_factory=list)
    history: GitHistory | None = None
    commit: CommitInfo | None = None  # the commit read, or HEAD under the working tree


def report_context(
    kind: ReportKind,
    analysis: Analysis,
    language: Language,
    version: ReadVersion,
    today: date,
    *,
    subject: str | None = None,
    unit: ScopeUnit | None = None,
) -> dict[str, Any]:
    """The template context of one report: `doc` (what it says about itself), `t`, `data`.

    With `unit`, `analysis` is that unit's share already (`analysis.for_unit`).
    """
    from ismskit.i18n.labels import labels

    text = labels(language)
    config = analysis.isms.config
    assert config is not None
    changes = changes_since_review(analysis, version, today) if kind.reads_history else None
    doc = DocumentInfo(
        text[kind.title_label],
        config.organization,
        config.scope,
        language,
        version.stamp,
        version.revisions,
        unit.name if unit else None,
    )
    request = ReportInput(analysis, text, language, today, subject, changes, unit)
    return {"doc": doc, "t": text, "data": kind.build(request)}


def changes_since_review(
    analysis: Analysis, version: ReadVersion, today: date
) -> ChangesSince | None:
    """The posture delta from the registers as committed on the previous review's day."""
    from ismskit.documents.review_pack import previous_review

    previous = previous_review(analysis, today)
    history, head = version.history, version.commit
    if previous is None or history is None or head is None:
        return None
    from ismskit.analysis import analyse
    from ismskit.documents.review_pack import ChangesSince
    from ismskit.history.posture import compare
    from ismskit.history.source import GitRevision

    try:
        base = history.resolve(previous.date.isoformat())
    except UsageError:
        return None  # the history starts after the previous review
    before = analyse(GitRevision(history, base), today)
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
