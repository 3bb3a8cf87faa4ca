"""The help of each rule, as data (help.json): its default level, why the standard asks for what it
checks, and how to fix a finding. SARIF shows it on the alert page of code scanning."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ismskit.rules.descriptions import RULE_DESCRIPTIONS


@dataclass(frozen=True)
class RuleHelp:
    rule: str
    level: str  # error | warning: the severity of its findings
    checks: str  # what the rule checks (its one-line description)
    why: str
    fix: str

    @property
    def text(self) -> str:
        return f"{self.checks}\n\nWhy: {self.why}\n\nHow to fix: {self.fix}"

    @property
    def markdown(self) -> str:
        return f"{self.checks}\n\n**Why.** {self.why}\n\n**How to fix.** {self.fix}"


@cache
def _help_data() -> dict[str, dict[str, str]]:
    text = resources.files("ismskit.rules").joinpath("help.json").read_text("utf-8")
    data: dict[str, dict[str, str]] = json.loads(text)
    return data


def rule_help(rule: str) -> RuleHelp:
    """The help of a rule; a rule without its entry in help.json still gets its description."""
    checks = RULE_DESCRIPTIONS.get(rule, rule)
    entry = _help_data().get(rule)
    if entry is None:
        return RuleHelp(rule, "error", checks, "See docs/rules.md.", "See docs/rules.md.")
    return RuleHelp(rule, entry["level"], checks, entry["why"], entry["fix"])


def rules_without_help() -> list[str]:
    return sorted(set(RULE_DESCRIPTIONS) - set(_help_data()))
