"""`--format markdown`: a findings table for a pull request or a job summary."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from ismskit.findings import Finding
from ismskit.reporters import ReportContext
from ismskit.reporters.summary import summarise

_ICONS = {"error": "❌ error", "warning": "⚠️ warning"}


def render_markdown(findings: list[Finding], context: ReportContext) -> str:
    lines = ["## isms check", "", summarise(findings, context.files_checked, context.language)]
    for file, group in groupby(findings, key=lambda finding: finding.file):
        lines += [
            "",
            f"### `{file}`",
            "",
            "| Line | Severity | Rule | Message |",
            "|--:|---|---|---|",
        ]
        lines += [_row(finding) for finding in group]
    return "\n".join(lines) + "\n"


def _row(finding: Finding) -> str:
    where = f"{finding.line}:{finding.column}"
    severity = _ICONS[finding.severity.value]
    return f"| {where} | {severity} | `{finding.rule}` | {_cell(finding.message)} |"


def report_markdown(findings: list[Finding], stream: TextIO, context: ReportContext) -> None:
    stream.write(render_markdown(findings, context))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
