"""Option types shared by the command modules of the CLI (typer only: kept light for start-up)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer


class ReportLanguage(StrEnum):
    ja = "ja"
    en = "en"


@dataclass(frozen=True)
class GlobalOptions:
    """The options given before the subcommand (`isms --repo PATH ...`)."""

    repo: Path | None


def repository_root(context: typer.Context, repo: Path | None = None) -> Path:
    """The ISMS repository: `repo` (a command's own --repo), else the global --repo, else found."""
    from ismskit.repository.location import find_repository

    options: GlobalOptions = context.find_root().obj
    return find_repository(Path.cwd(), repo or options.repo)


def parse_today(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a date; write it as YYYY-MM-DD", param_hint="--today"
        ) from None
