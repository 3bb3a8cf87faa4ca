"""Every reference names an entry that exists: assets, threats, controls, records, plans, NCs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ismskit.findings import Finding
from ismskit.loader import Located
from ismskit.rules.context import RuleContext
from ismskit.validation import suggest


def _missing(
    entry: Located[Any], field: str, targets: set[str], kind: str, subject: str
) -> Iterator[Finding]:
    value = getattr(entry.model, field)
    items: list[tuple[tuple[str | int, ...], str]]
    if isinstance(value, list):
        items = [((field, index), item) for index, item in enumerate(value)]
    elif value is None:
        items = []
    else:
        items = [((field,), value)]
    for path, target in items:
        if target not in targets:
            yield entry.finding(
                "unknown-reference",
                f"{subject} names {kind} '{target}', which does not exist"
                f"{suggest(target, targets)}; add it or correct the id",
                *path,
            )


def check_risk_references(context: RuleContext) -> Iterator[Finding]:
    if context.registers.incomplete:
        return  # ids in an unreadable file are unknown: its own finding says what to fix
    registers = context.registers
    assets, threats = registers.ids("assets"), registers.ids("threats")
    controls = context.known_controls
    for entry in registers.risks:
        subject = f"risk {entry.model.id}"
        yield from _missing(entry, "asset", assets, "asset", subject)
        yield from _missing(entry, "threat", threats, "threat", subject)
        yield from _missing(entry, "existing_controls", controls, "control", subject)
        yield from _missing(entry, "controls", controls, "control", subject)


def check_evidence_references(context: RuleContext) -> Iterator[Finding]:
    if context.registers.incomplete:
        return  # ids in an unreadable file are unknown: its own finding says what to fix
    records = context.registers.ids("records")
    for entry in context.registers.soa:
        subject = f"the SoA decision on {entry.model.control}"
        yield from _missing(entry, "evidence", records, "record", subject)


def check_pdca_references(context: RuleContext) -> Iterator[Finding]:
    if context.registers.incomplete:
        return  # ids in an unreadable file are unknown: its own finding says what to fix
    registers = context.registers
    plans = registers.ids("bcp_plans")
    nonconformities = registers.ids("nonconformities")
    assets = registers.ids("assets")
    for plan in registers.bcp_plans:
        yield from _missing(plan, "assets", assets, "asset", f"plan {plan.model.id}")
    for exercise in registers.exercises:
        subject = f"exercise {exercise.model.id}"
        yield from _missing(exercise, "plan", plans, "plan", subject)
        yield from _missing(exercise, "nonconformities", nonconformities, "nonconformity", subject)
    for audit in registers.audits:
        subject = f"audit {audit.model.id}"
        yield from _missing(audit, "nonconformities", nonconformities, "nonconformity", subject)
    for nonconformity in registers.nonconformities:
        subject = f"nonconformity {nonconformity.model.id}"
        yield from _missing(nonconformity, "control", context.known_controls, "control", subject)


RULES = (check_risk_references, check_evidence_references, check_pdca_references)
