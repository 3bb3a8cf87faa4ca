"""`--format text`: findings grouped by file, one line each, then a summary line."""

from __future__ import annotations

import os
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from ismskit.findings import Finding
from ismskit.reporters import ReportContext
from ismskit.reporters.summary import summarise

if TYPE_CHECKING:
    from rich.text import Text

_STYLES = {"error": "bold red", "warning": "yellow"}


def report_text(findings: list[Finding], stream: TextIO, context: ReportContext) -> None:
    colored = context.color
    if colored is None:
        colored = _is_terminal(stream) and not os.environ.get("NO_COLOR")
    if not colored:
        # Plain text: CI logs and files. Rich costs ~0.3 ms a line, too much for 20,000 findings.
        stream.write(_plain_report(findings, context))
        return
    from rich.console import Console
    from rich.text import Text

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


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _plain_report(findings: list[Finding], context: ReportContext) -> str:
    lines = []
    if context.stamp is not None:
        lines += [f"Registers at commit {context.stamp.short} ({context.stamp.date})", ""]
    for file, group in groupby(findings, key=lambda finding: finding.file):
        lines.append(file)
        lines += [_plain_line(finding) for finding in group]
        lines.append("")
    lines.append(summarise(findings, context.files_checked))
    return "\n".join(lines) + "\n"


def _plain_line(finding: Finding) -> str:
    location = f"{finding.file}:{finding.line}:{finding.column}"
    return f"  {location}  {finding.severity.value:<7}  {finding.rule}  {finding.message}"


def _line(finding: Finding) -> Text:
    from rich.text import Text

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
