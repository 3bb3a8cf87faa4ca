"""`isms log`: the change history of register entries, from one `git log` walk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ismskit.history.changes import (
    EntryChange,
    EntryKey,
    EntrySnapshot,
    diff_entries,
    entries_of,
    entry_id,
)
from ismskit.history.chunks import changed_texts, split_entries
from ismskit.history.git import CommitInfo, FileChange, GitHistory
from ismskit.loader import parse_cached
from ismskit.repository import CONFIG_FILE, REGISTERS_DIR
from ismskit.yaml_io import LocatedDocument, load_document

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
        old: dict[EntryKey, EntrySnapshot] = {}
        new: dict[EntryKey, EntrySnapshot] = {}
        for change in commit.files:
            if _is_register_file(change.path):
                before, after = _changed_entries(history, change)
                old.update(before)
                new.update(after)
        for entry_change in diff_entries(old, new):
            if wanted is None or entry_change.id in wanted:
                yield LogEntry(commit.info, entry_change)


def _wanted(ids: tuple[str, ...]) -> set[str] | None:
    """The ids asked for, as written and as SoA control ids (A.5.23 and 5.23 are one control)."""
    if not ids:
        return None
    return set(ids) | {entry_id("soa", identifier) or identifier for identifier in ids}


def _changed_entries(
    history: GitHistory, change: FileChange
) -> tuple[dict[EntryKey, EntrySnapshot], dict[EntryKey, EntrySnapshot]]:
    """The entries of a changed file whose text differs between its two versions.

    Entries with the same text on both sides cannot have changed, so only the others are parsed;
    a file the splitter does not understand is parsed whole.
    """
    if change.old_blob is None or change.new_blob is None:
        split = None  # a file added or deleted: every entry changed, parse it whole
    else:
        old_text, new_text = _text(history, change.old_blob), _text(history, change.new_blob)
        split = split_entries(old_text), split_entries(new_text)
    if split is None or split[0] is None or split[1] is None:
        return (
            entries_of([_document(history, change.path, change.old_blob)]),
            entries_of([_document(history, change.path, change.new_blob)]),
        )
    before: dict[EntryKey, EntrySnapshot] = {}
    after: dict[EntryKey, EntrySnapshot] = {}
    for register, text, is_old in changed_texts(split[0], split[1]):
        (before if is_old else after).update(_entry_snapshots(change.path, register, text))
    return before, after


@lru_cache(maxsize=4096)
def _entry_snapshots(path: str, register: str, text: str) -> dict[EntryKey, EntrySnapshot]:
    document, _ = load_document(path, f"{register}:\n{text}".encode())
    return entries_of([document])


def _text(history: GitHistory, blob: str | None) -> str:
    if blob is None:
        return ""
    return history.read_blob(blob).decode("utf-8-sig", errors="replace")


def _document(history: GitHistory, path: str, blob: str | None) -> LocatedDocument | None:
    if blob is None:
        return None
    return parse_cached(path, blob, lambda: history.read_blob(blob))[0]


def _is_register_file(path: str) -> bool:
    return path.startswith(REGISTERS_DIR + "/") and path.endswith(".yaml")
