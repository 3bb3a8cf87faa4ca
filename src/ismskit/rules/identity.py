"""Ids are unique within their register across all files."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ismskit.findings import Finding
from ismskit.messages import message
from ismskit.models.registers import ID_FIELDS
from ismskit.repository.loader import Located
from ismskit.rules.context import RuleContext

_LABELS = {"soa": message("control in the SoA")}


def check_unique_ids(context: RuleContext) -> Iterator[Finding]:
    """A duplicate id is reported where it appears again, naming where it first appeared."""
    for register, id_field in ID_FIELDS.items():
        first_seen: dict[str, Located[Any]] = {}
        rule = "soa-duplicate-control" if register == "soa" else "duplicate-id"
        for entry in context.registers.entries(register):
            key = getattr(entry.model, id_field)
            first = first_seen.setdefault(key, entry)
            if first is entry:
                continue
            label = _LABELS.get(register, message("id in {register}", register=register))
            remedy = (
                message("keep one decision per control")
                if register == "soa"
                else message("give each entry its own id, or merge the two")
            )
            yield entry.finding(
                rule,
                message(
                    "duplicate {label} '{key}': also at {value}; {remedy}",
                    label=label,
                    key=key,
                    value=first.where(id_field),
                    remedy=remedy,
                ),
                id_field,
            )


RULES = (check_unique_ids,)
