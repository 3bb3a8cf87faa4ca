"""The registers of the context and of planning: issues (4.1), interested parties and their
requirements (4.2), roles and what they own (5.3), planned changes (6.3).

Every field is documented in docs/registers.md; the rules that read them are in rules/context.py.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ismskit.models.base import Entry
from ismskit.models.fields import ClauseRef, ControlRef, Identifier, IsoDate, Text

Origin = Literal["internal", "external"]


class Issue(Entry):
    """An external or internal issue relevant to the ISMS's purpose (4.1)."""

    id: Identifier
    title: Text
    type: Origin = Field(description="internal or external (外部及び内部の課題).")
    category: Text | None = Field(None, description="e.g. legal, technological, climate.")
    description: Text | None = None
    effect: Text | None = Field(
        None, description="How it affects the ability to achieve the intended outcomes."
    )
    response: Text | None = Field(None, description="How the ISMS addresses it.")
    climate_change: bool = Field(
        False,
        description="This entry records the determination on climate change (Amd 1:2024).",
    )
    relevant: bool = Field(True, description="false: determined not relevant (say why).")
    risks: list[Identifier] = Field(default_factory=list, description="Risks it gives rise to.")
    identified_on: IsoDate | None = None
    reviewed_on: IsoDate | None = None


class Requirement(Entry):
    """A requirement of an interested party, and whether the ISMS addresses it (4.2 b, c)."""

    id: Identifier | None = None
    requirement: Text
    source: Text | None = Field(None, description="The law, contract or agreement it comes from.")
    addressed: bool = Field(description="Whether it is addressed through the ISMS (4.2 c).")
    how: Text | None = Field(None, description="How the ISMS addresses it.")
    controls: list[ControlRef] = Field(default_factory=list)
    reason: Text | None = Field(None, description="Why it is not addressed through the ISMS.")
    climate_change: bool = False


class Feedback(Entry):
    """Feedback received from an interested party (9.3.2 e)."""

    date: IsoDate
    summary: Text
    response: Text | None = None


class InterestedParty(Entry):
    """An interested party relevant to the ISMS (4.2 a) with its requirements."""

    id: Identifier
    name: Text
    type: Origin
    description: Text | None = None
    requirements: list[Requirement] = Field(default_factory=list)
    feedback: list[Feedback] = Field(default_factory=list)
    reviewed_on: IsoDate | None = None


class Role(Entry):
    """A role with its responsibilities and authorities, and the clauses and controls it owns."""

    id: Identifier
    title: Text
    holders: list[Text] = Field(
        default_factory=list,
        description="People who hold it: ids of the people register, or names.",
    )
    unit: Text | None = Field(
        None, description="The unit it belongs to; without holders the unit as a whole holds it."
    )
    responsibilities: Text
    authorities: Text | None = None
    reports_to: Identifier | None = Field(None, description="The role it reports to (an id).")
    clauses: list[ClauseRef] = Field(default_factory=list, description="Clauses it owns.")
    controls: list[ControlRef] = Field(default_factory=list, description="Controls it owns.")
    assigned_by: Text | None = None
    assigned_on: IsoDate | None = None


ChangeStatus = Literal["planned", "in-progress", "done", "cancelled"]


class PlannedChange(Entry):
    """A change to the ISMS, carried out in a planned manner (6.3)."""

    id: Identifier
    title: Text
    description: Text | None = None
    reason: Text | None = Field(None, description="Why, and what it may affect.")
    owner: Text | None = None
    resources: Text | None = None
    planned_on: IsoDate | None = Field(None, description="When it is to be done.")
    status: ChangeStatus = "planned"
    done_on: IsoDate | None = None
    clauses: list[ClauseRef] = Field(default_factory=list, description="Clauses it affects.")
    risks: list[Identifier] = Field(default_factory=list, description="Risks it assessed.")
    records: list[Identifier] = Field(default_factory=list, description="Its records.")
    approved_by: Text | None = None
    approved_on: IsoDate | None = None
