"""The one module that talks to git (through its plumbing commands, in history/plumbing.py).

A fixed number of git processes per command: one `git log` walk, one persistent `git cat-file
--batch` for blobs, one `git ls-tree` per revision read. No revision string from the command line
is ever passed to git where it could be read as an option.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from ismskit.errors import UsageError
from ismskit.history.plumbing import GitCommandError, GitRepository, find_repository
from ismskit.messages import message
from ismskit.repository.reading import SIZE_RULE, FileRefusedError
from ismskit.yaml.limits import size_message

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIELD = "\x1f"
_RECORD = "\x1e"
_LOG_FORMAT = _RECORD + _FIELD.join(("%H", "%aI", "%an", "%cI", "%s"))
_EMPTY_TREE_BLOB = "0" * 40
RECENT_AT_LEAST = 10
_HEAD_LOG = ("log", "-1", f"--format={_LOG_FORMAT}", "HEAD", "--")


class NotInGitError(UsageError):
    """A history command outside a git repository."""


@dataclass(frozen=True, slots=True)
class RevisionStamp:
    """The commit the registers were read at, and whether the working tree differs from it."""

    commit: str
    date: str
    dirty: bool

    @property
    def short(self) -> str:
        return self.commit[:12]


@dataclass(frozen=True, slots=True)
class CommitInfo:
    commit: str
    author_date: str
    author: str
    committer_date: str
    subject: str

    @property
    def short(self) -> str:
        return self.commit[:12]


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """One file of a commit's tree: its mode (`100644`, `120000` for a link), blob and size."""

    mode: str
    blob: str
    size: int

    @property
    def is_link(self) -> bool:
        return self.mode == "120000"


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file changed by a commit: blob ids before and after (None when absent)."""

    path: str
    old_blob: str | None
    new_blob: str | None


@dataclass(frozen=True, slots=True)
class CommitChanges:
    info: CommitInfo
    files: tuple[FileChange, ...]


def open_repository(folder: Path) -> GitRepository | None:
    """The git repository holding `folder`, or None (not a repository, or no git)."""
    return find_repository(folder)


class GitHistory:
    """Git history of one ISMS repository (which may sit in a subfolder of the git work tree)."""

    def __init__(self, repo: GitRepository, isms_root: Path) -> None:
        self.repo = repo
        top = Path(repo.working_tree_dir or isms_root).resolve()
        self.prefix = isms_root.resolve().relative_to(top).as_posix()
        self.prefix = "" if self.prefix == "." else self.prefix + "/"
        self._head: CommitInfo | Literal[False] | None = None  # False: no commits
        self._recent: dict[tuple[tuple[str, ...], str], tuple[int, list[CommitInfo]]] = {}
        # Asked again and again by one command (each dated document reads them): read once.
        self._first_parent_days: list[tuple[str, str]] | None = None
        self._shallow: bool | None = None

    @classmethod
    def open(cls, isms_root: Path, command: str) -> GitHistory:
        repo = open_repository(isms_root)
        if repo is None or repo.bare:
            raise NotInGitError(
                message(
                    (
                        "{command} needs git history, and {isms_root} is not in a git "
                        "repository (or git is not installed): run 'git init' and commit the "
                        "registers first"
                    ),
                    command=command,
                    isms_root=isms_root,
                )
            )
        return cls(repo, isms_root)

    def close(self) -> None:
        self.repo.close()

    def __enter__(self) -> GitHistory:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- revisions ----------------------------------------------------------------------------

    def has_commits(self) -> bool:
        return self.head_commit() is not None

    def resolve(self, revision: str) -> CommitInfo:
        """A commit, tag, branch or `YYYY-MM-DD` (the last first-parent commit on or before it)."""
        if not revision or revision.startswith("-"):
            raise UsageError(
                message(
                    "'{revision}' is not a revision (it must not start with '-')", revision=revision
                )
            )
        if not self.has_commits():
            raise UsageError(
                message("the git repository has no commits yet: commit the registers first")
            )
        if _DATE_RE.match(revision):
            try:
                day = date.fromisoformat(revision).isoformat()
            except ValueError:
                raise UsageError(
                    message(
                        "'{revision}' is not a date: write a real day as YYYY-MM-DD",
                        revision=revision,
                    )
                ) from None
            return self.commit_info(self._commit_on_or_before(day))
        try:
            sha = str(
                self.repo.run(
                    "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
                )
            )
        except GitCommandError:
            raise UsageError(
                message(
                    (
                        "unknown revision '{revision}': name a commit, tag, branch or a date "
                        "YYYY-MM-DD"
                    ),
                    revision=revision,
                )
            ) from None
        return self.commit_info(sha.strip())

    def _commit_on_or_before(self, day: str) -> str:
        for sha, committed in self._first_parent_line():
            if committed <= day:
                return sha
        raise UsageError(
            f"no commit on or before {day}: the history starts later"
            + (
                " (this is a shallow clone: run 'git fetch --unshallow')"
                if self.is_shallow()
                else ""
            )
        )

    def _first_parent_line(self) -> list[tuple[str, str]]:
        """(commit, committer day) of HEAD's first-parent line, newest first."""
        if self._first_parent_days is None:
            out = str(
                self.repo.run(
                    "log", "--first-parent", "--format=%H %cd", "--date=format:%Y-%m-%d", "HEAD"
                )
            )
            lines = (line.partition(" ") for line in out.splitlines())
            self._first_parent_days = [(sha, committed) for sha, _, committed in lines]
        return self._first_parent_days

    def commit_info(self, sha: str) -> CommitInfo:
        out = self.repo.run("show", "-s", f"--format={_LOG_FORMAT}", sha)
        return _parse_info(out.strip(_RECORD + "\n"))

    def head_commit(self) -> CommitInfo | None:
        """HEAD's commit, or None in a repository without commits (one git process, once)."""
        if self._head is None:
            out = self.repo.run(*_HEAD_LOG, check=False)
            self._head = _parse_info(out.strip(_RECORD + "\n")) if out.strip() else False
        return self._head or None

    def start_reading(self, paths: tuple[str, ...], *, status: bool) -> None:
        """Start side by side the git processes a document asks for first: HEAD, the recent
        commits of `paths` and (with `status`) whether the work tree differs there."""
        self.repo.start(*_HEAD_LOG)
        self.repo.start(*self._recent_arguments(paths, "HEAD", RECENT_AT_LEAST))
        if status:
            self.repo.start(*self._status_arguments(paths))

    def is_shallow(self) -> bool:
        if self._shallow is None:
            answer = str(self.repo.run("rev-parse", "--is-shallow-repository")).strip()
            self._shallow = answer == "true"
        return self._shallow

    def merge_base(self, one: str, other: str) -> str | None:
        try:
            return str(self.repo.run("merge-base", one, other)).strip() or None
        except GitCommandError:
            return None

    def ref_exists(self, ref: str) -> bool:
        try:
            self.repo.run(
                "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
            )
        except GitCommandError:
            return False
        return True

    # --- content ------------------------------------------------------------------------------

    def list_files(self, commit: str) -> dict[str, str]:
        """ISMS-relative path → blob id of every file of the ISMS at a commit."""
        return {path: entry.blob for path, entry in self.list_tree(commit).items()}

    def list_tree(self, commit: str) -> dict[str, TreeEntry]:
        """ISMS-relative path → mode, blob id and size of every file of the ISMS at a commit."""
        out = self.repo.run(
            "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", self.prefix or "."
        )
        files = {}
        for record in out.split("\0"):
            if not record:
                continue
            meta, _, path = record.partition("\t")
            mode, kind, blob, size = meta.split()[:4]
            if kind == "blob" and path.startswith(self.prefix):
                files[path[len(self.prefix) :]] = TreeEntry(mode, blob, int(size))
        return files

    def read_blob(self, blob: str, max_bytes: int | None = None) -> bytes:
        """Through one persistent `git cat-file --batch`: one process for all blobs.

        With `max_bytes`, the size is asked first (`--batch-check`): a larger blob is never read
        (FileRefusedError).
        """
        if max_bytes is not None:
            size = self.repo.blob_size(blob)
            if size > max_bytes:
                raise FileRefusedError(SIZE_RULE, size_message(size, max_bytes))
        return self.repo.read_blob(blob)

    def is_dirty(self, paths: tuple[str, ...]) -> bool:
        return bool(self.repo.run(*self._status_arguments(paths)).strip())

    def _status_arguments(self, paths: tuple[str, ...]) -> tuple[str, ...]:
        specs = [self.prefix + path for path in paths]
        return ("status", "--porcelain", "--untracked-files=all", "--", *specs)

    def _recent_arguments(
        self, paths: tuple[str, ...], revision: str, count: int
    ) -> tuple[str, ...]:
        specs = [self.prefix + path for path in paths]
        return ("log", f"--format={_LOG_FORMAT}", f"--max-count={count}", revision, "--", *specs)

    # --- history ------------------------------------------------------------------------------

    def iter_changes(
        self,
        paths: tuple[str, ...],
        *,
        revision: str = "HEAD",
        since: str | None = None,
        until: str | None = None,
        max_count: int | None = None,
    ) -> Iterator[CommitChanges]:
        """Commits that touched `paths` (ISMS-relative), newest first, with their file changes."""
        options = ["--raw", "-z", "--no-abbrev", "--no-renames", f"--format={_LOG_FORMAT}"]
        options += [f"--since={since} 00:00:00"] if since else []
        options += [f"--until={until} 23:59:59"] if until else []
        options += [f"--max-count={max_count}"] if max_count else []
        specs = [self.prefix + path for path in paths]
        out = self.repo.run("log", *options, revision, "--", *specs)
        for chunk in out.split(_RECORD):
            if chunk.strip("\0\n"):
                yield self._parse_commit(chunk)

    def _parse_commit(self, chunk: str) -> CommitChanges:
        header, _, raw = chunk.partition("\n")
        tokens = raw.split("\0")
        files = []
        index = 0
        while index + 1 < len(tokens):
            meta = tokens[index].lstrip("\n")
            if not meta.startswith(":"):
                index += 1
                continue
            parts = meta[1:].split()
            old, new, path = parts[2], parts[3], tokens[index + 1]
            index += 2
            if path.startswith(self.prefix):
                files.append(
                    FileChange(path[len(self.prefix) :], _blob_or_none(old), _blob_or_none(new))
                )
        return CommitChanges(_parse_info(header), tuple(files))

    def first_parent_commits(self, commit: str) -> list[CommitInfo]:
        """The first-parent line up to `commit` (a full id, never user text), newest first."""
        out = self.repo.git.log("--first-parent", f"--format={_LOG_FORMAT}", commit)
        return [_parse_info(chunk) for chunk in out.split(_RECORD) if chunk.strip()]

    def tags_reachable(self, commit: str) -> list[tuple[str, CommitInfo]]:
        """(tag name, its commit) of every tag that `commit` contains, oldest first (by the tag's
        date, then name): one `git for-each-ref` and one `git log --no-walk`."""
        out = str(
            self.repo.git.for_each_ref(
                f"--merged={commit}",
                "--sort=creatordate",
                "--format=%(refname:short)%00%(objectname)%00%(*objectname)",
                "refs/tags",
            )
        )
        tags = []
        for line in out.splitlines():
            name, target, peeled = [*line.split("\0"), "", ""][:3]
            tags.append((name, peeled or target))
        if not tags:
            return []
        shas = sorted({sha for _, sha in tags})
        log = self.repo.git.log("--no-walk=unsorted", f"--format={_LOG_FORMAT}", *shas)
        infos = {info.commit: info for info in map(_parse_info, log.split(_RECORD)[1:])}
        return [(name, infos[sha]) for name, sha in tags if sha in infos]

    def recent_commits(self, paths: tuple[str, ...], revision: str, count: int) -> list[CommitInfo]:
        """The latest `count` commits that touched `paths`; a document's version and its list of
        revisions come from one `git log` (at least ten are asked for)."""
        asked, known = self._recent.get((paths, revision), (0, []))
        if asked < count:
            asked = max(count, RECENT_AT_LEAST)
            # HEAD by name when it is HEAD: the log `start_reading` started is then this one.
            head = self._head.commit if self._head else None
            named = "HEAD" if revision == head else revision
            out = self.repo.run(*self._recent_arguments(paths, named, asked))
            known = [_parse_info(chunk) for chunk in out.split(_RECORD) if chunk.strip()]
            self._recent[(paths, revision)] = (asked, known)
        return known[:count]


def _blob_or_none(blob: str) -> str | None:
    return None if blob == _EMPTY_TREE_BLOB else blob


def _parse_info(header: str) -> CommitInfo:
    commit, author_date, author, committer_date, subject = header.strip("\0\n").split(_FIELD, 4)
    return CommitInfo(commit, author_date, author, committer_date, subject)
