"""The management review input pack (ISO/IEC 27001 9.3.2) as a document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ismskit.documents.base import ReportInput, unit_names
from ismskit.documents.review_context import assemble_review_context
from ismskit.documents.review_pack import FINDING_TYPES, assemble_review_pack

if TYPE_CHECKING:
    from ismskit.models.pdca import Review


def management_review(request: ReportInput) -> dict[str, Any]:
    analysis = request.analysis
    pack = assemble_review_pack(analysis, request.today, request.changes)
    units = unit_names(request)
    config = analysis.isms.config
    assert config is not None
    order = [level.name for level in config.risk.levels]
    levels = sorted(pack.risk_levels.items(), key=lambda item: _band_order(order, item[0]))
    context = assemble_review_context(analysis, request.today, pack.since, request.risk_history)
    return {
        "pack": pack,
        "context": context,
        "in_git": request.in_git,
        "first_review": pack.previous is None,
        # What the review of the day itself records as its inputs, beside what the registers hold.
        "recorded": _recorded_inputs(context.results, request),
        "audit_units": {
            item.audit.id: [units.get(unit, unit) for unit in item.audit.units]
            for item in pack.audits
        },
        "levels": levels,
        "acceptance": config.risk.acceptance,
        "finding_types": FINDING_TYPES,
    }


def _recorded_inputs(review: Review | None, request: ReportInput) -> dict[str, str]:
    if review is None or review.date != request.today or review.inputs is None:
        return {}
    return {key: value for key, value in review.inputs.model_dump().items() if value}


def _band_order(order: list[str], name: str) -> int:
    return order.index(name) if name in order else len(order)
