"""`isms report NAME`: the documents an ISMS office hands to its committee and to auditors."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, TextIO

from ismskit.analysis import Analysis
from ismskit.cli.commands.common import DOCUMENT_SOURCES, ReadPoint
from ismskit.cli.commands.document import DocumentRequest, run_document
from ismskit.errors import UsageError
from ismskit.messages import message
from ismskit.models.types import Language

if TYPE_CHECKING:
    from ismskit.documents.reports import ReportKind
    from ismskit.documents.review_pack import ChangesSince
    from ismskit.models.config import ScopeUnit

COMMITS_LISTED = 30


def run_report(
    name: str,
    request: DocumentRequest,
    stream: TextIO,
    errors: TextIO,
    *,
    subject: str | None = None,
) -> int:
    kind = _report_kind(name, subject, request.unit)

    def context(analysis: Analysis, language: Language, read_point: ReadPoint) -> dict[str, Any]:
        from ismskit.documents.base import DocumentInfo, ReportInput
        from ismskit.i18n.labels import labels

        text = labels(language)
        config = analysis.isms.config
        assert config is not None
        unit = None
        if request.unit is not None:
            analysis, unit = _one_unit(analysis, request.unit)
        changes = (
            _changes_since_review(analysis, read_point, request) if kind.reads_history else None
        )
        doc = DocumentInfo(
            text[kind.title_label],
            config.organization,
            config.scope,
            language,
            read_point.stamp,
            read_point.revisions(),
            unit.name if unit else None,
        )
        report_input = ReportInput(analysis, text, language, request.today, subject, changes, unit)
        return {"doc": doc, "t": text, "data": kind.build(report_input)}

    return run_document(
        request,
        f"isms report {name}" + (f" {subject}" if subject else ""),
        kind.template,
        context,
        (stream, errors),
        renders_with_errors=kind.renders_with_errors,
    )


def _report_kind(name: str, subject: str | None, unit: str | None) -> ReportKind:
    """The report NAME, refused where the ID or --unit given does not fit it."""
    from ismskit.documents.reports import REPORTS

    kind = REPORTS.get(name)
    if kind is None:
        raise UsageError(
            message(
                "no report '{name}': choose one of {value}", name=name, value=", ".join(REPORTS)
            )
        )
    if subject is not None and not kind.takes_subject:
        raise UsageError(
            message("the report {name} takes no ID (only internal-audit does)", name=name)
        )
    if unit is not None and not kind.by_unit:
        raise UsageError(
            message("the report {name} covers the whole ISMS: leave out --unit", name=name)
        )
    return kind


def _one_unit(analysis: Analysis, wanted: str) -> tuple[Analysis, ScopeUnit]:
    from ismskit.repository.units import find_unit, restrict_to_unit

    config = analysis.isms.config
    unit = find_unit(config.scope_details if config else None, wanted)
    registers = restrict_to_unit(analysis.isms.registers, unit)
    kept = {id(entry) for entry in registers.risks}
    assessed = [risk for risk in analysis.assessed if id(risk.risk) in kept]
    isms = replace(analysis.isms, registers=registers)
    return replace(analysis, isms=isms, assessed=assessed), unit


def _changes_since_review(
    analysis: Analysis, read_point: ReadPoint, request: DocumentRequest
) -> ChangesSince | None:
    """The posture delta from the registers as committed on the previous review's day."""
    from ismskit.documents.review_pack import previous_review

    previous = previous_review(analysis, request.today)
    history, head = read_point.history, read_point.commit
    if previous is None or history is None or head is None:
        return None
    from ismskit.analysis import analyse
    from ismskit.documents.review_pack import ChangesSince
    from ismskit.history.posture import compare
    from ismskit.history.source import GitRevision

    try:
        base = history.resolve(previous.date.isoformat())
    except UsageError:  # in git, but its history starts after the previous review
        return ChangesSince("", {}, [], [], [], [], [], [])
    before = analyse(GitRevision(history, base), request.today)
    diff = compare(before, analysis, base.commit, head.commit)
    since, until = previous.date.isoformat(), request.today.isoformat()
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
