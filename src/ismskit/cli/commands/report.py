"""`isms report NAME`: the documents an ISMS office hands to its committee and to auditors."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from ismskit.analysis import Analysis
from ismskit.cli.commands.common import ReadPoint
from ismskit.cli.commands.document import DocumentRequest, run_document
from ismskit.errors import UsageError
from ismskit.models.types import Language

if TYPE_CHECKING:
    from ismskit.documents.base import DocumentInfo, ReportBuilder
    from ismskit.documents.reports import ReportKind
    from ismskit.models.config import ScopeUnit


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
        from ismskit.documents.base import ReportInput
        from ismskit.i18n.labels import labels

        text = labels(language)
        info = _document_info(name, analysis, text[kind.title_label], language, read_point)
        unit = None
        if request.unit is not None:
            analysis, unit = _one_unit(analysis, request.unit)
            info = replace(info, unit=unit.name)
        history = _from_history(kind, request, analysis, read_point)
        report_input = ReportInput(
            analysis, text, language, request.today, subject, unit=unit, **history
        )
        return {"doc": info, "t": text, "data": build(report_input)}

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


def _from_history(
    kind: ReportKind, request: DocumentRequest, analysis: Analysis, read_point: ReadPoint
) -> dict[str, Any]:
    """What a report reads from git besides the registers: review trends, rating dates."""
    history: dict[str, Any] = {}
    if kind.reads_history:
        from ismskit.cli.commands.review_history import review_history

        history = review_history(analysis, read_point, request.today)
    if kind.reads_rating_dates:
        history["rating_dates"] = _rating_dates(read_point, request, analysis)
    return history


def _document_info(
    name: str, analysis: Analysis, title: str, language: Language, read_point: ReadPoint
) -> DocumentInfo:
    """What the report says about itself; its control block is of the whole document (a unit's
    share, --unit, is an extract of the approved document)."""
    from ismskit.cli.commands.document import document_control
    from ismskit.documents.base import DocumentInfo

    config = analysis.isms.config
    assert config is not None
    control = document_control(analysis, name, read_point)
    return DocumentInfo(
        title, config.organization, config.scope, language, read_point.stamp, control
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


def _rating_dates(
    read_point: ReadPoint, request: DocumentRequest, analysis: Analysis
) -> dict[str, date] | None:
    """When each risk's ratings last changed, from git; None outside git or with no commits."""
    if read_point.history is None or read_point.commit is None:
        return None
    if all(entry.model.assessed_on for entry in analysis.isms.registers.risks):
        return {}  # every risk says when it was assessed: no need to walk the history
    from ismskit.history.assessed import ratings_changed_on

    working_tree = analysis.isms.documents if read_point.reads_working_tree else None
    return ratings_changed_on(read_point.history, read_point.commit, working_tree, request.today)


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


def _one_unit(analysis: Analysis, wanted: str) -> tuple[Analysis, ScopeUnit]:
    from ismskit.repository.units import find_unit, restrict_to_unit

    config = analysis.isms.config
    unit = find_unit(config.scope_details if config else None, wanted)
    registers = restrict_to_unit(analysis.isms.registers, unit)
    kept = {id(entry) for entry in registers.risks}
    assessed = [risk for risk in analysis.assessed if id(risk.risk) in kept]
    isms = replace(analysis.isms, registers=registers)
    return replace(analysis, isms=isms, assessed=assessed), unit
