"""`--format github`: workflow commands that GitHub Actions turns into annotations."""

from __future__ import annotations

from typing import TextIO

from ismskit.findings import Finding
from ismskit.reporters import ReportContext
from ismskit.reporters.summary import summarise


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(findings: list[Finding], stream: TextIO, context: ReportContext) -> None:
    # GitHub shows only the first ten annotations of each kind: errors go first.
    ordered = sorted(findings, key=lambda finding: (not finding.is_error, finding.sort_key()))
    for finding in ordered:
        properties = ",".join(
            (
                f"file={_escape_property(finding.file)}",
                f"line={finding.line}",
                f"col={finding.column}",
                f"title={_escape_property(finding.rule)}",
            )
        )
        stream.write(f"::{finding.severity.value} {properties}::{_escape_data(finding.message)}\n")
    stream.write(summarise(findings, context.files_checked) + "\n")
