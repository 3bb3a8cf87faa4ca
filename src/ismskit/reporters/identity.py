"""What CI formats share: paths from the git repository's root, and a finding's stable identity.

Code scanning and merge request widgets open the files they are told of from the root of the git
repository, wherever the ISMS sits in it (`security/`). And they match a finding across pushes by
its fingerprint: taken from the rule, the file and the entry the finding is about, never from the
message, whose scores and dates move from one push to the next.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator

from ismskit.findings import Finding
from ismskit.reporters import ReportContext


def repository_path(finding: Finding, context: ReportContext) -> str:
    """The finding's file, relative to the git repository's root (`security/registers/x.yaml`)."""
    return context.path_prefix + finding.file


def fingerprints(findings: list[Finding], context: ReportContext) -> Iterator[str]:
    """One fingerprint per finding, in order: unique even for two findings of one rule on one
    entry (numbered in the order they are reported), stable across edits that move lines."""
    seen: Counter[str] = Counter()
    for finding in findings:
        base = f"{finding.rule}\0{repository_path(finding, context)}\0{finding.entry or ''}"
        seen[base] += 1
        yield hashlib.sha256(f"{base}\0{seen[base]}".encode()).hexdigest()
