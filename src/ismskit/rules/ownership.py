"""Who owns which clause and control (5.3), and the rule that nobody audits what they own (9.2.2 b).

A person owns what the roles they hold own. A person holds a role when the role's `holders` name
them (by id or name), when their own `roles` in the people register name it (by id or title), or
when the role belongs to a unit as a whole (a `unit` and no holders) and they are of that unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ismskit.catalogue.clauses import audited_by
from ismskit.findings import Finding, Severity
from ismskit.messages import message
from ismskit.repository.loader import Registers
from ismskit.rules.context import RuleContext
from ismskit.rules.pdca import ResolvedAuditor, resolve_auditors, unit_id

if TYPE_CHECKING:
    from ismskit.models.config import ScopeDetails
    from ismskit.models.context import Role


@dataclass(frozen=True, slots=True)
class Ownership:
    """What one role owns, and who holds it."""

    role: Role
    holders: frozenset[str]  # every id and name of the people who hold it
    unit: str | None  # the unit holding it as a whole (scope unit id where one matches)


def ownerships(registers: Registers, scope: ScopeDetails | None) -> list[Ownership]:
    people = [entry.model for entry in registers.people]
    result = []
    for entry in registers.roles:
        role = entry.model
        keys = set(role.holders)
        for person in people:
            named_here = person.id in role.holders or person.name in role.holders
            named_there = role.id in person.roles or role.title in person.roles
            if named_here or named_there:
                keys |= {person.id, person.name}
        whole_unit = unit_id(role.unit, scope) if role.unit and not role.holders else None
        result.append(Ownership(role, frozenset(keys), whole_unit))
    return result


def held_by(auditor: ResolvedAuditor, owned: list[Ownership]) -> list[Ownership]:
    """The roles an auditor holds."""
    return [
        ownership
        for ownership in owned
        if auditor.keys & ownership.holders
        or (ownership.unit is not None and ownership.unit == auditor.unit)
    ]


def overlap(ownership: Ownership, clauses: list[str], controls: list[str]) -> list[str]:
    """The clauses and controls of an audit that a role owns."""
    role = ownership.role
    hit = [c for c in clauses if any(audited_by(c, owned) for owned in role.clauses)]
    return hit + [control for control in controls if control in role.controls]


def check_auditor_owns_process(context: RuleContext) -> Iterator[Finding]:
    """9.2.2 b: an auditor may not audit a clause or control that a role they hold owns."""
    scope = context.isms.config.scope_details if context.isms.config else None
    owned = ownerships(context.registers, scope)
    if not owned:
        return
    for entry in context.registers.audits:
        audit = entry.model
        for auditor in resolve_auditors(audit, context.registers, scope):
            for ownership in held_by(auditor, owned):
                hit = overlap(ownership, audit.clauses, audit.controls)
                if not hit:
                    continue
                yield entry.finding(
                    "auditor-owns-process",
                    message(
                        "audit {audit}: {auditor} holds the role {role} ({title}), which owns "
                        "{owned}; auditors must be objective and impartial (9.2.2 b): assign "
                        "another auditor to these, or leave them out of this audit",
                        audit=audit.id,
                        auditor=auditor.name,
                        role=ownership.role.id,
                        title=ownership.role.title,
                        owned=", ".join(hit),
                    ),
                    "auditors",
                    auditor.index,
                    severity=Severity.WARNING,
                )


RULES = (check_auditor_owns_process,)
