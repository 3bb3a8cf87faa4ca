"""`--format github`: workflow commands that GitHub Actions turns into annotations.

GitHub shows at most ten error and ten warning annotations of a step, so the summary annotation
comes first (it always survives the limit), then errors, then warnings; the whole report goes to
the job summary ($GITHUB_STEP_SUMMARY) when set. Files are named from the git repository's root.
"""

from __future__ import annotations

import os
from typing import TextIO

from ismskit.findings import Finding
from ismskit.reporters import ReportContext
from ismskit.reporters.identity import repository_path
from ismskit.reporters.markdown import render_markdown
from ismskit.reporters.summary import summarise


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(findings: list[Finding], stream: TextIO, context: ReportContext) -> None:
    summary = summarise(findings, context.files_checked, context.language)
    level = "error" if any(finding.is_error for finding in findings) else "notice"
    stream.write(f"::{level} title=isms check::{_escape_data(summary)}\n")
    ordered = sorted(findings, key=lambda finding: (not finding.is_error, finding.sort_key()))
    for finding in ordered:
        properties = ",".join(
            (
                f"file={_escape_property(repository_path(finding, context))}",
                f"line={finding.line}",
                f"col={finding.column}",
                f"title={_escape_property(finding.rule)}",
            )
        )
        stream.write(f"::{finding.severity.value} {properties}::{_escape_data(finding.message)}\n")
    _write_step_summary(findings, context)


def _write_step_summary(findings: list[Finding], context: ReportContext) -> None:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(render_markdown(findings, context))
    except OSError:
        return  # the annotations above still carry every finding
