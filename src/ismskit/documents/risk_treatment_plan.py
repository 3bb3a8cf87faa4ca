"""The risk treatment plan (ISO/IEC 27001 6.1.3 e, f and 8.3).

Every risk above the acceptance criteria, whatever its option (reduce, accept, avoid, transfer),
and every other risk with planned work: the controls and the actions that implement them (what,
who, resources, when, progress), the current and the target residual score, the risk owner's
approval of the plan and the acceptance of the residual risk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ismskit.documents.base import ReportInput, control_titles, evaluate_risks
from ismskit.documents.criteria import LevelBand, band_of, level_bands
from ismskit.risk.evaluation import EvaluatedRisk
from ismskit.risk.treatment import (
    DONE,
    SoaStatuses,
    action_progress,
    control_progress,
    same_person,
    treatment_done,
)

if TYPE_CHECKING:
    from ismskit.models.entries import Risk, TreatmentAction

OPTIONS = ("reduce", "accept", "avoid", "transfer")


@dataclass(frozen=True)
class PlannedWork:
    """One line of the implementation plan: a control, or an action that implements one."""

    control: str | None
    control_title: str
    action: str | None  # what is done; None: the control as the SoA records it
    owner: str
    resources: str | None
    due: date | None
    progress: str  # planned | in-progress | done | undecided
    overdue: bool


@dataclass(frozen=True)
class Acceptance:
    """Who accepted the residual risk and when, and whether that still covers the risk."""

    by: str | None
    on: date | None
    outdated_score: int | None  # the score accepted, when the risk has since risen above it
    authority: str | None  # who should have accepted, when someone else did


@dataclass(frozen=True)
class PlanItem:
    row: EvaluatedRisk
    risk: Risk
    above: bool  # above the acceptance criteria
    level: str | None
    done: bool  # the planned work is done: the residual score is the current one
    current: int
    target: int
    target_level: str | None
    works: list[PlannedWork]
    acceptance: Acceptance


def risk_treatment_plan(request: ReportInput) -> dict[str, Any]:
    analysis, text = request.analysis, request.text
    assert analysis.policy is not None
    assert analysis.isms.config is not None
    settings, policy = analysis.isms.config.risk, analysis.policy
    bands = level_bands(settings, policy, text)
    statuses: SoaStatuses = {
        entry.model.control: entry.model.status
        for entry in analysis.isms.registers.soa
        if entry.model.applicable is not None
    }
    risks = {entry.model.id: entry.model for entry in analysis.isms.registers.risks}
    planner = _Planner(request, statuses, control_titles(request), bands)
    items = [
        planner.item(row, risks[row.id])
        for row in evaluate_risks(analysis).risks
        if not row.score.acceptable or _has_work(risks[row.id])
    ]
    return {
        "plan": items,
        "acceptance": policy.acceptance,
        "authority": settings.acceptance_authority or text["ra_authority_default"],
        "options": [(option, *_counts(items, option)) for option in OPTIONS],
        "above_total": sum(1 for item in items if item.above),
        "within_total": sum(1 for item in items if not item.above),
        "hints": _hints(items),
    }


def _hints(items: list[PlanItem]) -> list[str]:
    """What the plan still lacks, said on the terminal: the document shows it as it is."""
    unapproved = [item.row.id for item in items if item.risk.plan_approved_on is None]
    unaccepted = [item.row.id for item in items if item.acceptance.by is None]
    hints = []
    if unapproved:
        hints.append(
            f"{len(unapproved)} risks of the plan have no approval of the plan by their owner "
            f"({_first(unapproved)}): record plan_approved_on"
        )
    if unaccepted:
        hints.append(
            f"{len(unaccepted)} risks of the plan have no acceptance of their residual risk "
            f"({_first(unaccepted)}): record it with 'isms risk accept ID --by NAME'"
        )
    return hints


def _first(ids: list[str], count: int = 5) -> str:
    return ", ".join(ids[:count]) + (", ..." if len(ids) > count else "")


def _has_work(risk: Risk) -> bool:
    return risk.treatment != "accept" or bool(risk.controls or risk.actions)


def _counts(items: list[PlanItem], option: str) -> tuple[int, int]:
    chosen = [item for item in items if item.risk.treatment == option]
    return sum(1 for item in chosen if item.above), sum(1 for item in chosen if not item.above)


class _Planner:
    """Builds the plan of one risk from its controls, actions, the SoA and the criteria."""

    def __init__(
        self,
        request: ReportInput,
        statuses: SoaStatuses,
        titles: dict[str, str],
        bands: list[LevelBand],
    ) -> None:
        self.today = request.today
        self.statuses = statuses
        self.titles = titles
        self.bands = bands
        config = request.analysis.isms.config
        assert config is not None
        self.authority = config.risk.acceptance_authority
        # Who isms.yaml says may accept each level (not the document's defaults).
        self.level_authority = {
            level.name: level.authority for level in config.risk.levels if level.authority
        }

    def item(self, row: EvaluatedRisk, risk: Risk) -> PlanItem:
        done = treatment_done(risk, self.statuses)
        score = row.score
        return PlanItem(
            row=row,
            risk=risk,
            above=not score.acceptable,
            level=self._level(score.score),
            done=done,
            current=score.residual if done else score.score,
            target=score.residual,
            target_level=self._level(score.residual),
            works=self.works(risk),
            acceptance=self.acceptance(risk, score.residual, score.residual_acceptable),
        )

    def _level(self, score: int) -> str | None:
        band = band_of(score, self.bands)
        return band.name if band else None

    def works(self, risk: Risk) -> list[PlannedWork]:
        works = []
        for control in dict.fromkeys(risk.controls):
            actions = [action for action in risk.actions if action.control == control]
            works += [self._action(risk, action) for action in actions] or [
                self._control(risk, control)
            ]
        planned = set(risk.controls)
        works += [
            self._action(risk, action)
            for action in risk.actions
            if action.control is None or action.control not in planned
        ]
        return works

    def _control(self, risk: Risk, control: str) -> PlannedWork:
        progress = control_progress(control, self.statuses)
        return PlannedWork(
            control=control,
            control_title=self.titles.get(control, ""),
            action=None,
            owner=risk.owner or "",
            resources=None,
            due=risk.due,
            progress=progress,
            overdue=self._overdue(risk.due, progress),
        )

    def _action(self, risk: Risk, action: TreatmentAction) -> PlannedWork:
        progress = action_progress(action, self.statuses)
        due = action.due or risk.due
        return PlannedWork(
            control=action.control,
            control_title=self.titles.get(action.control or "", ""),
            action=action.action,
            owner=action.owner,
            resources=action.resources,
            due=due,
            progress=progress,
            overdue=self._overdue(due, progress),
        )

    def _overdue(self, due: date | None, progress: str) -> bool:
        return due is not None and due < self.today and progress != DONE

    def acceptance(self, risk: Risk, residual: int, within_criteria: bool) -> Acceptance:
        # An acceptance bound to a score (accepted_score) covers the risk up to that score only.
        accepted_score = risk.accepted_score
        outdated = (
            accepted_score if accepted_score is not None and residual > accepted_score else None
        )
        band = band_of(residual, self.bands)
        authority = (self.level_authority.get(band.name) if band else None) or self.authority
        wrong_person = (
            risk.accepted_by is not None
            and not within_criteria
            and authority is not None
            and not same_person(risk.accepted_by, authority)
        )
        return Acceptance(
            risk.accepted_by, risk.accepted_on, outdated, authority if wrong_person else None
        )
