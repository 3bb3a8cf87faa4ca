"""What the document commands share: stop on errors after showing them."""

from __future__ import annotations

from typing import TextIO

from ismskit.analysis import Analysis
from ismskit.reporters import ReportContext
from ismskit.reporters.summary import plural


def report_blocking_findings(analysis: Analysis, stream: TextIO) -> bool:
    """Print the findings when there are errors (and say so); True when the command must stop."""
    if not analysis.has_errors:
        warnings = len(analysis.findings)
        if warnings:
            stream.write(f"note: {plural(warnings, 'warning')}; run 'isms check' to see them\n")
        return False
    from ismskit.reporters.text import report_text

    report_text(analysis.findings, stream, ReportContext(len(analysis.isms.files), color=False))
    stream.write("The registers have errors: fix them first (see 'isms check').\n")
    return True
