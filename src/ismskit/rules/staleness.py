"""Entries unchanged in git for longer than their register's review interval."""

from __future__ import annotations

from collections.abc import Iterator

from ismskit.findings import Finding, Severity
from ismskit.messages import message
from ismskit.models.registers import ID_FIELDS
from ismskit.rules.context import RuleContext
from ismskit.schedule.months import add_months


def check_entries_reviewed(context: RuleContext) -> Iterator[Finding]:
    config = context.isms.config
    if context.last_changed is None or config is None:
        return
    for register, months in config.review_interval_months.items():
        id_field = ID_FIELDS[register]
        for entry in context.registers.entries(register):
            key = (register, getattr(entry.model, id_field))
            changed = context.last_changed.get(key)
            if changed is None or add_months(changed, months) >= context.today:
                continue
            yield entry.finding(
                "stale-entry",
                message(
                    (
                        "{register} entry {value} has not changed in git since {changed}, "
                        "longer than its review interval of {months} months; review it and "
                        "commit the outcome (for example by setting reviewed_on)"
                    ),
                    register=register,
                    value=key[1],
                    changed=changed.isoformat(),
                    months=months,
                ),
                id_field,
                severity=Severity.WARNING,
            )


RULES = (check_entries_reviewed,)
