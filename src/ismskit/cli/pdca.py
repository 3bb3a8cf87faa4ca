"""The commands that add one entry at a time to the registers of the management system:
`isms nc add`, `isms issue add`, `isms change add`, `isms objective measure` and
`isms monitoring record`.

cli/app.py attaches them; only typer is imported here, each command imports the writer when it runs.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from ismskit.cli.options import (
    DryRunOption,
    EditTodayOption,
    FileOption,
    IdOption,
    OnOption,
    add_entry,
    edit_request,
    parse_day,
)

if TYPE_CHECKING:
    from ismskit.cli.commands.edit import EditRequest


class Source(StrEnum):
    internal_audit = "internal-audit"
    certification_audit = "certification-audit"
    incident = "incident"
    exercise = "exercise"
    review = "review"
    other = "other"


class Origin(StrEnum):
    internal = "internal"
    external = "external"


class ChangeStatus(StrEnum):
    planned = "planned"
    in_progress = "in-progress"
    done = "done"
    cancelled = "cancelled"


DueOption = Annotated[
    str | None, typer.Option("--due", metavar="YYYY-MM-DD", help="When the action is due.")
]
OwnerOption = Annotated[str | None, typer.Option("--owner", help="Who is responsible.")]
ClauseOption = Annotated[
    str | None, typer.Option("--clause", help='A clause of ISO/IEC 27001, e.g. "7.2".')
]
ControlOption = Annotated[str | None, typer.Option("--control", help="A control, e.g. A.8.15.")]


def nc_add(
    context: typer.Context,
    description: Annotated[str, typer.Option("--description", help="What happened.")],
    source: Annotated[Source | None, typer.Option("--source", help="Where it was found.")] = None,
    source_ref: Annotated[
        str | None, typer.Option("--source-ref", metavar="ID", help="The audit, exercise, ...")
    ] = None,
    detected_on: Annotated[
        str | None,
        typer.Option("--detected-on", metavar="YYYY-MM-DD", help="When. Default: today."),
    ] = None,
    clause: ClauseOption = None,
    control: ControlOption = None,
    correction: Annotated[
        str | None, typer.Option("--correction", help="What was done about it at once.")
    ] = None,
    root_cause: Annotated[str | None, typer.Option("--root-cause", help="Why it happened.")] = None,
    corrective_action: Annotated[
        str | None,
        typer.Option("--corrective-action", help="What stops it happening again (10.2 c)."),
    ] = None,
    owner: OwnerOption = None,
    due: DueOption = None,
    identifier: IdOption = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Record a nonconformity with its correction and corrective action (不適合, 10.2)."""
    request = edit_request(context, dry_run, file, today)
    fields = {
        "id": identifier,
        "description": description,
        "source": source.value if source else None,
        "source_ref": source_ref,
        "detected_on": parse_day(detected_on, "--detected-on") or request.today,
        "clause": clause,
        "control": control,
        "correction": correction,
        "root_cause": root_cause,
        "corrective_action": corrective_action,
        "owner": owner,
        "due": parse_day(due, "--due"),
        "status": "open",
    }
    add_entry(request, "nonconformities", fields)


def issue_add(
    context: typer.Context,
    title: Annotated[str, typer.Option("--title", help="The issue.")],
    issue_type: Annotated[Origin, typer.Option("--type", help="internal or external.")],
    category: Annotated[str | None, typer.Option("--category", help="e.g. legal.")] = None,
    effect: Annotated[
        str | None, typer.Option("--effect", help="How it affects the intended outcomes.")
    ] = None,
    response: Annotated[
        str | None, typer.Option("--response", help="How the ISMS addresses it.")
    ] = None,
    climate_change: Annotated[
        bool,
        typer.Option("--climate-change", help="It records the determination on climate change."),
    ] = False,
    not_relevant: Annotated[
        bool, typer.Option("--not-relevant", help="Determined not relevant (say why).")
    ] = False,
    identifier: IdOption = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Add an external or internal issue (4.1)."""
    request = edit_request(context, dry_run, file, today)
    fields = {
        "id": identifier,
        "title": title,
        "type": issue_type.value,
        "category": category,
        "effect": effect,
        "response": response,
        "climate_change": True if climate_change else None,
        "relevant": False if not_relevant else None,
        "identified_on": request.today,
    }
    add_entry(request, "issues", fields)


def change_add(
    context: typer.Context,
    title: Annotated[str, typer.Option("--title", help="The change.")],
    owner: Annotated[str, typer.Option("--owner", help="Who is responsible.")],
    planned_on: Annotated[
        str, typer.Option("--planned-on", metavar="YYYY-MM-DD", help="When it is to be done.")
    ],
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why, and what it may affect.")
    ] = None,
    resources: Annotated[str | None, typer.Option("--resources")] = None,
    status: Annotated[ChangeStatus, typer.Option("--status")] = ChangeStatus.planned,
    identifier: IdOption = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Add a planned change to the ISMS (6.3)."""
    fields = {
        "id": identifier,
        "title": title,
        "reason": reason,
        "owner": owner,
        "resources": resources,
        "planned_on": parse_day(planned_on, "--planned-on"),
        "status": status.value,
    }
    add_entry(edit_request(context, dry_run, file, today), "changes", fields)


def objective_measure(
    context: typer.Context,
    identifier: Annotated[str, typer.Argument(metavar="ID", help="The objective's id.")],
    value: Annotated[float, typer.Option("--value", help="The measured value.")],
    on: OnOption = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Record a measurement of an objective (9.1)."""
    request = edit_request(context, dry_run, None, today)
    item = {"date": parse_day(on, "--on") or request.today, "value": _number(value), "note": note}
    _append(request, "objectives", identifier, "measurements", item)


def monitoring_record(
    context: typer.Context,
    identifier: Annotated[str, typer.Argument(metavar="ID", help="The measurement's id.")],
    value: Annotated[float | None, typer.Option("--value", help="The measured value.")] = None,
    result: Annotated[str | None, typer.Option("--result", help="What was found.")] = None,
    evaluation: Annotated[
        str | None, typer.Option("--evaluation", help="The analysis and evaluation.")
    ] = None,
    on: OnOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Record a result of a monitoring or measurement (9.1)."""
    if value is None and result is None:
        raise typer.BadParameter("give the --value, the --result, or both", param_hint="--value")
    request = edit_request(context, dry_run, None, today)
    item = {
        "date": parse_day(on, "--on") or request.today,
        "value": _number(value) if value is not None else None,
        "result": result,
        "evaluation": evaluation,
    }
    _append(request, "measurements", identifier, "results", item)


def _number(value: float) -> float | int:
    """8 stays 8 in the file, as a person writes it (not 8.0)."""
    return int(value) if value.is_integer() else value


def _append(
    request: EditRequest, register: str, identifier: str, field: str, item: dict[str, Any]
) -> NoReturn:
    from ismskit.cli.commands.edit import run_append

    code = run_append(request, register, identifier, field, item, (sys.stdout, sys.stderr))
    raise typer.Exit(code)
