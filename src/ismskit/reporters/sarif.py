"""`--format sarif`: SARIF 2.1.0 for code-scanning dashboards."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any, TextIO

from ismskit import __version__
from ismskit.findings import Finding
from ismskit.reporters import ReportContext
from ismskit.rules.descriptions import RULE_DESCRIPTIONS

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def report_sarif(findings: list[Finding], stream: TextIO, _context: ReportContext) -> None:
    rule_ids = sorted(RULE_DESCRIPTIONS)
    seen: Counter[str] = Counter()
    index = {rule: position for position, rule in enumerate(rule_ids)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "isms",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/ismskit/",
                        "rules": [_rule(rule) for rule in rule_ids],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(finding, index, seen) for finding in findings],
            }
        ],
    }
    stream.write(json.dumps(log, ensure_ascii=False, indent=2) + "\n")


def _rule(rule: str) -> dict[str, Any]:
    return {"id": rule, "shortDescription": {"text": RULE_DESCRIPTIONS[rule]}}


def _result(finding: Finding, index: dict[str, int], seen: Counter[str]) -> dict[str, Any]:
    # Stable across line moves: the rule, the file and the message (and which occurrence).
    base = f"{finding.rule}\0{finding.file}\0{finding.message}"
    seen[base] += 1
    fingerprint = hashlib.sha256(f"{base}\0{seen[base]}".encode()).hexdigest()
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": finding.severity.value,
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": finding.file, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
        "partialFingerprints": {"ismsFinding/v1": fingerprint},
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    return result
