"""The commands that add one entry at a time to the registers of the management system:
`isms nc add`, `isms issue add`, `isms change add`, `isms objective measure` and
`isms monitoring record`.

cli/app.py attaches them and holds their groups' help; only typer is imported here, each command
imports the writer when it runs.
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
    str | None,
    typer.Option(
        "--due", metavar="YYYY-MM-DD", help="When the action is due. Example: --due 2026-12-25"
    ),
]
OwnerOption = Annotated[
    str | None, typer.Option("--owner", help="Who is responsible. Example: --owner 情報政策課長")
]
ClauseOption = Annotated[
    str | None, typer.Option("--clause", help="A clause of ISO/IEC 27001. Example: --clause 7.2")
]
ControlOption = Annotated[
    str | None, typer.Option("--control", help="A control, e.g. A.8.15. Example: --control A.5.18")
]


_NcAddDescription = Annotated[
    str,
    typer.Option(
        "--description",
        help='What happened. Example: --description "退職者のアカウントが削除されていない"',
    ),
]

_NcAddSource = Annotated[
    Source | None,
    typer.Option("--source", help="Where it was found. Example: --source internal-audit"),
]

_NcAddSourceRef = Annotated[
    str | None,
    typer.Option(
        "--source-ref",
        metavar="ID",
        help="The audit, exercise, ... Example: --source-ref IA-01",
    ),
]

_NcAddDetectedOn = Annotated[
    str | None,
    typer.Option(
        "--detected-on",
        metavar="YYYY-MM-DD",
        help="When. Default: today. Example: --detected-on 2026-10-20",
    ),
]

_NcAddCorrection = Annotated[
    str | None,
    typer.Option(
        "--correction",
        help='What was done about it at once. Example: --correction "アカウントを削除した"',
    ),
]

_NcAddRootCause = Annotated[
    str | None,
    typer.Option(
        "--root-cause", help='Why it happened. Example: --root-cause "人事異動の連絡手順がない"'
    ),
]

_NcAddCorrectiveAction = Annotated[
    str | None,
    typer.Option(
        "--corrective-action",
        help="What stops it happening again (10.2 c). "
        'Example: --corrective-action "異動時の連絡手順を定める"',
    ),
]

_IssueAddTitle = Annotated[
    str, typer.Option("--title", help='The issue. Example: --title "クラウドサービスへの移行"')
]

_IssueAddIssueType = Annotated[
    Origin, typer.Option("--type", help="internal or external. Example: --type external")
]

_IssueAddCategory = Annotated[
    str | None, typer.Option("--category", help="e.g. legal. Example: --category 法令")
]

_IssueAddEffect = Annotated[
    str | None,
    typer.Option(
        "--effect",
        help='How it affects the intended outcomes. Example: --effect "個人情報保護法の改正"',
    ),
]

_IssueAddResponse = Annotated[
    str | None,
    typer.Option(
        "--response", help='How the ISMS addresses it. Example: --response "規程を改める"'
    ),
]

_IssueAddClimateChange = Annotated[
    bool,
    typer.Option(
        "--climate-change",
        help="It records the determination on climate change. Example: --climate-change",
    ),
]

_IssueAddNotRelevant = Annotated[
    bool,
    typer.Option(
        "--not-relevant", help="Determined not relevant (say why). Example: --not-relevant"
    ),
]


def nc_add(
    context: typer.Context,
    description: _NcAddDescription,
    source: _NcAddSource = None,
    source_ref: _NcAddSourceRef = None,
    detected_on: _NcAddDetectedOn = None,
    clause: ClauseOption = None,
    control: ControlOption = None,
    correction: _NcAddCorrection = None,
    root_cause: _NcAddRootCause = None,
    corrective_action: _NcAddCorrectiveAction = None,
    owner: OwnerOption = None,
    due: DueOption = None,
    identifier: IdOption = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Record a nonconformity with its correction and corrective action (不適合, 10.2)."""
    request = edit_request(context, dry_run, file, today)
    detected = parse_day(detected_on, "--detected-on") or request.today
    due_day = parse_day(due, "--due")
    if due_day is not None and due_day < detected:
        raise typer.BadParameter(
            f"{due_day.isoformat()} is before the nonconformity was detected "
            f"({detected.isoformat()}): the corrective action is due after it",
            param_hint="--due",
        )
    fields = {
        "id": identifier,
        "description": description,
        "source": source.value if source else None,
        "source_ref": source_ref,
        "detected_on": detected,
        "clause": clause,
        "control": control,
        "correction": correction,
        "root_cause": root_cause,
        "corrective_action": corrective_action,
        "owner": owner,
        "due": due_day,
        "status": "open",
    }
    add_entry(request, "nonconformities", fields)


def issue_add(
    context: typer.Context,
    title: _IssueAddTitle,
    issue_type: _IssueAddIssueType,
    category: _IssueAddCategory = None,
    effect: _IssueAddEffect = None,
    response: _IssueAddResponse = None,
    climate_change: _IssueAddClimateChange = False,
    not_relevant: _IssueAddNotRelevant = False,
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
    title: Annotated[
        str, typer.Option("--title", help='The change. Example: --title "クラウドサービスへの移行"')
    ],
    owner: Annotated[
        str, typer.Option("--owner", help="Who is responsible. Example: --owner 情報政策課長")
    ],
    planned_on: Annotated[
        str,
        typer.Option(
            "--planned-on",
            metavar="YYYY-MM-DD",
            help="When it is to be done. Example: --planned-on 2027-04-01",
        ),
    ],
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason", help='Why, and what it may affect. Example: --reason "基幹系の標準化"'
        ),
    ] = None,
    resources: Annotated[
        str | None,
        typer.Option(
            "--resources",
            help='The resources the change needs (6.3 c). Example: --resources "予算 500 万円"',
        ),
    ] = None,
    status: Annotated[
        ChangeStatus,
        typer.Option("--status", help="Where the change stands. Example: --status in-progress"),
    ] = ChangeStatus.planned,
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
    identifier: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The objective's id. Example: isms objective measure OBJ-01 --value 8.9",
        ),
    ],
    value: Annotated[
        float, typer.Option("--value", help="The measured value. Example: --value 8.9")
    ],
    on: OnOption = None,
    note: Annotated[
        str | None,
        typer.Option("--note", help='A note on the measurement. Example: --note "令和8年度 第2回"'),
    ] = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Record a measurement of an objective (9.1)."""
    request = edit_request(context, dry_run, None, today)
    item = {"date": parse_day(on, "--on") or request.today, "value": _number(value), "note": note}
    _append(request, "objectives", identifier, "measurements", item)


def monitoring_record(
    context: typer.Context,
    identifier: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The measurement's id. Example: isms monitoring record M-02 --value 0",
        ),
    ],
    value: Annotated[
        float | None, typer.Option("--value", help="The measured value. Example: --value 8.9")
    ] = None,
    result: Annotated[
        str | None,
        typer.Option("--result", help='What was found. Example: --result "不要なIDなし"'),
    ] = None,
    evaluation: Annotated[
        str | None,
        typer.Option(
            "--evaluation", help='The analysis and evaluation. Example: --evaluation "目標を達成"'
        ),
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
