"""Where an ISMS repository is, and which files of it are read."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ismskit.errors import RepositoryNotFoundError
from ismskit.repository.reading import DEFAULT_MAX_BYTES, read_regular_file

CONFIG_FILE = "isms.yaml"
REGISTERS_DIR = "registers"
TEMPLATES_DIR = "templates"
# What documents are made from: a commit that touches none of these is not a new version.
DOCUMENT_SOURCES = (CONFIG_FILE, REGISTERS_DIR, TEMPLATES_DIR)


def find_repository(start: Path, explicit: Path | None = None) -> Path:
    """The folder holding isms.yaml: `explicit`, or the first one walking up from `start`."""
    if explicit is not None:
        root = explicit.expanduser().resolve()
        if not (root / CONFIG_FILE).is_file():
            raise RepositoryNotFoundError(
                f"no {CONFIG_FILE} in {explicit}: --repo must name the folder that holds "
                f"{CONFIG_FILE}"
            )
        return root
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise RepositoryNotFoundError(
        f"no {CONFIG_FILE} found in {start} or any parent folder; run isms inside an ISMS "
        f"repository or name one with --repo PATH"
    )


class SourceFiles(Protocol):
    """The files of one version of a repository: the working tree, or (later) a git revision."""

    def read(self, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | None:
        """The bytes of the file at a repository-relative path, or None if absent.

        Raises FileRefusedError (reading.py) for a file that is not a regular file inside the
        repository, or one over `max_bytes`: it is never read.
        """

    def register_files(self) -> list[str]:
        """Every registers/**/*.yaml, repository-relative with '/', sorted by path."""

    def ignored_register_files(self) -> list[str]:
        """Files under registers/ that look like YAML but are not read (*.yml)."""

    def blob_id(self, path: str) -> str | None:
        """A content id of the file when one is known without reading it (a git blob id)."""


@dataclass(frozen=True)
class WorkingTree:
    """The files as they are on disk now."""

    root: Path

    def read(self, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | None:
        return read_regular_file(self.root, path, max_bytes)

    def register_files(self) -> list[str]:
        return sorted(self._relative("*.yaml"))

    def blob_id(self, _path: str) -> str | None:
        return None

    def ignored_register_files(self) -> list[str]:
        return sorted(path for path in self._relative("*") if is_ignored_yaml(path))

    def _relative(self, pattern: str) -> Iterator[str]:
        folder = self.root / REGISTERS_DIR
        if not folder.is_dir():
            return
        if not os.path.realpath(folder).startswith(os.path.join(os.path.realpath(self.root), "")):
            yield REGISTERS_DIR  # a link out of the repository: refused when read, never walked
            return
        for path in folder.rglob(pattern):
            # Everything but a folder: a link, a FIFO or a device named *.yaml is reported (and
            # never read), not skipped in silence.
            if path.is_symlink() or not path.is_dir():
                yield path.relative_to(self.root).as_posix()


def is_ignored_yaml(path: str) -> bool:
    """A file that looks like YAML but is not read: only the exact ending `.yaml` is."""
    return path.lower().endswith((".yaml", ".yml")) and not path.endswith(".yaml")
