"""The one module that talks to git (through gitpython)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from git import Repo

# Without this, importing gitpython fails outright on a machine without git.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")


@dataclass(frozen=True, slots=True)
class RevisionStamp:
    """The commit the registers were read at, and whether the working tree differs from it."""

    commit: str
    date: str
    dirty: bool

    @property
    def short(self) -> str:
        return self.commit[:12]


def open_repository(folder: Path) -> Repo | None:
    """The git repository holding `folder`, or None (not a repository, or no git)."""
    try:
        from git import Repo
        from git.exc import GitError, NoSuchPathError
    except ImportError:
        return None
    try:
        return Repo(folder, search_parent_directories=True)
    except (GitError, NoSuchPathError, OSError):
        return None


def read_stamp(root: Path, paths: tuple[str, ...]) -> RevisionStamp | None:
    """HEAD's commit and date, and whether `paths` (relative to `root`) have uncommitted changes."""
    repo = open_repository(root)
    if repo is None or not repo.head.is_valid():
        return None
    from git.exc import GitError

    with repo:
        commit = repo.head.commit
        top = Path(repo.working_tree_dir or root).resolve()
        pathspecs = [(root / path).resolve().relative_to(top).as_posix() for path in paths]
        try:
            status = repo.git.status("--porcelain", "--untracked-files=all", "--", *pathspecs)
        except GitError:
            status = ""
        return RevisionStamp(commit.hexsha, commit.committed_datetime.isoformat(), bool(status))
