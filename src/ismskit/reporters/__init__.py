"""Reporters: each writes the same findings in one output format. Only `text` touches rich."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from ismskit.findings import Finding

if TYPE_CHECKING:
    from ismskit.history.git import RevisionStamp


@dataclass(frozen=True)
class ReportContext:
    """What a reporter may say besides the findings."""

    files_checked: int
    color: bool | None = None
    stamp: RevisionStamp | None = None  # set when the registers were read at a revision


Reporter = Callable[[list[Finding], TextIO, ReportContext], None]

FORMATS = ("text", "json", "github", "sarif")


def get_reporter(name: str) -> Reporter:
    """Import only the reporter asked for."""
    if name == "json":
        from ismskit.reporters.json_reporter import report_json

        return report_json
    if name == "github":
        from ismskit.reporters.github import report_github

        return report_github
    if name == "sarif":
        from ismskit.reporters.sarif import report_sarif

        return report_sarif
    from ismskit.reporters.text import report_text

    return report_text
