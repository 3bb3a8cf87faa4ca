"""The `isms` command line: thin typer commands over the run_* functions in ismskit.cli.commands.

Only typer is imported at start-up; each command imports what it needs, so `isms --help` is fast.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ismskit import __version__
from ismskit.cli import approvals as cli_approvals
from ismskit.cli import edit as cli_edit
from ismskit.cli import sheets as cli_sheets
from ismskit.cli.options import GlobalOptions, ReportLanguage, parse_today, repository_root

if TYPE_CHECKING:
    from ismskit.cli.commands.document import DocumentRequest
    from ismskit.models.types import Language

app = typer.Typer(
    name="isms",
    help="Run an ISO/IEC 27001 ISMS as YAML registers kept in git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
risk_app = typer.Typer(
    help="Risk assessment: score and review the risks.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(risk_app, name="risk")
soa_app = typer.Typer(
    help="Render the Statement of Applicability (適用宣言書) as Markdown; 'isms soa set' records "
    "a decision.",
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(soa_app, name="soa")
asset_app = typer.Typer(
    help="The asset register (情報資産台帳).", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(asset_app, name="asset")
threat_app = typer.Typer(help="The threat register.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(threat_app, name="threat")
nc_app = typer.Typer(
    help="Nonconformities and corrective actions (不適合・是正処置).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(nc_app, name="nc")


class CheckFormat(StrEnum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"
    markdown = "markdown"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class EvaluateFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class LogFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class SchemaDialect(StrEnum):
    draft_07 = "draft-07"
    draft_2020_12 = "2020-12"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"isms {__version__}")
        raise typer.Exit(0)


@app.callback()
def global_options(
    context: typer.Context,
    repo: Annotated[
        Path | None,
        typer.Option(
            "--repo",
            help="The ISMS repository (the folder holding isms.yaml). Default: the first folder "
            "holding isms.yaml, walking up from the current one.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Parse every file afresh; do not read or write the cache of parsed files "
            "($XDG_CACHE_HOME/ismskit).",
        ),
    ] = False,
) -> None:
    """Run an ISO/IEC 27001 ISMS as YAML registers kept in git."""
    context.obj = GlobalOptions(repo)
    from ismskit.yaml import cache as parse_cache

    parse_cache.start_command(enabled=not no_cache)


TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="YYYY-MM-DD",
        help="The date that overdue checks are made against. Default: today.",
    ),
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="REV_OR_DATE",
        help="Read the registers as they were at a commit, tag, branch or date (YYYY-MM-DD: the "
        "last commit on or before that day), from git.",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the Markdown to this file, not to stdout."),
]
CheckOption = Annotated[
    Path | None,
    typer.Option(
        "--check",
        metavar="FILE",
        help="Do not write: exit 1 when FILE differs from a fresh rendering (keeps a committed "
        "document in sync with the registers).",
    ),
]
LanguageOption = Annotated[
    ReportLanguage | None,
    typer.Option("--lang", help="The report language. Default: `language` in isms.yaml."),
]


@app.command()
def check(
    context: typer.Context,
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="How to print the findings. auto: github inside GitHub Actions, else text.",
        ),
    ] = CheckFormat.auto,
    color: Annotated[
        Color,
        typer.Option(
            "--color",
            help="Colour the text output: auto (on a terminal, unless "
            "NO_COLOR is set), always or never.",
        ),
    ] = Color.auto,
    today: TodayOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings as well as on errors.")
    ] = False,
    at: AtOption = None,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            metavar="REV",
            help="Report only what a change is responsible for: findings on entries changed "
            "since REV, and rules the change newly breaks.",
        ),
    ] = None,
) -> NoReturn:
    """Validate the repository: every file, every rule. Exit 1 on errors."""
    from ismskit.cli.commands.check import run_check

    code = run_check(
        repository_root(context),
        output_format=output_format.value,
        today=parse_today(today),
        strict=strict,
        at=at,
        stream=sys.stdout,
        color={Color.always: True, Color.never: False}.get(color),
        changed_since=changed_since,
        errors=sys.stderr,
    )
    raise typer.Exit(code)


@risk_app.command("evaluate")
def risk_evaluate(
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


@soa_app.callback()
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
    from ismskit.cli.commands.soa import run_soa

    request = _document_request(context, language, output, at, check, today)
    raise typer.Exit(run_soa(request, sys.stdout, sys.stderr))


REPORT_NAMES = (
    "risk-assessment",
    "risk-treatment-plan",
    "assets",
    "records",
    "scope",
    "internal-audit",
    "management-review",
    "readiness",
)
ReportName = StrEnum("ReportName", [(name, name) for name in REPORT_NAMES])  # type: ignore[misc]
UnitOption = Annotated[
    str | None,
    typer.Option(
        "--unit",
        metavar="UNIT",
        help="Only this unit's share (an id or name of scope_details: units in isms.yaml).",
    ),
]


@app.command()
def report(
    context: typer.Context,
    name: Annotated[ReportName, typer.Argument(metavar="NAME", help="The report.")],
    subject: Annotated[
        str | None,
        typer.Argument(metavar="ID", help="internal-audit: the audit (default: the latest held)."),
    ] = None,
    language: LanguageOption = None,
    output: OutputOption = None,
    today: TodayOption = None,
    at: AtOption = None,
    check: CheckOption = None,
    unit: UnitOption = None,
) -> NoReturn:
    """Render a report as Markdown (NAME: risk-assessment, risk-treatment-plan, assets, records,
    scope, internal-audit [ID], management-review, readiness)."""
    from ismskit.cli.commands.report import run_report

    request = _document_request(context, language, output, at, check, today, unit)
    raise typer.Exit(run_report(name.value, request, sys.stdout, sys.stderr, subject=subject))


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
    chosen: Language | None = language.value if language else None
    return DocumentRequest(
        root, chosen, output, at, check, parse_today(today), unit, today_given=today is not None
    )


def _parse_day(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a date; write it as YYYY-MM-DD", param_hint=option
        ) from None


@app.command()
def log(
    context: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID",
            help="Only these entries: an id matches in every register (a control id matches "
            "its SoA decision).",
        ),
    ] = None,
    output_format: Annotated[
        LogFormat, typer.Option("--format", "-f", help="How to print the history.")
    ] = LogFormat.table,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="YYYY-MM-DD", help="Only commits on or after this day."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="YYYY-MM-DD", help="Only commits on or before this day."),
    ] = None,
    language: LanguageOption = None,
) -> NoReturn:
    """Show who changed which register entry, when and why (from git), newest first."""
    from ismskit.cli.commands.log import run_log

    code = run_log(
        repository_root(context),
        tuple(ids or ()),
        output_format=output_format.value,
        language=language.value if language else None,
        since=_parse_day(since, "--since"),
        until=_parse_day(until, "--until"),
        stream=sys.stdout,
        errors=sys.stderr,
    )
    raise typer.Exit(code)


@app.command()
def diff(
    context: typer.Context,
    base: Annotated[
        str | None,
        typer.Argument(
            metavar="BASE",
            help="Revision or date to compare from. Default: the merge-base with the default "
            "branch, else HEAD~1.",
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            metavar="HEAD", help="Revision or date to compare to. Default: the working tree."
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="How to print the delta.")
    ] = DiffFormat.text,
    fail_on_increase: Annotated[
        bool,
        typer.Option(
            "--fail-on-increase",
            help="Exit 1 when a risk rose above acceptance without a recorded acceptance.",
        ),
    ] = False,
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
        language=language.value if language else None,
        today=parse_today(today),
        stream=sys.stdout,
        errors=sys.stderr,
    )
    raise typer.Exit(code)


@app.command()
def due(
    context: typer.Context,
    within: Annotated[
        int,
        typer.Option("--within", metavar="DAYS", min=0, help="Look this many days ahead."),
    ] = 90,
    output_format: Annotated[
        LogFormat, typer.Option("--format", "-f", help="How to print the list.")
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
        language=language.value if language else None,
        today=parse_today(today),
        stream=sys.stdout,
        errors=sys.stderr,
    )
    raise typer.Exit(code)


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write isms.schema.json and registers.schema.json into this folder. "
            "Default: print both as one JSON object.",
        ),
    ] = None,
    dialect: Annotated[
        SchemaDialect,
        typer.Option("--dialect", help="The JSON Schema dialect (editors support draft-07 best)."),
    ] = SchemaDialect.draft_07,
) -> NoReturn:
    """Export JSON Schemas of isms.yaml and of register files, for editors."""
    from ismskit.cli.commands.schema import run_schema

    raise typer.Exit(run_schema(output, dialect.value, sys.stdout))


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(help="Where to create the repository (made if absent).")
    ] = Path(),
    language: Annotated[
        ReportLanguage, typer.Option("--lang", help="The language of the files and reports.")
    ] = ReportLanguage.ja,
    organization: Annotated[
        str, typer.Option("--org", metavar="NAME", help="The organisation's name, for isms.yaml.")
    ] = "Example Organisation",
) -> NoReturn:
    """Create a new ISMS repository: settings, commented registers and an SoA to decide."""
    from ismskit.cli.commands.init import run_init

    raise typer.Exit(
        run_init(directory, language=language.value, organization=organization, stream=sys.stdout)
    )


asset_app.command("add")(cli_edit.asset_add)
threat_app.command("add")(cli_edit.threat_add)
risk_app.command("add")(cli_edit.risk_add)
risk_app.command("accept")(cli_edit.risk_accept)
risk_app.command("treat")(cli_edit.risk_treat)
soa_app.command("set")(cli_edit.soa_set)
nc_app.command("close")(cli_edit.nc_close)
app.command("approve")(cli_approvals.approve)
app.command("import")(cli_sheets.import_register)
app.command("export")(cli_sheets.export_register)


def main(argv: list[str] | None = None) -> int:
    """The console script: maps every outcome to an exit code, never to a traceback."""
    from ismskit.errors import IsmsError

    try:
        result = app(args=argv, prog_name="isms", standalone_mode=False)
    except typer.Exit as done:
        return done.exit_code
    except typer.TyperException as error:
        _show_usage_error(error)
        return error.exit_code
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("isms: interrupted; nothing was half-written\n")
        return 130
    except IsmsError as error:
        sys.stderr.write(f"isms: {error}\n")
        return error.exit_code
    except BrokenPipeError:
        return 1
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        return _internal_error(error)
    code = result if isinstance(result, int) else 0
    if code == 130:  # typer turns Ctrl-C into this exit code
        sys.stderr.write("isms: interrupted; nothing was half-written\n")
    return code


def _show_usage_error(error: typer.TyperException) -> None:
    show = getattr(error, "show", None)
    if callable(show):
        show()
    else:
        sys.stderr.write(f"isms: {error.format_message()}\n")


def _internal_error(error: Exception) -> int:
    import os

    if os.environ.get("ISMS_DEBUG"):
        import traceback

        traceback.print_exception(error)
    sys.stderr.write(
        f"isms: internal error ({type(error).__name__}: {error}). This is a bug in ismskit: "
        "please report it with the command you ran (set ISMS_DEBUG=1 for details).\n"
    )
    return 3


if __name__ == "__main__":
    sys.exit(main())
