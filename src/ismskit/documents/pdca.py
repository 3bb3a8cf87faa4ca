"""The PDCA reports: the scope document, an internal audit report, the management review input pack
and certification readiness, as plain values for their templates."""

from __future__ import annotations

from datetime import date
from typing import Any

from ismskit.errors import UsageError
from ismskit.models.pdca import Audit, Auditor, Nonconformity
from ismskit.documents.readiness import Note, assess_readiness
from ismskit.documents.reports import ReportInput
from ismskit.documents.review_pack import FINDING_TYPES, assemble_review_pack, closed_by
from ismskit.rules.pdca import resolve_auditors
from ismskit.repository.validation import suggest


def _control_titles(request: ReportInput) -> dict[str, str]:
    analysis = request.analysis
    titles = {c.id: c.title(request.language) for c in analysis.catalogue.controls}
    titles.update({e.model.id: e.model.title for e in analysis.isms.registers.controls})
    return titles


def _unit_names(request: ReportInput) -> dict[str, str]:
    config = request.analysis.isms.config
    units = config.scope_details.units if config and config.scope_details else []
    return {unit.id: unit.name for unit in units}


def scope_document(request: ReportInput) -> dict[str, Any]:
    config = request.analysis.isms.config
    assert config is not None
    registers = request.analysis.isms.registers
    details = config.scope_details
    if details is not None and request.unit is not None:
        details = details.model_copy(update={"units": [request.unit]})
    files_of_unit = {}
    if details is not None:
        from ismskit.repository.units import holds_file

        for unit in details.units:
            files_of_unit[unit.id] = sum(
                1 for entry in registers.assets if holds_file(unit, entry.file)
            )
    return {
        "statement": config.scope.strip(),
        "details": details,
        "asset_counts": files_of_unit,
        "assets_total": len(registers.assets),
        "risks_total": len(registers.risks),
        "excluded_controls": [
            entry.model for entry in registers.soa if entry.model.applicable is False
        ],
        "control_titles": _control_titles(request),
    }


def _chosen_audit(request: ReportInput) -> Audit:
    audits = [entry.model for entry in request.analysis.isms.registers.audits]
    if request.subject is not None:
        for audit in audits:
            if audit.id == request.subject:
                return audit
        ids = {audit.id for audit in audits}
        of_unit = f" of unit {request.unit.id}" if request.unit else ""
        raise UsageError(
            f"no audit '{request.subject}'{of_unit}{suggest(request.subject, ids)}; the audits"
            f"{of_unit} are " + (", ".join(sorted(ids)) or "none (record them under audits)")
        )
    held = [audit for audit in audits if audit.date and audit.date <= request.today]
    if not held:
        of_unit = f" of unit {request.unit.id}" if request.unit else ""
        raise UsageError(
            f"no internal audit{of_unit} has been held yet (an audits entry with its date): "
            "record one, or name a planned audit's id"
        )
    return max(held, key=lambda audit: (audit.date or date.min, audit.id))


def internal_audit(request: ReportInput) -> dict[str, Any]:
    audit = _chosen_audit(request)
    analysis = request.analysis
    config = analysis.isms.config
    scope = config.scope_details if config else None
    units = _unit_names(request)
    nonconformities = {e.model.id: e.model for e in analysis.isms.registers.nonconformities}
    auditors = []
    for resolved in resolve_auditors(audit, analysis.isms.registers, scope):
        written = audit.auditors[resolved.index]
        unit = resolved.unit or (written.unit if isinstance(written, Auditor) else None)
        auditors.append({"name": resolved.name, "unit": units.get(unit or "", unit)})
    counts = dict.fromkeys(FINDING_TYPES, 0)
    for finding in audit.findings:
        counts[finding.type] += 1
    held = audit.date is not None and audit.date <= request.today
    same_day = sorted(
        entry.model.id
        for entry in analysis.isms.registers.audits
        if held and entry.model.date == audit.date and entry.model.id != audit.id
    )
    return {
        "audit": audit,
        "held": held,
        "same_day": same_day,
        "nc_states": {nc.id: _nonconformity_state(nc, request) for nc in nonconformities.values()},
        "units": [units.get(unit, unit) for unit in audit.units],
        "auditors": auditors,
        "findings": [
            {"finding": finding, "nonconformity": nonconformities.get(finding.nonconformity or "")}
            for finding in audit.findings
        ],
        "counts": counts,
        "control_titles": _control_titles(request),
    }


def _nonconformity_state(nonconformity: Nonconformity, request: ReportInput) -> str:
    """What became of a nonconformity by the report's day, in the report's words."""
    text = request.text
    if closed_by(nonconformity, request.today):
        state = text["nc_closed"]
        if nonconformity.closed_on:
            state += " " + nonconformity.closed_on.isoformat()
        review = nonconformity.effectiveness_review
        if review is not None and review.effective and review.date <= request.today:
            state += text["list_separator"] + text["nc_verified"]
        return state
    due = text["due_on"].format(due=nonconformity.due.isoformat()) if nonconformity.due else ""
    return text["nc_open"] + due


def management_review(request: ReportInput) -> dict[str, Any]:
    analysis = request.analysis
    pack = assemble_review_pack(analysis, request.today, request.changes)
    units = _unit_names(request)
    config = analysis.isms.config
    assert config is not None
    order = [level.name for level in config.risk.levels]
    levels = sorted(pack.risk_levels.items(), key=lambda item: _band_order(order, item[0]))
    return {
        "pack": pack,
        "audit_units": {
            item.audit.id: [units.get(unit, unit) for unit in item.audit.units]
            for item in pack.audits
        },
        "levels": levels,
        "acceptance": config.risk.acceptance,
        "finding_types": FINDING_TYPES,
    }


def _band_order(order: list[str], name: str) -> int:
    return order.index(name) if name in order else len(order)


def readiness(request: ReportInput) -> dict[str, Any]:
    result = assess_readiness(request.analysis, request.today)
    text = request.text
    items = [
        {
            "clause": item.clause,
            "title": text[item.title_key],
            "status": item.status,
            "places": item.places,
            "notes": [_note(note, text) for note in item.notes],
        }
        for item in result.items
    ]
    parts = [
        text[f"readiness_count_{status}"].format(count=result.counts[status])
        for status in ("present", "attention", "missing")
        if result.counts[status]
    ]
    return {
        "summary": text["list_separator"].join(parts) + text["sentence_end"],
        "rows": items,
        "counts": result.counts,
        "errors": result.errors,
        "warnings": result.warnings,
    }


def _note(note: Note, text: dict[str, str]) -> str:
    values = {key: _shown(value, text) for key, value in note.values.items()}
    if "register" in note.values:
        values["register"] = text[f"register_{note.values['register']}"]
    return text[note.key].format(**values)


def _shown(value: Any, text: dict[str, str]) -> str:
    if value is None:
        return text["none"]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
