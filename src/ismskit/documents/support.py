"""Roles, competence, awareness and communication (5.3, 7.2 to 7.4) as one document."""

from __future__ import annotations

from typing import Any

from ismskit.catalogue.clauses import PROGRAMME_CLAUSES, audited_by, load_clauses
from ismskit.documents.base import ReportInput, control_titles, unit_names
from ismskit.repository.loader import Registers
from ismskit.schedule.months import add_months


def person_names(registers: Registers) -> dict[str, str]:
    """People are named by id in the registers; documents name them."""
    return {entry.model.id: entry.model.name for entry in registers.people}


def roles_document(request: ReportInput) -> dict[str, Any]:
    registers = request.analysis.isms.registers
    names = person_names(registers)
    units = unit_names(request)
    roles = [entry.model for entry in registers.roles]
    clauses = load_clauses()
    return {
        "roles": [
            {
                "role": role,
                "holders": [names.get(holder, holder) for holder in role.holders]
                or _holders_by_people(registers, role.id, role.title),
                "unit": units.get(role.unit or "", role.unit),
            }
            for role in roles
        ],
        "ownership": [
            {
                "clause": clause,
                "title": clauses.title(clause, request.language),
                "roles": [
                    role.title
                    for role in roles
                    if any(audited_by(clause, owned) for owned in role.clauses)
                ],
            }
            for clause in PROGRAMME_CLAUSES
        ],
        "competences": _competences(request, names),
        "awareness": _awareness(request),
        "communications": [entry.model for entry in registers.communications],
        "control_titles": control_titles(request),
    }


def _holders_by_people(registers: Registers, *keys: str) -> list[str]:
    return [entry.model.name for entry in registers.people if set(keys) & set(entry.model.roles)]


def _competences(request: ReportInput, names: dict[str, str]) -> list[dict[str, Any]]:
    registers = request.analysis.isms.registers
    roles = {entry.model.id: entry.model.title for entry in registers.roles}
    today = request.today
    result = []
    for entry in registers.competences:
        competence = entry.model
        people = []
        for person in competence.people:
            evaluated = person.evaluated_on is not None and person.evaluated_on <= today
            people.append(
                {
                    "person": person,
                    "name": names.get(person.person, person.person),
                    "evaluated": evaluated,
                    "overdue": bool(
                        not person.meets and person.due and person.due < today and not evaluated
                    ),
                }
            )
        role = roles.get(competence.role, competence.role)
        result.append({"competence": competence, "role": role, "people": people})
    return result


def _awareness(request: ReportInput) -> list[Any]:
    """Awareness sessions of the last twelve months, held by the report's day."""
    since = add_months(request.today, -12)
    return [
        entry.model
        for entry in sorted(request.analysis.isms.registers.training, key=lambda e: e.model.date)
        if entry.model.kind == "awareness" and since < entry.model.date <= request.today
    ]
