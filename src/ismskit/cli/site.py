"""`isms site`: the static site of the ISMS, over ismskit.cli.commands.site.

A thin typer function, registered in cli/app.py; it imports its run_* when it runs.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ismskit.cli.options import (
    AtOption,
    LanguageOption,
    TodayOption,
    parse_today,
    repository_root,
)


class TrendBy(StrEnum):
    month = "month"
    tag = "tag"


def site(
    context: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="The folder to write the site to (created; a site written here before is "
            "replaced as a whole). Example: --output site",
        ),
    ],
    language: LanguageOption = None,
    today: TodayOption = None,
    at: AtOption = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            metavar="UNIT",
            help="Only this unit's share (an id or name of scope_details: units in isms.yaml). "
            "Example: --unit 市民課",
        ),
    ] = None,
    trend: Annotated[
        TrendBy,
        typer.Option(
            "--trend", help="One point of the trend per month, or per git tag. Example: --trend tag"
        ),
    ] = TrendBy.month,
) -> NoReturn:
    """Write a static site: dashboard, trend from git history and every document, as HTML that
    needs no network (open index.html, or serve the folder)."""
    from ismskit.cli.commands.site import SiteOptions, run_site
    from ismskit.documents.rendering import compile_ahead

    options = SiteOptions(
        root=repository_root(context),
        output=output,
        language=language.value if language else None,
        today=parse_today(today),
        at=at,
        unit=unit,
        trend_by=trend.value,
    )
    compile_ahead(options.root)  # a repository's own templates, on another core
    raise typer.Exit(run_site(options, sys.stdout, sys.stderr))
