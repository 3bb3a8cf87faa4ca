"""`isms log`: who changed which register entry, when and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from ismskit.history.changes import ADDED, MOVED, REMOVED, EntryChange
from ismskit.history.git import GitHistory
from ismskit.history.log import LogEntry, iter_log

FORMATS = ("table", "json", "markdown")


def run_log(
    root: Path,
    ids: tuple[str, ...],
    *,
    output_format: str,
    since: str | None,
    until: str | None,
    stream: TextIO,
    errors: TextIO,
) -> int:
    with GitHistory.open(root, "isms log") as history:
        if not history.has_commits():
            errors.write("note: the git repository has no commits yet\n")
            entries: list[LogEntry] = []
        else:
            entries = list(iter_log(history, ids, since=since, until=until))
            if history.is_shallow():
                errors.write(_SHALLOW_NOTE)
            _note_unmatched(ids, entries, errors)
    if output_format == "json":
        payload = {"entries": [entry.as_dict() for entry in entries]}
        stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif output_format == "markdown":
        stream.write(render_markdown(entries))
    else:
        _print_table(entries, stream)
    return 0


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


_SHALLOW_NOTE = (
    "note: this is a shallow clone, so the history stops at its oldest fetched commit; "
    "run 'git fetch --unshallow' for all of it\n"
)


def describe_change(change: EntryChange) -> str:
    """`vulnerability: 3 → 2; treatment: accept → reduce`, or what happened to the entry."""
    if change.change in (ADDED, REMOVED):
        return f"{change.change} ({change.file})"
    parts = [f"{field.field}: {_show(field.old)} → {_show(field.new)}" for field in change.fields]
    if change.change == MOVED:
        parts.insert(0, f"moved {change.previous_file} → {change.file}")
    return "; ".join(parts)


def _show(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def render_markdown(entries: list[LogEntry]) -> str:
    lines = [
        "| Date | Author | Commit | Register | ID | Change | Subject |",
        "|---|---|---|---|---|---|---|",
    ]
    for entry in entries:
        cells = (
            entry.commit.author_date[:10],
            entry.commit.author,
            f"`{entry.commit.short[:8]}`",
            entry.change.register,
            entry.change.id,
            describe_change(entry.change),
            entry.commit.subject,
        )
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _print_table(entries: list[LogEntry], stream: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, highlight=False, width=None if stream.isatty() else 160)
    if not entries:
        console.print("No changes to register entries.")
        return
    table = Table(show_lines=False)
    for column in ("Date", "Author", "Commit", "Register", "ID", "Change", "Subject"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        table.add_row(
            entry.commit.author_date[:16].replace("T", " "),
            entry.commit.author,
            entry.commit.short[:8],
            entry.change.register,
            entry.change.id,
            describe_change(entry.change),
            entry.commit.subject,
        )
    console.print(table)
