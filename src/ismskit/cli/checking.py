"""`isms check`: a thin typer function over ismskit.cli.commands.check, registered in cli/app.py."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ismskit.cli.options import AtOption, TodayOption, parse_today, repository_root

CommandRepoOption = Annotated[
    Path | None,
    typer.Option(
        "--repo",
        help="The ISMS repository, as the global --repo (here too for hooks that append options: "
        "pre-commit's args: [--repo, security]).",
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
