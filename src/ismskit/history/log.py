"""`isms log`: the change history of register entries, from one `git log` walk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ismskit.history.changes import EntryChange, diff_entries, entries_of, entry_id
from ismskit.history.git import CommitInfo, FileChange, GitHistory
from ismskit.loader import parse_cached
from ismskit.repository import CONFIG_FILE, REGISTERS_DIR
from ismskit.yaml_io import LocatedDocument

HISTORY_PATHS = (CONFIG_FILE, REGISTERS_DIR)


@dataclass(frozen=True, slots=True)
class LogEntry:
    commit: CommitInfo
    change: EntryChange

    def as_dict(self) -> dict[str, Any]:
        change = self.change
        item: dict[str, Any] = {
            "commit": self.commit.commit,
            "date": self.commit.author_date,
            "author": self.commit.author,
            "subject": self.commit.subject,
            "register": change.register,
            "id": change.id,
            "change": change.change,
            "fields": [field.as_dict() for field in change.fields],
            "file": change.file,
        }
        if change.previous_file is not None:
            item["previous_file"] = change.previous_file
        return item


def iter_log(
    history: GitHistory,
    ids: tuple[str, ...] = (),
    *,
    since: str | None = None,
    until: str | None = None,
    revision: str = "HEAD",
) -> Iterator[LogEntry]:
    """Entry changes, newest commit first; with `ids`, only entries with one of those ids."""
    wanted = _wanted(ids)
    for commit in history.iter_changes(HISTORY_PATHS, revision=revision, since=since, until=until):
        files = [change for change in commit.files if _is_register_file(change.path)]
        if wanted and not _may_contain(history, files, wanted):
            continue
        old = entries_of(_document(history, change.path, change.old_blob) for change in files)
        new = entries_of(_document(history, change.path, change.new_blob) for change in files)
        for change in diff_entries(old, new):
            if not wanted or change.id in wanted[change.register == "soa"]:
                yield LogEntry(commit.info, change)


def _wanted(ids: tuple[str, ...]) -> tuple[set[str], set[str]] | None:
    """The ids asked for, as written and as SoA control ids (A.5.23 and 5.23 are one control)."""
    if not ids:
        return None
    return set(ids), {entry_id("soa", identifier) or identifier for identifier in ids}


def _may_contain(
    history: GitHistory, files: list[FileChange], wanted: tuple[set[str], set[str]]
) -> bool:
    """Skip parsing commits whose changed blobs cannot hold any of the ids."""
    needles = [identifier.encode() for identifier in wanted[0] | wanted[1]]
    needles += [identifier.removeprefix("A.").encode() for identifier in wanted[1]]
    for change in files:
        for blob in (change.old_blob, change.new_blob):
            if blob and any(needle in history.read_blob(blob) for needle in needles):
                return True
    return False


def _document(history: GitHistory, path: str, blob: str | None) -> LocatedDocument | None:
    if blob is None:
        return None
    return parse_cached(path, blob, lambda: history.read_blob(blob))[0]


def _is_register_file(path: str) -> bool:
    return path.startswith(REGISTERS_DIR + "/") and path.endswith(".yaml")
