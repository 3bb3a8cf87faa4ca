"""The internal audit programme as a document (内部監査プログラム, 9.2.2), and as JSON."""

from __future__ import annotations

from typing import Any

from ismskit.catalogue.clauses import load_clauses
from ismskit.documents.audit_programme import Programme, ProgrammeAudit, Row, build_programme
from ismskit.documents.base import ReportInput, unit_names
from ismskit.rules.pdca import resolve_auditors


def audit_programme_report(request: ReportInput) -> dict[str, Any]:
    programme = build_programme(request.analysis, request.today)
    clauses = load_clauses()
    themes = {theme.key: theme for theme in request.analysis.catalogue.themes}
    units = unit_names(request)
    return {
        "programme": programme,
        "audits": [_audit(item, request, units) for item in programme.audits],
        "clauses": [
            _cells(row, clauses.title(row.key, request.language), programme)
            for row in programme.clauses
        ],
        "themes": [
            _cells(
                row,
                f"{themes[row.key].clause} {themes[row.key].title(request.language)}",
                programme,
            )
            for row in programme.themes
        ],
        "units": [_cells(row, units.get(row.key, row.key), programme) for row in programme.units],
        "not_audited": [
            {
                "clause": row.key,
                "title": clauses.title(row.key, request.language),
                "planned": [item.audit.id for items in row.by_year.values() for item in items],
            }
            for row in programme.clauses
            if row.coverage != "done"
        ],
    }


def _audit(item: ProgrammeAudit, request: ReportInput, units: dict[str, str]) -> dict[str, Any]:
    config = request.analysis.isms.config
    scope = config.scope_details if config else None
    registers = request.analysis.isms.registers
    return {
        "audit": item.audit,
        "year": item.year,
        "done": item.done,
        "units": [units.get(unit, unit) for unit in item.audit.units],
        "auditors": [auditor.name for auditor in resolve_auditors(item.audit, registers, scope)],
    }


def _cells(row: Row, title: str, programme: Programme) -> dict[str, Any]:
    return {
        "key": row.key,
        "title": title,
        "coverage": row.coverage,
        "years": [
            [(item.audit.id, item.done) for item in row.by_year[year.number]]
            for year in programme.years
        ],
        "detail": row.detail,
    }


def audit_programme_json(request: ReportInput) -> dict[str, Any]:
    programme = build_programme(request.analysis, request.today)
    clauses = load_clauses()
    return {
        "cycle": {
            "start": programme.start.isoformat(),
            "end": programme.end.isoformat(),
            "certification": programme.certification,
            "years": [
                {"year": y.number, "start": y.start.isoformat(), "end": y.end.isoformat()}
                for y in programme.years
            ],
        },
        "audits": [
            {
                "id": item.audit.id,
                "year": item.year,
                "done": item.done,
                "planned_on": _day(item.audit.planned_on),
                "date": _day(item.audit.date),
                "units": item.audit.units,
                "clauses": item.audit.clauses,
                "controls": item.audit.controls,
            }
            for item in programme.audits
        ],
        "clauses": [
            {
                "clause": row.key,
                "title": clauses.title(row.key, request.language),
                "coverage": row.coverage,
                "done": [i.audit.id for items in row.by_year.values() for i in items if i.done],
                "planned": [
                    i.audit.id for items in row.by_year.values() for i in items if not i.done
                ],
            }
            for row in programme.clauses
        ],
        "not_audited": [row.key for row in programme.clauses if row.coverage != "done"],
        "not_planned": programme.never("never"),
        "outside_cycle": programme.outside,
        "conflicts": [
            {"audit": c.audit, "auditor": c.auditor, "kind": c.kind, "subject": c.subject}
            for c in programme.conflicts
        ],
    }


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
