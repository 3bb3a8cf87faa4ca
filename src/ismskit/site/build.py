"""Build the whole site in memory: page file name → bytes. The same registers (and --today) give
the same bytes: nothing here reads the clock, and every list is in a fixed order."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from ismskit.analysis import Analysis
from ismskit.documents.base import ReadVersion
from ismskit.documents.batch import prepare_rendering_here
from ismskit.findings import Finding
from ismskit.history.trend import TrendBy, TrendPoint
from ismskit.messages import localise, localise_findings
from ismskit.models.types import Language
from ismskit.site.document_pages import DocumentSource, DocumentsRendering, RenderedDocument
from ismskit.site.pages import NavItem, Page, SiteFrame, render_pages

STYLESHEET = "site.css"
MARKER = ".isms-site"  # says a folder holds a site `isms site` wrote, so it may replace it
READINESS_PAGE = "report-readiness.html"
PAGE_TEMPLATE = "site/page.html.j2"  # what every page's template extends


@dataclass(frozen=True)
class SiteRequest:
    root: Path
    analysis: Analysis
    language: Language
    today: date
    version: ReadVersion
    unit: str | None = None
    trend_by: TrendBy = "month"
    at: str | None = None  # --at: the registers of a commit, not the working tree


@dataclass
class Site:
    files: dict[str, bytes] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)  # of the registers, and of templates
    pages_not_rendered: int = 0


def build_site(request: SiteRequest) -> Site:
    from ismskit.i18n.labels import labels

    text = labels(request.language)
    analysis, unit = request.analysis, None
    if request.unit is not None:
        from ismskit.analysis import for_unit

        analysis, unit = for_unit(request.analysis, request.unit)
    rendering = None
    if request.analysis.isms.config is not None:
        source = DocumentSource(
            request.root, request.analysis, analysis, unit, request.language, request.version,
            request.today,
        )  # fmt: skip
        rendering = DocumentsRendering(source, text, keep_data_of=READINESS_PAGE)
    # Drawn while the documents are made; the readiness report's figures and the templates'
    # findings are added once they are.
    trend = _trend(request, analysis, text)
    dashboard = _dashboard(request, analysis, text)
    prepare_rendering_here(request.root, PAGE_TEMPLATE)
    documents = _in_language(rendering.documents() if rendering else [], request.language)
    findings = [*request.analysis.findings, *(d.finding for d in documents if d.finding)]
    errors = sum(1 for finding in findings if finding.is_error)
    dashboard.context.update(
        readiness=_readiness(documents), errors=errors, warnings=len(findings) - errors
    )
    frame = _frame(request, text, unit.name if unit else None)
    pages = [
        dashboard,
        trend,
        _documents_index(documents, text),
        *(_document_page(document) for document in documents),
    ]
    site = Site(findings=findings, pages_not_rendered=sum(1 for d in documents if d.html is None))
    _render_into(site, request.root, frame, pages, text)
    # Last: it lists the findings of every other page's template too.
    findings_page = Page(
        "findings.html", text["site_findings"], "findings.html", "site/findings.html.j2",
        {"findings": localise_findings(site.findings, request.language)},
    )  # fmt: skip
    _render_into(site, request.root, frame, [findings_page], text)
    for document in documents:
        site.files.update(document.figures)
    site.files[STYLESHEET] = _stylesheet()
    site.files[MARKER] = b"A static site written by `isms site`; it is replaced as a whole.\n"
    return site


def _in_language(documents: list[RenderedDocument], language: Language) -> list[RenderedDocument]:
    """Why a document could not be made, in the site's language."""
    return [
        replace(document, problem=localise(document.problem, language))
        if document.problem
        else document
        for document in documents
    ]


def _render_into(
    site: Site, root: Path, frame: SiteFrame, pages: list[Page], text: dict[str, str]
) -> None:
    rendered = render_pages(root, frame, pages, text)
    for page, (html, failed) in zip(pages, rendered, strict=True):
        site.files[page.file] = html
        if failed is not None:
            site.findings.append(failed)
            site.pages_not_rendered += 1


def _frame(request: SiteRequest, text: dict[str, str], unit: str | None) -> SiteFrame:
    config = request.analysis.isms.config
    organization = config.organization if config else ""
    nav = [
        NavItem("index.html", text["site_dashboard"]),
        NavItem("trend.html", text["site_trend"]),
        NavItem("documents.html", text["site_documents"]),
        NavItem("findings.html", text["site_findings"]),
    ]
    title = text["site_title"].format(organization=organization).strip()
    return SiteFrame(
        request.language, title, organization, nav, request.version.stamp,
        request.today.isoformat(), unit,
    )  # fmt: skip


def _readiness(documents: list[RenderedDocument]) -> dict[str, Any] | None:
    """The readiness report's rows and counts (assessed once, for the report and the dashboard)."""
    report = next((d for d in documents if d.file == READINESS_PAGE and d.data), None)
    return report.data if report else None


def _dashboard(request: SiteRequest, analysis: Analysis, text: dict[str, str]) -> Page:
    from ismskit.site.dashboard import DUE_WITHIN_DAYS, dashboard

    context: dict[str, Any] = dashboard(analysis, request.language, text, request.today, None)
    context.update(due_within=DUE_WITHIN_DAYS, has_config=request.analysis.isms.config is not None)
    return Page(
        "index.html", text["site_dashboard"], "index.html", "site/dashboard.html.j2", context
    )


def _trend(request: SiteRequest, analysis: Analysis, text: dict[str, str]) -> Page:
    from ismskit.history.trend import posture_of, trend_points, unit_narrowing
    from ismskit.site.trend_page import trend_page

    version = request.version
    commit = version.commit
    month = commit.committer_date[:7] if request.at and commit else request.today.isoformat()[:7]
    now = TrendPoint(month, None, posture_of(analysis.isms))
    points = [now]
    if version.history is not None and commit is not None:
        narrow = unit_narrowing(request.unit) if request.unit else None
        points = trend_points(version.history, commit.commit, now, request.trend_by, narrow)
    now_label = text["site_trend_now"] if request.trend_by == "tag" else month
    context = {
        **trend_page(points, text, now_label),
        "in_git": version.history is not None and commit is not None,
        "by": request.trend_by,
    }
    return Page("trend.html", text["site_trend"], "trend.html", "site/trend.html.j2", context)


def _documents_index(documents: list[RenderedDocument], text: dict[str, str]) -> Page:
    return Page(
        "documents.html",
        text["site_documents"],
        "documents.html",
        "site/documents.html.j2",
        {"documents": documents},
    )


def _document_page(document: RenderedDocument) -> Page:
    return Page(
        document.file,
        document.title,
        "documents.html",
        "site/document.html.j2",
        {"document": document},
        document.classification,
    )


def _stylesheet() -> bytes:
    from ismskit.documents.rendering import builtin_templates_dir

    return (builtin_templates_dir() / "site" / STYLESHEET).read_bytes()
