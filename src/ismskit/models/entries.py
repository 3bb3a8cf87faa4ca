"""Pydantic models of one register entry each. Strict, closed (`extra="forbid"`), located by loc."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from ismskit.models.base import Entry
from ismskit.models.behaviour import RiskBehaviour
from ismskit.models.context import InterestedParty, Issue, PlannedChange, Role
from ismskit.models.fields import ControlRef, Identifier, IsoDate, Text, check_rating
from ismskit.models.pdca import (
    Audit,
    BcpPlan,
    Certification,
    Exercise,
    Nonconformity,
    Objective,
    Person,
    Record,
    Review,
    Training,
)
from ismskit.models.registers import ID_FIELDS, RISK_RATINGS, SINGULAR_NAMES
from ismskit.models.support import Communication, Competence, Monitoring
from ismskit.models.types import AssetClass, Property

# Bounded by the scales of isms.yaml in check_rating (1..top), so that 0 and 4 read alike.
Rating = int
Treatment = Literal["reduce", "accept", "avoid", "transfer"]
ImplementationStatus = Literal["implemented", "partial", "planned", "not-implemented"]
ActionStatus = Literal["planned", "in-progress", "done"]


class Asset(Entry):
    """An information asset of the 情報資産台帳, valued for C, I and A."""

    id: Identifier
    name: Text
    class_: AssetClass = Field(alias="class", description="information|software|physical|service")
    owner: Text
    location: Text | None = None
    description: Text | None = None
    confidentiality: Rating
    integrity: Rating
    availability: Rating

    _check_values = field_validator("confidentiality", "integrity", "availability")(check_rating)


class Threat(Entry):
    """A threat (脅威) with its frequency."""

    id: Identifier
    name: Text
    description: Text | None = None
    frequency: Rating | None = None
    affects: list[Property] | None = Field(None, description="Default: all three properties.")
    classes: list[AssetClass] | None = Field(None, description="Asset classes it applies to.")

    _check_frequency = field_validator("frequency")(check_rating)


class TreatmentAction(Entry):
    """One action of a risk treatment plan (6.1.3 e, 8.3): what, who, with what, by when."""

    id: Identifier
    control: ControlRef | None = Field(None, description="The planned control it implements.")
    action: Text = Field(description="What is done.")
    owner: Text = Field(description="Who is responsible for it.")
    resources: Text | None = Field(None, description="People, budget or contracts it needs.")
    due: IsoDate | None = None
    status: ActionStatus | None = Field(
        None, description="planned | in-progress | done; default: from the control's SoA status."
    )
    completed_on: IsoDate | None = None


class Risk(Entry, RiskBehaviour):
    """One asset × threat pair, or one risk scenario, with its treatment."""

    id: Identifier
    name: Text | None = None
    description: Text | None = None
    scenario: Text | None = Field(
        None, description="How the threat exploits the vulnerability, and what follows."
    )
    vulnerability_description: Text | None = Field(
        None, description="The weakness the threat exploits, given the existing controls."
    )
    asset: Identifier | None = None
    threat: Identifier | None = None
    vulnerability: Rating | None = None
    frequency: Rating | None = None
    likelihood: Rating | None = None
    impact: Rating | None = None
    existing_controls: list[ControlRef] = Field(default_factory=list)
    treatment: Treatment
    controls: list[ControlRef] = Field(default_factory=list)
    residual_vulnerability: Rating | None = None
    residual_frequency: Rating | None = None
    residual_likelihood: Rating | None = None
    residual_impact: Rating | None = None
    owner: str | None = Field(None, description="The risk owner (6.1.2 c).")
    accepted_by: Text | None = None
    accepted_on: IsoDate | None = None
    accepted_score: Annotated[int, Field(ge=1)] | None = Field(
        None,
        description="The score the acceptance covers: the residual score (for treatment accept, "
        "the score) when it was accepted. Written by `isms risk accept`.",
    )
    due: IsoDate | None = None
    actions: list[TreatmentAction] = Field(
        default_factory=list, description="The actions that implement the planned controls."
    )
    plan_approved_on: IsoDate | None = Field(
        None, description="When the risk owner approved the treatment plan (6.1.3 f)."
    )
    assessed_on: IsoDate | None = Field(
        None, description="When the risk was last assessed (default: from git)."
    )
    reviewed_on: IsoDate | None = Field(None, description="When the risk was last reviewed.")

    _check_ratings = field_validator(*RISK_RATINGS)(check_rating)


class OrganisationControl(Entry):
    """A control of the organisation's own, beside the Annex A catalogue."""

    id: Identifier
    title: Text
    description: Text | None = None

    @field_validator("id")
    @classmethod
    def _check_not_catalogue_id(cls, value: str) -> str:
        if value.startswith("A."):
            raise ValueError(
                f"'{value}': an organisation's own control id must not start with 'A.' "
                "(reserved for the Annex A catalogue)"
            )
        return value


class SoaDecision(Entry):
    """One decision of the Statement of Applicability (適用宣言書)."""

    control: ControlRef
    applicable: bool | None = Field(
        description="true: applied (適用); false: excluded (除外); empty: not decided yet."
    )
    justification: str | None = None
    status: ImplementationStatus | None = None
    requirements: list[Text] = Field(
        default_factory=list,
        description="Laws, regulations, contracts or policies that require the control.",
    )
    evidence: list[Identifier] = Field(default_factory=list)
    notes: Text | None = None
    reviewed_on: IsoDate | None = Field(None, description="When the decision was last reviewed.")


REGISTER_MODELS: dict[str, type[Entry]] = {
    "assets": Asset,
    "threats": Threat,
    "risks": Risk,
    "controls": OrganisationControl,
    "soa": SoaDecision,
    "records": Record,
    "bcp_plans": BcpPlan,
    "exercises": Exercise,
    "training": Training,
    "audits": Audit,
    "nonconformities": Nonconformity,
    "reviews": Review,
    "objectives": Objective,
    "people": Person,
    "certifications": Certification,
    "issues": Issue,
    "interested_parties": InterestedParty,
    "roles": Role,
    "changes": PlannedChange,
    "competences": Competence,
    "communications": Communication,
    "measurements": Monitoring,
}

__all__ = ["ID_FIELDS", "REGISTER_MODELS", "RISK_RATINGS", "SINGULAR_NAMES"]
