"""The commands that write registers: thin typer functions over ismskit.cli.commands.edit.

cli.py attaches them to its groups (`isms asset add`, `isms risk accept`, `isms soa set`, ...).
Only typer is imported here; each command imports the writer when it runs.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from ismskit.cli.commands.edit import EditRequest


class AssetClass(StrEnum):
    information = "information"
    software = "software"
    physical = "physical"
    service = "service"


class Treatment(StrEnum):
    reduce = "reduce"
    accept = "accept"
    avoid = "avoid"
    transfer = "transfer"


class SoaStatus(StrEnum):
    implemented = "implemented"
    partial = "partial"
    planned = "planned"
    not_implemented = "not-implemented"


class Property(StrEnum):
    confidentiality = "confidentiality"
    integrity = "integrity"
    availability = "availability"


DryRunOption = Annotated[
    bool,
    typer.Option("--dry-run", help="Show the diff the change would make; write nothing."),
]
FileOption = Annotated[
    str | None,
    typer.Option(
        "--file",
        metavar="FILE",
        help="The register file a new entry goes to (created if absent). Default: the one file "
        "that holds the register; where several do, this option is needed.",
    ),
]
IdOption = Annotated[
    str | None,
    typer.Option("--id", help="The new entry's id. Default: the next number (R-099 → R-100)."),
]
OnOption = Annotated[
    str | None, typer.Option("--on", metavar="YYYY-MM-DD", help="The date. Default: today.")
]
TodayOption = Annotated[
    str | None,
    typer.Option("--today", metavar="YYYY-MM-DD", help="The date checks are made against."),
]


VulnerabilityOption = Annotated[
    int | None,
    typer.Option("--vulnerability", metavar="N", help="Rated from the existing controls."),
]
FrequencyOption = Annotated[
    int | None,
    typer.Option("--frequency", metavar="N", help="How often it happens (frequency scale)."),
]
LikelihoodOption = Annotated[
    int | None, typer.Option("--likelihood", metavar="N", help="likelihood-impact method.")
]
ImpactOption = Annotated[
    int | None, typer.Option("--impact", metavar="N", help="likelihood-impact method.")
]
ResidualVulnerabilityOption = Annotated[
    int | None,
    typer.Option("--residual-vulnerability", metavar="N", help="Vulnerability after treatment."),
]
ResidualFrequencyOption = Annotated[
    int | None,
    typer.Option("--residual-frequency", metavar="N", help="Frequency after treatment."),
]
ResidualLikelihoodOption = Annotated[
    int | None,
    typer.Option("--residual-likelihood", metavar="N", help="Likelihood after treatment."),
]
ResidualImpactOption = Annotated[
    int | None, typer.Option("--residual-impact", metavar="N", help="Impact after treatment.")
]
DueOption = Annotated[
    str | None, typer.Option("--due", metavar="YYYY-MM-DD", help="When the controls are due.")
]


def edit_request(
    context: typer.Context, dry_run: bool, file: str | None, today: str | None
) -> EditRequest:
    from ismskit.cli.commands.edit import EditRequest
    from ismskit.cli.options import parse_today, repository_root

    return EditRequest(repository_root(context), parse_today(today), dry_run, file)


def option_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a date; write it as YYYY-MM-DD", param_hint=option
        ) from None


def _add(request: EditRequest, register: str, fields: dict[str, Any]) -> NoReturn:
    from ismskit.cli.commands.edit import run_add

    raise typer.Exit(run_add(request, register, fields, (sys.stdout, sys.stderr)))


def _update(
    request: EditRequest, register: str, identifier: str, changes: dict[str, Any]
) -> NoReturn:
    from ismskit.cli.commands.edit import run_update

    raise typer.Exit(run_update(request, register, identifier, changes, (sys.stdout, sys.stderr)))


def _list(values: list[str] | None) -> list[str] | None:
    from ismskit.cli.commands.edit import split_list

    return split_list(values)


def asset_add(
    context: typer.Context,
    name: Annotated[str, typer.Option("--name", help="The asset's name.")],
    asset_class: Annotated[AssetClass, typer.Option("--class", help="The asset class.")],
    owner: Annotated[str, typer.Option("--owner", help="Who is responsible (管理責任者).")],
    confidentiality: Annotated[int, typer.Option("--confidentiality", "-C", metavar="N")],
    integrity: Annotated[int, typer.Option("--integrity", "-I", metavar="N")],
    availability: Annotated[int, typer.Option("--availability", "-A", metavar="N")],
    identifier: IdOption = None,
    location: Annotated[str | None, typer.Option("--location", help="Where it is kept.")] = None,
    description: Annotated[str | None, typer.Option("--description")] = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: TodayOption = None,
) -> NoReturn:
    """Add an information asset to the asset register (情報資産台帳)."""
    fields = {
        "id": identifier,
        "name": name,
        "class": asset_class.value,
        "owner": owner,
        "location": location,
        "description": description,
        "confidentiality": confidentiality,
        "integrity": integrity,
        "availability": availability,
    }
    _add(edit_request(context, dry_run, file, today), "assets", fields)


def threat_add(
    context: typer.Context,
    name: Annotated[str, typer.Option("--name", help="The threat (脅威).")],
    frequency: FrequencyOption = None,
    affects: Annotated[
        list[Property] | None,
        typer.Option("--affects", help="A property it affects (repeat). Default: all three."),
    ] = None,
    classes: Annotated[
        list[AssetClass] | None,
        typer.Option("--classes", help="An asset class it applies to (repeat)."),
    ] = None,
    identifier: IdOption = None,
    description: Annotated[str | None, typer.Option("--description")] = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: TodayOption = None,
) -> NoReturn:
    """Add a threat to the threat register."""
    fields = {
        "id": identifier,
        "name": name,
        "description": description,
        "frequency": frequency,
        "affects": [item.value for item in affects] if affects else None,
        "classes": [item.value for item in classes] if classes else None,
    }
    _add(edit_request(context, dry_run, file, today), "threats", fields)


def risk_add(
    context: typer.Context,
    treatment: Annotated[Treatment, typer.Option("--treatment", help="How it is treated.")],
    owner: Annotated[str, typer.Option("--owner", help="The risk owner (6.1.2 c).")],
    asset: Annotated[str | None, typer.Option("--asset", help="The asset's id.")] = None,
    threat: Annotated[str | None, typer.Option("--threat", help="The threat's id.")] = None,
    vulnerability: VulnerabilityOption = None,
    frequency: FrequencyOption = None,
    likelihood: LikelihoodOption = None,
    impact: ImpactOption = None,
    controls: Annotated[
        list[str] | None,
        typer.Option("--controls", help="Controls planned for the treatment (repeat, or a,b)."),
    ] = None,
    existing_controls: Annotated[
        list[str] | None, typer.Option("--existing-controls", help="Controls in place.")
    ] = None,
    residual_vulnerability: ResidualVulnerabilityOption = None,
    residual_frequency: ResidualFrequencyOption = None,
    residual_likelihood: ResidualLikelihoodOption = None,
    residual_impact: ResidualImpactOption = None,
    due: DueOption = None,
    accepted_by: Annotated[
        str | None,
        typer.Option(
            "--accepted-by", metavar="NAME", help="Who accepts the (residual) risk, if above."
        ),
    ] = None,
    accepted_on: Annotated[
        str | None,
        typer.Option(
            "--accepted-on", metavar="YYYY-MM-DD", help="When. Default with --accepted-by: today."
        ),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="A risk scenario's name.")] = None,
    identifier: IdOption = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: TodayOption = None,
) -> NoReturn:
    """Add a risk (an asset × threat pair, or a scenario); prints its score."""
    request = edit_request(context, dry_run, file, today)
    accepted_day = option_day(accepted_on, "--accepted-on")
    if accepted_by is not None and accepted_day is None:
        accepted_day = request.today
    fields = {
        "id": identifier,
        "name": name,
        "asset": asset,
        "threat": threat,
        "vulnerability": vulnerability,
        "frequency": frequency,
        "likelihood": likelihood,
        "impact": impact,
        "existing_controls": _list(existing_controls),
        "treatment": treatment.value,
        "controls": _list(controls),
        "residual_vulnerability": residual_vulnerability,
        "residual_frequency": residual_frequency,
        "residual_likelihood": residual_likelihood,
        "residual_impact": residual_impact,
        "owner": owner,
        "accepted_by": accepted_by,
        "accepted_on": accepted_day,
        "due": option_day(due, "--due"),
    }
    _add(request, "risks", fields)


RiskId = Annotated[str, typer.Argument(metavar="ID", help="The risk's id.")]


def risk_accept(
    context: typer.Context,
    identifier: RiskId,
    by: Annotated[str, typer.Option("--by", metavar="NAME", help="Who accepts the risk.")],
    on: OnOption = None,
    dry_run: DryRunOption = False,
    today: TodayOption = None,
) -> NoReturn:
    """Record the risk owner's acceptance of a risk (or of its residual risk) at its score now."""
    from ismskit.cli.commands.edit import run_risk_accept

    request = edit_request(context, dry_run, None, today)
    accepted_on = option_day(on, "--on") or request.today
    streams = (sys.stdout, sys.stderr)
    raise typer.Exit(run_risk_accept(request, identifier, by, accepted_on, streams))


def risk_treat(
    context: typer.Context,
    identifier: RiskId,
    controls: Annotated[
        list[str], typer.Option("--controls", help="The planned controls (repeat, or a,b).")
    ],
    treatment: Annotated[
        Treatment | None,
        typer.Option("--treatment", help="Default: the risk's own, or reduce where it was accept."),
    ] = None,
    residual_vulnerability: ResidualVulnerabilityOption = None,
    residual_frequency: ResidualFrequencyOption = None,
    residual_likelihood: ResidualLikelihoodOption = None,
    residual_impact: ResidualImpactOption = None,
    due: DueOption = None,
    dry_run: DryRunOption = False,
    today: TodayOption = None,
) -> NoReturn:
    """Plan a risk's treatment: its controls and the residual ratings they leave."""
    from ismskit.cli.commands.edit import run_risk_treat

    changes = {
        "treatment": treatment.value if treatment else None,
        "controls": _list(controls),
        "residual_vulnerability": residual_vulnerability,
        "residual_frequency": residual_frequency,
        "residual_likelihood": residual_likelihood,
        "residual_impact": residual_impact,
        "due": option_day(due, "--due"),
    }
    request = edit_request(context, dry_run, None, today)
    raise typer.Exit(run_risk_treat(request, identifier, changes, (sys.stdout, sys.stderr)))


def soa_set(
    context: typer.Context,
    control: Annotated[str, typer.Argument(metavar="CONTROL", help="The control, e.g. A.5.1.")],
    applicable: Annotated[
        bool | None,
        typer.Option("--applicable/--not-applicable", help="Applied (適用) or excluded (除外)."),
    ] = None,
    justification: Annotated[
        str | None, typer.Option("--justification", help="Why it is applied or excluded.")
    ] = None,
    status: Annotated[SoaStatus | None, typer.Option("--status")] = None,
    evidence: Annotated[
        list[str] | None, typer.Option("--evidence", help="A record id (repeat, or a,b).")
    ] = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: TodayOption = None,
) -> NoReturn:
    """Record a Statement of Applicability decision for one control."""
    from ismskit.cli.commands.edit import run_soa_set
    from ismskit.editing.yaml_text import REMOVE

    changes: dict[str, Any] = {
        "applicable": applicable,
        "justification": justification,
        "status": status.value if status else (REMOVE if applicable is False else None),
        "evidence": _list(evidence),
    }
    request = edit_request(context, dry_run, file, today)
    raise typer.Exit(run_soa_set(request, control, changes, (sys.stdout, sys.stderr)))


def nc_close(
    context: typer.Context,
    identifier: Annotated[str, typer.Argument(metavar="ID", help="The nonconformity's id.")],
    by: Annotated[str, typer.Option("--by", metavar="NAME", help="Who reviewed it.")],
    effective: Annotated[
        bool | None,
        typer.Option(
            "--effective/--not-effective",
            help="Whether the corrective action was effective (10.2 d); required.",
        ),
    ] = None,
    on: OnOption = None,
    notes: Annotated[str | None, typer.Option("--notes", help="What the review found.")] = None,
    dry_run: DryRunOption = False,
    today: TodayOption = None,
) -> NoReturn:
    """Close a nonconformity with the review of its corrective action's effectiveness."""
    from ismskit.cli.commands.edit import nc_closing, run_nc_close

    if effective is None:
        raise typer.BadParameter(
            "say whether the corrective action was effective", param_hint="--effective"
        )
    request = edit_request(context, dry_run, None, today)
    closed_on = option_day(on, "--on") or request.today
    changes = nc_closing(effective=effective, by=by, on=closed_on, notes=notes)
    streams = (sys.stdout, sys.stderr)
    raise typer.Exit(run_nc_close(request, identifier, changes, streams))
