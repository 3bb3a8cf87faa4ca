"""`isms check`: validate the repository and report every finding."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TextIO

from ismskit.analysis import analyse
from ismskit.commands.common import open_registers
from ismskit.findings import exit_code_for
from ismskit.reporters import ReportContext, get_reporter


def run_check(
    root: Path,
    *,
    output_format: str,
    today: date,
    strict: bool,
    stream: TextIO,
    at: str | None = None,
    color: bool | None = None,
) -> int:
    with open_registers(root, at) as read_point:
        analysis = analyse(read_point.source, today)
    context = ReportContext(
        files_checked=len(analysis.isms.files), color=color, stamp=read_point.stamp
    )
    get_reporter(output_format)(analysis.findings, stream, context)
    return exit_code_for(analysis.findings, strict=strict)
