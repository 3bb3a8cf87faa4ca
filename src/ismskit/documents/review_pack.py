"""The input pack of a management review (ISO/IEC 27001 9.3.2), assembled from the registers. Pure.

The period runs from the previous review (the newest one held by today) to today. What git says
changed in that period arrives ready-made (`ChangesSince`), so this module reads no repository.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ismskit.analysis import Analysis
from ismskit.history.git import CommitInfo

if TYPE_CHECKING:
    from ismskit.models.pdca import Audit, Nonconformity, Objective, Review, ReviewAction

FINDING_TYPES = (
    "major-nonconformity",
    "minor-nonconformity",
    "observation",
    "opportunity-for-improvement",
)
IMPLEMENTATION_STATUSES = ("implemented", "partial", "planned", "not-implemented")


@dataclass(frozen=True)
class ChangesSince:
    """What changed in the registers between the previous review and now, from git."""

    base: str  # the commit the registers were read at, on the day of the previous review
    summary: dict[str, Any]
    risks_added: list[str]
    risks_removed: list[str]
    risks_changed: list[str]
    soa_changed: list[str]
    assets_revalued: list[str]
    commits: list[CommitInfo]


@dataclass(frozen=True)
class ActionStatus:
    review: str
    action: ReviewAction
    overdue: bool
    done: bool  # done on or before the report's day (a later done_on reads as still open)


@dataclass(frozen=True)
class ObjectiveStatus:
    objective: Objective
    latest: date | None
    value: float | None
    met: bool | None  # None without a numeric target or a measurement


@dataclass(frozen=True)
class AuditSummary:
    audit: Audit
    findings: dict[str, int]


@dataclass
class ReviewPack:
    previous: Review | None
    since: date | None
    today: date
    actions: list[ActionStatus] = field(default_factory=list)
    nonconformities_opened: list[Nonconformity] = field(default_factory=list)
    nonconformities_closed: list[Nonconformity] = field(default_factory=list)
    nonconformities_open: list[Nonconformity] = field(default_factory=list)
    nonconformity_sources: dict[str, int] = field(default_factory=dict)
    objectives: list[ObjectiveStatus] = field(default_factory=list)
    audits: list[AuditSummary] = field(default_factory=list)
    certification_audits: list[dict[str, Any]] = field(default_factory=list)
    exercises: list[Any] = field(default_factory=list)
    training_sessions: int = 0
    training_attendees: int = 0
    risk_levels: dict[str, int] = field(default_factory=dict)
    risks_above_acceptance: int = 0
    residual_above_acceptance: int = 0
    treatments: dict[str, int] = field(default_factory=dict)
    treatments_overdue: list[str] = field(default_factory=list)
    soa_statuses: dict[str, int] = field(default_factory=dict)
    improvements: list[tuple[str, str]] = field(default_factory=list)  # (source, description)
    objectives_met: int = 0
    changes: ChangesSince | None = None


def closed_by(nonconformity: Nonconformity, today: date) -> bool:
    """Whether the nonconformity was closed on `today` (a report of an earlier day reads it so)."""
    if nonconformity.status != "closed":
        return False
    return nonconformity.closed_on is None or nonconformity.closed_on <= today


def previous_review(analysis: Analysis, today: date) -> Review | None:
    """The newest review before `today`: on a review's own day, the pack reads up to it."""
    held = [entry.model for entry in analysis.isms.registers.reviews if entry.model.date < today]
    return max(held, key=lambda review: review.date) if held else None


def action_status(review: Review, action: ReviewAction, today: date) -> ActionStatus:
    """An action as it stood on `today`: done only if done by then."""
    done = action.status == "done" and (action.done_on is None or action.done_on <= today)
    overdue = not done and bool(action.due and action.due < today)
    return ActionStatus(review.id, action, overdue, done)


def meets_target(objective: Objective, value: float) -> bool | None:
    """Whether a measured value meets the objective's target; None without a numeric target."""
    if objective.target_value is None:
        return None
    if objective.direction == "at-least":
        return value >= objective.target_value
    return value <= objective.target_value


def _in_period(day: date | None, since: date | None, today: date) -> bool:
    return day is not None and day <= today and (since is None or day > since)


def assemble_review_pack(
    analysis: Analysis, today: date, changes: ChangesSince | None
) -> ReviewPack:
    previous = previous_review(analysis, today)
    since = previous.date if previous else None
    pack = ReviewPack(previous, since, today, changes=changes)
    _previous_actions(pack, analysis)
    _nonconformities(pack, analysis)
    _objectives(pack, analysis)
    _audits(pack, analysis)
    _continuity_and_training(pack, analysis)
    _risks(pack, analysis)
    return pack


def _previous_actions(pack: ReviewPack, analysis: Analysis) -> None:
    """a) every action of the previous review, and any still open from earlier ones."""
    for entry in sorted(analysis.isms.registers.reviews, key=lambda e: e.model.date):
        review = entry.model
        if review.date >= pack.today:
            continue  # a review of the day decides actions: its results, not its inputs
        for action in review.actions:
            status = action_status(review, action, pack.today)
            if review is pack.previous or not status.done:
                pack.actions.append(status)


def _nonconformities(pack: ReviewPack, analysis: Analysis) -> None:
    nonconformities = [entry.model for entry in analysis.isms.registers.nonconformities]
    pack.nonconformities_opened = [
        nc for nc in nonconformities if _in_period(nc.detected_on, pack.since, pack.today)
    ]
    pack.nonconformities_closed = [
        nc
        for nc in nonconformities
        if closed_by(nc, pack.today) and _in_period(nc.closed_on, pack.since, pack.today)
    ]
    pack.nonconformities_open = [
        nc
        for nc in nonconformities
        if (nc.detected_on is None or nc.detected_on <= pack.today)
        and not closed_by(nc, pack.today)
    ]
    sources = Counter(nc.source or "other" for nc in pack.nonconformities_opened)
    pack.nonconformity_sources = dict(sorted(sources.items()))


def _objectives(pack: ReviewPack, analysis: Analysis) -> None:
    for entry in analysis.isms.registers.objectives:
        objective = entry.model
        measured = [m for m in objective.measurements if m.date <= pack.today]
        latest = max(measured, key=lambda m: m.date) if measured else None
        met = meets_target(objective, latest.value) if latest is not None else None
        pack.objectives.append(
            ObjectiveStatus(
                objective, latest.date if latest else None, latest.value if latest else None, met
            )
        )
        pack.objectives_met += bool(met)


def _audits(pack: ReviewPack, analysis: Analysis) -> None:
    registers = analysis.isms.registers
    for entry in sorted(registers.audits, key=lambda e: (e.model.date or date.max, e.model.id)):
        audit = entry.model
        if not _in_period(audit.date, pack.since, pack.today):
            continue
        counts: Counter[str] = Counter(finding.type for finding in audit.findings)
        pack.audits.append(AuditSummary(audit, {kind: counts[kind] for kind in FINDING_TYPES}))
        pack.improvements += [
            (audit.id, finding.description)
            for finding in audit.findings
            if finding.type in ("observation", "opportunity-for-improvement")
        ]
    for certification in registers.certifications:
        for visit in certification.model.audits:
            if _in_period(visit.date, pack.since, pack.today):
                found: Counter[str] = Counter(finding.type for finding in visit.findings)
                pack.certification_audits.append(
                    {
                        "certification": certification.model.id,
                        "kind": visit.kind,
                        "date": visit.date,
                        "findings": {kind: found[kind] for kind in FINDING_TYPES},
                    }
                )
                pack.improvements += [
                    (certification.model.id, finding.description)
                    for finding in visit.findings
                    if finding.type in ("observation", "opportunity-for-improvement")
                ]


def _continuity_and_training(pack: ReviewPack, analysis: Analysis) -> None:
    registers = analysis.isms.registers
    pack.exercises = [
        entry.model
        for entry in sorted(registers.exercises, key=lambda e: e.model.date)
        if _in_period(entry.model.date, pack.since, pack.today)
    ]
    sessions = [
        entry.model
        for entry in registers.training
        if _in_period(entry.model.date, pack.since, pack.today)
    ]
    pack.training_sessions = len(sessions)
    pack.training_attendees = sum(
        session.attendee_count if session.attendee_count is not None else len(session.attendees)
        for session in sessions
    )


def _risks(pack: ReviewPack, analysis: Analysis) -> None:
    """f) results of risk assessment and status of risk treatment."""
    assessed = [risk for risk in analysis.assessed if risk.score is not None]
    levels = Counter(risk.score.level or "-" for risk in assessed if risk.score)
    pack.risk_levels = dict(levels)
    pack.risks_above_acceptance = sum(1 for r in assessed if r.score and not r.score.acceptable)
    pack.residual_above_acceptance = sum(
        1 for r in assessed if r.score and not r.score.residual_acceptable
    )
    treatments = Counter(risk.model.treatment for risk in assessed)
    pack.treatments = {kind: treatments[kind] for kind in ("reduce", "accept", "avoid", "transfer")}
    pack.treatments_overdue = sorted(
        risk.model.id
        for risk in assessed
        if risk.model.treatment != "accept" and risk.model.due and risk.model.due < pack.today
    )
    statuses: Counter[str] = Counter(
        entry.model.status or "none"
        for entry in analysis.isms.registers.soa
        if entry.model.applicable
    )
    pack.soa_statuses = {kind: statuses[kind] for kind in (*IMPLEMENTATION_STATUSES, "none")}
