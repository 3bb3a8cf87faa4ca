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
    output_language,
    parse_today,
    repository_root,
    use_language,
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
    str | None,
    typer.Option(
        "--sheet",
        metavar="NAME",
        help="The sheet of the workbook to read. Default: the first sheet. Example: --sheet 台帳",
    ),
]
MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        metavar="COLUMN=FIELD",
        help="Read a column, named by its header or its letter, as a field of the register; "
        "repeat the option for more columns. Headers such as 資産名, 分類, 機密性 or name, class, "
        "confidentiality are known without it. Example: --map 資産の種類=class",
    ),
]
ValueMapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--value-map",
        metavar="[COLUMN:]WORD=VALUE",
        help="Read a word of the sheet as a value. WORD=VALUE applies to every column of "
        "ratings and words (極高=4); COLUMN:WORD=VALUE to one column, named by its header, "
        "letter or field (資産の種類:紙資料=information). Repeat the option for more words. "
        "Ratings read the level names isms.yaml gives a scale, and 高/中/低 on a three-level "
        "scale, without it. Example: --value-map 資産の種類:紙資料=information",
    ),
]
KeyOption = Annotated[
    str | None,
    typer.Option(
        "--key",
        metavar="FIELD",
        help="Match rows to the register's entries by this field (or its header) instead of "
        "the id, for a sheet without ids. Example: --key 資産名",
    ),
]
UnitByOption = Annotated[
    str | None,
    typer.Option(
        "--unit-by",
        metavar="COLUMN",
        help="Put each new row in the register file of the unit that this column names (an "
        "id or name of a unit under scope_details: units in isms.yaml), for a ledger of "
        "several departments. Example: --unit-by 所有者",
    ),
]
UnitMapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--unit-map",
        metavar="VALUE=UNIT_OR_FILE",
        help="Where rows with this value in the --unit-by column go: a unit's id or name, or a "
        "register file. Repeat the option for more values. "
        "Example: --unit-map 市民課長=CIT or --unit-map 税務課=registers/tax/assets.yaml",
    ),
]


ImportRegisterArgument = Annotated[
    ImportRegister,
    typer.Argument(
        help="The register to import into: assets, threats, risks, soa, issues, changes or "
        "communications. Example: assets"
    ),
]

SheetFileArgument = Annotated[
    str,
    typer.Argument(
        metavar="FILE", help="An .xlsx or .csv file (UTF-8 or Shift_JIS). Example: 台帳.xlsx"
    ),
]


def import_register(
    context: typer.Context,
    register: ImportRegisterArgument,
    path: SheetFileArgument,
    sheet: SheetOption = None,
    mapping: MapOption = None,
    value_map: ValueMapOption = None,
    key: KeyOption = None,
    unit_by: UnitByOption = None,
    unit_map: UnitMapOption = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Import a register from a spreadsheet: every row is checked before anything is written.

    Example: isms import assets 情報資産管理台帳.xlsx --unit-by 所有者 --dry-run
    """
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
        value_maps=parse_value_map(value_map),
        key=key,
        file=file,
        dry_run=dry_run,
        today=edit.today,
        unit_by=unit_by,
        unit_map=parse_pairs(unit_map, "--unit-map"),
    )
    raise typer.Exit(run_import(request, (sys.stdout, sys.stderr)))


ExportRegisterArgument = Annotated[
    str,
    typer.Argument(
        metavar="REGISTER",
        help="The register to export: assets, threats, risks, soa, records, audits, "
        "nonconformities or any other. Example: assets",
    ),
]

SheetFormatOption = Annotated[
    SheetFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="xlsx or csv. Default: from the --output name, else csv. Example: --format xlsx",
    ),
]

SheetLanguageOption = Annotated[
    ReportLanguage | None,
    typer.Option(
        "--lang",
        callback=use_language,
        help="The language of the headers and words of the sheet, and of the messages: ja "
        "or en. Default: `language` in isms.yaml. Example: --lang ja",
    ),
]

SheetOutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="The file to write; its folder must exist. Default: standard output. "
        "Example: -o 情報資産台帳.xlsx",
    ),
]

SheetAtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="REV_OR_DATE",
        help="Export the registers as they were at a commit, tag, branch or date. "
        "Example: --at 2026-03-31",
    ),
]


def export_register(
    context: typer.Context,
    register: ExportRegisterArgument,
    output_format: SheetFormatOption = None,
    language: SheetLanguageOption = None,
    output: SheetOutputOption = None,
    at: SheetAtOption = None,
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
        language=output_language(language),
        output=Path(output) if output else None,
        at=at,
        today=parse_today(today),
    )
    raise typer.Exit(run_export(request, sys.stdout.buffer, sys.stderr))
