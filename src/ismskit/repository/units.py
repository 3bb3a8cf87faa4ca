"""One unit's share of the registers (`--unit`): what its files hold, and what names it.

A unit of `scope_details` lists its register files (paths or glob patterns). When the ISMS widens
to more departments, each new unit's registers are new files, so a file says which unit an entry is
of. Organisation-wide registers (threats, controls, the SoA, management reviews, certifications,
and the context, roles, competence, communication and monitoring of the ISMS) are kept whole.
"""

from __future__ import annotations

from dataclasses import fields, replace
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from ismskit.errors import UsageError
from ismskit.repository.loader import Located, Registers
from ismskit.repository.validation import suggest

if TYPE_CHECKING:
    from ismskit.models.config import ScopeDetails, ScopeUnit

ORGANISATION_WIDE = frozenset(
    {
        *("threats", "controls", "soa", "reviews", "certifications"),
        *("issues", "interested_parties", "roles", "changes", "competences"),
        *("communications", "measurements"),
    }
)


def find_unit(scope: ScopeDetails | None, wanted: str) -> ScopeUnit:
    """The unit named by id or name, or a usage error that lists the units there are."""
    found = scope.unit(wanted) if scope else None
    if found is not None:
        return found
    units = scope.units if scope else []
    if not units:
        raise UsageError(
            f"no unit '{wanted}': isms.yaml lists no units; add them under scope_details: units"
        )
    ids = {unit.id for unit in units} | {unit.name for unit in units}
    listed = ", ".join(f"{unit.id} ({unit.name})" for unit in units)
    raise UsageError(f"no unit '{wanted}'{suggest(wanted, ids)}; the units are {listed}")


def matches(pattern: str, file: str) -> bool:
    """`file` (from the repository root, with /) is `pattern` or matches it (* and ?)."""
    return file == pattern or fnmatchcase(file, pattern)


def holds_file(unit: ScopeUnit, file: str) -> bool:
    return any(matches(pattern, file) for pattern in unit.files)


def restrict_to_unit(registers: Registers, unit: ScopeUnit) -> Registers:
    """The entries of the unit's files, with what hangs off them (risks of its assets, ...)."""
    kept: dict[str, list[Located[Any]]] = {}
    for register in (f.name for f in fields(Registers)):
        entries = getattr(registers, register)
        if not isinstance(entries, list):
            continue
        if register in ORGANISATION_WIDE:
            kept[register] = entries
        else:
            kept[register] = [entry for entry in entries if holds_file(unit, entry.file)]
    assets = {entry.model.id for entry in kept["assets"]}
    kept["risks"] = [
        entry
        for entry in registers.risks
        if holds_file(unit, entry.file) or entry.model.asset in assets
    ]
    names = {unit.id, unit.name}
    kept["audits"] = [
        entry
        for entry in registers.audits
        if holds_file(unit, entry.file) or names & set(entry.model.units)
    ]
    # The unit's audits are made by auditors of other units, and raise nonconformities that the
    # ISMS office keeps: what they name comes along.
    named = {
        auditor if isinstance(auditor, str) else auditor.name
        for entry in kept["audits"]
        for auditor in entry.model.auditors
    }
    kept["people"] = [
        entry
        for entry in registers.people
        if holds_file(unit, entry.file)
        or entry.model.unit in names
        or {entry.model.id, entry.model.name} & named
    ]
    raised = {f.nonconformity for entry in kept["audits"] for f in entry.model.findings}
    kept["nonconformities"] = [
        entry
        for entry in registers.nonconformities
        if holds_file(unit, entry.file) or entry.model.id in raised
    ]
    narrowed: Registers = replace(registers, **kept)  # type: ignore[arg-type]
    return narrowed
