"""`isms report NAME`: the documents an ISMS office hands to its committee and to auditors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from ismskit.analysis import Analysis
from ismskit.cli.commands.common import ReadPoint
from ismskit.cli.commands.document import DocumentRequest, run_document
from ismskit.errors import UsageError
from ismskit.models.types import Language

if TYPE_CHECKING:
    from ismskit.documents.base import ReportBuilder
    from ismskit.documents.reports import ReportKind


def run_report(
    name: str,
    request: DocumentRequest,
    stream: TextIO,
    errors: TextIO,
    *,
    subject: str | None = None,
) -> int:
    kind = _report_kind(name, request, subject)
    as_json = request.output_format == "json"
    build = _builder(name, kind, as_json=as_json)

    def context(analysis: Analysis, language: Language, read_point: ReadPoint) -> dict[str, Any]:
        from ismskit.analysis import for_unit
        from ismskit.documents.assembly import ReportRequest, report_context

        share = for_unit(analysis, request.unit) if request.unit is not None else None
        report = ReportRequest(name, kind, language, request.today, subject, share, build)
        return report_context(report, analysis, read_point.version())

    return run_document(
        request,
        f"isms report {name}" + (f" {subject}" if subject else ""),
        kind.template,
        context,
        (stream, errors),
        renders_with_errors=kind.renders_with_errors,
        reads=kind.reads,
        render=_json_text if as_json else None,
    )


def _report_kind(name: str, request: DocumentRequest, subject: str | None) -> ReportKind:
    """The report NAME, refused where the ID or --unit given does not fit it."""
    from ismskit.documents.reports import REPORTS

    kind = REPORTS.get(name)
    if kind is None:
        raise UsageError(f"no report '{name}': choose one of {', '.join(REPORTS)}")
    if subject is not None and not kind.takes_subject:
        raise UsageError(f"the report {name} takes no ID (only internal-audit does)")
    if request.unit is not None and not kind.by_unit:
        raise UsageError(f"the report {name} covers the whole ISMS: leave out --unit")
    return kind


def _builder(name: str, kind: ReportKind, *, as_json: bool) -> ReportBuilder:
    """The report's builder: of its Markdown, or of its JSON."""
    if not as_json:
        return kind.build
    if kind.as_json is None:
        from ismskit.documents.reports import REPORTS

        with_json = ", ".join(report for report, k in REPORTS.items() if k.as_json)
        raise UsageError(f"the report {name} is Markdown only; --format json is for {with_json}")
    return kind.as_json


def _json_text(context: dict[str, Any]) -> str:
    import json

    return json.dumps(context["data"], ensure_ascii=False, indent=2) + "\n"
