"""`isms import` and `isms export`: registers from and to spreadsheets (.xlsx, .csv)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from ismskit.cli.commands.edit import Streams
from ismskit.errors import UsageError
from ismskit.messages import message, say
from ismskit.models.types import Language

if TYPE_CHECKING:
    from ismskit.analysis import Analysis
    from ismskit.editing.importing import ImportPlan


@dataclass(frozen=True)
class ImportRequest:
    root: Path
    register: str
    path: Path
    sheet: str | None
    mapping: dict[str, str]
    value_maps: ValueMaps
    key: str | None
    file: str | None
    dry_run: bool
    today: date
    unit_by: str | None = None
    unit_map: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ValueMaps:
    """--value-map: WORD=VALUE for every column of words, COLUMN:WORD=VALUE for one column."""

    words: dict[str, str] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)


def run_import(request: ImportRequest, streams: Streams) -> int:
    """Check every row of the sheet; write nothing unless all are right and the result checks."""
    from ismskit.editing.importing import ImportOptions, plan_import
    from ismskit.editing.spreadsheet import read_table
    from ismskit.editing.writer import edit_session, report_outcome

    errors = streams[1]
    table = read_table(request.path, request.sheet)
    options = ImportOptions(
        request.register,
        request.mapping,
        request.value_maps.words,
        request.value_maps.columns,
        request.key,
        request.file,
        request.unit_by,
        request.unit_map,
    )
    with edit_session(request.root, request.today) as session:
        plan = plan_import(session, table, options)
        errors.writelines(say("note: {note}\n", note=note) for note in plan.notes)
        if plan.findings:
            from ismskit.reporters import ReportContext
            from ismskit.reporters.text import report_text

            report_text(plan.findings, errors, ReportContext(1, color=False))
            errors.write(
                say("Nothing was imported: correct the rows above in {file}.\n", file=table.file)
            )
            return 1
        outcome = session.outcome()
        code = report_outcome(session, outcome, dry_run=request.dry_run, streams=streams)
        for finding in outcome.new_errors:
            for identifier, row in plan.sources.items():
                if re.search(rf"(?<![\w.-]){re.escape(identifier)}(?![\w.-])", finding.message):
                    errors.write(
                        say(
                            "{identifier} comes from {file}, row {row}\n",
                            identifier=identifier,
                            file=table.file,
                            row=row,
                        )
                    )
        errors.write(import_summary(table.file, plan, refused=code != 0, dry_run=request.dry_run))
        return code


def import_summary(file: str, plan: ImportPlan, *, refused: bool, dry_run: bool) -> str:
    """What the import did, row by row: new, changed, unchanged, skipped (and why)."""
    new, changed = len(plan.additions), len(plan.updates)
    if refused:
        done = message(
            "nothing was imported ({new} new, {changed} changed refused, see the errors above)",
            new=new,
            changed=changed,
        )
    elif dry_run:
        done = message("would import {new} new, {changed} changed", new=new, changed=changed)
    else:
        done = message("imported {new} new, {changed} changed", new=new, changed=changed)
    lines = [
        say(
            "{file}: {rows} rows read; {done}; {unchanged} unchanged, {skipped} skipped\n",
            file=file,
            rows=plan.rows,
            done=done,
            unchanged=plan.unchanged,
            skipped=len(plan.skipped),
        )
    ]
    lines += [
        say("  skipped row {row}: {reason}\n", row=row, reason=reason)
        for row, reason in plan.skipped
    ]
    return "".join(lines)


def parse_pairs(values: list[str] | None, option: str) -> dict[str, str]:
    """`HEADER=field` pairs of a repeated option."""
    pairs = {}
    for value in values or []:
        left, separator, right = value.rpartition("=")
        if not separator or not left.strip() or not right.strip():
            raise UsageError(
                message("{option} {value}: write it as NAME=VALUE", option=option, value=value)
            )
        pairs[left.strip()] = right.strip()
    return pairs


def parse_value_map(values: list[str] | None) -> ValueMaps:
    """`高=3` (a word of every column of words), `資産の種類:紙資料=information` (one column)."""
    maps = ValueMaps()
    for text in values or []:
        left, separator, value = unicodedata.normalize("NFKC", text).rpartition("=")
        column, colon, word = left.partition(":")
        if not colon:
            column, word = "", left
        if not separator or not word.strip() or not value.strip():
            raise UsageError(
                message(
                    (
                        "--value-map {text}: write it as WORD=VALUE (高=3), or "
                        "COLUMN:WORD=VALUE for one column (資産の種類:紙資料=information)"
                    ),
                    text=text,
                )
            )
        value, raw = value.strip(), text.rpartition("=")[2].strip()
        if any(c.isdigit() for c in raw) and not raw.isdecimal():
            raise UsageError(
                message("--value-map {text}: the value must be a whole number", text=text)
            )
        if column.strip():
            maps.columns.setdefault(column.strip(), {})[word.strip()] = value
        else:
            maps.words[word.strip()] = value
    return maps


@dataclass(frozen=True)
class ExportRequest:
    root: Path
    register: str
    output_format: str
    language: Language | None
    output: Path | None
    at: str | None
    today: date


def _warn_of_left_out(analysis: Analysis, register: str, errors: TextIO) -> None:
    """Entries of the register that fail to validate are not in the sheet: say how many, and
    only when there are any (an SoA still to decide exports whole)."""
    written = sum(
        len(document.data[register])
        for document in analysis.isms.documents
        if isinstance(document.data, dict) and isinstance(document.data.get(register), list)
    )
    left_out = written - len(analysis.isms.registers.entries(register))
    if left_out > 0:
        errors.write(
            say(
                "warning: {count} of the {written} entries of {register} fail to validate and "
                "are left out of the export; 'isms check' shows why\n",
                count=left_out,
                written=written,
                register=register,
            )
        )


def run_export(request: ExportRequest, binary: BinaryIO, errors: TextIO) -> int:
    from ismskit.analysis import analyse
    from ismskit.cli.commands.common import open_registers, report_blocking_findings
    from ismskit.editing.exporting import build_sheet
    from ismskit.editing.output import write_atomically
    from ismskit.editing.spreadsheet import write_csv, write_xlsx
    from ismskit.models.entries import REGISTER_MODELS

    if request.register not in REGISTER_MODELS:
        raise UsageError(
            message(
                "'{register}' is not a register; export one of {value}",
                register=request.register,
                value=", ".join(REGISTER_MODELS),
            )
        )
    with open_registers(request.root, request.at, use_git=True) as read_point:
        analysis = analyse(read_point.source, request.today)
        stamp = read_point.stamp
    # A sheet is a view of the registers, and filling one in is how errors such as undecided SoA
    # entries get fixed: only an unreadable isms.yaml stops it.
    if analysis.isms.config is None and report_blocking_findings(analysis, errors):
        return 1
    assert analysis.isms.config is not None
    _warn_of_left_out(analysis, request.register, errors)
    language = request.language or analysis.isms.config.language
    sheet = build_sheet(analysis, request.register, language, stamp)
    data = write_xlsx(sheet) if request.output_format == "xlsx" else write_csv(sheet)
    if request.output is None:
        binary.write(data)
        binary.flush()
    else:
        write_atomically(request.output, data)
        errors.write(
            say(
                "{output}: {count_rows} {register}\n",
                output=request.output,
                count_rows=len(sheet.rows),
                register=_register_word(request.register, language),
            )
        )
    return 0


def _register_word(register: str, language: str) -> str:
    """The register's name in the sheet's language, where the labels have one."""
    from ismskit.i18n.labels import labels

    return labels(language).get(f"register_{register}", register)
