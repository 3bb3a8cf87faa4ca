"""What the commands share: which registers they read, and stopping on errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ismskit.analysis import Analysis
from ismskit.reporters import ReportContext
from ismskit.reporters.summary import plural
from ismskit.repository import CONFIG_FILE, REGISTERS_DIR, TEMPLATES_DIR, SourceFiles, WorkingTree

if TYPE_CHECKING:
    from ismskit.history.git import CommitInfo, RevisionStamp


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


@dataclass
class ReadPoint:
    """Which version of the registers a command reads, and what a document says about it."""

    source: SourceFiles
    stamp: RevisionStamp | None = None
    revisions: list[CommitInfo] = field(default_factory=list)


DOCUMENT_SOURCES = (CONFIG_FILE, REGISTERS_DIR, TEMPLATES_DIR)
REVISION_HISTORY_LENGTH = 10


@contextmanager
def open_registers(
    root: Path, at: str | None, *, with_history: bool = False
) -> Iterator[ReadPoint]:
    """The working tree (stamped with HEAD when in git), or the registers at `--at REV_OR_DATE`."""
    if at is None and not with_history:
        yield ReadPoint(WorkingTree(root))
        return
    from ismskit.history.git import GitHistory, RevisionStamp, open_repository
    from ismskit.history.source import GitRevision

    if at is None and open_repository(root) is None:
        yield ReadPoint(WorkingTree(root))
        return
    with GitHistory.open(root, "--at") as history:
        if at is None:
            head = history.head_commit()
            if head is None:
                yield ReadPoint(WorkingTree(root))
                return
            stamp = RevisionStamp(
                head.commit, head.committer_date, history.is_dirty(DOCUMENT_SOURCES)
            )
            source: SourceFiles = WorkingTree(root)
        else:
            head = history.resolve(at)
            stamp = RevisionStamp(head.commit, head.committer_date, dirty=False)
            source = GitRevision(history, head)
        revisions = (
            history.recent_commits(DOCUMENT_SOURCES, head.commit, REVISION_HISTORY_LENGTH)
            if with_history
            else []
        )
        yield ReadPoint(source, stamp, revisions)
