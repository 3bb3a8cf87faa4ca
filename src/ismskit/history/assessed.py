"""When each risk was last assessed, from git: the last commit that changed its ratings (8.2).

A risk's `assessed_on` field, where written, says it better; this is the date for the others.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ismskit.history.changes import ADDED, MODIFIED, MOVED, entries_of
from ismskit.history.git import CommitInfo, GitHistory
from ismskit.history.log import iter_log
from ismskit.history.source import GitRevision
from ismskit.history.staleness import git_blob_id
from ismskit.models.registers import RISK_RATINGS
from ismskit.repository.loader import read_register_documents
from ismskit.yaml import cache as parse_cache
from ismskit.yaml.located import LocatedDocument

# The fields that make a risk's score: its ratings and the asset × threat pair it rates.
RATING_FIELDS = frozenset({*RISK_RATINGS, "asset", "threat"})


def ratings_changed_on(
    history: GitHistory,
    commit: CommitInfo,
    working_tree: list[LocatedDocument] | None,
    today: date,
) -> dict[str, date]:
    """Risk id → the author date of the newest commit, up to `commit`, that added the risk or
    changed its ratings. Ratings the working tree changes against `commit` count as of `today`."""
    dates = _committed(history, commit)
    edited = [
        document
        for document in working_tree or []
        if document.text is None
        or history.list_files(commit.commit).get(document.file) != git_blob_id(document.text)
    ]
    if edited:
        committed = entries_of(read_register_documents(GitRevision(history, commit)), {"risks"})
        for (_, risk_id), snapshot in entries_of(edited, {"risks"}).items():
            previous = committed.get(("risks", risk_id))
            if previous is None or _ratings(previous.data) != _ratings(snapshot.data):
                dates[risk_id] = today
    return dates


def _ratings(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data.get(name) for name in RATING_FIELDS}


def _committed(history: GitHistory, commit: CommitInfo) -> dict[str, date]:
    """From one walk of the history, kept in the cache by commit: a commit's past never changes."""
    key = f"ratings-changed\0{commit.commit}\0{history.prefix}"
    cached = parse_cache.load_value(key)
    if isinstance(cached, list):
        return {risk_id: date.fromisoformat(day) for risk_id, day in cached}
    dates: dict[str, date] = {}
    for entry in iter_log(history, revision=commit.commit, registers=frozenset({"risks"})):
        change = entry.change
        if change.register != "risks" or change.id in dates:
            continue
        rated = change.change == ADDED or (
            change.change in (MODIFIED, MOVED)
            and any(field.field in RATING_FIELDS for field in change.fields)
        )
        if rated:
            dates[change.id] = date.fromisoformat(entry.commit.author_date[:10])
    parse_cache.store_value(key, [[risk_id, day.isoformat()] for risk_id, day in dates.items()])
    return dates
