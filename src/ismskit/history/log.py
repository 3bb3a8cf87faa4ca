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
from ismskit.progress import tracked
from ismskit.repository.location import CONFIG_FILE, REGISTERS_DIR
from ismskit.repository.reading import DEFAULT_MAX_BYTES, FileRefusedError
from ismskit.yaml.located import LocatedDocument
from ismskit.yaml.parsing import parse_blob
from ismskit.yaml.reader import load_document

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
    registers: frozenset[str] | None = None,
) -> Iterator[LogEntry]:
    """Entry changes, newest commit first; with `ids`, only entries with one of those ids; with
    `registers`, only entries of those registers."""
    wanted = _wanted(ids)
    for info, old, new in iter_changed_entries(
        history, revision, since=since, until=until, wanted=wanted, registers=registers
    ):
        for entry_change in diff_entries(old, new):
            if wanted is None or entry_change.id in wanted:
                yield LogEntry(info, entry_change)


Snapshots = dict[EntryKey, EntrySnapshot]


def iter_changed_entries(
    history: GitHistory,
    revision: str,
    *,
    since: str | None = None,
    until: str | None = None,
    wanted: set[str] | None = None,
    registers: frozenset[str] | None = None,
) -> Iterator[tuple[CommitInfo, Snapshots, Snapshots]]:
    """Each commit that touched the registers, newest first, with the entries it changed as they
    were before and after it (with `wanted` ids, only entries whose text may be one of them;
    with `registers`, only entries of those)."""
    narrow = _Narrow(wanted, registers)
    commits = list(history.iter_changes(HISTORY_PATHS, revision=revision, since=since, until=until))
    with tracked("Reading the history", len(commits)) as advance:
        for commit in commits:
            old: Snapshots = {}
            new: Snapshots = {}
            for change in commit.files:
                if _is_register_file(change.path):
                    before, after = _changed_entries(history, change, narrow)
                    old.update(before)
                    new.update(after)
            yield commit.info, old, new
            advance(1)


def _wanted(ids: tuple[str, ...]) -> set[str] | None:
    """The ids asked for, as written and as SoA control ids (A.5.23 and 5.23 are one control)."""
    if not ids:
        return None
    return set(ids) | {entry_id("soa", identifier) or identifier for identifier in ids}


@dataclass(frozen=True)
class _Narrow:
    """What a walk reads of each changed file: entries that may hold these ids, of these
    registers (None: all)."""

    ids: set[str] | None = None
    registers: frozenset[str] | None = None

    def skips(self, register: str, text: str) -> bool:
        if self.registers is not None and register not in self.registers:
            return True
        # An entry without a wanted id in its text cannot be one of them. SoA ids are compared
        # as control ids (5.01 is A.5.1), which text cannot: SoA entries are always parsed.
        return self.ids is not None and register != "soa" and not any(i in text for i in self.ids)


def _changed_entries(
    history: GitHistory, change: FileChange, narrow: _Narrow | None = None
) -> tuple[dict[EntryKey, EntrySnapshot], dict[EntryKey, EntrySnapshot]]:
    """The entries of a changed file whose text differs between its two versions.

    Entries with the same text on both sides cannot have changed, so only the others are parsed;
    narrowed, only those that may be wanted (a file added whole too).
    A file the splitter does not understand, or with an entry that does not parse, is parsed whole:
    a version that is not valid YAML holds no entries at all, as `isms check` reads it.
    """
    narrow = narrow or _Narrow()
    # A file added or removed whole is parsed whole (once per content in a process: the check
    # that read it just now parsed it already), unless only a few ids are wanted from it, or it
    # holds none of the registers wanted.
    whole = change.old_blob is None or change.new_blob is None
    if narrow.ids is not None or not whole or narrow.registers is not None:
        old_text, new_text = _text(history, change.old_blob), _text(history, change.new_blob)
        if narrow.registers is not None and not any(
            name in old_text or name in new_text for name in narrow.registers
        ):
            return {}, {}  # no register wanted is even named in it
        if whole and narrow.ids is None:
            if _holds_none(narrow.registers, old_text or new_text):
                return {}, {}
        else:
            chunked = _chunked_changes(change.path, old_text, new_text, narrow)
            if chunked is not None:
                return chunked
    registers = set(narrow.registers) if narrow.registers is not None else None
    return (
        entries_of([_document(history, change.path, change.old_blob)], registers),
        entries_of([_document(history, change.path, change.new_blob)], registers),
    )


def _chunked_changes(
    path: str, old_text: str, new_text: str, narrow: _Narrow | None = None
) -> tuple[dict[EntryKey, EntrySnapshot], dict[EntryKey, EntrySnapshot]] | None:
    """The changed entries parsed one by one; None when the file must be parsed whole."""
    narrow = narrow or _Narrow()
    old_split, new_split = split_entries(old_text), split_entries(new_text)
    if old_split is None or new_split is None:
        return None
    before: dict[EntryKey, EntrySnapshot] = {}
    after: dict[EntryKey, EntrySnapshot] = {}
    for register, text, is_old in changed_texts(old_split, new_split):
        if narrow.skips(register, text):
            continue
        snapshots = _entry_snapshots(path, register, text)
        if snapshots is None:
            return None
        (before if is_old else after).update(snapshots)
    return before, after


def _holds_none(registers: frozenset[str] | None, text: str) -> bool:
    """A plain file that holds none of the registers wanted (nothing to parse in it)."""
    split = split_entries(text) if registers is not None else None
    return split is not None and registers is not None and not set(split) & registers


@lru_cache(maxsize=4096)
def _entry_snapshots(path: str, register: str, text: str) -> dict[EntryKey, EntrySnapshot] | None:
    document, _ = load_document(path, f"{register}:\n{text}".encode())
    return None if document is None else entries_of([document])


def _text(history: GitHistory, blob: str | None) -> str:
    """The text of a version; a version over the size limit holds no entries (never read)."""
    if blob is None:
        return ""
    try:
        return history.read_blob(blob, DEFAULT_MAX_BYTES).decode("utf-8-sig", errors="replace")
    except FileRefusedError:
        return ""


def _document(history: GitHistory, path: str, blob: str | None) -> LocatedDocument | None:
    if blob is None:
        return None
    try:
        return parse_blob(path, blob, lambda: history.read_blob(blob, DEFAULT_MAX_BYTES))[0]
    except FileRefusedError:
        return None


def _is_register_file(path: str) -> bool:
    return path.startswith(REGISTERS_DIR + "/") and path.endswith(".yaml")
