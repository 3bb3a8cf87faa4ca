"""`isms import` and `isms export`: thin typer functions over ismskit.cli.commands.import_export.

cli/app.py registers them; only typer is imported here (openpyxl is imported when a command runs).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, NoReturn

import typer

from ismskit.cli.options import (
    DryRunOption,
    EditTodayOption,
    FileOption,
    ReportLanguage,
    edit_request,
    parse_today,
    repository_root,
)


class ImportRegister(StrEnum):
    assets = "assets"
    threats = "threats"
    risks = "risks"
    soa = "soa"
    issues = "issues"
    changes = "changes"
    communications = "communications"


class SheetFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


SheetOption = Annotated[
    str | None, typer.Option("--sheet", help="The sheet to read. Default: the first.")
]
MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        metavar="COLUMN=FIELD",
        help="Read a column (its header, or its letter) as a field (repeat).",
    ),
]
ValueMapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--value-map",
        metavar="WORD=N",
        help="A rating word and its number, e.g. 高=3 (repeat). 高/中/低 and H/M/L read as "
        "3/2/1 on three-level scales without it.",
    ),
]
KeyOption = Annotated[
    str | None,
    typer.Option(
        "--key",
        metavar="FIELD",
        help="Match rows to entries by this field (or header). Default: the id.",
    ),
]


def import_register(
    context: typer.Context,
    register: Annotated[ImportRegister, typer.Argument(help="The register to import into.")],
    path: Annotated[str, typer.Argument(metavar="FILE", help="An .xlsx or .csv file.")],
    sheet: SheetOption = None,
    mapping: MapOption = None,
    value_map: ValueMapOption = None,
    key: KeyOption = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Import a register from a spreadsheet: every row is checked before anything is written."""
    from pathlib import Path

    from ismskit.cli.commands.import_export import (
        ImportRequest,
        parse_pairs,
        parse_value_map,
        run_import,
    )

    edit = edit_request(context, dry_run, file, today)
    request = ImportRequest(
        root=edit.root,
        register=register.value,
        path=Path(path),
        sheet=sheet,
        mapping=parse_pairs(mapping, "--map"),
        value_map=parse_value_map(value_map),
        key=key,
        file=file,
        dry_run=dry_run,
        today=edit.today,
    )
    raise typer.Exit(run_import(request, (sys.stdout, sys.stderr)))


def export_register(
    context: typer.Context,
    register: Annotated[
        str,
        typer.Argument(metavar="REGISTER", help="A register: assets, threats, risks, soa, ..."),
    ],
    output_format: Annotated[
        SheetFormat | None,
        typer.Option("--format", "-f", help="Default: from the --output name, else csv."),
    ] = None,
    language: Annotated[
        ReportLanguage | None,
        typer.Option("--lang", help="Headers and values. Default: `language` in isms.yaml."),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", metavar="FILE", help="Default: stdout.")
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="REV_OR_DATE", help="The registers at a revision."),
    ] = None,
    today: EditTodayOption = None,
) -> NoReturn:
    """Export a register as a spreadsheet (.xlsx or .csv) with its commit in the properties."""
    from pathlib import Path

    from ismskit.cli.commands.import_export import ExportRequest, run_export

    chosen = output_format.value if output_format else None
    if chosen is None:
        chosen = "xlsx" if output and output.lower().endswith(".xlsx") else "csv"
    if chosen == "xlsx" and output is None and sys.stdout.isatty():
        raise typer.BadParameter("a workbook is binary: name a file", param_hint="--output")
    request = ExportRequest(
        root=repository_root(context),
        register=register,
        output_format=chosen,
        language=language.value if language else None,
        output=Path(output) if output else None,
        at=at,
        today=parse_today(today),
    )
    raise typer.Exit(run_export(request, sys.stdout.buffer, sys.stderr))
