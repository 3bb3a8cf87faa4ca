"""The one-line summary every human-facing reporter ends with."""

from __future__ import annotations

from ismskit.findings import Finding
from ismskit.messages import localise, message


def summarise(findings: list[Finding], files_checked: int, language: str = "en") -> str:
    errors = sum(1 for finding in findings if finding.is_error)
    warnings = len(findings) - errors
    if not findings:
        text = message("No problems found in {checked}.", checked=count_of(files_checked, "file"))
        return localise(text, language)
    files = len({finding.file for finding in findings})
    text = message(
        "{errors}, {warnings} in {files} ({checked} checked).",
        errors=count_of(errors, "error"),
        warnings=count_of(warnings, "warning"),
        files=count_of(files, "file"),
        checked=count_of(files_checked, "file"),
    )
    return localise(text, language)


def count_of(count: int, one: str) -> str:
    """`1 error`, `2 errors`: each form its own template, so that a language counts its way."""
    if one == "error":
        return message("{n} error", n=count) if count == 1 else message("{n} errors", n=count)
    if one == "warning":
        return message("{n} warning", n=count) if count == 1 else message("{n} warnings", n=count)
    return message("{n} file", n=count) if count == 1 else message("{n} files", n=count)
