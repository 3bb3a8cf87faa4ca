"""`--format sarif`: SARIF 2.1.0 for code-scanning dashboards.

URIs are relative to `%SRCROOT%`, the root of the git repository (wherever the ISMS sits in it),
percent-encoded; each rule carries its help (what it checks, why, how to fix) and default level.
"""

from __future__ import annotations

import json
from typing import Any, TextIO
from urllib.parse import quote

from ismskit import __version__
from ismskit.findings import Finding
from ismskit.reporters import ReportContext
from ismskit.reporters.identity import fingerprints, repository_path
from ismskit.rules.descriptions import RULE_DESCRIPTIONS
from ismskit.rules.help import rule_help

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT = "%SRCROOT%"


def report_sarif(findings: list[Finding], stream: TextIO, context: ReportContext) -> None:
    rule_ids = sorted(RULE_DESCRIPTIONS)
    index = {rule: position for position, rule in enumerate(rule_ids)}
    results = [
        _result(finding, index, fingerprint, context)
        for finding, fingerprint in zip(findings, fingerprints(findings, context), strict=True)
    ]
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
                "originalUriBaseIds": {
                    ROOT: {"description": {"text": "The root of the git repository."}}
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    stream.write(json.dumps(log, ensure_ascii=False, indent=2) + "\n")


def _rule(rule: str) -> dict[str, Any]:
    help_ = rule_help(rule)
    return {
        "id": rule,
        "shortDescription": {"text": help_.checks},
        "help": {"text": help_.text, "markdown": help_.markdown},
        "defaultConfiguration": {"level": help_.level},
    }


def _result(
    finding: Finding, index: dict[str, int], fingerprint: str, context: ReportContext
) -> dict[str, Any]:
    uri = quote(repository_path(finding, context), safe="/")
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": finding.severity.value,
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri, "uriBaseId": ROOT},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
        "partialFingerprints": {"ismsFinding/v1": fingerprint},
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    return result
