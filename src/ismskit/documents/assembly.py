"""What a report is made from, put together once for every reader: `isms report NAME` renders it
as Markdown (or JSON), `isms site` as a page. The registers arrive analysed; git arrives as a
history and a commit, for the document control block (approved versions), the management review
(changes since the previous review, the trend) and the dates each risk was last rated.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from ismskit.analysis import Analysis
from ismskit.documents.base import DocumentInfo, ReadVersion, ReportBuilder, ReportInput
from ismskit.models.types import Language

if TYPE_CHECKING:
    from ismskit.documents.control import DocumentControl
    from ismskit.documents.reports import ReportKind
    from ismskit.models.config import ScopeUnit

# One unit's share of the registers (`analysis.for_unit`): its analysis and the unit.
UnitShare = tuple[Analysis, "ScopeUnit"]


@dataclass(frozen=True)
class ReportRequest:
    """Which report, of which registers: `name` as in `isms report NAME`."""

    name: str
    kind: ReportKind
    language: Language
    today: date
    subject: str | None = None  # the audit of internal-audit
    share: UnitShare | None = None  # --unit: the report of one unit's share
    build: ReportBuilder | None = None  # instead of kind.build (`--format json`)


def report_context(request: ReportRequest, whole: Analysis, version: ReadVersion) -> dict[str, Any]:
    """The template context of one report: `doc` (what it says about itself), `t`, `data`.

    The control block is of the whole document: a unit's share is an extract of the approved
    document. The report itself is built from the share.
    """
    from ismskit.i18n.labels import labels

    kind = request.kind
    text = labels(request.language)
    info = document_info(whole, text[kind.title_label], request.language, version, request.name)
    analysis, unit = request.share if request.share else (whole, None)
    if unit is not None:
        info = replace(info, unit=unit.name)
    history = from_history(kind, analysis, version, request.today)
    report_input = ReportInput(
        analysis, text, request.language, request.today, request.subject, unit=unit, **history
    )
    build = request.build or kind.build
    return {"doc": info, "t": text, "data": build(report_input)}


def document_info(
    analysis: Analysis, title: str, language: Language, version: ReadVersion, document: str
) -> DocumentInfo:
    """What a document says about itself: whose, which version, and its control block."""
    config = analysis.isms.config
    assert config is not None
    control = document_control(analysis, document, version)
    return DocumentInfo(title, config.organization, config.scope, language, version.stamp, control)


def document_control(analysis: Analysis, document: str, version: ReadVersion) -> DocumentControl:
    """The control block of `document`: its record, approval and approved versions (from git)."""
    from ismskit.documents.control import build_control

    approvals = None
    if version.history is not None and version.commit is not None:
        from ismskit.history.approvals import approval_history

        approvals = approval_history(version.history, version.commit.commit)
    at_revision = not version.reads_working_tree
    return build_control(analysis.isms, document, approvals, at_revision=at_revision)


def from_history(
    kind: ReportKind, analysis: Analysis, version: ReadVersion, today: date
) -> dict[str, Any]:
    """What a report reads from git besides the registers: review trends, rating dates."""
    history: dict[str, Any] = {}
    if kind.reads_history:
        from ismskit.documents.review_history import review_history

        history = review_history(analysis, version, today)
    if kind.reads_rating_dates:
        history["rating_dates"] = rating_dates(version, analysis, today)
    return history


def rating_dates(version: ReadVersion, analysis: Analysis, today: date) -> dict[str, date] | None:
    """When each risk's ratings last changed, from git; None outside git or with no commits."""
    if version.history is None or version.commit is None:
        return None
    if all(entry.model.assessed_on for entry in analysis.isms.registers.risks):
        return {}  # every risk says when it was assessed: no need to walk the history
    from ismskit.history.assessed import ratings_changed_on

    working_tree = analysis.isms.documents if version.reads_working_tree else None
    return ratings_changed_on(version.history, version.commit, working_tree, today)
