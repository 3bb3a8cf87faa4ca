"""The registers as documents: the information asset inventory and the register of records."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ismskit.documents.base import ReportInput


def assets_inventory(request: ReportInput) -> dict[str, Any]:
    analysis = request.analysis
    risk_counts = Counter(entry.model.asset for entry in analysis.isms.registers.risks)
    assets = sorted((entry.model for entry in analysis.isms.registers.assets), key=lambda a: a.id)
    return {"assets": assets, "risk_counts": risk_counts}


def records_register(request: ReportInput) -> dict[str, Any]:
    analysis = request.analysis
    records = sorted((entry.model for entry in analysis.isms.registers.records), key=lambda r: r.id)
    return {"records": records}
