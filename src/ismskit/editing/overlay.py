"""The working tree as a write would leave it: some files replaced by new texts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ismskit.repository.location import REGISTERS_DIR, WorkingTree
from ismskit.repository.reading import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class OverlaySource:
    """A `SourceFiles` that reads `replaced` texts first, then the working tree."""

    base: WorkingTree
    replaced: Mapping[str, bytes]

    def read(self, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | None:
        if path in self.replaced:
            return self.replaced[path]
        return self.base.read(path, max_bytes)

    def register_files(self) -> list[str]:
        added = {
            path
            for path in self.replaced
            if path.startswith(f"{REGISTERS_DIR}/") and path.endswith(".yaml")
        }
        return sorted(set(self.base.register_files()) | added)

    def ignored_register_files(self) -> list[str]:
        return self.base.ignored_register_files()

    def blob_id(self, _path: str) -> str | None:
        return None
