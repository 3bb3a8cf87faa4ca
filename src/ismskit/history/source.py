"""The files of an ISMS as they were at one commit, read from git objects (never the work tree)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from ismskit.history.git import CommitInfo, GitHistory, TreeEntry
from ismskit.repository.location import REGISTERS_DIR, is_ignored_yaml
from ismskit.repository.reading import (
    DEFAULT_MAX_BYTES,
    REGISTER_PATH,
    FileRefusedError,
    not_regular_message,
    outside_message,
)
from ismskit.yaml.limits import size_message

# Links followed from one to the next before giving up (as the system does, with ELOOP).
_MOST_LINKS = 8
# A link's blob holds the path it points to: nothing longer is a path.
_LONGEST_LINK = 4096


@dataclass
class GitRevision:
    """A `SourceFiles` over one commit: file listing from `git ls-tree`, bytes from blobs.

    A link is followed inside the ISMS as a checkout would; one that leads out of it, or to
    nothing that is a file, is refused like its counterpart in the working tree.
    """

    history: GitHistory
    commit: CommitInfo
    _files: dict[str, TreeEntry] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._files = self.history.list_tree(self.commit.commit)

    def blob_id(self, path: str) -> str | None:
        entry = self._files.get(path)
        return None if entry is None or entry.is_link else entry.blob

    def read(self, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | None:
        entry = self._resolve(path)
        if entry is None:
            return None
        if entry.size > max_bytes:
            raise FileRefusedError("yaml-limit", size_message(entry.size, max_bytes))
        return self.history.read_blob(entry.blob, max_bytes)

    def register_files(self) -> list[str]:
        return sorted(path for path in self._files if _is_register(path, ".yaml"))

    def ignored_register_files(self) -> list[str]:
        return sorted(
            path
            for path in self._files
            if path.startswith(REGISTERS_DIR + "/") and is_ignored_yaml(path)
        )

    def _resolve(self, path: str) -> TreeEntry | None:
        """The file entry a path leads to, following links inside the ISMS."""
        entry = self._files.get(path)
        for _ in range(_MOST_LINKS):
            if entry is None or not entry.is_link:
                return entry
            target = self.history.read_blob(entry.blob, _LONGEST_LINK).decode("utf-8", "replace")
            path = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            if posixpath.isabs(target) or path == ".." or path.startswith("../"):
                raise FileRefusedError(REGISTER_PATH, outside_message())
            entry = self._files.get(path)
        raise FileRefusedError(REGISTER_PATH, not_regular_message())


def _is_register(path: str, suffix: str) -> bool:
    return path.startswith(REGISTERS_DIR + "/") and path.endswith(suffix)
