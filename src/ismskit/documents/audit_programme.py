"""The internal audit programme over the certification cycle (9.2.2): clauses, Annex A themes and
units against the years of the cycle, planned and done, what was never covered, and whether each
auditor is independent of what they audit. Pure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from ismskit.analysis import Analysis
from ismskit.catalogue.clauses import PROGRAMME_CLAUSES, audited_by
from ismskit.repository.loader import Located
from ismskit.rules.ownership import held_by, overlap, ownerships
from ismskit.rules.pdca import resolve_auditors, trained_auditors, unit_id
from ismskit.schedule.certification import CycleYear, certificate_period, cycle_years
from ismskit.schedule.months import add_months

if TYPE_CHECKING:
    from ismskit.models.pdca import Audit

Coverage = Literal["done", "planned", "never"]
AuditTest = Callable[["Audit"], bool]
CYCLE_MONTHS = 36


@dataclass(frozen=True)
class ProgrammeAudit:
    audit: Audit
    year: int  # the year of the cycle it falls in
    done: bool  # held on or before today

    @property
    def day(self) -> date:
        return self.audit.date or self.audit.planned_on or date.max


@dataclass(frozen=True)
class Row:
    """One clause, theme or unit: the audits of each year, and whether it is covered."""

    key: str
    by_year: dict[int, list[ProgrammeAudit]]
    coverage: Coverage
    detail: dict[str, int] = field(default_factory=dict)  # themes: controls done/planned/total


@dataclass(frozen=True)
class Conflict:
    """An auditor who is not independent of what they audit, or not trained for it."""

    audit: str
    auditor: str
    kind: Literal["own_unit", "owns", "untrained"]
    subject: str  # the unit, the role and what it owns, or the day


@dataclass
class Programme:
    start: date
    end: date
    certification: str | None
    years: list[CycleYear]
    audits: list[ProgrammeAudit]
    outside: list[str]  # audits before or after the cycle
    clauses: list[Row] = field(default_factory=list)
    themes: list[Row] = field(default_factory=list)
    units: list[Row] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    def never(self, coverage: Coverage = "never") -> list[str]:
        return [row.key for row in self.clauses if row.coverage == coverage]


def certification_cycle(analysis: Analysis, today: date) -> tuple[date, date, str | None]:
    """The cycle of the current certificate; without one, three years from the first audit."""
    periods = []
    for entry in analysis.isms.registers.certifications:
        period = certificate_period(entry.model)
        if period is not None and entry.model.superseded_by is None:
            periods.append((*period, entry.model.id))
    current = [period for period in periods if period[0] <= today <= period[1]]
    if current or periods:
        return max(current or periods)
    days = [entry.model.date or entry.model.planned_on for entry in analysis.isms.registers.audits]
    start = min((day for day in days if day is not None), default=today)
    return start, add_months(start, CYCLE_MONTHS) - timedelta(days=1), None


def build_programme(analysis: Analysis, today: date) -> Programme:
    start, end, certification = certification_cycle(analysis, today)
    years = cycle_years(start, end)
    programme = Programme(start, end, certification, years, [], [])
    for entry in sorted(analysis.isms.registers.audits, key=_audit_order):
        audit = entry.model
        day = audit.date or audit.planned_on
        year = next((y.number for y in years if day is not None and y.holds(day)), None)
        if year is None:
            programme.outside.append(audit.id)
            continue
        done = audit.date is not None and audit.date <= today
        programme.audits.append(ProgrammeAudit(audit, year, done))
    programme.clauses = [_row(programme, key, _clause_audits(key)) for key in PROGRAMME_CLAUSES]
    programme.themes = _theme_rows(programme, analysis)
    programme.units = _unit_rows(programme, analysis)
    programme.conflicts = _conflicts(programme, analysis)
    return programme


def _audit_order(entry: Located[Any]) -> tuple[date, str]:
    audit: Audit = entry.model
    return (audit.date or audit.planned_on or date.max, audit.id)


def _clause_audits(clause: str) -> AuditTest:
    return lambda audit: any(audited_by(clause, written) for written in audit.clauses)


def _controls_audits(controls: set[str]) -> AuditTest:
    return lambda audit: bool(controls & set(audit.controls))


def _unit_audits(names: set[str]) -> AuditTest:
    return lambda audit: bool(names & set(audit.units))


def _row(programme: Programme, key: str, covers: AuditTest, **detail: int) -> Row:
    by_year: dict[int, list[ProgrammeAudit]] = {year.number: [] for year in programme.years}
    for item in programme.audits:
        if covers(item.audit):
            by_year[item.year].append(item)
    found = [item for items in by_year.values() for item in items]
    coverage: Coverage = "done" if any(i.done for i in found) else "planned" if found else "never"
    return Row(key, by_year, coverage, detail)


def _theme_rows(programme: Programme, analysis: Analysis) -> list[Row]:
    """Each Annex A theme: its applicable controls, and how many the cycle audits."""
    applicable = {e.model.control for e in analysis.isms.registers.soa if e.model.applicable}
    rows = []
    for theme in analysis.catalogue.themes:
        controls = {c.id for c in analysis.catalogue.in_theme(theme.key)}
        if applicable:
            controls &= applicable
        done = {c for i in programme.audits if i.done for c in i.audit.controls} & controls
        planned = {c for i in programme.audits for c in i.audit.controls} & controls
        row = _row(
            programme,
            theme.key,
            _controls_audits(controls),
            done=len(done),
            planned=len(planned - done),
            total=len(controls),
        )
        rows.append(row)
    return rows


def _unit_rows(programme: Programme, analysis: Analysis) -> list[Row]:
    config = analysis.isms.config
    scope = config.scope_details if config else None
    rows = []
    for unit in scope.units if scope else []:
        names = {unit.id, unit.name}
        rows.append(_row(programme, unit.id, _unit_audits(names)))
    return rows


def _conflicts(programme: Programme, analysis: Analysis) -> list[Conflict]:
    registers = analysis.isms.registers
    config = analysis.isms.config
    scope = config.scope_details if config else None
    owned = ownerships(registers, scope)
    runs = trained_auditors(registers)
    conflicts = []
    for item in programme.audits:
        audit = item.audit
        audited = {unit_id(unit, scope) for unit in audit.units}
        for auditor in resolve_auditors(audit, registers, scope):
            if auditor.unit is not None and auditor.unit in audited:
                conflicts.append(Conflict(audit.id, auditor.name, "own_unit", auditor.unit))
            for ownership in held_by(auditor, owned):
                hit = overlap(ownership, audit.clauses, audit.controls)
                if hit:
                    subject = f"{ownership.role.title}: {', '.join(hit)}"
                    conflicts.append(Conflict(audit.id, auditor.name, "owns", subject))
            if not any(day <= item.day and auditor.keys & keys for day, keys in runs):
                conflicts.append(Conflict(audit.id, auditor.name, "untrained", ""))
    return conflicts
