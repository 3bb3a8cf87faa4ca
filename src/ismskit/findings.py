"""The one Finding type that flows from every rule to every output format."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem at one place in one file. `line` and `column` are 1-based.

    `entry` names the register entry the finding is about (`risks/R-001`), where there is one:
    CI formats identify a finding by it across edits that move lines or change the message. It is
    not part of `as_dict`, whose keys the JSON output fixes.
    """

    severity: Severity
    rule: str
    file: str
    line: int
    column: int
    message: str
    entry: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message)

    def as_dict(self) -> dict[str, str | int]:
        return {
            "severity": self.severity.value,
            "rule": self.rule,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(set(findings), key=Finding.sort_key)


def has_errors(findings: list[Finding]) -> bool:
    return any(finding.is_error for finding in findings)


def exit_code_for(findings: list[Finding], *, strict: bool = False) -> int:
    """0 when clean; 1 on any error, or on any warning when strict."""
    if has_errors(findings) or (strict and findings):
        return 1
    return 0
