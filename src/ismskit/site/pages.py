"""One page of the site: the frame every page shares (title, navigation, version) around its
content, rendered from templates/site/ through the documents' sandboxed, autoescaping Jinja.

Each page carries its own Content-Security-Policy: nothing loads from outside the site, no script
runs, and the one inline style (the print header) is allowed by its hash alone.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ismskit.documents.rendering import TemplateFindingError
from ismskit.findings import Finding
from ismskit.history.git import RevisionStamp
from ismskit.messages import localise
from ismskit.models.types import Language


@dataclass(frozen=True)
class NavItem:
    file: str
    label: str


@dataclass(frozen=True)
class SiteFrame:
    """What every page shows around its content."""

    language: Language
    title: str  # the site's title: the organisation's ISMS
    organization: str
    nav: list[NavItem]
    stamp: RevisionStamp | None
    today: str
    unit: str | None = None


@dataclass(frozen=True)
class Page:
    file: str
    title: str
    nav: str  # the file of the navigation item this page belongs to
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    classification: str | None = None


def render_pages(
    root: Path, frame: SiteFrame, pages: list[Page], text: dict[str, str]
) -> list[tuple[bytes, Finding | None]]:
    """Each page, or, when its template fails (a repository's own templates/site/ may replace
    ours), a plain page that says so, and the finding."""
    from ismskit.documents.batch import RenderJob, render_all

    jobs = [RenderJob(page.template, _context(frame, page, text)) for page in pages]
    return [
        _page_or_plain(frame, page, text, rendered)
        for page, rendered in zip(pages, render_all(root, jobs), strict=True)
    ]


def render_page(
    root: Path, frame: SiteFrame, page: Page, text: dict[str, str]
) -> tuple[bytes, Finding | None]:
    """One page, as `render_pages` renders it."""
    return render_pages(root, frame, [page], text)[0]


def _page_or_plain(
    frame: SiteFrame, page: Page, text: dict[str, str], rendered: str | TemplateFindingError
) -> tuple[bytes, Finding | None]:
    if isinstance(rendered, TemplateFindingError):
        reason = localise(rendered.finding.message, frame.language)
        message = text["site_not_rendered"].format(reason=reason)
        return _plain_page(frame, page, message), rendered.finding
    return rendered.encode("utf-8"), None


def _plain_page(frame: SiteFrame, page: Page, message: str) -> bytes:
    html = (
        f'<!DOCTYPE html>\n<html lang="{frame.language}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(page.title)}</title>\n</head>\n<body>\n<h1>{escape(page.title)}</h1>\n"
        f"<p>{escape(message)}</p>\n</body>\n</html>\n"
    )
    return html.encode("utf-8")


def _context(frame: SiteFrame, page: Page, text: dict[str, str]) -> dict[str, Any]:
    style = print_style(frame, page, text)
    return {
        **page.context,
        "site": frame,
        "page": page,
        "t": text,
        "print_style": Markup(style),
        "style_hash": _hash(style),
    }


def print_style(frame: SiteFrame, page: Page, text: dict[str, str]) -> str:
    """The print header of this page: organisation and title, and the classification, on every
    printed page (CSS page margin boxes), with page numbers below."""
    left = f"{frame.organization} {page.title}".strip()
    right = (
        text["site_classification"].format(value=page.classification) if page.classification else ""
    )
    return (
        "@page{"
        f"@top-left{{content:{css_string(left)}}}"
        f"@top-right{{content:{css_string(right)}}}"
        '@bottom-right{content:counter(page) " / " counter(pages)}'
        "}"
    )


def css_string(value: str) -> str:
    """`value` as a quoted CSS string that no text can break out of (not even `</style>`)."""
    escaped = [
        char
        if (char.isascii() and (char.isalnum() or char == " "))
        or (not char.isascii() and _is_plain(char))
        else f"\\{ord(char):06x}"
        for char in value
    ]
    return '"' + "".join(escaped) + '"'


def _is_plain(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def _hash(style: str) -> str:
    digest = hashlib.sha256(style.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")
