"""The scope document (ISO/IEC 27001 4.3): statement, units, boundaries and exclusions."""

from __future__ import annotations

from typing import Any

from ismskit.documents.base import ReportInput, control_titles


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
        "control_titles": control_titles(request),
    }
