"""The files of an ISMS as they were at one commit, read from git objects (never the work tree)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ismskit.history.git import CommitInfo, GitHistory
from ismskit.repository.location import REGISTERS_DIR, is_ignored_yaml


@dataclass
class GitRevision:
    """A `SourceFiles` over one commit: file listing from `git ls-tree`, bytes from blobs."""

    history: GitHistory
    commit: CommitInfo
    _files: dict[str, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._files = self.history.list_files(self.commit.commit)

    def blob_id(self, path: str) -> str | None:
        return self._files.get(path)

    def read(self, path: str) -> bytes | None:
        blob = self._files.get(path)
        return None if blob is None else self.history.read_blob(blob)

    def register_files(self) -> list[str]:
        return sorted(path for path in self._files if _is_register(path, ".yaml"))

    def ignored_register_files(self) -> list[str]:
        return sorted(
            path
            for path in self._files
            if path.startswith(REGISTERS_DIR + "/") and is_ignored_yaml(path)
        )


def _is_register(path: str, suffix: str) -> bool:
    return path.startswith(REGISTERS_DIR + "/") and path.endswith(suffix)
