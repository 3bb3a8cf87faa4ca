"""`isms soa`, `isms report NAME` and `isms due`: the documents, over ismskit.cli.commands.

Thin typer functions, registered in cli/app.py; each imports its run_* when it runs.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ismskit.cli.options import (
    AtOption,
    LanguageOption,
    LogFormat,
    ReportLanguage,
    TodayOption,
    output_language,
    parse_today,
    repository_root,
)

if TYPE_CHECKING:
    from ismskit.cli.commands.document import DocumentRequest
    from ismskit.models.types import Language

REPORT_NAMES = (
    "risk-assessment",
    "risk-treatment-plan",
    "assets",
    "records",
    "scope",
    "internal-audit",
    "management-review",
    "readiness",
    "audit-programme",
    "context",
    "roles",
    "objectives",
    "changes",
)
ReportName = StrEnum("ReportName", [(name, name) for name in REPORT_NAMES])  # type: ignore[misc]


class ReportFormat(StrEnum):
    markdown = "markdown"
    json = "json"


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the Markdown to this file instead of standard output; its folder must "
        "exist. Example: -o docs/soa.md",
    ),
]
CheckOption = Annotated[
    Path | None,
    typer.Option(
        "--check",
        metavar="FILE",
        help="Do not write: exit 1 when FILE differs from a fresh rendering (keeps a committed "
        "document in sync with the registers). Example: --check docs/soa.md",
    ),
]
UnitOption = Annotated[
    str | None,
    typer.Option(
        "--unit",
        metavar="UNIT",
        help="Only this unit's share: an id or name of a unit under scope_details: units in "
        "isms.yaml. Example: --unit 市民課",
    ),
]


def soa(
    context: typer.Context,
    language: LanguageOption = None,
    output: OutputOption = None,
    today: TodayOption = None,
    at: AtOption = None,
    check: CheckOption = None,
) -> None:
    """Render the Statement of Applicability (適用宣言書) as Markdown."""
    if context.invoked_subcommand is not None:
        return
    from ismskit.documents.rendering import prepared_rendering

    # The rendering child starts first: it imports Jinja while this process reads the registers.
    with prepared_rendering(repository_root(context), "soa.md.j2"):
        from ismskit.cli.commands.soa import run_soa

        request = _document_request(context, language, output, at, check, today)
        code = run_soa(request, sys.stdout, sys.stderr)
    raise typer.Exit(code)


def report(
    context: typer.Context,
    name: Annotated[
        ReportName,
        typer.Argument(metavar="NAME", help="The report to render. Example: risk-assessment"),
    ],
    subject: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            help="For internal-audit only: the audit to report on. Default: the latest held. "
            "Example: IA-2025",
        ),
    ] = None,
    language: LanguageOption = None,
    output: OutputOption = None,
    today: TodayOption = None,
    at: AtOption = None,
    check: CheckOption = None,
    unit: UnitOption = None,
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="markdown, or json (readiness, audit-programme). Example: --format json",
        ),
    ] = ReportFormat.markdown,
) -> NoReturn:
    """Render a report as Markdown (NAME: risk-assessment, risk-treatment-plan, assets, records,
    scope, context, roles, objectives, changes, internal-audit [ID], audit-programme,
    management-review, readiness)."""
    from dataclasses import replace

    from ismskit.documents.rendering import prepared_rendering
    from ismskit.documents.reports import REPORTS

    kind = REPORTS.get(name.value)
    rendered = output_format == ReportFormat.markdown and kind is not None
    with prepared_rendering(repository_root(context), kind.template if kind and rendered else None):
        from ismskit.cli.commands.report import run_report

        request = _document_request(context, language, output, at, check, today, unit)
        request = replace(request, output_format=output_format.value)
        code = run_report(name.value, request, sys.stdout, sys.stderr, subject=subject)
    raise typer.Exit(code)


def _document_request(
    context: typer.Context,
    language: ReportLanguage | None,
    output: Path | None,
    at: str | None,
    check: Path | None,
    today: str | None,
    unit: str | None = None,
) -> DocumentRequest:
    from ismskit.cli.commands.document import DocumentRequest

    root = repository_root(context)
    chosen: Language | None = output_language(language)
    return DocumentRequest(
        root, chosen, output, at, check, parse_today(today), unit, today_given=today is not None
    )


def due(
    context: typer.Context,
    within: Annotated[
        int,
        typer.Option(
            "--within",
            metavar="DAYS",
            min=0,
            help="List what falls due within this many days from today. Example: --within 30",
        ),
    ] = 90,
    output_format: Annotated[
        LogFormat,
        typer.Option(
            "--format",
            "-f",
            help="How to print the list: a table, json or markdown. Example: --format markdown",
        ),
    ] = LogFormat.table,
    language: LanguageOption = None,
    today: TodayOption = None,
) -> NoReturn:
    """List what falls due or is overdue: reviews, retention, drills, corrective actions."""
    from ismskit.cli.commands.due import run_due

    code = run_due(
        repository_root(context),
        within_days=within,
        output_format=output_format.value,
        language=output_language(language),
        today=parse_today(today),
        stream=sys.stdout,
        errors=sys.stderr,
    )
    raise typer.Exit(code)
