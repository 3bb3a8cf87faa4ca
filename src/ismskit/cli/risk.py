"""`isms risk evaluate`, `add`, `accept` and `treat`: thin typer functions over the run_* of
ismskit.cli.commands.risk_evaluate and ismskit.cli.commands.edit (registered in cli/app.py)."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer

from ismskit.cli.options import (
    AtOption,
    DryRunOption,
    EditTodayOption,
    FileOption,
    FrequencyOption,
    IdOption,
    ImpactOption,
    LanguageOption,
    LikelihoodOption,
    OnOption,
    TodayOption,
    VulnerabilityOption,
    add_entry,
    edit_request,
    parse_day,
    parse_today,
    repository_root,
    split_list,
)


class EvaluateFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Treatment(StrEnum):
    reduce = "reduce"
    accept = "accept"
    avoid = "avoid"
    transfer = "transfer"


RiskId = Annotated[str, typer.Argument(metavar="ID", help="The risk's id.")]
PlannedControlsOption = Annotated[
    list[str] | None,
    typer.Option("--controls", help="Controls planned for the treatment (repeat, or a,b)."),
]
ExistingControlsOption = Annotated[
    list[str] | None, typer.Option("--existing-controls", help="Controls in place.")
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
AcceptedByOption = Annotated[
    str | None,
    typer.Option(
        "--accepted-by", metavar="NAME", help="Who accepts the (residual) risk, if above."
    ),
]
AcceptedOnOption = Annotated[
    str | None,
    typer.Option(
        "--accepted-on", metavar="YYYY-MM-DD", help="When. Default with --accepted-by: today."
    ),
]


def evaluate(
    context: typer.Context,
    output_format: Annotated[
        EvaluateFormat, typer.Option("--format", "-f", help="How to print the risks.")
    ] = EvaluateFormat.table,
    above_acceptance: Annotated[
        bool,
        typer.Option("--above-acceptance", help="List only risks scored above acceptance."),
    ] = False,
    language: LanguageOption = None,
    today: TodayOption = None,
    at: AtOption = None,
) -> NoReturn:
    """Score every risk, highest first, with a summary and a heat map."""
    from ismskit.cli.commands.risk_evaluate import run_risk_evaluate

    code = run_risk_evaluate(
        repository_root(context),
        output_format=output_format.value,
        above_acceptance=above_acceptance,
        language=language.value if language else None,
        today=parse_today(today),
        at=at,
        stream=sys.stdout,
        errors=sys.stderr,
    )
    raise typer.Exit(code)


def add(
    context: typer.Context,
    treatment: Annotated[Treatment, typer.Option("--treatment", help="How it is treated.")],
    owner: Annotated[str, typer.Option("--owner", help="The risk owner (6.1.2 c).")],
    asset: Annotated[str | None, typer.Option("--asset", help="The asset's id.")] = None,
    threat: Annotated[str | None, typer.Option("--threat", help="The threat's id.")] = None,
    vulnerability: VulnerabilityOption = None,
    frequency: FrequencyOption = None,
    likelihood: LikelihoodOption = None,
    impact: ImpactOption = None,
    controls: PlannedControlsOption = None,
    existing_controls: ExistingControlsOption = None,
    residual_vulnerability: ResidualVulnerabilityOption = None,
    residual_frequency: ResidualFrequencyOption = None,
    residual_likelihood: ResidualLikelihoodOption = None,
    residual_impact: ResidualImpactOption = None,
    due: DueOption = None,
    accepted_by: AcceptedByOption = None,
    accepted_on: AcceptedOnOption = None,
    name: Annotated[str | None, typer.Option("--name", help="A risk scenario's name.")] = None,
    identifier: IdOption = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Add a risk (an asset × threat pair, or a scenario); prints its score."""
    request = edit_request(context, dry_run, file, today)
    fields = {
        "id": identifier,
        "name": name,
        "asset": asset,
        "threat": threat,
        "vulnerability": vulnerability,
        "frequency": frequency,
        "likelihood": likelihood,
        "impact": impact,
        "existing_controls": split_list(existing_controls),
        "treatment": treatment.value,
        "controls": split_list(controls),
        "residual_vulnerability": residual_vulnerability,
        "residual_frequency": residual_frequency,
        "residual_likelihood": residual_likelihood,
        "residual_impact": residual_impact,
        "owner": owner,
        **_acceptance(accepted_by, accepted_on, request.today),
        "due": parse_day(due, "--due"),
    }
    add_entry(request, "risks", fields)


def _acceptance(accepted_by: str | None, accepted_on: str | None, today: date) -> dict[str, Any]:
    """`--accepted-by` and `--accepted-on`, which is today where only the first is given."""
    accepted_day = parse_day(accepted_on, "--accepted-on")
    if accepted_by is not None and accepted_day is None:
        accepted_day = today
    return {"accepted_by": accepted_by, "accepted_on": accepted_day}


def accept(
    context: typer.Context,
    identifier: RiskId,
    by: Annotated[str, typer.Option("--by", metavar="NAME", help="Who accepts the risk.")],
    on: OnOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Record the risk owner's acceptance of a risk (or of its residual risk) at its score now."""
    from ismskit.cli.commands.edit import run_risk_accept

    request = edit_request(context, dry_run, None, today)
    accepted_on = parse_day(on, "--on") or request.today
    streams = (sys.stdout, sys.stderr)
    raise typer.Exit(run_risk_accept(request, identifier, by, accepted_on, streams))


def treat(
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
    today: EditTodayOption = None,
) -> NoReturn:
    """Plan a risk's treatment: its controls and the residual ratings they leave."""
    from ismskit.cli.commands.edit import run_risk_treat

    changes: dict[str, Any] = {
        "treatment": treatment.value if treatment else None,
        "controls": split_list(controls),
        "residual_vulnerability": residual_vulnerability,
        "residual_frequency": residual_frequency,
        "residual_likelihood": residual_likelihood,
        "residual_impact": residual_impact,
        "due": parse_day(due, "--due"),
    }
    request = edit_request(context, dry_run, None, today)
    raise typer.Exit(run_risk_treat(request, identifier, changes, (sys.stdout, sys.stderr)))
