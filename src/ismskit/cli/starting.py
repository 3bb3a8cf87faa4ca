"""`isms init` and `isms schema`: starting a repository and editing it with schemas.

Thin typer functions over ismskit.cli.commands, registered in cli/app.py.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ismskit.cli.options import ReportLanguage, use_language


class SchemaDialect(StrEnum):
    draft_07 = "draft-07"
    draft_2020_12 = "2020-12"


def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="Write isms.schema.json and registers.schema.json into this folder. "
            "Default: print both as one JSON object. Example: -o schemas",
        ),
    ] = None,
    dialect: Annotated[
        SchemaDialect,
        typer.Option(
            "--dialect",
            help="The JSON Schema dialect; editors support draft-07 best. "
            "Example: --dialect 2020-12",
        ),
    ] = SchemaDialect.draft_07,
) -> NoReturn:
    """Export JSON Schemas of isms.yaml and of register files, for editors."""
    from ismskit.cli.commands.schema import run_schema

    raise typer.Exit(run_schema(output, dialect.value, sys.stdout))


def init(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help="The folder to create the repository in; it is made if absent. Example: isms",
        ),
    ] = Path(),
    language: Annotated[
        ReportLanguage,
        typer.Option(
            "--lang",
            callback=use_language,
            help="The language of the files, the reports and the messages: ja or en. "
            "Example: --lang en",
        ),
    ] = ReportLanguage.ja,
    organization: Annotated[
        str,
        typer.Option(
            "--org",
            metavar="NAME",
            help="The organisation's name, written into isms.yaml. Example: --org 北浜市",
        ),
    ] = "Example Organisation",
) -> NoReturn:
    """Create a new ISMS repository: settings, commented registers and an SoA to decide."""
    from ismskit.cli.commands.init import run_init

    raise typer.Exit(
        run_init(directory, language=language.value, organization=organization, stream=sys.stdout)
    )
