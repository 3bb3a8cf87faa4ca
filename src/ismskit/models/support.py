"""The registers of support and of evaluation: competence (7.2), communication (7.4), monitoring
and measurement (9.1).

Every field is documented in docs/registers.md; the rules that read them are in rules/context.py.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ismskit.models.base import Entry
from ismskit.models.fields import ControlRef, Identifier, IsoDate, Text

Months = Annotated[int, Field(ge=1)]


class PersonCompetence(Entry):
    """What one person has against a required competence, and what is done about a gap."""

    person: Text = Field(description="An id of the people register, or a name.")
    meets: bool = Field(description="Whether they have the competence now.")
    evidence: list[Identifier] = Field(
        default_factory=list, description="Training or records ids that show it."
    )
    action: Text | None = Field(None, description="The action on a gap (7.2 c).")
    due: IsoDate | None = None
    evaluated_on: IsoDate | None = Field(None, description="When the action was evaluated.")
    effective: bool | None = Field(None, description="Whether the action was effective.")
    notes: Text | None = None


class Competence(Entry):
    """A competence a role requires (7.2 a), and each person against it (7.2 b, c, d)."""

    id: Identifier
    role: Text = Field(description="A role of the roles register (id or title), or a name.")
    competence: Text = Field(description="What the role needs to know and be able to do.")
    basis: Text | None = Field(None, description="Education, training or experience required.")
    people: list[PersonCompetence] = Field(default_factory=list)


class Communication(Entry):
    """A communication of the ISMS (7.4): what, when, with whom, by whom and how."""

    id: Identifier
    what: Text
    when: Text
    with_whom: Text
    by: Text
    how: Text
    type: Literal["internal", "external"] | None = None
    records: list[Identifier] = Field(default_factory=list, description="Records of it.")


MonitoringKind = Literal[
    "metric", "supplier-review", "access-review", "log-review", "vulnerability-scan", "other"
]


class MonitoringResult(Entry):
    """One result of a monitoring or measurement, with its evaluation."""

    date: IsoDate
    value: float | None = None
    result: Text | None = Field(None, description="What was found.")
    evaluation: Text | None = Field(None, description="The analysis and evaluation.")


class Monitoring(Entry):
    """What is monitored and measured (9.1 a to f), and its results."""

    id: Identifier
    what: Text = Field(description="The process or control monitored or measured.")
    kind: MonitoringKind = "metric"
    how: Text = Field(description="The method, so that results are comparable.")
    when: Text | None = Field(None, description="When it is done, in words.")
    interval_months: Months | None = Field(None, description="How often, in months (isms due).")
    by: Text = Field(description="Who monitors and measures.")
    analysed_by: Text = Field(description="Who analyses and evaluates the results.")
    controls: list[ControlRef] = Field(default_factory=list)
    objective: Identifier | None = Field(None, description="The objective it measures.")
    target: Text | None = None
    results: list[MonitoringResult] = Field(default_factory=list)
