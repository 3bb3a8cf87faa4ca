"""Pydantic models of one register entry each. Strict, closed (`extra="forbid"`), located by loc."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ismskit.models.base import Entry
from ismskit.models.behaviour import RiskBehaviour
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
from ismskit.models.types import AssetClass, Property

# Bounded by the scales of isms.yaml in check_rating (1..top), so that 0 and 4 read alike.
Rating = int
Treatment = Literal["reduce", "accept", "avoid", "transfer"]
ImplementationStatus = Literal["implemented", "partial", "planned", "not-implemented"]


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


class Risk(Entry, RiskBehaviour):
    """One asset × threat pair, or one risk scenario, with its treatment."""

    id: Identifier
    name: Text | None = None
    description: Text | None = None
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
    due: IsoDate | None = None
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
}

__all__ = ["ID_FIELDS", "REGISTER_MODELS", "RISK_RATINGS", "SINGULAR_NAMES"]
