"""`isms due`: everything that falls due or is overdue, soonest first."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ismskit.analysis import analyse
from ismskit.cli.commands.common import report_blocking_findings
from ismskit.documents.due import REGISTERS_READ
from ismskit.i18n.labels import labels
from ismskit.models.types import Language
from ismskit.repository.location import WorkingTree
from ismskit.rules.concerns import Reads

if TYPE_CHECKING:
    from ismskit.documents.due import DueItem


def run_due(
    root: Path,
    *,
    within_days: int,
    output_format: str,
    language: Language | None,
    today: date,
    stream: TextIO,
    errors: TextIO,
) -> int:
    from ismskit.documents.due import collect_due

    analysis = analyse(WorkingTree(root), today)
    if report_blocking_findings(analysis, errors, Reads(REGISTERS_READ)):
        return 1
    assert analysis.isms.config is not None
    text = labels(language or analysis.isms.config.language)
    items = collect_due(analysis.isms.registers, today, within_days)
    if output_format == "json":
        _write_json(items, today, within_days, stream)
        return 0
    headers = [
        text["due_date"],
        text["due_what"],
        text["id"],
        text["due_subject"],
        text["due_where"],
    ]
    rows = _rows(items, text, today)
    if not rows:
        stream.write(text["due_nothing"] + "\n")
    elif output_format == "markdown":
        _write_markdown(text["due_title"], headers, rows, stream)
    else:
        _print_table(headers, rows, [item.due < today for item in items], stream)
    return 0


def _write_json(items: list[DueItem], today: date, within_days: int, stream: TextIO) -> None:
    payload = {
        "today": today.isoformat(),
        "within_days": within_days,
        "items": [item.as_dict(today) for item in items],
    }
    stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def _rows(items: list[DueItem], text: dict[str, str], today: date) -> list[list[str]]:
    """One row of cells an item: its day (marked when overdue), what, id, subject, where."""
    return [
        [
            item.due.isoformat()
            + (text["in_parens"].format(value=text["due_overdue"]) if item.due < today else ""),
            text[item.kind],
            item.id,
            item.title,
            f"{item.file}:{item.line}",
        ]
        for item in items
    ]


def _write_markdown(title: str, headers: list[str], rows: list[list[str]], stream: TextIO) -> None:
    lines = [f"# {title}", "", "| " + " | ".join(headers) + " |"]
    lines.append("|" + "---|" * len(headers))
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    stream.write("\n".join(lines) + "\n")


TITLE_COLUMN = 3
TITLE_WIDTH = 40


def _print_table(
    headers: list[str], rows: list[list[str]], overdue: list[bool], stream: TextIO
) -> None:
    from ismskit.cli.grid import Cell, Column, render_table, terminal_width, use_color

    # One line a row for the title: the markdown and JSON keep the whole title.
    columns = [
        Column(header, max_width=TITLE_WIDTH)
        if index == TITLE_COLUMN
        else Column(header, fold=True)
        for index, header in enumerate(headers)
    ]
    cells: list[list[Cell]] = [list(row) for row in rows]
    styles: list[str | None] = ["red" if late else None for late in overdue]
    width = terminal_width(stream, 140)
    color = use_color(stream)
    stream.write(render_table(columns, cells, width=width, color=color, row_styles=styles))
