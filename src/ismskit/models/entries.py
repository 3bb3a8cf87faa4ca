"""Pydantic models of one register entry each. Strict, closed (`extra="forbid"`), located by loc."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, field_validator

from ismskit.models.types import (
    AssetClass,
    ControlRef,
    Identifier,
    IsoDate,
    Property,
    Text,
    check_rating,
)

# Bounded by the scales of isms.yaml in check_rating (1..top), so that 0 and 4 read alike.
Rating = int
Treatment = Literal["reduce", "accept", "avoid", "transfer"]
ImplementationStatus = Literal["implemented", "partial", "planned", "not-implemented"]


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


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


class Risk(Entry):
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

    _check_ratings = field_validator(
        "vulnerability",
        "frequency",
        "likelihood",
        "impact",
        "residual_vulnerability",
        "residual_frequency",
        "residual_likelihood",
        "residual_impact",
    )(check_rating)

    @property
    def is_accepted(self) -> bool:
        return self.accepted_by is not None and self.accepted_on is not None


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


class Record(Entry):
    """A controlled document or record (文書・記録, clause 7.5)."""

    id: Identifier
    title: Text
    kind: Literal["document", "record"] = "record"
    owner: Text | None = None
    location: Text | None = Field(None, description="Storage place (保管場所).")
    medium: Text | None = None
    retention: Text | None = Field(None, description="Retention period, e.g. 5年 or permanent.")
    retention_basis: Text | None = None
    retain_until: IsoDate | None = None
    disposed_on: IsoDate | None = None
    classification: Text | None = None
    version: Text | None = None
    approved_by: Text | None = None
    approved_on: IsoDate | None = None
    last_reviewed: IsoDate | None = None
    review_interval_months: Annotated[int, Field(ge=1)] | None = None


class BcpPlan(Entry):
    """A business continuity plan."""

    id: Identifier
    title: Text
    owner: Text | None = None
    assets: list[Identifier] = Field(default_factory=list, description="Assets it protects.")
    rto_hours: NonNegativeFloat | None = None
    rpo_hours: NonNegativeFloat | None = None
    version: Text | None = None


class Exercise(Entry):
    """A drill or exercise of a plan."""

    id: Identifier
    plan: Identifier
    date: IsoDate
    kind: Literal["tabletop", "functional", "full", "backup-restore"] | None = None
    scenario: Text | None = None
    result: Text | None = None
    nonconformities: list[Identifier] = Field(default_factory=list)


class Training(Entry):
    """A training session or course run."""

    id: Identifier
    course: Text
    date: IsoDate
    kind: Literal["awareness", "internal-auditor", "role-specific"] | None = None
    hours: NonNegativeFloat | None = None
    attendees: list[Text] = Field(default_factory=list)
    attendee_count: Annotated[int, Field(ge=0)] | None = None


class Audit(Entry):
    """An internal audit (内部監査, clause 9.2)."""

    id: Identifier
    title: Text | None = None
    planned_on: IsoDate | None = None
    date: IsoDate | None = None
    auditors: list[Text] = Field(default_factory=list)
    nonconformities: list[Identifier] = Field(default_factory=list)


class EffectivenessReview(Entry):
    """The review of whether a corrective action worked (10.2 d), recorded when closing."""

    date: IsoDate
    by: Text
    effective: bool
    notes: Text | None = None


class Nonconformity(Entry):
    """A nonconformity with its corrective action (是正処置, clause 10.2)."""

    id: Identifier
    description: Text
    detected_on: IsoDate | None = None
    source: Text | None = None
    control: ControlRef | None = None
    corrective_action: Text | None = None
    owner: Text | None = None
    due: IsoDate | None = None
    status: Literal["open", "closed"] = "open"
    closed_on: IsoDate | None = None
    effectiveness_review: EffectivenessReview | None = None


class Review(Entry):
    """A management review (マネジメントレビュー, clause 9.3)."""

    id: Identifier
    date: IsoDate
    chair: Text | None = None
    attendees: list[Text] = Field(default_factory=list)
    decisions: list[Text] = Field(default_factory=list)


class Objective(Entry):
    """An information security objective with its metric (clause 6.2)."""

    id: Identifier
    title: Text
    metric: Text | None = None
    target: Text | None = None
    owner: Text | None = None
    due: IsoDate | None = None


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
}

ID_FIELDS: dict[str, str] = dict.fromkeys(REGISTER_MODELS, "id") | {"soa": "control"}
