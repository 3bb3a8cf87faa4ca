"""Every document the tool renders, as a page: the SoA and each report, made by the same builders
and templates as `isms soa` and `isms report NAME` (the repository's own templates/ included), its
Markdown turned into HTML. One page per internal audit.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from markupsafe import Markup

from ismskit.analysis import Analysis
from ismskit.documents.assembly import ReportRequest, document_control, report_context
from ismskit.documents.base import ReadVersion
from ismskit.documents.batch import Failed, render_in_worker
from ismskit.documents.budget import Deadline, cannot_render
from ismskit.documents.rendering import TemplateFindingError, decode_rendering, template_error
from ismskit.errors import UsageError
from ismskit.findings import Finding
from ismskit.models.types import Language
from ismskit.repository.location import TEMPLATES_DIR
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


@dataclass(frozen=True)
class _Pending:
    """A document whose template is still to render (all are rendered together)."""

    file: str
    title: str
    template: str
    context: dict[str, Any]
    figures: dict[str, bytes]


@dataclass(frozen=True)
class _Planned:
    """A document to make: its page, its title should it not be made, and how to make it."""

    file: str
    title: str
    template: str
    make: Callable[[], _Pending | RenderedDocument]
    weight: int = 0  # entries it lays out: the heaviest are made first, each by a worker


class DocumentsRendering:
    """The documents being made, each whole (its data built, rendered, turned into HTML) by a
    worker (documents/batch.py), while the caller draws the other pages."""

    def __init__(
        self, source: DocumentSource, text: dict[str, str], keep_data_of: str | None = None
    ) -> None:
        from ismskit.documents.batch import start_tasks

        self._own = source.root / TEMPLATES_DIR
        planned = _planned(source, text)
        self._order = sorted(range(len(planned)), key=lambda index: -planned[index].weight)
        self._planned = [planned[index] for index in self._order]
        tasks = [
            partial(_made, self._own, plan, plan.file == keep_data_of) for plan in self._planned
        ]
        self._running = start_tasks(tasks)

    def documents(self) -> list[RenderedDocument]:
        """The documents in the order of the site (not the order they were made in)."""
        results = self._running.results()
        pairs = zip(self._planned, results, strict=True)
        made = [self._document(plan, result) for plan, result in pairs]
        in_order = list(made)
        for position, index in enumerate(self._order):
            in_order[index] = made[position]
        return in_order

    def _document(self, plan: _Planned, result: bytes | Failed) -> RenderedDocument:
        if isinstance(result, Failed):
            message = cannot_render(result.reason)
            finding = template_error(self._own, plan.template, message).finding
            return RenderedDocument(plan.file, plan.title, None, finding.message, finding=finding)
        document: RenderedDocument = pickle.loads(result)
        return document


def render_documents(source: DocumentSource, text: dict[str, str]) -> list[RenderedDocument]:
    return DocumentsRendering(source, text).documents()


def _made(own: Path, plan: _Planned, keeps_data: bool, deadline: Deadline) -> bytes:
    """A task in a worker: the document made whole, pickled."""
    made = plan.make()
    if isinstance(made, _Pending):
        output = render_in_worker(own, made.template, made.context, deadline)
        try:
            html = _as_html(decode_rendering(output, own, made.template), made.context)
        except TemplateFindingError as error:
            made = _finished(made, error, keeps_data)
        else:
            made = _finished(made, html, keeps_data)
    return pickle.dumps(made, pickle.HIGHEST_PROTOCOL)


def _planned(source: DocumentSource, text: dict[str, str]) -> list[_Planned]:
    from ismskit.documents.reports import REPORTS

    soa = partial(_soa, source, text)
    weight = len(source.whole.isms.registers.soa)
    documents = [_Planned("soa.html", text["soa_title"], SOA_TEMPLATE, soa, weight)]
    for name, kind in REPORTS.items():
        if source.unit is not None and not kind.by_unit:
            continue  # of the whole ISMS only, as `isms report` refuses --unit for it
        if kind.takes_subject:
            documents += _per_subject(source, text, name, kind)
        else:
            documents.append(_planned_report(source, text, f"report-{name}.html", name, kind))
    return documents


def _planned_report(
    source: DocumentSource,
    text: dict[str, str],
    file: str,
    name: str,
    kind: ReportKind,
    subject: str | None = None,
) -> _Planned:
    title = text.get(kind.title_label, kind.title_label) + (f" {subject}" if subject else "")
    make = partial(_report, source, file, name, kind, subject)
    return _Planned(file, title, kind.template, make, _weight(source, kind))


def _weight(source: DocumentSource, kind: ReportKind) -> int:
    """The entries a report lays out: those of the registers it reads (a report of every
    register is a summary); one that reads the registers as they were at an earlier revision
    reads the risks again."""
    registers = source.analysis.isms.registers
    laid_out = sum(len(getattr(registers, name, ())) for name in kind.reads.registers or ())
    return laid_out + (len(registers.risks) if kind.reads_history else 0)


def _soa(source: DocumentSource, text: dict[str, str]) -> _Pending:
    from ismskit.documents.soa import as_context, build_soa

    control = document_control(source.whole, "soa", source.version)
    document = build_soa(
        source.whole, source.language, source.version.stamp, control, text["soa_title"]
    )
    context = as_context(document, text)
    return _pending("soa.html", text["soa_title"], SOA_TEMPLATE, context)


def _per_subject(
    source: DocumentSource, text: dict[str, str], name: str, kind: ReportKind
) -> list[_Planned]:
    """One page per internal audit, oldest first (by date held, else planned)."""
    audits = sorted(
        (entry.model for entry in source.analysis.isms.registers.audits),
        key=lambda audit: ((audit.date or audit.planned_on or date.max).isoformat(), audit.id),
    )
    return [
        _planned_report(source, text, f"report-{name}-{number}.html", name, kind, audit.id)
        for number, audit in enumerate(audits, start=1)
    ]


def _report(
    source: DocumentSource, file: str, name: str, kind: ReportKind, subject: str | None
) -> _Pending | RenderedDocument:
    share = (source.analysis, source.unit) if kind.by_unit and source.unit else None
    request = ReportRequest(name, kind, source.language, source.today, subject, share)
    try:
        context = report_context(request, source.whole, source.version)
    except UsageError as error:
        return RenderedDocument(file, subject or kind.title_label, None, str(error))
    title = context["doc"].title + (f" {subject}" if subject else "")
    return _pending(file, title, kind.template, context)


def _pending(file: str, title: str, template: str, context: dict[str, Any]) -> _Pending:
    return _Pending(file, title, template, context, _figure_files(file, context))


def _as_html(markdown: str, context: dict[str, Any]) -> str:
    """A document's Markdown as HTML: its figures, drawn by us, are the only HTML it keeps."""
    data = context.get("data") or {}
    trusted = [v for k, v in data.items() if k.endswith("_svg") and isinstance(v, str)]
    return markdown_html(markdown, trusted)


def _finished(
    document: _Pending, html: str | TemplateFindingError, keeps_data: bool
) -> RenderedDocument:
    file, title, context = document.file, document.title, document.context
    if isinstance(html, TemplateFindingError):
        finding = html.finding
        return RenderedDocument(file, title, None, finding.message, finding=finding)
    data = context.get("data") if keeps_data else None
    return RenderedDocument(
        file, title, Markup(html), None, _classification(context), document.figures,
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
