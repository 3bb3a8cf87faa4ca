"""Every document the tool renders, as a page: the SoA and each report, made by the same builders
and templates as `isms soa` and `isms report NAME` (the repository's own templates/ included), its
Markdown turned into HTML. One page per internal audit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from markupsafe import Markup

from ismskit.analysis import Analysis
from ismskit.documents.assembly import ReadVersion, ReportRequest, document_control, report_context
from ismskit.documents.rendering import TemplateFindingError, render_template
from ismskit.errors import UsageError
from ismskit.findings import Finding
from ismskit.models.types import Language
from ismskit.site.markdown import markdown_html

if TYPE_CHECKING:
    from ismskit.documents.reports import ReportKind
    from ismskit.models.config import ScopeUnit

SOA_TEMPLATE = "soa.md.j2"


@dataclass(frozen=True)
class DocumentSource:
    """What the documents are rendered from: the registers (one unit's share, or the whole)."""

    root: Path
    whole: Analysis
    analysis: Analysis  # == whole, or the unit's share
    unit: ScopeUnit | None
    language: Language
    version: ReadVersion
    today: date


@dataclass(frozen=True)
class RenderedDocument:
    file: str  # the page: soa.html, report-risk-assessment.html, ...
    title: str
    html: Markup | None  # None: it could not be rendered (see `problem`)
    problem: str | None = None
    classification: str | None = None
    figures: dict[str, bytes] = field(default_factory=dict)  # image files beside the page
    finding: Finding | None = None  # a template that failed
    data: dict[str, Any] = field(default_factory=dict)  # what the builder gave the template


class _Figure(Protocol):
    """An image a builder draws for its document (written next to the Markdown by `isms report`)."""

    slug: str
    svg: str


def render_documents(source: DocumentSource, text: dict[str, str]) -> list[RenderedDocument]:
    from ismskit.documents.reports import REPORTS

    documents = [_soa(source, text)]
    for name, kind in REPORTS.items():
        if source.unit is not None and not kind.by_unit:
            continue  # of the whole ISMS only, as `isms report` refuses --unit for it
        if kind.takes_subject:
            documents += _per_subject(source, name, kind)
        else:
            documents.append(_report(source, f"report-{name}.html", name, kind, None))
    return documents


def _soa(source: DocumentSource, text: dict[str, str]) -> RenderedDocument:
    from ismskit.documents.soa import as_context, build_soa

    control = document_control(source.whole, "soa", source.version)
    document = build_soa(
        source.whole, source.language, source.version.stamp, control, text["soa_title"]
    )
    context = as_context(document, text)
    return _render(source, "soa.html", text["soa_title"], SOA_TEMPLATE, context)


def _per_subject(source: DocumentSource, name: str, kind: ReportKind) -> list[RenderedDocument]:
    """One page per internal audit, oldest first (by date held, else planned)."""
    audits = sorted(
        (entry.model for entry in source.analysis.isms.registers.audits),
        key=lambda audit: ((audit.date or audit.planned_on or date.max).isoformat(), audit.id),
    )
    return [
        _report(source, f"report-{name}-{number}.html", name, kind, audit.id)
        for number, audit in enumerate(audits, start=1)
    ]


def _report(
    source: DocumentSource, file: str, name: str, kind: ReportKind, subject: str | None
) -> RenderedDocument:
    share = (source.analysis, source.unit) if kind.by_unit and source.unit else None
    request = ReportRequest(name, kind, source.language, source.today, subject, share)
    try:
        context = report_context(request, source.whole, source.version)
    except UsageError as error:
        return RenderedDocument(file, subject or kind.title_label, None, str(error))
    title = context["doc"].title + (f" {subject}" if subject else "")
    return _render(source, file, title, kind.template, context)


def _render(
    source: DocumentSource, file: str, title: str, template: str, context: dict[str, Any]
) -> RenderedDocument:
    figures = _figure_files(file, context)
    try:
        markdown = render_template(source.root, template, context)
    except TemplateFindingError as error:
        return RenderedDocument(file, title, None, error.finding.message, finding=error.finding)
    trusted = [
        value
        for key, value in (context.get("data") or {}).items()
        if key.endswith("_svg") and isinstance(value, str)
    ]
    html = Markup(markdown_html(markdown, trusted))
    data = context.get("data")
    return RenderedDocument(
        file, title, html, None, _classification(context), figures,
        data=data if isinstance(data, dict) else {},
    )  # fmt: skip


def _figure_files(file: str, context: dict[str, Any]) -> dict[str, bytes]:
    """A builder's figures as files beside the page (`<page>.<slug>.svg`); the template names them
    through `figure_files`, as the Markdown of `isms report --output` does."""
    data = context.get("data")
    figures: list[_Figure] = data.get("figures", []) if isinstance(data, dict) else []
    stem = file.removesuffix(".html")
    names = {figure.slug: f"{stem}.{figure.slug}.svg" for figure in figures}
    context["figure_files"] = names
    return {names[figure.slug]: figure.svg.encode("utf-8") for figure in figures}


def _classification(context: dict[str, Any]) -> str | None:
    """The classification of the document's record (its control block), when it has one."""
    record = getattr(getattr(context.get("doc"), "control", None), "record", None)
    value = getattr(record, "classification", None)
    return value if isinstance(value, str) and value else None
