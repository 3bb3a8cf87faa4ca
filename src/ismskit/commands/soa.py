"""`isms soa`: render the Statement of Applicability as Markdown."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TextIO

from ismskit.analysis import analyse
from ismskit.commands.common import open_registers, report_blocking_findings
from ismskit.models.types import Language

TEMPLATE = "soa.md.j2"


def run_soa(
    root: Path,
    *,
    language: Language | None,
    output: Path | None,
    at: str | None,
    today: date,
    stream: TextIO,
    errors: TextIO,
) -> int:
    from ismskit.i18n import labels
    from ismskit.output import write_document
    from ismskit.rendering import TemplateFindingError, render_template
    from ismskit.soa_document import as_context, build_soa

    with open_registers(root, at, use_git=True) as read_point:
        analysis = analyse(read_point.source, today)
        revisions = read_point.revisions()
    if report_blocking_findings(analysis, errors):
        return 1
    assert analysis.isms.config is not None
    chosen = language or analysis.isms.config.language
    document = build_soa(analysis, chosen, read_point.stamp, revisions)
    try:
        text = render_template(root, TEMPLATE, as_context(document, labels(chosen)))
    except TemplateFindingError as error:
        from ismskit.reporters import ReportContext
        from ismskit.reporters.text import report_text

        report_text([error.finding], errors, ReportContext(files_checked=1, color=False))
        return 1
    write_document(text, output, stream)
    return 0
