"""Load an ISMS, score its risks and run every rule: what check, evaluate and soa all start from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from ismskit.catalogue.annex_a import Catalogue, load_catalogue
from ismskit.findings import Finding, has_errors, sort_findings
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


def analyse(source: SourceFiles, today: date, change_dates: ChangeDates | None = None) -> Analysis:
    """`change_dates` gives when each entry last changed (from git) for the staleness rule."""
    with gc_paused():
        return _analyse(source, today, change_dates)


def _analyse(source: SourceFiles, today: date, change_dates: ChangeDates | None) -> Analysis:
    isms = load_isms(source)
    catalogue = load_catalogue()
    policy = build_policy(isms.config.risk) if isms.config else None
    assessed = assess_risks(isms.registers, policy) if policy else []
    last_changed = change_dates(isms) if change_dates else None
    context = RuleContext(isms, catalogue, today, policy, assessed, last_changed)
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
