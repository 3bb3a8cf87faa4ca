"""`isms check`: validate the repository and report every finding."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TextIO

from ismskit.analysis import analyse
from ismskit.findings import exit_code_for
from ismskit.reporters import ReportContext, get_reporter
from ismskit.repository import WorkingTree


def run_check(
    root: Path,
    *,
    output_format: str,
    today: date,
    strict: bool,
    stream: TextIO,
    color: bool | None = None,
) -> int:
    analysis = analyse(WorkingTree(root), today)
    context = ReportContext(files_checked=len(analysis.isms.files), color=color)
    get_reporter(output_format)(analysis.findings, stream, context)
    return exit_code_for(analysis.findings, strict=strict)
