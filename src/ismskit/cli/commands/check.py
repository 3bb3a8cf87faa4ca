"""`isms check`: validate the repository and report every finding."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TextIO

from ismskit.analysis import Analysis, ChangeDates, GitFacts, analyse
from ismskit.cli.commands.common import ReadPoint, open_registers
from ismskit.findings import Finding, exit_code_for
from ismskit.reporters import ReportContext, get_reporter
from ismskit.repository.loader import LoadedIsms


def run_check(
    root: Path,
    *,
    output_format: str,
    today: date,
    strict: bool,
    stream: TextIO,
    at: str | None = None,
    color: bool | None = None,
    changed_since: str | None = None,
    errors: TextIO | None = None,
) -> int:
    with open_registers(root, at, use_git=True, stamp_dirty=False) as read_point:
        analysis = analyse(read_point.source, today, git_facts(read_point, today))
        findings = analysis.findings
        if changed_since is not None:
            findings = _findings_of_change(read_point, changed_since, analysis, today, errors)
    context = ReportContext(
        files_checked=len(analysis.isms.files),
        color=color,
        stamp=None if read_point.reads_working_tree else read_point.stamp,
        path_prefix=read_point.history.prefix if read_point.history is not None else "",
    )
    get_reporter(output_format)(findings, stream, context)
    return exit_code_for(findings, strict=strict)


def _findings_of_change(
    read_point: ReadPoint,
    revision: str,
    analysis: Analysis,
    today: date,
    errors: TextIO | None,
) -> list[Finding]:
    from ismskit.history.changed import findings_of_change
    from ismskit.history.git import NotInGitError

    if read_point.history is None:
        raise NotInGitError("--changed-since needs git history, and this is not a git repository")
    scope = findings_of_change(
        read_point.history, read_point.history.resolve(revision), analysis, today
    )
    if errors is not None:
        listed = ", ".join(f"{c.register} {c.id} ({c.change})" for c in scope.changes[:50])
        more = f" and {len(scope.changes) - 50} more" if len(scope.changes) > 50 else ""
        errors.write(
            f"Changed since {revision} ({scope.base.short}): {listed or 'no entry'}{more}\n"
        )
    return scope.findings


def git_facts(read_point: ReadPoint, today: date) -> GitFacts:
    """What the rules that read git history need; nothing outside git or before a commit."""
    history, commit = read_point.history, read_point.commit
    if history is None or commit is None:
        return GitFacts()
    from ismskit.history.approvals import approval_history

    return GitFacts(
        _change_dates(read_point, today), lambda _isms: approval_history(history, commit.commit)
    )


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
