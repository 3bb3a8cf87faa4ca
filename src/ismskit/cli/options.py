"""What the command groups of the CLI share: option types, their values and the helpers that turn
them into requests. Each group module imports this one only (typer and stdlib: kept light for
start-up; a helper imports what it runs when it is called)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from ismskit.cli.commands.edit import EditRequest
    from ismskit.models.types import Language


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
        help="Show no progress (it shows on a terminal only, for work that takes a while). "
        "Example: isms --quiet check",
    ),
]

# The reading commands.

TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="YYYY-MM-DD",
        help="The day the date checks (overdue reviews, drills, actions) are made against. "
        "Default: today. Example: --today 2026-04-01",
    ),
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="REV_OR_DATE",
        help="Read the registers as they were at a commit, tag, branch or date (YYYY-MM-DD: the "
        "last commit on or before that day), from git. Example: --at v2026.04 or --at 2026-03-31",
    ),
]


def use_language(value: ReportLanguage | None) -> ReportLanguage | None:
    """--lang: the language of the output and of every message of the command."""
    if value is not None:
        from ismskit.messages import set_language

        set_language(value.value)
    return value


def output_language(value: ReportLanguage | None) -> Language | None:
    """The language of a document or table: this command's --lang, else the global one, else
    None (the `language` of isms.yaml)."""
    if value is not None:
        return value.value
    from ismskit.messages import chosen_language

    chosen = chosen_language()
    return "ja" if chosen == "ja" else ("en" if chosen == "en" else None)


LanguageOption = Annotated[
    ReportLanguage | None,
    typer.Option(
        "--lang",
        callback=use_language,
        help="The language of the output and of the messages: ja (Japanese) or en (English). "
        "Default: `language` in isms.yaml. Example: --lang en",
    ),
]

# The writing commands (and import, export).

EditTodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="YYYY-MM-DD",
        help="The day the change is checked against, as 'isms check --today' would check it. "
        "Default: today. Example: --today 2026-04-01",
    ),
]
DryRunOption = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="Show the diff the change would make, and write nothing. Example: --dry-run",
    ),
]
FileOption = Annotated[
    str | None,
    typer.Option(
        "--file",
        metavar="FILE",
        help="The register file the new entry goes to; it is created if it does not exist. "
        "Without it, the entry goes to the one file that holds the register; where several do "
        "(a file per unit), name one. Example: --file registers/citizens/assets.yaml",
    ),
]
IdOption = Annotated[
    str | None,
    typer.Option(
        "--id",
        metavar="ID",
        help="The new entry's id. Without it, the number after the register's highest id is "
        "taken (A-009 then A-010), or the register's first id when it has none (A-001, T-01, "
        "R-001). Example: --id A-120",
    ),
]
OnOption = Annotated[
    str | None,
    typer.Option(
        "--on",
        metavar="YYYY-MM-DD",
        help="The date it happened. Default: today. Example: --on 2026-05-01",
    ),
]

# Ratings: a number on the scale, or a level name (高/中/低 on a three-level scale, or the names
# isms.yaml gives the scale), exactly as `isms import` reads a cell.


def rating_option(name: str, *short: str, what: str, example: str) -> Any:
    return typer.Option(
        f"--{name}",
        *short,
        metavar="LEVEL",
        help=f"{what}: a number on its scale in isms.yaml (1 to 3 unless set otherwise), or the "
        "name of a level (高, 中, 低 or high, medium, low on a three-level scale; the level "
        f"names isms.yaml gives the scale). Example: {example}",
    )


VulnerabilityOption = Annotated[
    str | None,
    rating_option(
        "vulnerability",
        what="How easily the threat succeeds, rated from the existing controls (脆弱性)",
        example="--vulnerability 2",
    ),
]
FrequencyOption = Annotated[
    str | None,
    rating_option(
        "frequency", what="How often the threat occurs (発生頻度)", example="--frequency 中"
    ),
]
LikelihoodOption = Annotated[
    str | None,
    rating_option(
        "likelihood",
        what="How likely the risk is (起こりやすさ), for the likelihood-impact method",
        example="--likelihood 4",
    ),
]
ImpactOption = Annotated[
    str | None,
    rating_option(
        "impact",
        what="How much harm the risk does (影響度), for the likelihood-impact method",
        example="--impact 3",
    ),
]


@dataclass(frozen=True)
class GlobalOptions:
    """The options given before the subcommand (`isms --repo PATH ...`)."""

    repo: Path | None


def repository_root(context: typer.Context, repo: Path | None = None) -> Path:
    """The ISMS repository: `repo` (a command's own --repo), else the global --repo, else found."""
    from ismskit.repository.location import find_repository

    options: GlobalOptions = context.find_root().obj
    root = find_repository(Path.cwd(), repo or options.repo)
    _use_repository_language(root)
    return root


_LANGUAGE_LINE = re.compile(rb"^language:\s*[\"']?(ja|en)\b", re.MULTILINE)


def _use_repository_language(root: Path) -> None:
    """Messages in the language of isms.yaml, unless --lang chose one (read by a pattern: the
    file is parsed later, and a broken one still has its language line)."""
    from ismskit.messages import set_language

    try:
        found = _LANGUAGE_LINE.search((root / "isms.yaml").read_bytes()[:65536])
    except OSError:
        return
    set_language(found.group(1).decode() if found else "en", explicit=False)


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
