"""`--format text`: findings grouped by file, one line each, then a summary line.

Colour is written as ANSI SGR codes directly: a line costs nothing extra, and this layer stays free
of the terminal libraries that only the command line uses.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from itertools import groupby
from typing import TextIO

from ismskit.findings import Finding
from ismskit.messages import localise, localise_findings, message
from ismskit.reporters import ReportContext
from ismskit.reporters.summary import summarise

_SGR = {"bold red": "1;31", "yellow": "33", "green": "32", "cyan": "36", "bold": "1", "dim": "2"}
_SGR["bold underline"] = "1;4"
_SEVERITY_STYLES = {"error": "bold red", "warning": "yellow"}

_Paint = Callable[[str, str], str]  # (text, style) -> text as shown


def report_text(findings: list[Finding], stream: TextIO, context: ReportContext) -> None:
    colored = context.color
    if colored is None:
        colored = _is_terminal(stream) and not os.environ.get("NO_COLOR")
    shown = localise_findings(findings, context.language)
    stream.write(_report(shown, context, _painter(colored)))


def _painter(colored: bool) -> _Paint:
    if not colored:
        return lambda text, _style: text
    return lambda text, style: f"\x1b[{_SGR[style]}m{text}\x1b[0m"


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _report(findings: list[Finding], context: ReportContext, paint: _Paint) -> str:
    lines = []
    if context.stamp is not None:
        stamp = localise(
            message(
                "Registers at commit {commit} ({date})",
                commit=context.stamp.short,
                date=context.stamp.date,
            ),
            context.language,
        )
        lines += [paint(stamp, "dim"), ""]
    for file, group in groupby(findings, key=lambda finding: finding.file):
        lines.append(paint(printable(file), "bold underline"))
        lines += [_line(finding, paint, context.language) for finding in group]
        lines.append("")
    style = "bold red" if any(f.is_error for f in findings) else ("yellow" if findings else "green")
    lines.append(paint(summarise(findings, context.files_checked, context.language), style))
    return "\n".join(lines) + "\n"


_SEVERITY_WORDS = {"ja": {"error": "エラー", "warning": "警告  "}}


def _line(finding: Finding, paint: _Paint, language: str) -> str:
    severity = finding.severity.value
    location = paint(f"{printable(finding.file)}:{finding.line}:{finding.column}", "bold")
    word = _SEVERITY_WORDS.get(language, {}).get(severity, f"{severity:<7}")
    level = paint(word, _SEVERITY_STYLES[severity])
    return f"  {location}  {level}  {paint(finding.rule, 'cyan')}  {printable(finding.message)}"


# Control characters quoted from register text (an escape sequence, a carriage return) would
# recolour, rewrite or hide lines of a terminal or a CI log: they are shown as escapes instead.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_CONTROLS |= {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}


def printable(text: str) -> str:
    return text.translate(_CONTROLS)
