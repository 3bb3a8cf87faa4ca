"""`--format gitlab`: a GitLab Code Quality report (JSON), one issue per finding."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any, TextIO

from ismskit.findings import Finding
from ismskit.reporters import ReportContext

_SEVERITIES = {"error": "major", "warning": "minor"}


def report_gitlab(findings: list[Finding], stream: TextIO, _context: ReportContext) -> None:
    seen: Counter[str] = Counter()
    issues = [_issue(finding, seen) for finding in findings]
    stream.write(json.dumps(issues, ensure_ascii=False, indent=2) + "\n")


def _issue(finding: Finding, seen: Counter[str]) -> dict[str, Any]:
    # Stable across edits that move lines; unique even for two identical findings in one file.
    base = f"{finding.rule}\0{finding.file}\0{finding.message}"
    seen[base] += 1
    fingerprint = hashlib.sha256(f"{base}\0{seen[base]}".encode()).hexdigest()
    return {
        "description": finding.message,
        "check_name": finding.rule,
        "fingerprint": fingerprint,
        "severity": _SEVERITIES[finding.severity.value],
        "location": {"path": finding.file, "lines": {"begin": finding.line}},
    }
