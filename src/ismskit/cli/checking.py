"""`isms check`: a thin typer function over ismskit.cli.commands.check, registered in cli/app.py."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ismskit.cli.options import (
    AtOption,
    LanguageOption,
    TodayOption,
    parse_today,
    repository_root,
)

CommandRepoOption = Annotated[
    Path | None,
    typer.Option(
        "--repo",
        metavar="DIR",
        help="The ISMS repository, as the global --repo (here too for hooks that append options: "
        "pre-commit's args: [--repo, security]). Example: isms check --repo security",
    ),
]


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


CheckFormatOption = Annotated[
    CheckFormat,
    typer.Option(
        "--format",
        "-f",
        help="How to print the findings: auto is github inside GitHub Actions and text "
        "elsewhere. Example: --format json",
    ),
]

ColorOption = Annotated[
    Color,
    typer.Option(
        "--color",
        help="Colour the text output: auto (on a terminal, unless "
        "NO_COLOR is set), always or never. Example: --color never",
    ),
]

StrictOption = Annotated[
    bool,
    typer.Option("--strict", help="Exit 1 on warnings as well as on errors. Example: --strict"),
]

ChangedSinceOption = Annotated[
    str | None,
    typer.Option(
        "--changed-since",
        metavar="REV",
        help="Report only what a change is responsible for: findings on entries changed "
        "since REV, and rules the change newly breaks. Example: --changed-since origin/main",
    ),
]


def check(
    context: typer.Context,
    output_format: CheckFormatOption = CheckFormat.auto,
    color: ColorOption = Color.auto,
    today: TodayOption = None,
    strict: StrictOption = False,
    at: AtOption = None,
    language: LanguageOption = None,  # noqa: ARG001 - its callback sets the language
    changed_since: ChangedSinceOption = None,
    repo: CommandRepoOption = None,
) -> NoReturn:
    """Validate the repository: every file, every rule. Exit 1 on errors."""
    _progress_for(output_format)
    from ismskit.cli.commands.check import run_check

    code = run_check(
        repository_root(context, repo),
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


def _progress_for(output_format: CheckFormat) -> None:
    """A format read by CI or by a program shows no progress, even on a terminal."""
    if output_format not in (CheckFormat.auto, CheckFormat.text):
        from ismskit.cli.progress_display import hide_progress

        hide_progress()
