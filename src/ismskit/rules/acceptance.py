"""Rules of risk acceptance (6.1.3 e and f): an acceptance covers the score it was given for, is
given by whom the criteria name, and is not dated after the day it is checked on."""

from __future__ import annotations

from collections.abc import Iterator

from ismskit.findings import Finding, Severity
from ismskit.messages import message
from ismskit.risk.treatment import same_person
from ismskit.rules.context import RuleContext


def check_acceptance_covers(context: RuleContext) -> Iterator[Finding]:
    """An acceptance covers the score it was recorded for; a higher score needs a new one."""
    for assessed in context.assessed:
        risk, level = assessed.model, assessed.accepted_level
        if risk.accepted_score is None or level is None or level <= risk.accepted_score:
            continue
        what = message("score") if risk.treatment == "accept" else message("residual score")
        yield assessed.risk.finding(
            "risk-acceptance-outdated",
            message(
                "risk {risk} was accepted at {accepted}, and its {what} is now {level}: the "
                "acceptance no longer covers it; re-assess the risk, or record a new acceptance "
                "(isms risk accept {risk} --by NAME)",
                risk=risk.id,
                accepted=risk.accepted_score,
                what=what,
                level=level,
            ),
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
                message(
                    "risk {risk} is accepted by {by} without the score the acceptance was for "
                    "(accepted_score), so a later rise cannot show; record it (isms risk accept "
                    "{risk} --by NAME writes the score now, {level})",
                    risk=risk.id,
                    by=risk.accepted_by,
                    level=level,
                ),
                "accepted_by",
                severity=Severity.WARNING,
            )


def check_acceptance_authority(context: RuleContext) -> Iterator[Finding]:
    """A risk above the acceptance criteria is accepted by whom isms.yaml names for its level."""
    config = context.isms.config
    if context.policy is None or config is None:
        return
    settings = config.risk
    bands = sorted(settings.levels, key=lambda band: band.max)
    for assessed in context.assessed:
        risk, level = assessed.model, assessed.accepted_level
        if risk.accepted_by is None or level is None or level <= context.policy.acceptance:
            continue
        band = next((band for band in bands if level <= band.max), None)
        authority = (band.authority if band else None) or settings.acceptance_authority
        if authority is None or same_person(risk.accepted_by, authority):
            continue
        yield assessed.risk.finding(
            "risk-acceptance-authority",
            message(
                "risk {risk} is accepted at {level}, above the acceptance criteria ({acceptance}), "
                "by {by}; isms.yaml names {authority} as who may accept it (6.1.3 f): record the "
                "acceptance by {authority} (isms risk accept {risk} --by NAME), or treat the risk",
                risk=risk.id,
                level=level,
                acceptance=context.policy.acceptance,
                by=risk.accepted_by,
                authority=authority,
            ),
            "accepted_by",
            severity=Severity.WARNING,
        )


def check_acceptance_dated(context: RuleContext) -> Iterator[Finding]:
    """An acceptance is recorded when it was given, never ahead of it."""
    for entry in context.registers.risks:
        risk = entry.model
        if risk.accepted_on is not None and risk.accepted_on > context.today:
            yield entry.finding(
                "risk-acceptance-future",
                message(
                    "risk {risk} is accepted on {on}, after today ({today}): an acceptance is "
                    "recorded once it is given; write the day it was given",
                    risk=risk.id,
                    on=risk.accepted_on.isoformat(),
                    today=context.today.isoformat(),
                ),
                "accepted_on",
                severity=Severity.WARNING,  # a check "as of" a past day sees later acceptances
            )


RULES = (
    check_acceptance_covers,
    check_acceptance_bound,
    check_acceptance_authority,
    check_acceptance_dated,
)
