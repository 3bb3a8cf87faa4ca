"""What the command groups of the CLI share: option types, their values and the helpers that turn
them into requests. Each group module imports this one only (typer and stdlib: kept light for
start-up; a helper imports what it runs when it is called)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from ismskit.cli.commands.edit import EditRequest


class ReportLanguage(StrEnum):
    ja = "ja"
    en = "en"


class LogFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="Show no progress (it shows on a terminal only, for work that takes a while).",
    ),
]

# The reading commands.

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
LanguageOption = Annotated[
    ReportLanguage | None,
    typer.Option("--lang", help="The report language. Default: `language` in isms.yaml."),
]

# The writing commands (and import, export).

EditTodayOption = Annotated[
    str | None,
    typer.Option("--today", metavar="YYYY-MM-DD", help="The date checks are made against."),
]
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


@dataclass(frozen=True)
class GlobalOptions:
    """The options given before the subcommand (`isms --repo PATH ...`)."""

    repo: Path | None


def repository_root(context: typer.Context, repo: Path | None = None) -> Path:
    """The ISMS repository: `repo` (a command's own --repo), else the global --repo, else found."""
    from ismskit.repository.location import find_repository

    options: GlobalOptions = context.find_root().obj
    return find_repository(Path.cwd(), repo or options.repo)


def parse_day(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option's date; None when the option is not given."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a date; write it as YYYY-MM-DD", param_hint=option
        ) from None


def parse_today(value: str | None) -> date:
    return parse_day(value, "--today") or date.today()


def edit_request(
    context: typer.Context, dry_run: bool, file: str | None, today: str | None
) -> EditRequest:
    from ismskit.cli.commands.edit import EditRequest

    return EditRequest(repository_root(context), parse_today(today), dry_run, file)


def split_list(values: list[str] | None) -> list[str] | None:
    """`--controls A.8.7 --controls A.5.1` or `--controls A.8.7,A.5.1`, as one list."""
    from ismskit.cli.commands.edit import split_list as split

    return split(values)


def add_entry(request: EditRequest, register: str, fields: dict[str, Any]) -> NoReturn:
    """Add an entry to a register and exit with the outcome."""
    from ismskit.cli.commands.edit import run_add

    raise typer.Exit(run_add(request, register, fields, (sys.stdout, sys.stderr)))


def update_entry(
    request: EditRequest, register: str, identifier: str, changes: dict[str, Any]
) -> NoReturn:
    """Change fields of a register entry and exit with the outcome."""
    from ismskit.cli.commands.edit import run_update

    raise typer.Exit(run_update(request, register, identifier, changes, (sys.stdout, sys.stderr)))
