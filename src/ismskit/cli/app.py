"""The `isms` command line: the typer app, its groups and the registration of every command.

The commands live in one module per command group (checking, risk, documents, history, starting,
registers, sheets), thin typer functions over the run_* functions in ismskit.cli.commands. Only
typer is imported at start-up; each command imports what it needs, so `isms --help` is fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ismskit import __version__
from ismskit.cli import checking, documents, history, parameters, registers, risk, sheets, starting
from ismskit.cli.options import GlobalOptions

parameters.install()

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
    template_timeout: Annotated[
        float | None,
        typer.Option(
            "--template-timeout",
            metavar="SECONDS",
            min=0.1,
            help="The time each document may take to render (default 10); past it, or past its "
            "memory budget, a template is a finding. Set here only: not in the repository, "
            "whose templates it limits.",
        ),
    ] = None,
) -> None:
    """Run an ISO/IEC 27001 ISMS as YAML registers kept in git."""
    context.obj = GlobalOptions(repo)
    from ismskit.documents import budget
    from ismskit.yaml import cache as parse_cache

    parse_cache.start_command(enabled=not no_cache)
    budget.set_time_budget(template_timeout)


# The order of registration is the order `isms --help` lists the commands in.
app.command("check")(checking.check)
risk_app.command("evaluate")(risk.evaluate)
soa_app.callback()(documents.soa)
app.command("report")(documents.report)
app.command("log")(history.log)
app.command("diff")(history.diff)
app.command("due")(documents.due)
app.command("schema")(starting.schema)
app.command("init")(starting.init)
asset_app.command("add")(registers.asset_add)
threat_app.command("add")(registers.threat_add)
risk_app.command("add")(risk.add)
risk_app.command("accept")(risk.accept)
risk_app.command("treat")(risk.treat)
soa_app.command("set")(registers.soa_set)
nc_app.command("close")(registers.nc_close)
app.command("import")(sheets.import_register)
app.command("export")(sheets.export_register)


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
