"""When each register entry last changed, from git: the evidence that registers are reviewed."""

from __future__ import annotations

from datetime import date

from ismskit.history.changes import REMOVED, EntryKey, entries_of
from ismskit.history.git import CommitInfo, GitHistory
from ismskit.history.log import iter_log
from ismskit.history.source import GitRevision
from ismskit.loader import read_register_documents
from ismskit.yaml_io import LocatedDocument


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
    changed: dict[EntryKey, date] = {}
    for entry in iter_log(history, revision=commit.commit):
        key = (entry.change.register, entry.change.id)
        if key[0] in registers and entry.change.change != REMOVED and key not in changed:
            changed[key] = date.fromisoformat(entry.commit.author_date[:10])
    if working_tree is not None and changed:
        committed = entries_of(read_register_documents(GitRevision(history, commit)), registers)
        for key, snapshot in entries_of(working_tree, registers).items():
            previous = committed.get(key)
            if previous is None or previous.data != snapshot.data:
                changed[key] = today
    return changed
