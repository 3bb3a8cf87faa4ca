"""Which registers a finding is about, so that a command stops only for errors in what it reads.

ISO/IEC 27001 runs in an order: scope (4.3), risk assessment (6.1.2), then the SoA and the treatment
plan (6.1.3). A document of an early step must not wait for a later one: an incomplete SoA does not
stop the risk assessment report. `isms check` still reports every finding.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from ismskit.findings import Finding
from ismskit.repository.loader import LoadedIsms
from ismskit.repository.location import CONFIG_FILE
from ismskit.yaml.located import LocatedDocument

# The scope statement and details of isms.yaml, read like a register by the scope document.
SCOPE = "scope"

# Rules located in one register that are about another: a risk that plans a control the SoA
# excludes is an inconsistency of the SoA, found in the course of 6.1.3, not of the assessment.
_RULE_CONCERNS: dict[str, frozenset[str]] = {
    "soa-missing-control": frozenset({"soa"}),
    "soa-excluded-control-in-treatment": frozenset({"soa"}),
    "unit-files-unmatched": frozenset({SCOPE}),
    # An acceptance is part of the risk register (6.1.3 f); an outdated one the outputs show as
    # no acceptance (see cli.commands.common.SHOWN_IN_OUTPUT).
    "risk-acceptance-outdated": frozenset({"risks"}),
    "risk-acceptance-unbound": frozenset({"risks"}),
    # The approval of a document isms renders is its record's: a document whose record is wrong
    # still renders (its control block shows what the record says); `isms check` and
    # `isms approve` stop on these.
    "document-renders": frozenset({"records"}),
    "document-digest-invalid": frozenset({"records"}),
    "document-changed-since-approval": frozenset({"records"}),
    "document-approval-unbound": frozenset({"records"}),
    "document-version-backwards": frozenset({"records"}),
    "certification-soa": frozenset({"certifications"}),
}
# The keys of isms.yaml and the registers they belong to; any other key concerns everything.
_CONFIG_KEYS: dict[str, frozenset[str]] = {
    "risk": frozenset({"risks"}),
    "scope": frozenset({SCOPE}),
    "scope_details": frozenset({SCOPE}),
}


@dataclass(frozen=True)
class Reads:
    """What a command renders from, and the rules whose errors leave a draft worth rendering."""

    registers: frozenset[str] | None = None  # None: every register
    # Errors of these rules (an undecided SoA control) leave a draft: rendered, marked, exit 1.
    drafts_on: frozenset[str] = frozenset()

    def concerns(self, isms: LoadedIsms, finding: Finding) -> bool:
        if self.registers is None:
            return True
        about = concerned_registers(isms, finding)
        return about is None or not about.isdisjoint(self.registers)


def concerned_registers(isms: LoadedIsms, finding: Finding) -> frozenset[str] | None:
    """The registers a finding is about: by its rule, else by the top-level key it stands under.

    None: every register (a file that cannot be read, an unknown register, a broken isms.yaml).
    """
    by_rule = _RULE_CONCERNS.get(finding.rule)
    if by_rule is not None:
        return by_rule
    if finding.file == CONFIG_FILE:
        if isms.config is None:
            return None
        return _CONFIG_KEYS.get(_key_at(isms.config_document, finding.line) or "")
    document = next((doc for doc in isms.documents if doc.file == finding.file), None)
    key = _key_at(document, finding.line)
    if key is None or finding.rule == "unknown-register":
        return None
    return frozenset({key})


def _key_at(document: LocatedDocument | None, line: int) -> str | None:
    """The top-level key under which `line` stands: the last one that starts on or before it."""
    if document is None or not isinstance(document.data, dict):
        return None
    starts = sorted(
        (document.key_position((key,)).line, key) for key in document.data if isinstance(key, str)
    )
    found = None
    for start, key in starts:
        if start > line:
            break
        found = key
    return found


def split_findings(
    isms: LoadedIsms, findings: Collection[Finding], reads: Reads
) -> tuple[list[Finding], list[Finding]]:
    """The findings about what a command reads, and the others."""
    mine: list[Finding] = []
    others: list[Finding] = []
    for finding in findings:
        (mine if reads.concerns(isms, finding) else others).append(finding)
    return mine, others
