"""Load an ISMS, score its risks and run every rule: what check, evaluate and soa all start from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from ismskit.catalogue.annex_a import Catalogue, load_catalogue
from ismskit.findings import Finding, has_errors, sort_findings
from ismskit.repository.approval import ApprovalEvent
from ismskit.repository.loader import LoadedIsms, gc_paused, load_isms
from ismskit.repository.location import SourceFiles
from ismskit.risk.assessment import AssessedRisk, assess_risks, build_policy
from ismskit.risk.engine import RiskPolicy
from ismskit.rules import run_rules
from ismskit.rules.context import RuleContext

if TYPE_CHECKING:
    from ismskit.models.config import ScopeUnit


@dataclass
class Analysis:
    isms: LoadedIsms
    catalogue: Catalogue
    policy: RiskPolicy | None
    assessed: list[AssessedRisk]
    findings: list[Finding]

    @property
    def has_errors(self) -> bool:
        return has_errors(self.findings)


ChangeDates = Callable[[LoadedIsms], dict[tuple[str, str], date] | None]
ApprovalHistory = Callable[[LoadedIsms], dict[str, list[ApprovalEvent]] | None]


@dataclass(frozen=True)
class GitFacts:
    """What the rules may learn from git: when entries last changed (the staleness rule) and the
    versions each document record has had (the version rules)."""

    change_dates: ChangeDates | None = None
    approvals: ApprovalHistory | None = None


def analyse(source: SourceFiles, today: date, git: GitFacts | None = None) -> Analysis:
    """`git`: what the history says, for the rules that read it (none outside git)."""
    with gc_paused():
        return _analyse(source, today, git or GitFacts())


def _analyse(source: SourceFiles, today: date, facts: GitFacts) -> Analysis:
    isms = load_isms(source)
    catalogue = load_catalogue()
    policy = build_policy(isms.config.risk) if isms.config else None
    assessed = assess_risks(isms.registers, policy) if policy else []
    last_changed = facts.change_dates(isms) if facts.change_dates else None
    approvals = facts.approvals(isms) if facts.approvals else None
    context = RuleContext(isms, catalogue, today, policy, assessed, last_changed, approvals)
    findings = sort_findings([*isms.findings, *run_rules(context)])
    return Analysis(isms, catalogue, policy, assessed, findings)


def for_unit(analysis: Analysis, wanted: str) -> tuple[Analysis, ScopeUnit]:
    """One unit's share (`--unit`, an id or name): its registers and the risks scored from them."""
    from ismskit.repository.units import find_unit, restrict_to_unit

    config = analysis.isms.config
    unit = find_unit(config.scope_details if config else None, wanted)
    registers = restrict_to_unit(analysis.isms.registers, unit)
    kept = {id(entry) for entry in registers.risks}
    assessed = [risk for risk in analysis.assessed if id(risk.risk) in kept]
    isms = replace(analysis.isms, registers=registers)
    return replace(analysis, isms=isms, assessed=assessed), unit
