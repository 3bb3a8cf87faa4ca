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
    check: Path | None = None,
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
    if check is not None:
        return _check_rendering(check, text, errors)
    write_document(text, output, stream)
    return 0


def _check_rendering(path: Path, text: str, errors: TextIO) -> int:
    """Exit 1 when the committed rendering differs from a fresh one (and say how to fix it)."""
    import difflib

    try:
        committed = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        errors.write(f"isms: cannot read {path}: {error}\n")
        return 1
    if committed == text:
        errors.write(f"{path} is up to date.\n")
        return 0
    diff = difflib.unified_diff(
        committed.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=f"{path} (committed)",
        tofile=f"{path} (rendered now)",
        n=1,
    )
    errors.write("".join(list(diff)[:60]))
    errors.write(f"\n{path} is out of date: run 'isms soa --output {path}' and commit it.\n")
    return 1
