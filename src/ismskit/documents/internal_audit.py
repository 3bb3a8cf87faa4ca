"""An internal audit report (ISO/IEC 27001 9.2): scope, auditors, findings, what became of them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ismskit.documents.base import ReportInput, control_titles, unit_names
from ismskit.documents.review_pack import FINDING_TYPES, closed_by
from ismskit.errors import UsageError
from ismskit.repository.validation import suggest
from ismskit.rules.pdca import resolve_auditors

if TYPE_CHECKING:
    from ismskit.models.pdca import Audit, Nonconformity


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
    units = unit_names(request)
    nonconformities = {e.model.id: e.model for e in analysis.isms.registers.nonconformities}
    auditors = []
    for resolved in resolve_auditors(audit, analysis.isms.registers, scope):
        written = audit.auditors[resolved.index]
        unit = resolved.unit or (None if isinstance(written, str) else written.unit)
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
        "control_titles": control_titles(request),
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
