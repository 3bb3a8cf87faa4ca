"""`isms site -o DIR`: build the static site from the registers (at --at), then write it whole.

Registers with errors still give a site, built from the entries that are valid, with a page that
lists the findings; the command then exits 1, like a document rendered as a draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from ismskit.cli.commands.common import open_registers
from ismskit.findings import Finding
from ismskit.history.trend import TrendBy
from ismskit.messages import say
from ismskit.models.types import Language


@dataclass(frozen=True)
class SiteOptions:
    root: Path
    output: Path
    language: Language | None
    today: date
    at: str | None
    unit: str | None
    trend_by: TrendBy


def run_site(options: SiteOptions, stream: TextIO, errors: TextIO) -> int:
    from ismskit.analysis import analyse
    from ismskit.site.build import SiteRequest, build_site
    from ismskit.site.writing import write_site

    with open_registers(options.root, options.at, use_git=True) as read_point:
        analysis = analyse(read_point.source, options.today)
        config = analysis.isms.config
        language = options.language or (config.language if config else "en")
        request = SiteRequest(
            options.root, analysis, language, options.today, read_point.version(),
            options.unit, options.trend_by, options.at,
        )  # fmt: skip
        site = build_site(request)
    write_site(options.output, site.files)
    pages = sum(1 for name in site.files if name.endswith(".html"))
    stream.write(
        say(
            "Wrote {pages} pages to {folder}/ (open index.html).\n",
            pages=pages,
            folder=options.output,
        )
    )
    return _report_findings(site.findings, site.pages_not_rendered, errors)


def _report_findings(findings: list[Finding], not_rendered: int, errors: TextIO) -> int:
    # A template that failed is counted among the documents not rendered, not the registers.
    error_count = sum(1 for f in findings if f.is_error and f.rule != "template")
    if not_rendered:
        errors.write(
            say(
                "isms: {count} document(s) could not be rendered; see findings.html\n",
                count=not_rendered,
            )
        )
    if error_count:
        errors.write(
            say(
                "isms: the registers have {count} error(s): the site is built from the valid "
                "entries and lists every finding in findings.html ('isms check' shows them too)\n",
                count=error_count,
            )
        )
    return 1 if error_count or not_rendered else 0
