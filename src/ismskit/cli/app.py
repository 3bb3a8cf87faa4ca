"""The `isms` command line: the typer app, its groups and the registration of every command.

The commands live in one module per command group (checking, risk, documents, history, starting,
registers, pdca, sheets, site, approvals), thin typer functions over the run_* functions in
ismskit.cli.commands. Only typer is imported at start-up; each command imports what it needs, so
`isms --help` is fast.

Typer reads the signature and type hints of every registered command before it runs one (about
1.5 ms each). A run that names its command gets an app with that command (or that group) only;
`isms --help`, a misspelt command and anything unusual get every command.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument

from ismskit import __version__
from ismskit.cli import parameters
from ismskit.cli.options import GlobalOptions, QuietOption, ReportLanguage, use_language

parameters.install()


def _argument_metavar(argument: TyperArgument, ctx: Any) -> str | None:
    """An argument shows its own name (ID, FILE), and its choices where it has them; never the
    Python type typer would add (`ID <str>`)."""
    if argument.type_descriptor.is_choice:
        return argument.display_type(ctx)
    return None


# typer has no option for this: its help would show `<str>` after every argument's name.
TyperArgument.display_type_rich = _argument_metavar  # type: ignore[method-assign,assignment]


# group name → (help, options); "" is the top level. The order is the order `isms --help` lists.
_GROUPS: dict[str, tuple[str, dict[str, Any]]] = {
    "risk": ("Risk assessment: score and review the risks.", {"no_args_is_help": True}),
    "soa": (
        "Render the Statement of Applicability (適用宣言書) as Markdown; 'isms soa set' records "
        "a decision.",
        {
            "invoke_without_command": True,
            "short_help": "The Statement of Applicability (適用宣言書).",
        },
    ),
    "asset": ("The asset register (情報資産台帳).", {"no_args_is_help": True}),
    "threat": ("The threat register.", {"no_args_is_help": True}),
    "nc": ("Nonconformities and corrective actions (不適合・是正処置).", {"no_args_is_help": True}),
    "issue": ("External and internal issues (外部及び内部の課題, 4.1).", {"no_args_is_help": True}),
    "change": ("Planned changes to the ISMS (変更の計画, 6.3).", {"no_args_is_help": True}),
    "objective": (
        "Information security objectives (情報セキュリティ目的, 6.2).",
        {"no_args_is_help": True},
    ),
    "monitoring": ("Monitoring and measurement (監視及び測定, 9.1).", {"no_args_is_help": True}),
}

# (group, command, module in ismskit.cli, function); command None: the group's own callback.
# The short help `isms --help` shows for a command whose own help is longer.
SHORT_HELP = {
    "report": "Render a report as Markdown: risk assessment, assets and more.",
    "log": "Who changed which entry, when and why (from git).",
    "due": "What falls due or is overdue, soonest first.",
    "site": "A static HTML site: dashboard, trend and every document.",
    "schema": "JSON Schemas of the files, for editors.",
    "init": "Create a new ISMS repository.",
    "approve": "Record the approval of a document or register.",
    "import": "Import a register from a spreadsheet (.xlsx, .csv).",
    "export": "Export a register as a spreadsheet (.xlsx, .csv).",
}

# The order of registration is the order `isms --help` lists the commands in.
COMMANDS: tuple[tuple[str, str | None, str, str], ...] = (
    ("", "check", "checking", "check"),
    ("risk", "evaluate", "risk", "evaluate"),
    ("soa", None, "documents", "soa"),
    ("", "report", "documents", "report"),
    ("", "log", "history", "log"),
    ("", "diff", "history", "diff"),
    ("", "due", "documents", "due"),
    ("", "site", "site", "site"),
    ("", "schema", "starting", "schema"),
    ("", "init", "starting", "init"),
    ("asset", "add", "registers", "asset_add"),
    ("threat", "add", "registers", "threat_add"),
    ("risk", "add", "risk", "add"),
    ("risk", "accept", "risk", "accept"),
    ("risk", "treat", "risk", "treat"),
    ("soa", "set", "registers", "soa_set"),
    ("nc", "close", "registers", "nc_close"),
    ("nc", "add", "pdca", "nc_add"),
    ("issue", "add", "pdca", "issue_add"),
    ("change", "add", "pdca", "change_add"),
    ("objective", "measure", "pdca", "objective_measure"),
    ("monitoring", "record", "pdca", "monitoring_record"),
    ("", "approve", "approvals", "approve"),
    ("", "import", "sheets", "import_register"),
    ("", "export", "sheets", "export_register"),
)
_GLOBAL_FLAGS = frozenset({"--no-cache", "--no-pager", "--quiet", "-q"})
_GLOBAL_VALUES = frozenset({"--repo", "--lang", "--template-timeout"})


def build_app(wanted: str | None = None) -> typer.Typer:
    """The app with every command, or with the one command (or group) named `wanted` only."""
    app = typer.Typer(
        name="isms",
        help="Run an ISO/IEC 27001 ISMS as YAML registers kept in git.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    app.callback()(global_options)
    groups = {"": app}
    for name, (text, options) in _GROUPS.items():
        if wanted in (None, name):
            groups[name] = typer.Typer(help=text, rich_markup_mode=None, **options)
            app.add_typer(groups[name], name=name)
    for group, command, module, function in COMMANDS:
        if wanted not in (None, group or command):
            continue
        callback = getattr(import_module(f"ismskit.cli.{module}"), function)
        if command is None:
            groups[group].callback()(callback)
        else:
            groups[group].command(
                command, short_help=SHORT_HELP.get(command) if not group else None
            )(callback)
    return app


def command_named(arguments: list[str]) -> str | None:
    """The command (or group) a command line runs, past the global options; None when unsure."""
    known = {group or command for group, command, _, _ in COMMANDS}
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument in _GLOBAL_FLAGS or argument.split("=")[0] in _GLOBAL_VALUES:
            index += 1 if "=" in argument or argument in _GLOBAL_FLAGS else 2
            continue
        return argument if argument in known else None
    return None


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


def global_options(
    context: typer.Context,
    repo: RepoOption = None,
    version: VersionOption = False,
    language: GlobalLanguageOption = None,
    no_pager: NoPagerOption = False,
    no_cache: NoCacheOption = False,
    template_timeout: TemplateTimeoutOption = None,
    quiet: QuietOption = False,
) -> None:
    """Run an ISO/IEC 27001 ISMS as YAML registers kept in git."""
    context.obj = GlobalOptions(repo)
    from ismskit.cli.progress_display import show_progress

    if no_pager:
        from ismskit.cli.commands.terminal import use_pager

        use_pager(False)
    from ismskit.documents import budget
    from ismskit.yaml import cache as parse_cache

    parse_cache.start_command(enabled=not no_cache)
    budget.set_time_budget(template_timeout)
    show_progress(quiet=quiet)


def main(argv: list[str] | None = None) -> int:
    """The console script: maps every outcome to an exit code, never to a traceback."""
    arguments = sys.argv[1:] if argv is None else argv
    command = command_named(arguments)
    rendering = command in ("soa", "report") and _start_rendering(arguments, command)
    try:
        return _run(build_app(command), arguments)
    finally:
        if rendering:
            from ismskit.documents.rendering import end_rendering

            end_rendering()


def _run(app: typer.Typer, arguments: list[str]) -> int:
    from ismskit.errors import IsmsError
    from ismskit.messages import localise, reset_language

    reset_language()
    _pager_on()
    _replace_unencodable_characters()
    try:
        result = app(args=arguments, prog_name="isms", standalone_mode=False)
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


def _start_rendering(arguments: list[str], command: str) -> bool:
    """`isms soa` and `isms report NAME` render a document: its child starts before anything
    else, with the template the command line names (documents/prepared.py). Whatever is unsure
    here starts nothing: the command starts its child itself."""
    from ismskit.errors import IsmsError
    from ismskit.repository.location import find_repository

    rest = arguments[arguments.index(command) + 1 :]
    words = [word for word in rest if not word.startswith("-")]
    if "--help" in arguments or (command == "soa" and words[:1] == ["set"]) or _not_markdown(rest):
        return False
    template = "soa.md.j2" if command == "soa" else _report_template(words[:1])
    repo = _global_value(arguments[: arguments.index(command)], "--repo")
    try:
        root = find_repository(Path.cwd(), Path(repo) if repo else None)
    except IsmsError:
        return False
    from ismskit.documents.rendering import prepare_rendering

    prepare_rendering(root, template)
    return True


def _not_markdown(arguments: list[str]) -> bool:
    """`--format json` (readiness, audit-programme) renders no template."""
    value = _global_value(arguments, "--format") or _global_value(arguments, "-f")
    return value is not None and value != "markdown"


def _report_template(name: list[str]) -> str | None:
    """The template of `isms report NAME` by the naming of the built-in ones (the registry of
    reports imports every report's builder: too much to wait for before the child starts)."""
    return f"report-{name[0]}.md.j2" if name else None


def _global_value(arguments: list[str], option: str) -> str | None:
    for index, argument in enumerate(arguments):
        if argument.startswith(option + "="):
            return argument.partition("=")[2]
        if argument == option and index + 1 < len(arguments):
            return arguments[index + 1]
    return None


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
