"""`isms approve`: a thin typer command over ismskit.cli.commands.approve.

Only typer is imported here; the command imports the writer when it runs.
"""

from __future__ import annotations

import sys
from typing import Annotated, NoReturn

import typer

from ismskit.cli.options import DryRunOption, EditTodayOption, OnOption, edit_request, parse_day


def approve(
    context: typer.Context,
    identifier: Annotated[
        str,
        typer.Argument(metavar="DOC-ID", help="The record of the document (one with renders)."),
    ],
    by: Annotated[str, typer.Option("--by", metavar="NAME", help="Who approves it.")],
    on: OnOption = None,
    version: Annotated[
        str | None,
        typer.Option(
            "--version",
            metavar="V",
            help="The version approved. Default: the previous one plus one (1 when none).",
        ),
    ] = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Approve a document isms renders (the SoA, a report) as its content stands: writes the
    record's version, approved_by, approved_on and content_digest."""
    from ismskit.cli.commands.approve import run_approve

    request = edit_request(context, dry_run, None, today)
    approved_on = parse_day(on, "--on") or request.today
    streams = (sys.stdout, sys.stderr)
    raise typer.Exit(
        run_approve(request, identifier, by=by, on=approved_on, version=version, streams=streams)
    )
