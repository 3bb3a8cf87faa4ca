"""What the commands share: which registers they read, and stopping on errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ismskit.analysis import Analysis
from ismskit.messages import say
from ismskit.reporters import ReportContext
from ismskit.reporters.summary import plural
from ismskit.repository.location import (
    CONFIG_FILE,
    REGISTERS_DIR,
    TEMPLATES_DIR,
    SourceFiles,
    WorkingTree,
)

if TYPE_CHECKING:
    from ismskit.history.git import CommitInfo, GitHistory, RevisionStamp


def report_blocking_findings(analysis: Analysis, stream: TextIO) -> bool:
    """Print the findings when there are errors (and say so); True when the command must stop."""
    if not analysis.has_errors:
        warnings = len(analysis.findings)
        if warnings:
            stream.write(
                say(
                    (
                        "note: {value} in the registers; 'isms check' shows them, with the "
                        "checks that read git history\n"
                    ),
                    value=plural(warnings, "warning"),
                )
            )
        return False
    from ismskit.reporters.text import report_text

    report_text(analysis.findings, stream, ReportContext(len(analysis.isms.files), color=False))
    stream.write(say("The registers have errors: fix them first (see 'isms check').\n"))
    return True


DOCUMENT_SOURCES = (CONFIG_FILE, REGISTERS_DIR, TEMPLATES_DIR)
REVISION_HISTORY_LENGTH = 10


@dataclass
class ReadPoint:
    """Which version of the registers a command reads, and what git says about it."""

    source: SourceFiles
    stamp: RevisionStamp | None = None
    history: GitHistory | None = None
    commit: CommitInfo | None = None  # the commit read, or HEAD under the working tree

    @property
    def reads_working_tree(self) -> bool:
        return isinstance(self.source, WorkingTree)

    def revisions(self, count: int = REVISION_HISTORY_LENGTH) -> list[CommitInfo]:
        """The latest commits that touched what documents are made from, newest first."""
        if self.history is None or self.commit is None:
            return []
        return self.history.recent_commits(DOCUMENT_SOURCES, self.commit.commit, count)


@contextmanager
def open_registers(
    root: Path, at: str | None, *, use_git: bool = False, stamp_dirty: bool = True
) -> Iterator[ReadPoint]:
    """The working tree (with its git history when `use_git`), or the registers at `--at`.

    `stamp_dirty=False` skips asking git whether the work tree differs (a `git status`), for
    commands that do not print the stamp.
    """
    if at is None and not use_git:
        yield ReadPoint(WorkingTree(root))
        return
    from ismskit.history.git import GitHistory, open_repository
    from ismskit.history.source import GitRevision

    if at is None and open_repository(root) is None:
        yield ReadPoint(WorkingTree(root))
        return
    with GitHistory.open(root, "--at") as history:
        if at is not None:
            commit = history.resolve(at)
            stamp = _stamp(history, commit, dirty=False)
            yield ReadPoint(GitRevision(history, commit), stamp, history, commit)
            return
        head = history.head_commit()
        if head is None:
            yield ReadPoint(WorkingTree(root), history=history)
            return
        dirty = stamp_dirty and history.is_dirty(DOCUMENT_SOURCES)
        yield ReadPoint(WorkingTree(root), _stamp(history, head, dirty=dirty), history, head)


def _stamp(history: GitHistory, commit: CommitInfo, *, dirty: bool) -> RevisionStamp:
    """The version of the registers: the newest commit, up to `commit`, that changed them.

    Not simply HEAD: committing a rendered document next to the registers must not change the
    version that the document itself names (`isms soa --check` would never agree).
    """
    from ismskit.history.git import RevisionStamp

    changed = history.recent_commits(DOCUMENT_SOURCES, commit.commit, 1)
    version = changed[0] if changed else commit
    return RevisionStamp(version.commit, version.committer_date, dirty)
