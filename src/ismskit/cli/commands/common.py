"""What the commands share: which registers they read, and stopping on errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ismskit.analysis import Analysis
from ismskit.findings import Finding, has_errors
from ismskit.messages import say
from ismskit.reporters import ReportContext
from ismskit.reporters.summary import count_of
from ismskit.repository.location import DOCUMENT_SOURCES, SourceFiles, WorkingTree
from ismskit.rules.concerns import Reads

if TYPE_CHECKING:
    from ismskit.documents.base import ReadVersion
    from ismskit.history.git import CommitInfo, GitHistory, RevisionStamp


EVERY_REGISTER = Reads()


class Gate(Enum):
    """What the findings let a command do: go on, render a marked draft and exit 1, or stop."""

    GO = "go"
    DRAFT = "draft"
    STOP = "stop"


def report_blocking_findings(
    analysis: Analysis, stream: TextIO, reads: Reads = EVERY_REGISTER
) -> bool:
    """Print the findings when there are errors in what a command reads; True when it must stop
    (not for errors its output shows, SHOWN_IN_OUTPUT: the command goes on and exits 1)."""
    return review_findings(analysis, stream, reads) is Gate.STOP


def review_findings(analysis: Analysis, stream: TextIO, reads: Reads = EVERY_REGISTER) -> Gate:
    """Judge the findings about the registers a command reads; hints go to `stream` (stderr)."""
    from ismskit.rules.concerns import split_findings

    mine, others = split_findings(analysis.isms, analysis.findings, reads)
    if not has_errors(mine):
        _note_the_rest(analysis, mine, others, stream)
        return Gate.GO
    from ismskit.reporters.text import report_text

    report_text(mine, stream, ReportContext(len(analysis.isms.files), color=False))
    errors = [finding for finding in mine if finding.is_error]
    rendered = reads.drafts_on | SHOWN_IN_OUTPUT
    if analysis.isms.config is not None and all(f.rule in rendered for f in errors):
        if any(f.rule in reads.drafts_on for f in errors):
            stream.write(
                say(
                    "The document is rendered as a draft: it marks what is not decided yet. "
                    "Decide it and render the document again.\n"
                )
            )
        else:
            stream.write(
                say("The output shows the errors above as they are; the command exits 1.\n")
            )
        return Gate.DRAFT
    stream.write(say("The registers have errors: fix them first (see 'isms check').\n"))
    return Gate.STOP


# Errors that the outputs show themselves, so they do not stop them (the command still exits 1):
# an acceptance that no longer covers its risk is shown as no acceptance.
SHOWN_IN_OUTPUT = frozenset({"risk-acceptance-outdated"})


def _note_the_rest(
    analysis: Analysis, mine: list[Finding], others: list[Finding], stream: TextIO
) -> None:
    if mine:
        stream.write(
            say(
                (
                    "note: {value} in the registers; 'isms check' shows them, with the "
                    "checks that read git history\n"
                ),
                value=count_of(len(mine), "warning"),
            )
        )
    other_errors = [finding for finding in others if finding.is_error]
    if other_errors:
        from ismskit.rules.concerns import concerned_registers

        names = sorted(
            {name for f in other_errors for name in concerned_registers(analysis.isms, f) or ()}
        )
        stream.write(
            say(
                "note: {count} {errors} in registers this command does not read{names}; "
                "'isms check' shows them\n",
                count=len(other_errors),
                errors="error" if len(other_errors) == 1 else "errors",
                names=f" ({', '.join(names)})" if names else "",
            )
        )


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

    def version(self) -> ReadVersion:
        """What a document says of the version it is rendered from, and the git around it."""
        from ismskit.documents.base import ReadVersion

        return ReadVersion(self.stamp, self.history, self.commit, self.reads_working_tree)


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
        history.start_reading(DOCUMENT_SOURCES, status=stamp_dirty)
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
