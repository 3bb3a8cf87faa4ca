"""The `isms` command line: the typer app, its groups and the registration of every command.

The commands live in one module per command group (checking, risk, documents, history, starting,
registers, pdca, sheets, approvals), thin typer functions over the run_* functions in
ismskit.cli.commands. Only typer is imported at start-up; each command imports what it needs, so
`isms --help` is fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument

from ismskit import __version__
from ismskit.cli import (
    approvals,
    checking,
    documents,
    history,
    pdca,
    registers,
    risk,
    sheets,
    site,
    starting,
)
from ismskit.cli.options import GlobalOptions, ReportLanguage, use_language


def _argument_metavar(argument: TyperArgument, ctx: Any) -> str | None:
    """An argument shows its own name (ID, FILE), and its choices where it has them; never the
    Python type typer would add (`ID <str>`)."""
    if argument.type_descriptor.is_choice:
        return argument.display_type(ctx)
    return None


# typer has no option for this: its help would show `<str>` after every argument's name.
TyperArgument.display_type_rich = _argument_metavar  # type: ignore[method-assign,assignment]

app = typer.Typer(
    name="isms",
    help="Run an ISO/IEC 27001 ISMS as YAML registers kept in git.",
    no_args_is_help=True,
    add_completion=True,
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
    short_help="The Statement of Applicability (適用宣言書).",
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


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"isms {__version__}")
        raise typer.Exit(0)


RepoOption = Annotated[
    Path | None,
    typer.Option(
        "--repo",
        metavar="DIR",
        help="The ISMS repository (the folder holding isms.yaml). Default: the first folder "
        "holding isms.yaml, walking up from the current one. Example: isms --repo ~/isms check",
    ),
]

VersionOption = Annotated[
    bool,
    typer.Option(
        "--version",
        callback=_show_version,
        is_eager=True,
        help="Show the version of isms and exit. Example: isms --version",
    ),
]

GlobalLanguageOption = Annotated[
    ReportLanguage | None,
    typer.Option(
        "--lang",
        callback=use_language,
        help="The language of every message and output: ja (Japanese) or en (English). "
        "Default: `language` in isms.yaml. Example: isms --lang en check",
    ),
]

NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print long output straight to the terminal; without it, output longer than "
        "the screen goes through a pager ($PAGER, else less) on a terminal. "
        "Example: isms --no-pager log",
    ),
]

NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Parse every file afresh; do not read or write the cache of parsed files "
        "($XDG_CACHE_HOME/ismskit). Example: isms --no-cache check",
    ),
]


TemplateTimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--template-timeout",
        metavar="SECONDS",
        min=0.1,
        help="The time each document may take to render (default 10); past it, or past its "
        "memory budget, a template is a finding. Set here only: not in the repository, "
        "whose templates it limits. Example: isms --template-timeout 30 report soa",
    ),
]


@app.callback()
def global_options(
    context: typer.Context,
    repo: RepoOption = None,
    version: VersionOption = False,
    language: GlobalLanguageOption = None,
    no_pager: NoPagerOption = False,
    no_cache: NoCacheOption = False,
    template_timeout: TemplateTimeoutOption = None,
) -> None:
    """Run an ISO/IEC 27001 ISMS as YAML registers kept in git."""
    context.obj = GlobalOptions(repo)
    if no_pager:
        from ismskit.cli.commands.terminal import use_pager

        use_pager(False)
    from ismskit.documents import budget
    from ismskit.yaml import cache as parse_cache

    parse_cache.start_command(enabled=not no_cache)
    budget.set_time_budget(template_timeout)


# The order of registration is the order `isms --help` lists the commands in.
app.command("check")(checking.check)
risk_app.command("evaluate")(risk.evaluate)
soa_app.callback()(documents.soa)
app.command("report", short_help="Render a report as Markdown: risk assessment, assets and more.")(
    documents.report
)
app.command("log", short_help="Who changed which entry, when and why (from git).")(history.log)
app.command("diff")(history.diff)
app.command("due", short_help="What falls due or is overdue, soonest first.")(documents.due)
app.command("site", short_help="A static HTML site: dashboard, trend and every document.")(
    site.site
)
app.command("schema", short_help="JSON Schemas of the files, for editors.")(starting.schema)
app.command("init", short_help="Create a new ISMS repository.")(starting.init)
asset_app.command("add")(registers.asset_add)
threat_app.command("add")(registers.threat_add)
risk_app.command("add")(risk.add)
risk_app.command("accept")(risk.accept)
risk_app.command("treat")(risk.treat)
soa_app.command("set")(registers.soa_set)
nc_app.command("close")(registers.nc_close)
nc_app.command("add")(pdca.nc_add)
app.add_typer(pdca.issue_app, name="issue")
pdca.issue_app.command("add")(pdca.issue_add)
app.add_typer(pdca.change_app, name="change")
pdca.change_app.command("add")(pdca.change_add)
app.add_typer(pdca.objective_app, name="objective")
pdca.objective_app.command("measure")(pdca.objective_measure)
app.add_typer(pdca.monitoring_app, name="monitoring")
pdca.monitoring_app.command("record")(pdca.monitoring_record)
app.command("approve", short_help="Record the approval of a document or register.")(
    approvals.approve
)
app.command("import", short_help="Import a register from a spreadsheet (.xlsx, .csv).")(
    sheets.import_register
)
app.command("export", short_help="Export a register as a spreadsheet (.xlsx, .csv).")(
    sheets.export_register
)


def main(argv: list[str] | None = None) -> int:
    """The console script: maps every outcome to an exit code, never to a traceback."""
    from ismskit.errors import IsmsError
    from ismskit.messages import localise, reset_language

    reset_language()
    _pager_on()
    _replace_unencodable_characters()
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
        shown = localise(error.args[0]) if error.args else str(error)
        sys.stderr.write(f"isms: {shown}\n")
        return error.exit_code
    except BrokenPipeError:
        return 1
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        return _internal_error(error)
    code = result if isinstance(result, int) else 0
    if code == 130:  # typer turns Ctrl-C into this exit code
        sys.stderr.write("isms: interrupted; nothing was half-written\n")
    return code


def _pager_on() -> None:
    if "ismskit.cli.commands.terminal" in sys.modules:  # a command before this one turned it off
        sys.modules["ismskit.cli.commands.terminal"].use_pager(True)


def _replace_unencodable_characters() -> None:
    """A console that cannot show a character (cp932 on Japanese Windows) shows '?' for it,
    rather than the command ending in a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure) and getattr(stream, "errors", "strict") == "strict":
            reconfigure(errors="replace")


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
