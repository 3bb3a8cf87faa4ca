"""Risk rules: ratings the method needs, owners, treatment, acceptance, residual risk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from ismskit.findings import Finding, Severity
from ismskit.messages import message
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
                    message(
                        "risk {id} lacks '{name}', which the {method} method needs",
                        id=entry.model.id,
                        name=name,
                        method=method,
                    ),
                )
    if likelihood_impact:
        return
    for threat in context.registers.threats:
        if threat.model.frequency is None:
            yield threat.finding(
                "missing-field",
                message(
                    ("threat {threat} lacks 'frequency', which the {method} method needs"),
                    threat=threat.model.id,
                    method=method,
                ),
            )


def check_risk_owner(context: RuleContext) -> Iterator[Finding]:
    """Every risk has a risk owner (ISO/IEC 27001 6.1.2 c)."""
    for entry in context.registers.risks:
        owner = entry.model.owner
        if owner is None or not owner.strip():
            yield entry.finding(
                "risk-owner",
                message(
                    (
                        "risk {id} has no owner; name the risk owner (ISO/IEC 27001 6.1.2 c), "
                        "e.g. owner: Citizens Division Manager"
                    ),
                    id=entry.model.id,
                ),
                *(("owner",) if owner is not None else ()),
            )


def check_reduce_has_controls(context: RuleContext) -> Iterator[Finding]:
    for entry in context.registers.risks:
        if entry.model.treatment == "reduce" and not entry.model.controls:
            yield entry.finding(
                "risk-reduce-without-controls",
                message(
                    (
                        "risk {id} is to be reduced but names no control; list the planned "
                        "controls under 'controls' (e.g. [A.8.7])"
                    ),
                    id=entry.model.id,
                ),
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
                message(
                    (
                        "risk {risk} scores {score}, above the acceptance level {acceptance}, "
                        "and is accepted without {value}; record who accepted it (accepted_by) "
                        "and when (accepted_on), or treat it"
                    ),
                    risk=risk.id,
                    score=assessed.score.score,
                    acceptance=acceptance,
                    value=_lacking(risk.accepted_by, risk.accepted_on),
                ),
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
                message(
                    (
                        "risk {risk}: the residual score {residual} is above the initial score "
                        "{score}; treatment cannot raise a risk: check the residual ratings"
                    ),
                    risk=risk.id,
                    residual=score.residual,
                    score=score.score,
                ),
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
                message(
                    (
                        "risk {risk}: the residual score {residual} is still above the "
                        "acceptance level {acceptance} and lacks {value}; record the risk "
                        "owner's acceptance of the residual risk, or plan further treatment"
                    ),
                    risk=risk.id,
                    residual=score.residual,
                    acceptance=context.policy.acceptance,
                    value=_lacking(risk.accepted_by, risk.accepted_on),
                ),
                "treatment",
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
            message(
                _OVERDUE_ONE if len(pending) == 1 else _OVERDUE_MANY,
                risk=risk.id,
                due=risk.due.isoformat(),
                controls=", ".join(pending),
            ),
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
                message(
                    "risk {risk}: action {action} was due on {due} and is not done; record its "
                    "progress (status, or the SoA status of its control) or set a new due date",
                    risk=entry.model.id,
                    action=action.id,
                    due=action.due.isoformat(),
                ),
                "actions",
                index,
                "due",
                severity=Severity.WARNING,
            )


_OVERDUE_ONE = message(
    "risk {risk}: the planned controls were due on {due} and {controls} is not implemented in "
    "the SoA; update the SoA status or set a new due date"
).template
_OVERDUE_MANY = message(
    "risk {risk}: the planned controls were due on {due} and {controls} are not implemented in "
    "the SoA; update the SoA status or set a new due date"
).template


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
                message("risk {risk}: {problem}", risk=risk.id, problem=problem),
                "treatment",
                severity=Severity.WARNING,
            )


def _treatment_problem(treatment: str, plans_controls: bool, score: RiskScore) -> str | None:
    if treatment == "accept" and plans_controls:
        return message(
            "the treatment is accept (retain) but controls are planned; choose reduce if the "
            "controls are to lower the risk, or list controls in place under existing_controls"
        )
    if treatment == "accept" and score.residual != score.score:
        return message(
            "the treatment is accept (retain), yet the residual score {residual} differs from "
            "the score {score}; a retained risk stays as assessed: remove the residual ratings, "
            "or choose the option that changes the risk",
            residual=score.residual,
            score=score.score,
        )
    # Above acceptance only: that is where the plan must show what the treatment achieves.
    if treatment != "accept" and not score.acceptable and score.residual == score.score:
        return message(
            "the treatment is {treatment}, yet the residual score equals the score ({score}); "
            "rate the residual risk expected once the treatment is done (residual_* ratings), "
            "or choose accept if the risk is retained as it is",
            treatment=treatment,
            score=score.score,
        )
    return None


def check_duplicate_pair(context: RuleContext) -> Iterator[Finding]:
    """The same asset × threat pair assessed twice: two scores for one risk, which disagree as
    soon as one of them is revised. Only for the asset-threat-vulnerability method, where a risk
    is its pair; scenarios of the likelihood-impact method may share an asset and a threat."""
    if context.policy is None or context.policy.method == LIKELIHOOD_IMPACT:
        return
    first_of: dict[tuple[str, str], str] = {}
    for entry in context.registers.risks:
        risk = entry.model
        if risk.asset is None or risk.threat is None:
            continue
        pair = (risk.asset, risk.threat)
        first = first_of.setdefault(pair, risk.id)
        if first != risk.id:
            yield entry.finding(
                "risk-duplicate-pair",
                message(
                    (
                        "risk {risk} assesses the same asset × threat pair ({asset} × "
                        "{threat}) as risk {first}: keep one risk per pair (merge the two, or "
                        "name another asset or threat)"
                    ),
                    risk=risk.id,
                    asset=risk.asset,
                    threat=risk.threat,
                    first=first,
                ),
                "id",
                severity=Severity.WARNING,
            )


def _lacking(accepted_by: str | None, accepted_on: object) -> str:
    missing = [
        name
        for name, value in (("accepted_by", accepted_by), ("accepted_on", accepted_on))
        if value is None
    ]
    return " and ".join(missing)


def check_action_controls_planned(context: RuleContext) -> Iterator[Finding]:
    """An action of a risk's plan implements one of the risk's controls (planned or existing)."""
    for entry in context.registers.risks:
        risk = entry.model
        known = {*risk.controls, *risk.existing_controls}
        for index, action in enumerate(risk.actions):
            if action.control is None or action.control in known:
                continue
            yield entry.finding(
                "risk-action-control-not-planned",
                message(
                    "risk {risk}, action {action}: its control {control} is not among the "
                    "risk's controls; add it to controls (isms risk treat {risk} --controls ...) "
                    "or name the control the action implements",
                    risk=risk.id,
                    action=action.id,
                    control=action.control,
                ),
                "actions",
                index,
                "control",
                severity=Severity.WARNING,
            )


def check_treatment_changes_something(context: RuleContext) -> Iterator[Finding]:
    """A control planned as treatment that is already in place changes the risk only through what
    is done to it: an action says what (6.1.3 b, e)."""
    for entry in context.registers.risks:
        risk = entry.model
        acted = {action.control for action in risk.actions}
        for index, control in enumerate(risk.controls):
            if control in risk.existing_controls and control not in acted:
                yield entry.finding(
                    "risk-control-already-in-place",
                    message(
                        "risk {risk} plans {control} as its treatment, but {control} is already "
                        "in place (existing_controls): a treatment changes something; add an "
                        "action for {control} that says what is done to it, or plan another "
                        "control",
                        risk=risk.id,
                        control=control,
                    ),
                    "controls",
                    index,
                    severity=Severity.WARNING,
                )


RULES = (
    check_method_ratings,
    check_risk_owner,
    check_reduce_has_controls,
    check_acceptance_signed,
    check_residual_not_above_initial,
    check_residual_accepted,
    check_treatment_due,
    check_treatment_consistent,
    check_duplicate_pair,
    check_action_controls_planned,
    check_treatment_changes_something,
)
