"""Option types shared by the command modules of the CLI (typer only: kept light for start-up)."""

from __future__ import annotations

from enum import StrEnum


class ReportLanguage(StrEnum):
    ja = "ja"
    en = "en"
