"""The registers of the rest of the PDCA cycle: documents and records, continuity, competence,
internal audit, corrective action, management review, objectives and certification.

Every field is documented in docs/registers.md; the rules that read them are in rules/pdca.py.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, NonNegativeFloat, model_validator

from ismskit.models.base import Entry
from ismskit.models.fields import ClauseRef, ControlRef, Identifier, IsoDate, Text
from ismskit.models.registers import NONCONFORMITY_FINDINGS

Count = Annotated[int, Field(ge=0)]
Hours = NonNegativeFloat
FindingType = Literal[
    "major-nonconformity", "minor-nonconformity", "observation", "opportunity-for-improvement"
]


class Record(Entry):
    """A controlled document or record (文書・記録, clause 7.5)."""

    id: Identifier
    title: Text
    kind: Literal["document", "record"] = "record"
    renders: Text | None = Field(
        None,
        description="The document isms renders for this record: soa, or a report name "
        "(risk-assessment, risk-treatment-plan, ...). Its approval is bound to that content.",
    )
    owner: Text | None = None
    location: Text | None = Field(None, description="Storage place (保管場所).")
    medium: Text | None = Field(None, description="Paper, electronic, ...")
    retention: Text | None = Field(None, description="Retention period, e.g. 5年 or permanent.")
    retention_basis: Text | None = Field(None, description="The rule that sets the retention.")
    retain_until: IsoDate | None = None
    disposal_method: Text | None = None
    disposed_on: IsoDate | None = None
    classification: Text | None = None
    version: Text | None = None
    approved_by: Text | None = None
    approved_on: IsoDate | None = None
    content_digest: Text | None = Field(
        None,
        description="sha256 of the content the approved version shows; written by "
        "`isms approve`, never by hand.",
    )
    last_reviewed: IsoDate | None = None
    review_interval_months: Annotated[int, Field(ge=1)] | None = None
    clauses: list[ClauseRef] = Field(
        default_factory=list,
        description="Clauses of ISO/IEC 27001 whose documented information this is (readiness).",
    )


class Person(Entry):
    """Someone whose unit and roles matter: auditors, owners, trainees (competence, 7.2)."""

    id: Identifier
    name: Text
    unit: Text | None = Field(
        None, description="Their unit: a unit id of scope_details, or a name."
    )
    roles: list[Text] = Field(default_factory=list)


class BcpPlan(Entry):
    """A business continuity plan (A.5.29, A.5.30)."""

    id: Identifier
    title: Text
    owner: Text | None = None
    assets: list[Identifier] = Field(default_factory=list, description="Assets it protects.")
    services: list[Identifier] = Field(
        default_factory=list, description="Service assets it keeps running."
    )
    rto_hours: Hours | None = Field(None, description="Recovery time objective, in hours.")
    rpo_hours: Hours | None = Field(None, description="Recovery point objective, in hours.")
    version: Text | None = None
    approved_by: Text | None = None
    approved_on: IsoDate | None = None
    document: Identifier | None = Field(None, description="The plan's record id.")


class ExerciseFinding(Entry):
    """What a drill showed that needs acting on; a nonconformity where it needs correcting."""

    description: Text
    nonconformity: Identifier | None = None


class Exercise(Entry):
    """A drill or exercise of a plan: what was aimed at, what was achieved, what it taught."""

    id: Identifier
    plan: Identifier
    date: IsoDate
    kind: Literal["tabletop", "functional", "full", "backup-restore"] | None = None
    scenario: Text | None = None
    participants: list[Text] = Field(default_factory=list)
    participant_count: Count | None = None
    target_rto_hours: Hours | None = Field(None, description="Default: the plan's rto_hours.")
    target_rpo_hours: Hours | None = Field(None, description="Default: the plan's rpo_hours.")
    achieved_rto_hours: Hours | None = None
    achieved_rpo_hours: Hours | None = None
    result: Literal["achieved", "partially-achieved", "not-achieved"] | None = None
    evaluation: Text | None = Field(None, description="How effective the plan proved.")
    findings: list[ExerciseFinding] = Field(default_factory=list)


class Training(Entry):
    """A training session or course run (7.2, 7.3)."""

    id: Identifier
    course: Text
    date: IsoDate
    kind: Literal["awareness", "internal-auditor", "role-specific"] | None = None
    hours: Hours | None = None
    trainer: Text | None = None
    attendees: list[Text] = Field(
        default_factory=list, description="People: ids of the people register, or names."
    )
    attendee_count: Count | None = None
    evaluation: Text | None = None


class AuditFinding(Entry):
    """One finding of an internal or certification audit."""

    id: Identifier | None = None
    type: FindingType
    clause: ClauseRef | None = None
    control: ControlRef | None = None
    unit: Text | None = None
    description: Text
    evidence: Text | None = None
    nonconformity: Identifier | None = Field(None, description="The nonconformity it raised.")


class Auditor(Entry):
    """An auditor written inline, with the unit they belong to (for impartiality, 9.2.2)."""

    name: Text
    unit: Text | None = None


class Audit(Entry):
    """An internal audit of the programme (内部監査, 9.2): planned, then held, then reported."""

    id: Identifier
    title: Text | None = None
    planned_on: IsoDate | None = None
    date: IsoDate | None = Field(None, description="When it was held.")
    units: list[Text] = Field(default_factory=list, description="Units audited.")
    clauses: list[ClauseRef] = Field(default_factory=list)
    controls: list[ControlRef] = Field(default_factory=list)
    criteria: Text | None = None
    auditors: list[Text | Auditor] = Field(
        default_factory=list,
        description="People ids, names, or {name, unit}.",
    )
    auditees: list[Text] = Field(default_factory=list)
    findings: list[AuditFinding] = Field(default_factory=list)
    conclusion: Text | None = None
    report: Identifier | None = Field(None, description="The audit report's record id.")


class EffectivenessReview(Entry):
    """The review of whether a corrective action worked (10.2 d)."""

    date: IsoDate
    by: Text
    effective: bool
    notes: Text | None = None


NonconformitySource = Literal[
    "internal-audit", "certification-audit", "incident", "exercise", "review", "other"
]


class Nonconformity(Entry):
    """A nonconformity with its correction and corrective action (是正処置, 10.2)."""

    id: Identifier
    description: Text
    source: NonconformitySource | None = None
    source_ref: Identifier | None = Field(
        None, description="The audit, exercise, ... it came from."
    )
    detected_on: IsoDate | None = None
    clause: ClauseRef | None = None
    control: ControlRef | None = None
    correction: Text | None = None
    root_cause: Text | None = None
    corrective_action: Text | None = None
    owner: Text | None = None
    due: IsoDate | None = None
    status: Literal["open", "closed"] = "open"
    closed_on: IsoDate | None = None
    effectiveness_review: EffectivenessReview | None = None


class ReviewInputs(Entry):
    """The inputs of clause 9.3.2, a to g."""

    previous_actions: Text | None = Field(None, description="a) actions of previous reviews")
    context_changes: Text | None = Field(None, description="b) external and internal issues")
    interested_parties: Text | None = Field(None, description="c) needs and expectations")
    performance: Text | None = Field(None, description="d) NCs, measurement, audits, objectives")
    feedback: Text | None = Field(None, description="e) feedback from interested parties")
    risk_assessment: Text | None = Field(None, description="f) risk results, treatment status")
    improvement: Text | None = Field(None, description="g) opportunities for improvement")


class ReviewAction(Entry):
    """An action decided by a management review, with who does it by when (9.3.3)."""

    id: Identifier | None = None
    action: Text
    owner: Text | None = None
    due: IsoDate | None = None
    status: Literal["open", "done"] = "open"
    done_on: IsoDate | None = None


class Review(Entry):
    """A management review (マネジメントレビュー, 9.3)."""

    id: Identifier
    date: IsoDate
    chair: Text | None = None
    attendees: list[Text] = Field(default_factory=list)
    inputs: ReviewInputs | None = None
    decisions: list[Text] = Field(
        default_factory=list, description="Decisions on continual improvement (9.3.3)."
    )
    changes: list[Text] = Field(
        default_factory=list, description="Decisions on changes to the ISMS (9.3.3)."
    )
    actions: list[ReviewAction] = Field(default_factory=list)
    minutes: Identifier | None = Field(None, description="The minutes' record id.")


class Measurement(Entry):
    """One measurement of an objective's metric (9.1)."""

    date: IsoDate
    value: float
    note: Text | None = None


class Objective(Entry):
    """An information security objective with its metric (6.2) and its measurements (9.1)."""

    id: Identifier
    title: Text
    metric: Text | None = None
    target: Text | None = None
    target_value: float | None = None
    direction: Literal["at-least", "at-most"] = Field(
        "at-least", description="Whether a measurement meets the target at or above, or below."
    )
    owner: Text | None = Field(None, description="Who is responsible (6.2 h).")
    due: IsoDate | None = Field(None, description="When it will be completed (6.2 i).")
    plan: Text | None = Field(None, description="What will be done (6.2 f).")
    resources: Text | None = Field(None, description="What resources it needs (6.2 g).")
    evaluation: Text | None = Field(None, description="How the results are evaluated (6.2 j).")
    measurement_interval_months: Annotated[int, Field(ge=1)] = Field(
        3, description="How often it is measured (default: quarterly), for isms due."
    )
    measurements: list[Measurement] = Field(default_factory=list)


CertificationAuditKind = Literal[
    "stage-1", "stage-2", "surveillance", "recertification", "scope-extension", "special"
]


class CertificationAudit(Entry):
    """An audit by the certification body: planned (planned_on) or held (date)."""

    kind: CertificationAuditKind
    date: IsoDate | None = Field(None, description="When it was held.")
    planned_on: IsoDate | None = None
    auditors: list[Text] = Field(default_factory=list)
    findings: list[AuditFinding] = Field(default_factory=list)
    result: Text | None = None


class Certification(Entry):
    """A certificate and the certification body's audits (stage 1 and 2, surveillance, ...)."""

    id: Identifier
    body: Text = Field(description="The certification body.")
    certificate_number: Text | None = None
    standard: Text = "ISO/IEC 27001:2022"
    scope: Text | None = None
    issued_on: IsoDate | None = None
    expires_on: IsoDate | None = Field(None, description="Default: three years after issued_on.")
    audits: list[CertificationAudit] = Field(default_factory=list)
    soa: Identifier | None = Field(
        None, description="The record (document) of the Statement of Applicability it cites."
    )
    soa_version: Text | None = Field(None, description="The version of that SoA it cites.")
    superseded_by: Identifier | None = Field(
        None, description="The certification that replaced it: nothing falls due on this one."
    )

    @model_validator(mode="after")
    def _check_expiry_after_issue(self) -> Certification:
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValueError(
                f"expires_on {self.expires_on.isoformat()} is not after issued_on "
                f"{self.issued_on.isoformat()}: check the dates on the certificate"
            )
        return self


__all__ = ["NONCONFORMITY_FINDINGS"]  # and the models; kept here for code that reads it here
