"""`isms asset add`, `isms threat add`, `isms soa set` and `isms nc close`: thin typer functions
over ismskit.cli.commands.edit (registered in cli/app.py); each imports the writer when it runs."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer

from ismskit.cli.options import (
    DryRunOption,
    EditTodayOption,
    FileOption,
    FrequencyOption,
    IdOption,
    OnOption,
    add_entry,
    edit_request,
    parse_day,
    split_list,
)


class AssetClass(StrEnum):
    information = "information"
    software = "software"
    physical = "physical"
    service = "service"


class SoaStatus(StrEnum):
    implemented = "implemented"
    partial = "partial"
    planned = "planned"
    not_implemented = "not-implemented"


class Property(StrEnum):
    confidentiality = "confidentiality"
    integrity = "integrity"
    availability = "availability"


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
    today: EditTodayOption = None,
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
    add_entry(edit_request(context, dry_run, file, today), "assets", fields)


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
    today: EditTodayOption = None,
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
    add_entry(edit_request(context, dry_run, file, today), "threats", fields)


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
    today: EditTodayOption = None,
) -> NoReturn:
    """Record a Statement of Applicability decision for one control."""
    from ismskit.cli.commands.edit import run_soa_set
    from ismskit.editing.yaml_text import REMOVE

    changes: dict[str, Any] = {
        "applicable": applicable,
        "justification": justification,
        "status": status.value if status else (REMOVE if applicable is False else None),
        "evidence": split_list(evidence),
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
    today: EditTodayOption = None,
) -> NoReturn:
    """Close a nonconformity with the review of its corrective action's effectiveness."""
    from ismskit.cli.commands.edit import nc_closing, run_nc_close

    if effective is None:
        raise typer.BadParameter(
            "say whether the corrective action was effective", param_hint="--effective"
        )
    request = edit_request(context, dry_run, None, today)
    closed_on = parse_day(on, "--on") or request.today
    changes = nc_closing(effective=effective, by=by, on=closed_on, notes=notes)
    streams = (sys.stdout, sys.stderr)
    raise typer.Exit(run_nc_close(request, identifier, changes, streams))
