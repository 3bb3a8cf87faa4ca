"""The one-line summary every human-facing reporter ends with."""

from __future__ import annotations

from ismskit.findings import Finding


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summarise(findings: list[Finding], files_checked: int) -> str:
    errors = sum(1 for finding in findings if finding.is_error)
    warnings = len(findings) - errors
    checked = plural(files_checked, "file")
    if not findings:
        return f"No problems found in {checked}."
    files = len({finding.file for finding in findings})
    return (
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in "
        f"{plural(files, 'file')} ({checked} checked)."
    )
