"""What every rule reads: the loaded ISMS, the risk policy, the scored risks, the catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from ismskit.catalogue.annex_a import Catalogue
from ismskit.repository.approval import ApprovalEvent
from ismskit.repository.loader import LoadedIsms, Registers
from ismskit.risk.assessment import AssessedRisk
from ismskit.risk.engine import RiskPolicy


@dataclass
class RuleContext:
    isms: LoadedIsms
    catalogue: Catalogue
    today: date
    policy: RiskPolicy | None = None
    assessed: list[AssessedRisk] = field(default_factory=list)
    # When each entry last changed in git; None outside git (the staleness rule then says nothing).
    last_changed: dict[tuple[str, str], date] | None = None
    # The versions each document record has had in git, oldest first; None outside git.
    approvals: dict[str, list[ApprovalEvent]] | None = None
    # Content digests computed once per document (several rules and records may ask).
    content_digests: dict[str, str] = field(default_factory=dict)

    @property
    def registers(self) -> Registers:
        return self.isms.registers

    @cached_property
    def known_controls(self) -> set[str]:
        """Catalogue controls and the organisation's own controls."""
        return set(self.catalogue.by_id) | self.registers.ids("controls")

    @cached_property
    def excluded_controls(self) -> set[str]:
        soa = self.registers.soa
        return {entry.model.control for entry in soa if entry.model.applicable is False}
