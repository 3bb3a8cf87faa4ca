"""`--format text`: findings grouped by file, one line each, then a summary line."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.text import Text

from ismskit.findings import Finding
from ismskit.reporters import ReportContext
from ismskit.reporters.summary import summarise

_STYLES = {"error": "bold red", "warning": "yellow"}


def report_text(findings: list[Finding], stream: TextIO, context: ReportContext) -> None:
    console = Console(
        file=stream,
        force_terminal=context.color,
        no_color=context.color is False,
        highlight=False,
        soft_wrap=True,
    )
    if context.stamp is not None:
        stamp = context.stamp
        console.print(Text(f"Registers at commit {stamp.short} ({stamp.date})", style="dim"))
        console.print()
    for file, group in groupby(findings, key=lambda finding: finding.file):
        console.print(Text(file, style="bold underline"))
        for finding in group:
            console.print(_line(finding))
        console.print()
    style = "bold red" if any(f.is_error for f in findings) else ("yellow" if findings else "green")
    console.print(Text(summarise(findings, context.files_checked), style=style))


def _line(finding: Finding) -> Text:
    severity = finding.severity.value
    line = Text("  ")
    line.append(f"{finding.file}:{finding.line}:{finding.column}", style="bold")
    line.append("  ")
    line.append(f"{severity:<7}", style=_STYLES[severity])
    line.append("  ")
    line.append(finding.rule, style="cyan")
    line.append("  ")
    line.append(finding.message)
    return line
