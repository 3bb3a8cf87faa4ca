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
    output_language,
    parse_day,
    parse_today,
    rating_option,
    repository_root,
    split_list,
)


class EvaluateFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


TREATMENT_HELP = (
    "How the risk is treated: reduce, accept, avoid or transfer, in English or Japanese (低減, "
    "受容 or 保有, 回避, 移転 or 共有)."
)

RiskId = Annotated[str, typer.Argument(metavar="ID", help="The risk's id. Example: R-001")]
PlannedControlsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--controls",
        metavar="CONTROL",
        help="A control planned for the treatment (Annex A or the organisation's own). Repeat "
        "the option or give a comma list. Example: --controls A.8.7,A.5.15",
    ),
]
ExistingControlsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--existing-controls",
        metavar="CONTROL",
        help="A control already in place, from which the vulnerability is rated. Repeat the "
        "option or give a comma list. Example: --existing-controls A.5.15,A.8.5",
    ),
]
ResidualVulnerabilityOption = Annotated[
    str | None,
    rating_option(
        "residual-vulnerability",
        what="The vulnerability the planned controls leave",
        example="--residual-vulnerability 1",
    ),
]
ResidualFrequencyOption = Annotated[
    str | None,
    rating_option(
        "residual-frequency",
        what="The frequency the planned controls leave",
        example="--residual-frequency 低",
    ),
]
ResidualLikelihoodOption = Annotated[
    str | None,
    rating_option(
        "residual-likelihood",
        what="The likelihood the planned controls leave (likelihood-impact method)",
        example="--residual-likelihood 2",
    ),
]
ResidualImpactOption = Annotated[
    str | None,
    rating_option(
        "residual-impact",
        what="The impact the planned controls leave (likelihood-impact method)",
        example="--residual-impact 2",
    ),
]
DueOption = Annotated[
    str | None,
    typer.Option(
        "--due",
        metavar="YYYY-MM-DD",
        help="When the planned controls are due to be in place. Example: --due 2026-12-31",
    ),
]
AcceptedByOption = Annotated[
    str | None,
    typer.Option(
        "--accepted-by",
        metavar="NAME",
        help="Who accepts the risk, or its residual risk, where it stays above the acceptance "
        "level (normally the risk owner or an executive). Example: --accepted-by 副市長",
    ),
]
AcceptedOnOption = Annotated[
    str | None,
    typer.Option(
        "--accepted-on",
        metavar="YYYY-MM-DD",
        help="When the risk was accepted. Default with --accepted-by: today. "
        "Example: --accepted-on 2026-05-01",
    ),
]


def _treatments(incomplete: str) -> list[str]:
    words = [
        "reduce",
        "accept",
        "avoid",
        "transfer",
        "低減",
        "受容",
        "保有",
        "回避",
        "移転",
        "共有",
    ]
    return [word for word in words if word.startswith(incomplete)]


def evaluate(
    context: typer.Context,
    output_format: Annotated[
        EvaluateFormat,
        typer.Option(
            "--format",
            "-f",
            help="How to print the risks: a table for people, json or csv for scripts and "
            "spreadsheets, markdown for documents. Example: --format csv",
        ),
    ] = EvaluateFormat.table,
    above_acceptance: Annotated[
        bool,
        typer.Option(
            "--above-acceptance",
            help="List only the risks whose score is above the acceptance level. "
            "Example: --above-acceptance",
        ),
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
        language=output_language(language),
        today=parse_today(today),
        at=at,
        stream=sys.stdout,
        errors=sys.stderr,
    )
    raise typer.Exit(code)


TreatmentOption = Annotated[
    str,
    typer.Option(
        "--treatment",
        metavar="TREATMENT",
        help=f"{TREATMENT_HELP} Example: --treatment 低減",
        autocompletion=_treatments,
    ),
]

RiskOwnerOption = Annotated[
    str,
    typer.Option(
        "--owner",
        metavar="TEXT",
        help="The risk owner (リスク所有者, ISO/IEC 27001 6.1.2 c), normally a post. "
        "Example: --owner 市民課長",
    ),
]

AssetIdOption = Annotated[
    str | None,
    typer.Option("--asset", metavar="ID", help="The asset's id. Example: --asset A-001"),
]

ThreatIdOption = Annotated[
    str | None,
    typer.Option("--threat", metavar="ID", help="The threat's id. Example: --threat T-01"),
]

ScenarioNameOption = Annotated[
    str | None,
    typer.Option(
        "--name",
        metavar="TEXT",
        help="The risk scenario in a few words. Example: --name 'USBメモリの紛失'",
    ),
]


def add(
    context: typer.Context,
    treatment: TreatmentOption,
    owner: RiskOwnerOption,
    asset: AssetIdOption = None,
    threat: ThreatIdOption = None,
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
    name: ScenarioNameOption = None,
    identifier: IdOption = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Add a risk (an asset × threat pair, or a scenario); prints its score.

    Example: isms risk add --asset A-001 --threat T-01 --vulnerability 中 --treatment 受容
    --owner 市民課長
    """
    request = edit_request(context, dry_run, file, today)
    fields = {
        "id": identifier,
        "name": name,
        "asset": asset,
        "threat": threat,
        **_ratings(vulnerability, frequency, likelihood, impact),
        "existing_controls": split_list(existing_controls),
        "treatment": treatment,
        "controls": split_list(controls),
        **_residual(
            residual_vulnerability, residual_frequency, residual_likelihood, residual_impact
        ),
        "owner": owner,
        **_acceptance(accepted_by, accepted_on, request.today),
        "due": parse_day(due, "--due"),
    }
    add_entry(request, "risks", fields)


def _ratings(
    vulnerability: str | None, frequency: str | None, likelihood: str | None, impact: str | None
) -> dict[str, str | None]:
    """The initial ratings: vulnerability and frequency, or likelihood and impact."""
    return {
        "vulnerability": vulnerability,
        "frequency": frequency,
        "likelihood": likelihood,
        "impact": impact,
    }


def _residual(
    vulnerability: str | None, frequency: str | None, likelihood: str | None, impact: str | None
) -> dict[str, str | None]:
    """The ratings the planned controls leave."""
    return {
        "residual_vulnerability": vulnerability,
        "residual_frequency": frequency,
        "residual_likelihood": likelihood,
        "residual_impact": impact,
    }


def _acceptance(accepted_by: str | None, accepted_on: str | None, today: date) -> dict[str, Any]:
    """`--accepted-by` and `--accepted-on`, which is today where only the first is given."""
    accepted_day = _not_after(parse_day(accepted_on, "--accepted-on"), today, "--accepted-on")
    if accepted_by is not None and accepted_day is None:
        accepted_day = today
    return {"accepted_by": accepted_by, "accepted_on": accepted_day}


def _not_after(day: date | None, today: date, option: str) -> date | None:
    """An acceptance's day: recorded once it is given (rule risk-acceptance-future)."""
    if day is not None and day > today:
        raise typer.BadParameter(
            f"{day.isoformat()} is after today ({today.isoformat()}): an acceptance is recorded "
            "once it is given; write the day it was given",
            param_hint=option,
        )
    return day


def accept(
    context: typer.Context,
    identifier: RiskId,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="NAME",
            help="Who accepts the risk (the risk owner, or whom the risk criteria name). "
            "Example: --by 副市長",
        ),
    ],
    on: OnOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Record the risk owner's acceptance of a risk (or of its residual risk) at its score now.

    Example: isms risk accept R-001 --by 副市長 --on 2026-05-01
    """
    from ismskit.cli.commands.edit import run_risk_accept

    request = edit_request(context, dry_run, None, today)
    accepted_on = _not_after(parse_day(on, "--on"), request.today, "--on") or request.today
    streams = (sys.stdout, sys.stderr)
    raise typer.Exit(run_risk_accept(request, identifier, by, accepted_on, streams))


def treat(
    context: typer.Context,
    identifier: RiskId,
    controls: Annotated[
        list[str],
        typer.Option(
            "--controls",
            metavar="CONTROL",
            help="A control planned for the treatment. Repeat the option or give a comma list. "
            "Example: --controls A.8.7,A.5.15",
        ),
    ],
    treatment: Annotated[
        str | None,
        typer.Option(
            "--treatment",
            metavar="TREATMENT",
            help=f"{TREATMENT_HELP} Default: the risk's own, or reduce where it was accept. "
            "Example: --treatment 移転",
            autocompletion=_treatments,
        ),
    ] = None,
    residual_vulnerability: ResidualVulnerabilityOption = None,
    residual_frequency: ResidualFrequencyOption = None,
    residual_likelihood: ResidualLikelihoodOption = None,
    residual_impact: ResidualImpactOption = None,
    due: DueOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Plan a risk's treatment: its controls and the residual ratings they leave.

    Example: isms risk treat R-001 --controls A.8.7 --residual-vulnerability 1 --due 2026-12-31
    """
    from ismskit.cli.commands.edit import run_risk_treat

    changes: dict[str, Any] = {
        "treatment": treatment,
        "controls": split_list(controls),
        **_residual(
            residual_vulnerability, residual_frequency, residual_likelihood, residual_impact
        ),
        "due": parse_day(due, "--due"),
    }
    request = edit_request(context, dry_run, None, today)
    raise typer.Exit(run_risk_treat(request, identifier, changes, (sys.stdout, sys.stderr)))
