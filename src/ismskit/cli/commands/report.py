"""`isms report NAME`: the documents an ISMS office hands to its committee and to auditors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from ismskit.analysis import Analysis
from ismskit.cli.commands.common import ReadPoint
from ismskit.cli.commands.document import DocumentRequest, run_document
from ismskit.errors import UsageError
from ismskit.models.types import Language

if TYPE_CHECKING:
    from ismskit.documents.reports import ReportKind


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
        from ismskit.analysis import for_unit
        from ismskit.documents.assembly import report_context

        unit = None
        if request.unit is not None:
            analysis, unit = for_unit(analysis, request.unit)
        version = read_point.version()
        return report_context(
            kind, analysis, language, version, request.today, subject=subject, unit=unit
        )

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
        raise UsageError(f"no report '{name}': choose one of {', '.join(REPORTS)}")
    if subject is not None and not kind.takes_subject:
        raise UsageError(f"the report {name} takes no ID (only internal-audit does)")
    if unit is not None and not kind.by_unit:
        raise UsageError(f"the report {name} covers the whole ISMS: leave out --unit")
    return kind
