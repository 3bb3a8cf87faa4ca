"""`--format json`: {"findings": [...]}, exactly as the contract fixes it."""

from __future__ import annotations

import json
from typing import TextIO

from ismskit.findings import Finding
from ismskit.reporters import ReportContext


def report_json(findings: list[Finding], stream: TextIO, context: ReportContext) -> None:
    payload: dict[str, object] = {"findings": [finding.as_dict() for finding in findings]}
    if context.stamp is not None:
        payload["revision"] = {"commit": context.stamp.commit, "date": context.stamp.date}
    stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
