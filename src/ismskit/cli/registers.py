"""`isms asset add`, `isms threat add`, `isms soa set` and `isms nc close`: thin typer functions
over ismskit.cli.commands.edit (registered in cli/app.py); each imports the writer when it runs."""

from __future__ import annotations

import sys
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
    rating_option,
    split_list,
)


def _choices(kind: str) -> Any:
    """Shell completion of a word option: the English words and the Japanese ones (imported when
    completion asks, so that start-up stays light)."""

    def complete(incomplete: str) -> list[str]:
        from ismskit.editing.vocabulary import CHOICES, WORDS

        words = [*CHOICES[kind], *(word for word in WORDS[kind] if not word.isascii())]
        return [word for word in words if word.startswith(incomplete)]

    return complete


CLASS_HELP = (
    "The asset class: information, software, physical or service, in English or Japanese "
    "(情報, ソフトウェア, 物理, サービス; also データ, 紙, ハードウェア). Example: --class 物理"
)
PROPERTY_HELP = (
    "confidentiality, integrity or availability, in English or Japanese (機密性, 完全性, 可用性, "
    "or C, I, A)"
)


AssetNameOption = Annotated[
    str,
    typer.Option(
        "--name",
        metavar="TEXT",
        help="The asset's name as the ledger shows it. Example: --name 住民基本台帳システム",
    ),
]

AssetClassOption = Annotated[
    str,
    typer.Option("--class", metavar="CLASS", help=CLASS_HELP, autocompletion=_choices("class")),
]

AssetOwnerOption = Annotated[
    str,
    typer.Option(
        "--owner",
        metavar="TEXT",
        help="Who is responsible for the asset (管理責任者), normally a post or a division. "
        "Example: --owner 市民課長",
    ),
]

ConfidentialityOption = Annotated[
    str,
    rating_option(
        "confidentiality", "-C", what="The confidentiality value (機密性)", example="-C 高"
    ),
]

IntegrityOption = Annotated[
    str,
    rating_option("integrity", "-I", what="The integrity value (完全性)", example="-I 2"),
]

AvailabilityOption = Annotated[
    str,
    rating_option("availability", "-A", what="The availability value (可用性)", example="-A 低"),
]

LocationOption = Annotated[
    str | None,
    typer.Option(
        "--location",
        metavar="TEXT",
        help="Where the asset is kept or installed. Example: --location 本庁舎サーバ室",
    ),
]

AssetDescriptionOption = Annotated[
    str | None,
    typer.Option(
        "--description",
        metavar="TEXT",
        help="What the asset is, in a sentence. Example: --description '住民票の発行に使う'",
    ),
]


def asset_add(
    context: typer.Context,
    name: AssetNameOption,
    asset_class: AssetClassOption,
    owner: AssetOwnerOption,
    confidentiality: ConfidentialityOption,
    integrity: IntegrityOption,
    availability: AvailabilityOption,
    identifier: IdOption = None,
    location: LocationOption = None,
    description: AssetDescriptionOption = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Add an information asset to the asset register (情報資産台帳).

    Example: isms asset add --name 住民基本台帳システム --class 情報 --owner 市民課長
    -C 高 -I 高 -A 中
    """
    fields = {
        "id": identifier,
        "name": name,
        "class": asset_class,
        "owner": owner,
        "location": location,
        "description": description,
        "confidentiality": confidentiality,
        "integrity": integrity,
        "availability": availability,
    }
    add_entry(edit_request(context, dry_run, file, today), "assets", fields)


ThreatNameOption = Annotated[
    str,
    typer.Option("--name", metavar="TEXT", help="The threat (脅威). Example: --name 不正アクセス"),
]

AffectsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--affects",
        metavar="PROPERTY",
        help=f"A security property the threat harms: {PROPERTY_HELP}. Repeat the option or "
        "give a comma list. Default: all three. Example: --affects confidentiality,integrity",
        autocompletion=_choices("property"),
    ),
]

ClassesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--classes",
        metavar="CLASS",
        help="An asset class the threat applies to (information, software, physical, "
        "service, or 情報, ソフトウェア, 物理, サービス). Repeat the option or give a comma "
        "list. Default: every class. Example: --classes 情報,サービス",
        autocompletion=_choices("class"),
    ),
]

ThreatDescriptionOption = Annotated[
    str | None,
    typer.Option(
        "--description",
        metavar="TEXT",
        help="How the threat comes about. Example: --description '外部からの侵入'",
    ),
]


def threat_add(
    context: typer.Context,
    name: ThreatNameOption,
    frequency: FrequencyOption = None,
    affects: AffectsOption = None,
    classes: ClassesOption = None,
    identifier: IdOption = None,
    description: ThreatDescriptionOption = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Add a threat to the threat register.

    Example: isms threat add --name 不正アクセス --frequency 中 --affects 機密性,完全性
    """
    fields = {
        "id": identifier,
        "name": name,
        "description": description,
        "frequency": frequency,
        "affects": affects,
        "classes": classes,
    }
    add_entry(edit_request(context, dry_run, file, today), "threats", fields)


ControlArgument = Annotated[
    str,
    typer.Argument(
        metavar="CONTROL",
        help="The Annex A control (or an organisation control). Example: A.5.1",
    ),
]

ApplicableOption = Annotated[
    bool | None,
    typer.Option(
        "--applicable/--not-applicable",
        help="Whether the control is applied (適用) or excluded (除外). Example: --applicable",
    ),
]

JustificationOption = Annotated[
    str | None,
    typer.Option(
        "--justification",
        metavar="TEXT",
        help="Why the control is applied or excluded (適用・除外の理由), also when excluded. "
        "Example: --justification 'リスク対応に必要'",
    ),
]

StatusOption = Annotated[
    str | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help="How far an applied control is implemented: implemented, partial, planned or "
        "not-implemented (実施済み, 一部実施, 計画中, 未実施). Example: --status 実施済み",
        autocompletion=_choices("status"),
    ),
]

EvidenceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--evidence",
        metavar="ID",
        help="The id of a record that shows the control in place (証跡). Repeat the option or "
        "give a comma list. Example: --evidence DOC-001,DOC-004",
    ),
]


def soa_set(
    context: typer.Context,
    control: ControlArgument,
    applicable: ApplicableOption = None,
    justification: JustificationOption = None,
    status: StatusOption = None,
    evidence: EvidenceOption = None,
    file: FileOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Record a Statement of Applicability decision for one control.

    Example: isms soa set A.5.1 --applicable --justification 'リスク対応に必要' --status 実施済み
    """
    from ismskit.cli.commands.edit import run_soa_set
    from ismskit.editing.yaml_text import REMOVE

    changes: dict[str, Any] = {
        "applicable": applicable,
        "justification": justification,
        "status": status if status else (REMOVE if applicable is False else None),
        "evidence": split_list(evidence),
    }
    request = edit_request(context, dry_run, file, today)
    raise typer.Exit(run_soa_set(request, control, changes, (sys.stdout, sys.stderr)))


NonconformityId = Annotated[
    str, typer.Argument(metavar="ID", help="The nonconformity's id. Example: NC-01")
]

ReviewedByOption = Annotated[
    str,
    typer.Option(
        "--by",
        metavar="NAME",
        help="Who reviewed the effectiveness of the corrective action. Example: --by 情報政策課長",
    ),
]

EffectiveOption = Annotated[
    bool | None,
    typer.Option(
        "--effective/--not-effective",
        help="Whether the corrective action was effective (ISO/IEC 27001 10.2 d); one of "
        "the two is required. An action that was not effective leaves the nonconformity "
        "open. Example: --effective",
    ),
]

NotesOption = Annotated[
    str | None,
    typer.Option(
        "--notes",
        metavar="TEXT",
        help="What the review found. Example: --notes '3か月間再発なし'",
    ),
]


def nc_close(
    context: typer.Context,
    identifier: NonconformityId,
    by: ReviewedByOption,
    effective: EffectiveOption = None,
    on: OnOption = None,
    notes: NotesOption = None,
    dry_run: DryRunOption = False,
    today: EditTodayOption = None,
) -> NoReturn:
    """Close a nonconformity with the review of its corrective action's effectiveness.

    Example: isms nc close NC-01 --by 情報政策課長 --effective --on 2026-06-30
    """
    from ismskit.cli.commands.edit import nc_closing, run_nc_close

    if effective is None:
        raise typer.BadParameter(
            "missing --effective or --not-effective: say whether the corrective action was "
            f"effective (ISO/IEC 27001 10.2 d), e.g. isms nc close {identifier} --by {by} "
            "--effective",
            param_hint="--effective / --not-effective",
        )
    request = edit_request(context, dry_run, None, today)
    closed_on = parse_day(on, "--on") or request.today
    changes = nc_closing(effective=effective, by=by, on=closed_on, notes=notes)
    streams = (sys.stdout, sys.stderr)
    raise typer.Exit(run_nc_close(request, identifier, changes, streams))
