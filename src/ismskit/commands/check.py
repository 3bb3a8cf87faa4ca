"""`isms check`: validate the repository and report every finding."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TextIO

from ismskit.analysis import ChangeDates, analyse
from ismskit.commands.common import ReadPoint, open_registers
from ismskit.findings import exit_code_for
from ismskit.loader import LoadedIsms
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
    with open_registers(root, at, use_git=True, stamp_dirty=False) as read_point:
        analysis = analyse(read_point.source, today, _change_dates(read_point, today))
    context = ReportContext(
        files_checked=len(analysis.isms.files),
        color=color,
        stamp=None if read_point.reads_working_tree else read_point.stamp,
    )
    get_reporter(output_format)(analysis.findings, stream, context)
    return exit_code_for(analysis.findings, strict=strict)


def _change_dates(read_point: ReadPoint, today: date) -> ChangeDates | None:
    """When entries last changed, from git; None outside git or with no commits."""
    history, commit = read_point.history, read_point.commit
    if history is None or commit is None:
        return None

    def dates(isms: LoadedIsms) -> dict[tuple[str, str], date] | None:
        if isms.config is None or not isms.config.review_interval_months:
            return None
        from ismskit.history.staleness import last_changed

        working_tree = isms.documents if read_point.reads_working_tree else None
        registers = set(isms.config.review_interval_months)
        return last_changed(history, commit, working_tree, today, registers)

    return dates
