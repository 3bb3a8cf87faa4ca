"""The rules of `isms check`: each is a function from the loaded ISMS to findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ismskit.findings import Finding
from ismskit.rules import (
    acceptance,
    criteria,
    dates,
    documents,
    identity,
    management,
    ownership,
    pdca,
    references,
    risks,
    soa,
    staleness,
)
from ismskit.rules.context import RuleContext

Rule = Callable[[RuleContext], Iterator[Finding]]

RULES: tuple[Rule, ...] = (
    *identity.RULES,
    *references.RULES,
    *criteria.RULES,
    *risks.RULES,
    *acceptance.RULES,
    *soa.RULES,
    *documents.RULES,
    *dates.RULES,
    *pdca.RULES,
    *ownership.RULES,
    *management.RULES,
    *staleness.RULES,
)


def run_rules(context: RuleContext) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(context)]
