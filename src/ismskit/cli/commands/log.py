"""`isms log`: who changed which register entry, when and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from ismskit.history.changes import ADDED, MOVED, REMOVED, EntryChange
from ismskit.history.git import GitHistory
from ismskit.history.log import LogEntry, iter_log
from ismskit.i18n.labels import labels
from ismskit.models.types import Language
from ismskit.repository.approval import ApprovalEvent
from ismskit.repository.location import WorkingTree
from ismskit.text_width import aligned_columns

FORMATS = ("table", "json", "markdown")
Approvals = dict[str, list[ApprovalEvent]]


def run_log(
    root: Path,
    ids: tuple[str, ...],
    *,
    output_format: str,
    language: Language | None = None,
    since: str | None = None,
    until: str | None = None,
    stream: TextIO,
    errors: TextIO,
) -> int:
    approvals: Approvals = {}
    with GitHistory.open(root, "isms log") as history:
        if not history.has_commits():
            errors.write("note: the git repository has no commits yet\n")
            entries: list[LogEntry] = []
        else:
            entries = list(iter_log(history, ids, since=since, until=until))
            approvals = _approvals(history, ids, since, until)
            if history.is_shallow():
                errors.write(_SHALLOW_NOTE)
            _note_unmatched(ids, entries, errors)
    if output_format == "json":
        payload: dict[str, object] = {"entries": [entry.as_dict() for entry in entries]}
        if approvals:
            payload["approvals"] = approvals_as_json(approvals)
        stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    text = labels(language or _language_of(root))
    # A document's history is its approved versions: they come first, then the other changes.
    shown = [entry for entry in entries if entry.change.id not in approvals]
    if output_format == "markdown":
        stream.write(render_approvals(approvals, text, markdown=True))
        if shown or not approvals:
            stream.write(render_markdown(shown, text))
    else:
        stream.write(render_approvals(approvals, text, markdown=False))
        if shown or not approvals:
            _print_table(shown, text, stream)
    return 0


def _approvals(
    history: GitHistory, ids: tuple[str, ...], since: str | None, until: str | None
) -> Approvals:
    """The approved versions of the records asked for by id (none without ids), committed
    within --since and --until."""
    if not ids:
        return {}
    from ismskit.history.approvals import approval_history

    found = approval_history(history, history.resolve("HEAD").commit)
    chosen = {
        identifier: [
            event
            for event in found.get(identifier, [])
            if (since or "") <= event.commit_date[:10] <= (until or "9999")
        ]
        for identifier in ids
    }
    return {identifier: events for identifier, events in chosen.items() if events}


def approvals_as_json(approvals: Approvals) -> dict[str, list[dict[str, object]]]:
    return {
        identifier: [
            {
                "version": event.version,
                "approved_by": event.approved_by,
                "approved_on": event.approved_on.isoformat() if event.approved_on else None,
                "content_digest": event.content_digest,
                "commit": event.commit,
                "date": event.commit_date,
                "subject": event.subject,
            }
            for event in events
        ]
        for identifier, events in approvals.items()
    }


def render_approvals(approvals: Approvals, text: dict[str, str], *, markdown: bool) -> str:
    """Each document's approved versions, newest first: version, date, approver, commit, why."""
    keys = ("doc_version", "approved_on", "approved_by", "commit", "log_subject")
    columns = [text[key] for key in keys]
    blocks = []
    for identifier, events in approvals.items():
        rows = [
            [
                event.version,
                event.approved_on.isoformat() if event.approved_on else "—",
                event.approved_by or "—",
                event.short,
                event.subject,
            ]
            for event in reversed(events)
        ]
        title = text["log_approvals"].format(id=identifier)
        if markdown:
            lines = [f"### {title}", "", "| " + " | ".join(columns) + " |"]
            lines += ["|" + "---|" * len(columns)]
            lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
        else:
            lines = [title, *aligned_columns([columns, *rows])]
        blocks.append("\n".join(lines) + "\n\n")
    return "".join(blocks)


def _note_unmatched(ids: tuple[str, ...], entries: list[LogEntry], errors: TextIO) -> None:
    """An id with no history at all is most likely mistyped: say so rather than print nothing."""
    from ismskit.history.changes import entry_id

    found = {entry.change.id for entry in entries}
    for identifier in ids:
        if identifier not in found and (entry_id("soa", identifier) or identifier) not in found:
            errors.write(
                f"note: no change to an entry with id '{identifier}' in the history; ids are "
                "matched exactly (e.g. R-001, A.5.23): check the spelling\n"
            )


def _language_of(root: Path) -> Language:
    """The report language of isms.yaml; English when it cannot be read."""
    from ismskit.repository.loader import load_isms

    config = load_isms(_ConfigOnly(root)).config
    return config.language if config else "en"


class _ConfigOnly(WorkingTree):
    def register_files(self) -> list[str]:
        return []

    def ignored_register_files(self) -> list[str]:
        return []


_SHALLOW_NOTE = (
    "note: this is a shallow clone, so the history stops at its oldest fetched commit; "
    "run 'git fetch --unshallow' for all of it\n"
)


def describe_change(change: EntryChange, text: dict[str, str] | None = None) -> str:
    """`vulnerability: 3 → 2; treatment: accept → reduce`, or what happened to the entry."""
    word = text.get(f"change_{change.change}", change.change) if text else change.change
    if change.change in (ADDED, REMOVED):
        return f"{word} ({change.file})"
    parts = [f"{field.field}: {_show(field.old)} → {_show(field.new)}" for field in change.fields]
    if change.change == MOVED:
        parts.insert(0, f"{word} {change.previous_file} → {change.file}")
    return "; ".join(parts)


def _show(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _columns(text: dict[str, str]) -> tuple[str, ...]:
    keys = ("date", "author", "commit", "log_register", "id", "change_subject", "log_subject")
    return tuple(text[key] for key in keys)


def _row(entry: LogEntry, text: dict[str, str], *, markdown: bool) -> tuple[str, ...]:
    when = entry.commit.author_date[:10] if markdown else entry.commit.author_date[:16]
    commit = f"`{entry.commit.short[:8]}`" if markdown else entry.commit.short[:8]
    return (
        when.replace("T", " "),
        entry.commit.author,
        commit,
        text.get(f"register_{entry.change.register}", entry.change.register),
        entry.change.id,
        describe_change(entry.change, text),
        entry.commit.subject,
    )


def render_markdown(entries: list[LogEntry], text: dict[str, str]) -> str:
    columns = _columns(text)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for entry in entries:
        cells = _row(entry, text, markdown=True)
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    from ismskit.escaping import markdown_text

    return markdown_text(text)


def _print_table(entries: list[LogEntry], text: dict[str, str], stream: TextIO) -> None:
    from ismskit.cli.grid import Cell, Column, render_table, terminal_width, use_color

    if not entries:
        stream.write(text["log_no_changes"] + "\n")
        return
    columns = [Column(column, fold=True) for column in _columns(text)]
    rows: list[list[Cell]] = [list(_row(entry, text, markdown=False)) for entry in entries]
    width = terminal_width(stream, 160)
    stream.write(render_table(columns, rows, width=width, color=use_color(stream)))
