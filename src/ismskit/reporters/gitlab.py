"""`--format gitlab`: a GitLab Code Quality report (JSON), one issue per finding.

Paths are relative to the git repository's root; fingerprints come from the rule, the file and
the entry (reporters/identity.py), so a finding whose message names a score stays one issue.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from ismskit.findings import Finding
from ismskit.reporters import ReportContext
from ismskit.reporters.identity import fingerprints, repository_path

_SEVERITIES = {"error": "major", "warning": "minor"}


def report_gitlab(findings: list[Finding], stream: TextIO, context: ReportContext) -> None:
    issues = [
        _issue(finding, fingerprint, context)
        for finding, fingerprint in zip(findings, fingerprints(findings, context), strict=True)
    ]
    stream.write(json.dumps(issues, ensure_ascii=False, indent=2) + "\n")


def _issue(finding: Finding, fingerprint: str, context: ReportContext) -> dict[str, Any]:
    return {
        "description": finding.message,
        "check_name": finding.rule,
        "fingerprint": fingerprint,
        "severity": _SEVERITIES[finding.severity.value],
        "location": {
            "path": repository_path(finding, context),
            "lines": {"begin": finding.line},
        },
    }
