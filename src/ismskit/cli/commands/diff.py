"""`isms diff`: how the risk posture moved between two revisions (HEAD default: the work tree)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TextIO

from ismskit.analysis import Analysis, analyse
from ismskit.history.git import CommitInfo, GitHistory
from ismskit.history.posture import compare
from ismskit.history.source import GitRevision
from ismskit.messages import say
from ismskit.models.types import Language
from ismskit.reporters.summary import count_of
from ismskit.repository.location import WorkingTree

FORMATS = ("text", "json", "markdown")
WORKING_TREE = "working tree"
_DEFAULT_BRANCHES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")


def run_diff(
    root: Path,
    base: str | None,
    head: str | None,
    *,
    output_format: str,
    fail_on_increase: bool,
    language: Language | None,
    today: date,
    stream: TextIO,
    errors: TextIO | None = None,
) -> int:
    with GitHistory.open(root, "isms diff") as history:
        base_commit = history.resolve(base) if base else default_base(history)
        head_commit = history.resolve(head) if head else None
        before = analyse(GitRevision(history, base_commit), today)
        after = (
            analyse(GitRevision(history, head_commit), today)
            if head_commit
            else analyse(WorkingTree(root), today)
        )
    diff = compare(
        before, after, base_commit.commit, head_commit.commit if head_commit else WORKING_TREE
    )
    chosen = language or _language(after) or _language(before) or "en"
    if output_format == "json":
        stream.write(json.dumps(diff.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        from ismskit.history.posture_report import render_diff

        stream.write(render_diff(diff, chosen, markdown=output_format == "markdown"))
    broken = _report_errors({"BASE": before, "HEAD": after}, errors)
    # The ratchet fails closed: entries with errors have no score, so it cannot see them.
    if fail_on_increase and (diff.unaccepted_increases or "HEAD" in broken):
        return 1
    return 0


def _report_errors(sides: dict[str, Analysis], errors: TextIO | None) -> set[str]:
    broken = {side for side, analysis in sides.items() if analysis.has_errors}
    if errors is not None:
        for side in sorted(broken):
            count = sum(1 for finding in sides[side].findings if finding.is_error)
            errors.write(
                say(
                    (
                        "warning: the registers at {side} have {value} (see 'isms check'); "
                        "entries with errors are left out of the delta\n"
                    ),
                    side=side,
                    value=count_of(count, "error"),
                )
            )
    return broken


def default_base(history: GitHistory) -> CommitInfo:
    """The merge-base with the default branch; else HEAD~1; else HEAD."""
    head = history.resolve("HEAD")
    for ref in _DEFAULT_BRANCHES:
        if history.ref_exists(ref):
            merge_base = history.merge_base(ref, "HEAD")
            if merge_base and merge_base != head.commit:
                return history.commit_info(merge_base)
    if history.ref_exists("HEAD~1"):
        return history.resolve("HEAD~1")
    return head


def _language(analysis: Analysis) -> Language | None:
    return analysis.isms.config.language if analysis.isms.config else None
