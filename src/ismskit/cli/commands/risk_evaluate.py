"""`isms risk evaluate`: score every risk; table, JSON, CSV or Markdown."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ismskit.analysis import Analysis, analyse
from ismskit.cli.commands.common import Gate, open_registers, review_findings
from ismskit.cli.commands.risk_summary import summary_lines
from ismskit.i18n.labels import labels
from ismskit.models.types import Language
from ismskit.risk.evaluation import EvaluatedRisk, Evaluation, evaluate_all

if TYPE_CHECKING:
    from ismskit.history.git import RevisionStamp

FORMATS = ("table", "json", "csv", "markdown")


def run_risk_evaluate(
    root: Path,
    *,
    output_format: str,
    above_acceptance: bool,
    language: Language | None,
    today: date,
    stream: TextIO,
    errors: TextIO,
    at: str | None = None,
) -> int:
    with open_registers(root, at) as read_point:
        analysis = analyse(read_point.source, today)
    from ismskit.documents.reports import RISK_REGISTERS
    from ismskit.rules.concerns import Reads

    gate = review_findings(analysis, errors, Reads(RISK_REGISTERS))
    if gate is Gate.STOP:
        return 1
    assert analysis.policy is not None
    assert analysis.isms.config is not None
    evaluation = evaluate_all(
        analysis.assessed,
        analysis.policy,
        _names(analysis),
        above_acceptance_only=above_acceptance,
    )
    text = labels(language or analysis.isms.config.language)
    if output_format == "json":
        _write_json(evaluation, stream, read_point.stamp)
    elif output_format == "csv":
        _write_csv(evaluation, stream)
    elif output_format == "markdown":
        _write_markdown(evaluation, text, stream)
    else:
        from ismskit.cli.commands.risk_table import print_risk_table

        print_risk_table(evaluation, text, stream)
    return 1 if gate is Gate.DRAFT else 0  # errors the output shows (SHOWN_IN_OUTPUT)


def _names(analysis: Analysis) -> dict[str, dict[str, str]]:
    registers = analysis.isms.registers
    return {
        "assets": {entry.model.id: entry.model.name for entry in registers.assets},
        "threats": {entry.model.id: entry.model.name for entry in registers.threats},
    }


def _write_json(evaluation: Evaluation, stream: TextIO, stamp: RevisionStamp | None) -> None:
    """One risk a line: readable in a diff, and written by json's C encoder (indent is slow)."""
    stream.write('{\n  "risks": [')
    for index, row in enumerate(evaluation.risks):
        stream.write(("," if index else "") + "\n    " + _compact(row.as_dict()))
    stream.write("\n  ],\n" if evaluation.risks else "],\n")
    stream.write(f'  "summary": {_compact(evaluation.summary)}')
    if stamp is not None:
        stream.write(f',\n  "revision": {_compact({"commit": stamp.commit, "date": stamp.date})}')
    stream.write("\n}\n")


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


_CSV_COLUMNS = (
    "id",
    "asset",
    "asset_name",
    "threat",
    "threat_name",
    "score",
    "residual_score",
    "level",
    "residual_level",
    "acceptable",
    "residual_acceptable",
    "treatment",
    "owner",
    "accepted",
    "accepted_score",
)


def _write_csv(evaluation: Evaluation, stream: TextIO) -> None:
    """With a byte order mark: Excel on Japanese Windows reads UTF-8 only when it sees one."""
    rating_columns = tuple(evaluation.risks[0].ratings) if evaluation.risks else ()
    stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow((*_CSV_COLUMNS, *rating_columns))
    for row in evaluation.risks:
        values = {**row.as_dict(), "asset_name": row.asset_name, "threat_name": row.threat_name}
        writer.writerow([_csv_cell(values[column]) for column in (*_CSV_COLUMNS, *rating_columns)])


def _csv_cell(value: object) -> object:
    from ismskit.escaping import csv_text

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return csv_text(value)  # owners and names are register text: never a formula
    return "" if value is None else value


def _write_markdown(evaluation: Evaluation, text: dict[str, str], stream: TextIO) -> None:
    rating_keys = tuple(evaluation.risks[0].ratings) if evaluation.risks else ()
    headers = [
        text["id"],
        text["asset"],
        text["threat"],
        *(text[key] for key in rating_keys),
        text["score"],
        text["level"],
        text["treatment"],
        text["residual"],
        text["owner"],
    ]
    lines = [f"# {text['risk_assessment']}", "", _md_row(headers), _md_row(["---"] * len(headers))]
    lines += [_md_row(_markdown_cells(row, text)) for row in evaluation.risks]
    lines += ["", f"## {text['summary']}", ""]
    lines += [f"- {label}: {_md(value)}" for label, value in summary_lines(evaluation, text)]
    stream.write("\n".join(lines) + "\n")


def _markdown_cells(row: EvaluatedRisk, text: dict[str, str]) -> list[str]:
    return [
        row.id,
        _named(row.asset, row.asset_name),
        _named(row.threat, row.threat_name),
        *(str(value) for value in row.ratings.values()),
        str(row.score.score),
        row.score.level or "",
        text[row.treatment],
        str(row.score.residual),
        row.owner or "",
    ]


def _named(identifier: str | None, name: str | None) -> str:
    return " ".join(part for part in (identifier, name) if part)


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(_md(cell) for cell in cells) + " |"


def _md(text: str) -> str:
    from ismskit.escaping import markdown_text

    return markdown_text(text)
