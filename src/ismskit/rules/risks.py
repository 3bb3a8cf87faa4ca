"""Risk rules: ratings the method needs, owners, treatment, acceptance, residual risk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from ismskit.findings import Finding, Severity
from ismskit.repository.loader import Located
from ismskit.risk.engine import LIKELIHOOD_IMPACT, RiskScore
from ismskit.risk.treatment import DONE, SoaStatuses, action_progress
from ismskit.rules.context import RuleContext

if TYPE_CHECKING:
    from ismskit.models.entries import Risk

_ATV_REQUIRED = ("asset", "threat", "vulnerability")
_LI_REQUIRED = ("likelihood", "impact")


def check_method_ratings(context: RuleContext) -> Iterator[Finding]:
    """Each method needs its own ratings; they are optional in the model, required here."""
    if context.policy is None:
        return
    likelihood_impact = context.policy.method == LIKELIHOOD_IMPACT
    required = _LI_REQUIRED if likelihood_impact else _ATV_REQUIRED
    method = context.policy.method
    for entry in context.registers.risks:
        for name in required:
            if getattr(entry.model, name) is None:
                yield entry.finding(
                    "missing-field",
                    f"risk {entry.model.id} lacks '{name}', which the {method} method needs",
                )
    if likelihood_impact:
        return
    for threat in context.registers.threats:
        if threat.model.frequency is None:
            yield threat.finding(
                "missing-field",
                f"threat {threat.model.id} lacks 'frequency', which the {method} method needs",
            )


def check_risk_owner(context: RuleContext) -> Iterator[Finding]:
    """Every risk has a risk owner (ISO/IEC 27001 6.1.2 c)."""
    for entry in context.registers.risks:
        owner = entry.model.owner
        if owner is None or not owner.strip():
            yield entry.finding(
                "risk-owner",
                f"risk {entry.model.id} has no owner; name the risk owner (ISO/IEC 27001 "
                "6.1.2 c), e.g. owner: Citizens Division Manager",
                *(("owner",) if owner is not None else ()),
            )


def check_reduce_has_controls(context: RuleContext) -> Iterator[Finding]:
    for entry in context.registers.risks:
        if entry.model.treatment == "reduce" and not entry.model.controls:
            yield entry.finding(
                "risk-reduce-without-controls",
                f"risk {entry.model.id} is to be reduced but names no control; list the planned "
                "controls under 'controls' (e.g. [A.8.7])",
                *(("controls",) if "controls" in entry.model.model_fields_set else ("treatment",)),
            )


def check_acceptance_signed(context: RuleContext) -> Iterator[Finding]:
    """A risk above acceptance may only be accepted with a named approver and date."""
    if context.policy is None:
        return
    acceptance = context.policy.acceptance
    for assessed in context.assessed:
        risk = assessed.model
        if assessed.score is None or assessed.score.acceptable or risk.treatment != "accept":
            continue
        if not risk.is_accepted:
            yield assessed.risk.finding(
                "risk-acceptance",
                f"risk {risk.id} scores {assessed.score.score}, above the acceptance level "
                f"{acceptance}, and is accepted without "
                f"{_lacking(risk.accepted_by, risk.accepted_on)}; "
                "record who accepted it (accepted_by) and when (accepted_on), or treat it",
                "treatment",
            )


def check_residual_not_above_initial(context: RuleContext) -> Iterator[Finding]:
    for assessed in context.assessed:
        score = assessed.score
        if score is not None and score.residual > score.score:
            risk = assessed.model
            field = next(
                (name for name in _RESIDUAL_FIELDS if getattr(risk, name) is not None), "id"
            )
            yield assessed.risk.finding(
                "residual-above-initial",
                f"risk {risk.id}: the residual score {score.residual} is above the initial score "
                f"{score.score}; treatment cannot raise a risk: check the residual ratings",
                field,
            )


_RESIDUAL_FIELDS = (
    "residual_vulnerability",
    "residual_frequency",
    "residual_likelihood",
    "residual_impact",
)


def check_residual_accepted(context: RuleContext) -> Iterator[Finding]:
    """A treated risk still above acceptance needs the owner's acceptance of residual risk."""
    if context.policy is None:
        return
    for assessed in context.assessed:
        risk, score = assessed.model, assessed.score
        if score is None or risk.treatment == "accept" or score.residual_acceptable:
            continue
        if not risk.is_accepted:
            yield assessed.risk.finding(
                "residual-not-accepted",
                f"risk {risk.id}: the residual score {score.residual} is still above the "
                f"acceptance level {context.policy.acceptance} and lacks "
                f"{_lacking(risk.accepted_by, risk.accepted_on)}; record the risk owner's "
                "acceptance of the residual risk, or plan further treatment",
                "treatment",
                severity=Severity.WARNING,
            )


def check_acceptance_covers(context: RuleContext) -> Iterator[Finding]:
    """An acceptance covers the score it was recorded for; a higher score needs a new one."""
    for assessed in context.assessed:
        risk, level = assessed.model, assessed.accepted_level
        if risk.accepted_score is None or level is None or level <= risk.accepted_score:
            continue
        what = "score" if risk.treatment == "accept" else "residual score"
        yield assessed.risk.finding(
            "risk-acceptance-outdated",
            f"risk {risk.id} was accepted at {risk.accepted_score}, and its {what} is now "
            f"{level}: the acceptance no longer covers it; re-assess the risk, or record a new "
            f"acceptance (isms risk accept {risk.id} --by NAME)",
            "accepted_score",
        )


def check_acceptance_bound(context: RuleContext) -> Iterator[Finding]:
    """An acceptance recorded without its score (by hand, or before 1.1) cannot go out of date."""
    if context.policy is None:
        return
    for assessed in context.assessed:
        risk, level = assessed.model, assessed.accepted_level
        # Only a complete acceptance: one lacking its date is reported as such (risk-acceptance).
        if not risk.is_accepted or risk.accepted_score is not None or level is None:
            continue
        if level > context.policy.acceptance:
            yield assessed.risk.finding(
                "risk-acceptance-unbound",
                f"risk {risk.id} is accepted by {risk.accepted_by} without the score the "
                f"acceptance was for (accepted_score), so a later rise cannot show; record it "
                f"(isms risk accept {risk.id} --by NAME writes the score now, {level})",
                "accepted_by",
                severity=Severity.WARNING,
            )


def check_treatment_due(context: RuleContext) -> Iterator[Finding]:
    """Planned controls or actions past their due date while not implemented (or not done)."""
    statuses = {
        entry.model.control: entry.model.status
        for entry in context.registers.soa
        if entry.model.applicable is not False
    }
    for entry in context.registers.risks:
        yield from _risk_overdue(entry, statuses, context.today)
        yield from _actions_overdue(entry, statuses, context.today)


def _risk_overdue(entry: Located[Risk], statuses: SoaStatuses, today: date) -> Iterator[Finding]:
    risk = entry.model
    if risk.due is None or risk.due >= today or risk.treatment != "reduce":
        return
    pending = [control for control in risk.controls if statuses.get(control) != "implemented"]
    if pending:
        yield entry.finding(
            "treatment-overdue",
            f"risk {risk.id}: the planned controls were due on {risk.due.isoformat()} and "
            f"{', '.join(pending)} {'is' if len(pending) == 1 else 'are'} not implemented "
            "in the SoA; update the SoA status or set a new due date",
            "due",
            severity=Severity.WARNING,
        )


def _actions_overdue(entry: Located[Risk], statuses: SoaStatuses, today: date) -> Iterator[Finding]:
    for index, action in enumerate(entry.model.actions):
        if action.due is None or action.due >= today:
            continue
        if action_progress(action, statuses) != DONE:
            yield entry.finding(
                "treatment-overdue",
                f"risk {entry.model.id}: action {action.id} was due on "
                f"{action.due.isoformat()} and is not done; record its progress (status, or "
                "the SoA status of its control) or set a new due date",
                "actions",
                index,
                "due",
                severity=Severity.WARNING,
            )


def check_treatment_consistent(context: RuleContext) -> Iterator[Finding]:
    """The option agrees with the data: accept plans nothing; a treatment lowers a high score."""
    for assessed in context.assessed:
        risk, score = assessed.model, assessed.score
        if score is None:
            continue
        problem = _treatment_problem(risk.treatment, bool(risk.controls), score)
        if problem is not None:
            yield assessed.risk.finding(
                "risk-treatment-inconsistent",
                f"risk {risk.id}: {problem}",
                "treatment",
                severity=Severity.WARNING,
            )


def _treatment_problem(treatment: str, plans_controls: bool, score: RiskScore) -> str | None:
    if treatment == "accept" and plans_controls:
        return (
            "the treatment is accept (retain) but controls are planned; choose reduce if the "
            "controls are to lower the risk, or list controls in place under existing_controls"
        )
    if treatment == "accept" and score.residual != score.score:
        return (
            f"the treatment is accept (retain), yet the residual score {score.residual} differs "
            f"from the score {score.score}; a retained risk stays as assessed: remove the "
            "residual ratings, or choose the option that changes the risk"
        )
    # Above acceptance only: that is where the plan must show what the treatment achieves.
    if treatment != "accept" and not score.acceptable and score.residual == score.score:
        return (
            f"the treatment is {treatment}, yet the residual score equals the score "
            f"({score.score}); rate the residual risk expected once the treatment is done "
            "(residual_* ratings), or choose accept if the risk is retained as it is"
        )
    return None


def _lacking(accepted_by: str | None, accepted_on: object) -> str:
    missing = [
        name
        for name, value in (("accepted_by", accepted_by), ("accepted_on", accepted_on))
        if value is None
    ]
    return " and ".join(missing)


RULES = (
    check_method_ratings,
    check_risk_owner,
    check_reduce_has_controls,
    check_acceptance_signed,
    check_residual_not_above_initial,
    check_residual_accepted,
    check_acceptance_covers,
    check_acceptance_bound,
    check_treatment_due,
    check_treatment_consistent,
)
