"""When each register entry last changed, from git: the evidence that registers are reviewed."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import TYPE_CHECKING

from ismskit.yaml import cache as parse_cache

if TYPE_CHECKING:
    from ismskit.history.changes import EntryKey
    from ismskit.history.git import CommitInfo, GitHistory
    from ismskit.yaml.located import LocatedDocument


def last_changed(
    history: GitHistory,
    commit: CommitInfo,
    working_tree: list[LocatedDocument] | None,
    today: date,
    registers: set[str],
) -> dict[EntryKey, date]:
    """The day each entry of `registers` was last added, changed or moved, up to `commit`.

    Entries that the working tree changes against `commit` (or adds) count as changed today.
    """
    changed = _committed_changes(history, commit, registers)
    edited = _edited_files(history, commit, working_tree or [])
    if edited and changed:
        # Only when the work tree differs from the commit (the history walk itself is cached).
        from ismskit.history.changes import entries_of
        from ismskit.history.source import GitRevision
        from ismskit.repository.loader import read_register_documents

        committed = entries_of(read_register_documents(GitRevision(history, commit)), registers)
        for key, snapshot in entries_of(edited, registers).items():
            previous = committed.get(key)
            if previous is None or previous.data != snapshot.data:
                changed[key] = today
    return changed


def _committed_changes(
    history: GitHistory, commit: CommitInfo, registers: set[str]
) -> dict[EntryKey, date]:
    """From one walk of the history, kept in the cache by commit: a commit's past never changes."""
    key = f"last-changed\0{commit.commit}\0{history.prefix}\0{','.join(sorted(registers))}"
    cached = parse_cache.load_value(key)
    if isinstance(cached, list):
        return {
            (register, identifier): date.fromisoformat(day) for register, identifier, day in cached
        }
    from ismskit.history.changes import REMOVED
    from ismskit.history.log import iter_log

    changed: dict[EntryKey, date] = {}
    for entry in iter_log(history, revision=commit.commit, registers=frozenset(registers)):
        entry_key = (entry.change.register, entry.change.id)
        if (
            entry_key[0] in registers
            and entry.change.change != REMOVED
            and entry_key not in changed
        ):
            changed[entry_key] = date.fromisoformat(entry.commit.author_date[:10])
    parse_cache.store_value(key, [[r, i, day.isoformat()] for (r, i), day in changed.items()])
    return changed


def _edited_files(
    history: GitHistory, commit: CommitInfo, working_tree: list[LocatedDocument]
) -> list[LocatedDocument]:
    """Work-tree files whose content differs from `commit` (by git blob id: no parsing)."""
    if not working_tree:
        return []
    committed = history.list_files(commit.commit)
    return [
        document
        for document in working_tree
        if document.text is None or committed.get(document.file) != git_blob_id(document.text)
    ]


def git_blob_id(text: str) -> str:
    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
