"""`isms log` and `isms diff`: the registers' history in git, over ismskit.cli.commands.

Thin typer functions, registered in cli/app.py; each imports its run_* when it runs.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, NoReturn

import typer

from ismskit.cli.options import (
    LanguageOption,
    LogFormat,
    TodayOption,
    output_language,
    parse_day,
    parse_today,
    repository_root,
)


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def log(
    context: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID",
            help="Only these entries: an id matches in every register (a control id matches "
            "its SoA decision). Example: isms log R-001 A.5.23",
        ),
    ] = None,
    output_format: Annotated[
        LogFormat,
        typer.Option(
            "--format",
            "-f",
            help="How to print the history: a table, json or markdown. Example: --format json",
        ),
    ] = LogFormat.table,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="YYYY-MM-DD",
            help="Only the commits on or after this day. Example: --since 2026-04-01",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="YYYY-MM-DD",
            help="Only the commits on or before this day. Example: --until 2027-03-31",
        ),
    ] = None,
    language: LanguageOption = None,
) -> NoReturn:
    """Show who changed which register entry, when and why (from git), newest first."""
    from ismskit.cli.commands.log import run_log

    code = run_log(
        repository_root(context),
        tuple(ids or ()),
        output_format=output_format.value,
        language=output_language(language),
        since=_day_text(since, "--since"),
        until=_day_text(until, "--until"),
        stream=sys.stdout,
        errors=sys.stderr,
    )
    raise typer.Exit(code)


def _day_text(value: str | None, option: str) -> str | None:
    day = parse_day(value, option)
    return day.isoformat() if day else None


BaseArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="BASE",
        help="Revision or date to compare from. Default: the merge-base with the default "
        "branch, else HEAD~1. Example: origin/main",
    ),
]

HeadArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="HEAD",
        help="Revision or date to compare to. Default: the working tree. Example: HEAD",
    ),
]

DiffFormatOption = Annotated[
    DiffFormat,
    typer.Option(
        "--format",
        "-f",
        help="How to print the delta: text, json or markdown (a pull-request comment). "
        "Example: --format markdown",
    ),
]

FailOnIncreaseOption = Annotated[
    bool,
    typer.Option(
        "--fail-on-increase",
        help="Exit 1 when a risk rose above the acceptance level without a recorded "
        "acceptance, to stop such a change in CI. Example: --fail-on-increase",
    ),
]


def diff(
    context: typer.Context,
    base: BaseArgument = None,
    head: HeadArgument = None,
    output_format: DiffFormatOption = DiffFormat.text,
    fail_on_increase: FailOnIncreaseOption = False,
    language: LanguageOption = None,
    today: TodayOption = None,
) -> NoReturn:
    """Show how the risk posture moved between two revisions."""
    from ismskit.cli.commands.diff import run_diff

    code = run_diff(
        repository_root(context),
        base,
        head,
        output_format=output_format.value,
        fail_on_increase=fail_on_increase,
        language=output_language(language),
        today=parse_today(today),
        stream=sys.stdout,
        errors=sys.stderr,
    )
    raise typer.Exit(code)
