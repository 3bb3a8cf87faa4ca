"""`--format markdown`: a findings table for a pull request or a job summary."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from ismskit.escaping import markdown_text
from ismskit.findings import Finding
from ismskit.reporters import ReportContext
from ismskit.reporters.summary import summarise

_ICONS = {"error": "❌ error", "warning": "⚠️ warning"}


def render_markdown(findings: list[Finding], context: ReportContext) -> str:
    lines = ["## isms check", "", summarise(findings, context.files_checked, context.language)]
    for file, group in groupby(findings, key=lambda finding: finding.file):
        lines += [
            "",
            f"### {_file_heading(context.path_prefix + file)}",
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
    return markdown_text(text)  # messages quote register text


def _file_heading(file: str) -> str:
    """A path as code (its text shown as it is), unless a backtick or a line break in the name
    would end the code span: then as escaped text."""
    if "`" in file or file.splitlines() != [file]:
        return markdown_text(file)
    return f"`{file}`"
