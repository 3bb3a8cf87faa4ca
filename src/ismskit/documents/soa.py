"""The Statement of Applicability as a document: the rows and totals a template renders. Pure."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ismskit.analysis import Analysis
from ismskit.documents.control import DocumentControl
from ismskit.history.git import RevisionStamp
from ismskit.models.types import Language

STATUSES = ("implemented", "partial", "planned", "not-implemented")


@dataclass(frozen=True)
class Evidence:
    id: str
    title: str  # the record's title; empty when no record has the id


@dataclass(frozen=True)
class SoaRow:
    """One control: the decision, what requires it (6.1.3 d), its status and its evidence."""

    control: str
    title: str
    applicable: bool | None  # None: not decided yet (or no decision at all)
    justification: str
    status: str | None
    risks: list[str]  # risks whose treatment plans the control
    evidence: list[Evidence]
    existing_for: list[str] = field(default_factory=list)  # risks assessed with it in place
    requirements: list[str] = field(default_factory=list)  # laws, contracts, policies


@dataclass(frozen=True)
class SoaSection:
    key: str
    clause: str
    title: str
    rows: list[SoaRow]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SoaDocument:
    organization: str
    scope: str
    language: Language
    standard: str
    stamp: RevisionStamp | None
    sections: list[SoaSection]
    totals: dict[str, int]
    control: DocumentControl
    title: str = ""
    unit: str | None = None  # the SoA is of the whole ISMS: never one unit's share


def build_soa(
    analysis: Analysis,
    language: Language,
    stamp: RevisionStamp | None,
    control: DocumentControl,
    title: str = "",
) -> SoaDocument:
    config = analysis.isms.config
    assert config is not None
    sections = _sections(analysis, _RowMaker(analysis, language), language)
    return SoaDocument(
        organization=config.organization,
        scope=config.scope,
        language=language,
        standard=analysis.catalogue.standard,
        stamp=stamp,
        sections=sections,
        totals=_count([row for section in sections for row in section.rows]),
        control=control,
        title=title,
    )


class _RowMaker:
    """Builds the row of one control from its decision, title and the risks it treats."""

    def __init__(self, analysis: Analysis, language: Language) -> None:
        registers = analysis.isms.registers
        self.decisions = {entry.model.control: entry.model for entry in registers.soa}
        self.treating = _risks_by_control(analysis, "controls")
        self.existing = _risks_by_control(analysis, "existing_controls")
        self.records = {entry.model.id: entry.model.title for entry in registers.records}
        self.titles = {entry.model.id: entry.model.title for entry in registers.controls}
        for control in analysis.catalogue.controls:
            self.titles[control.id] = control.title(language)

    def row(self, control_id: str) -> SoaRow:
        decision = self.decisions.get(control_id)
        return SoaRow(
            control=control_id,
            title=self.titles.get(control_id, ""),
            applicable=decision.applicable if decision else None,
            justification=(decision.justification or "") if decision else "",
            status=decision.status if decision else None,
            risks=self.treating.get(control_id, []),
            evidence=[Evidence(id, self.records.get(id, "")) for id in self._evidence(control_id)],
            existing_for=self.existing.get(control_id, []),
            requirements=list(decision.requirements) if decision else [],
        )

    def _evidence(self, control_id: str) -> list[str]:
        decision = self.decisions.get(control_id)
        return list(dict.fromkeys(decision.evidence)) if decision else []


def _sections(analysis: Analysis, rows: _RowMaker, language: Language) -> list[SoaSection]:
    catalogue = analysis.catalogue
    sections = [
        _section(
            theme.key,
            theme.clause,
            theme.title(language),
            [rows.row(control.id) for control in catalogue.in_theme(theme.key)],
        )
        for theme in catalogue.themes
    ]
    # The organisation's own controls follow Annex A (6.1.3 d: "and other necessary controls"),
    # decided or not, in the order of their register.
    own = [rows.row(entry.model.id) for entry in analysis.isms.registers.controls]
    if own:
        sections.append(_section("organization-own", "", "", own))
    return sections


def _risks_by_control(analysis: Analysis, field_name: str) -> dict[str, list[str]]:
    """The risks naming each control in `field_name`: planned controls, or existing ones."""
    treating: dict[str, list[str]] = defaultdict(list)
    for entry in analysis.isms.registers.risks:
        for control in dict.fromkeys(getattr(entry.model, field_name)):
            treating[control].append(entry.model.id)
    return {control: sorted(ids) for control, ids in treating.items()}


def _section(key: str, clause: str, title: str, rows: list[SoaRow]) -> SoaSection:
    return SoaSection(key, clause, title, rows, _count(rows))


def _count(rows: list[SoaRow]) -> dict[str, int]:
    statuses = Counter(row.status for row in rows if row.applicable)
    return {
        "total": len(rows),
        "applicable": sum(1 for row in rows if row.applicable),
        "excluded": sum(1 for row in rows if row.applicable is False),
        "undecided": sum(1 for row in rows if row.applicable is None),
        **{status: statuses.get(status, 0) for status in STATUSES},
    }


def as_context(document: SoaDocument, labels: dict[str, str]) -> dict[str, Any]:
    return {"doc": document, "t": labels, "statuses": STATUSES}
