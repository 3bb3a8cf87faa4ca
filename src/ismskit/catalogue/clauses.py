"""The clauses of ISO/IEC 27001:2022 (4 to 10), titled as the standard and JIS Q 27001:2023 word
them. Data in `clauses_2022.json`, beside the Annex A catalogue, read once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ismskit.models.types import Language


@dataclass(frozen=True, slots=True)
class Clause:
    id: str
    titles: dict[str, str]

    def title(self, language: Language) -> str:
        return self.titles[language]


@dataclass(frozen=True)
class ClauseCatalogue:
    standard: str
    clauses: tuple[Clause, ...]

    def get(self, clause_id: str) -> Clause | None:
        return next((clause for clause in self.clauses if clause.id == clause_id), None)

    def title(self, clause_id: str, language: Language) -> str:
        """The title of a clause; `6.1.3 d)` is titled as 6.1.3."""
        clause = self.get(clause_id.split(" ", maxsplit=1)[0])
        return clause.title(language) if clause else ""


# The clauses an audit programme covers: each numbered subclause of 4 to 10 that holds
# requirements, with 6.1 read as its three parts (25 in all).
PROGRAMME_CLAUSES = (
    *("4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3"),
    *("6.1.1", "6.1.2", "6.1.3", "6.2", "6.3"),
    *("7.1", "7.2", "7.3", "7.4", "7.5", "8.1", "8.2", "8.3"),
    *("9.1", "9.2", "9.3", "10.1", "10.2"),
)


@cache
def load_clauses() -> ClauseCatalogue:
    text = resources.files("ismskit.catalogue").joinpath("clauses_2022.json").read_text("utf-8")
    data = json.loads(text)
    return ClauseCatalogue(
        standard=data["standard"],
        clauses=tuple(Clause(clause["id"], clause["title"]) for clause in data["clauses"]),
    )


def audited_by(programme_clause: str, written: str) -> bool:
    """Whether an audit that names clause `written` audits `programme_clause` of the programme.

    A whole clause covers its parts (`"9"` and `"9.2"` cover 9.2); a part counts for its
    clause (`"9.2.2"` and `"7.5.1"` count for 9.2 and 7.5), as an auditor samples a clause.
    """
    return (
        programme_clause == written
        or programme_clause.startswith(written + ".")
        or written.startswith(programme_clause + ".")
    )
