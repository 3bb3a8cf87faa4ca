"""The risk-posture delta between two analysed revisions. Pure: two analyses in, one delta out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ismskit.analysis import Analysis
from ismskit.history.acceptances import (
    Acceptance,
    AcceptanceChanges,
    acceptance_changes,
    acceptance_of,
    covers,
)
from ismskit.models.registers import RISK_RATINGS
from ismskit.ordering import natural_ids, natural_key

RISK_VALUES = ("score", "residual_score", "level", "acceptable", "treatment", "accepted_score")
SOA_VALUES = ("applicable", "status", "justification")
ASSET_VALUES = ("confidentiality", "integrity", "availability")

Pair = list[Any]


@dataclass(frozen=True, slots=True)
class RiskState:
    score: int | None
    residual_score: int | None
    level: str | None
    acceptable: bool | None
    treatment: str | None
    accepted_score: int | None
    asset: str | None
    threat: str | None
    # The risk's own ratings: a score that moved with them did not move by a revaluation.
    own_ratings: tuple[int | None, ...] = ()
    acceptance: Acceptance = field(default_factory=Acceptance)

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in RISK_VALUES}


@dataclass
class PostureDiff:
    base: str
    head: str
    risks_added: list[str] = field(default_factory=list)
    risks_removed: list[str] = field(default_factory=list)
    risks_changed: list[dict[str, Any]] = field(default_factory=list)
    soa_changed: list[dict[str, Any]] = field(default_factory=list)
    assets: dict[str, Any] = field(default_factory=dict)
    threats: dict[str, Any] = field(default_factory=dict)
    newly_above_acceptance: list[str] = field(default_factory=list)
    unaccepted_increases: list[str] = field(default_factory=list)
    acceptances: AcceptanceChanges = field(default_factory=AcceptanceChanges)
    summary: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "head": self.head,
            "risks": {
                "added": self.risks_added,
                "removed": self.risks_removed,
                "changed": self.risks_changed,
            },
            "soa": {"changed": self.soa_changed},
            "assets": self.assets,
            "threats": self.threats,
            "acceptances": self.acceptances.as_dict(),
            "summary": self.summary,
        }

    @property
    def is_empty(self) -> bool:
        return not (
            self.risks_added
            or self.risks_removed
            or self.risks_changed
            or self.soa_changed
            or any(self.assets.values())
            or self.threats.get("changed")
            or not self.acceptances.is_empty
        )


def risk_states(analysis: Analysis) -> dict[str, RiskState]:
    states: dict[str, RiskState] = {}
    acceptance = analysis.policy.acceptance if analysis.policy else None
    for item in analysis.assessed:
        risk, score = item.model, item.score
        states.setdefault(
            risk.id,
            RiskState(
                score=score.score if score else None,
                residual_score=score.residual if score else None,
                level=score.level if score else None,
                acceptable=score.acceptable if score else None,
                treatment=risk.treatment,
                accepted_score=risk.accepted_score,
                asset=risk.asset,
                threat=risk.threat,
                own_ratings=tuple(getattr(risk, name) for name in RISK_RATINGS),
                acceptance=acceptance_of(item, acceptance),
            ),
        )
    if not analysis.assessed:  # no usable risk policy: still list the risks by id
        for entry in analysis.isms.registers.risks:
            risk = entry.model
            states.setdefault(
                risk.id,
                RiskState(None, None, None, None, risk.treatment, risk.accepted_score, None, None),
            )
    return states


def compare(base: Analysis, head: Analysis, base_name: str, head_name: str) -> PostureDiff:
    diff = PostureDiff(base_name, head_name)
    before, after = risk_states(base), risk_states(head)
    diff.risks_added = natural_ids(after.keys() - before.keys())
    diff.risks_removed = natural_ids(before.keys() - after.keys())
    for risk_id in natural_ids(before.keys() & after.keys()):
        old, new = before[risk_id].values(), after[risk_id].values()
        if old != new or before[risk_id].acceptance.record != after[risk_id].acceptance.record:
            diff.risks_changed.append({"id": risk_id, **{k: [old[k], new[k]] for k in RISK_VALUES}})
    for risk_id, state in sorted(after.items(), key=lambda item: natural_key(item[0])):
        previous = before.get(risk_id)
        was_acceptable = previous is None or previous.acceptable is not False
        newly_above = state.acceptable is False and was_acceptable
        if newly_above:
            diff.newly_above_acceptance.append(risk_id)
        needs = newly_above or (_rose(previous, state) and state.acceptance.needed)
        before_acceptance = previous.acceptance if previous is not None else None
        if needs and not covers(before_acceptance, state.acceptance):
            diff.unaccepted_increases.append(risk_id)
    diff.acceptances = acceptance_changes(
        {risk_id: state.acceptance for risk_id, state in before.items()},
        {risk_id: state.acceptance for risk_id, state in after.items()},
    )
    diff.soa_changed = _soa_changes(base, head)
    diff.assets = _asset_changes(base, head, before, after)
    diff.threats = _threat_changes(base, head, before, after)
    diff.summary = _summary(before, after, diff)
    return diff


def _rose(previous: RiskState | None, state: RiskState) -> bool:
    """A new risk, or a score or residual score higher than at BASE."""
    if previous is None:
        return True
    return any(
        new is not None and (old is None or new > old)
        for old, new in (
            (previous.score, state.score),
            (previous.residual_score, state.residual_score),
        )
    )


def _soa_changes(base: Analysis, head: Analysis) -> list[dict[str, Any]]:
    def decisions(analysis: Analysis) -> dict[str, dict[str, Any]]:
        return {
            entry.model.control: {name: getattr(entry.model, name) for name in SOA_VALUES}
            for entry in analysis.isms.registers.soa
        }

    old, new = decisions(base), decisions(head)
    empty = dict.fromkeys(SOA_VALUES)
    changes = []
    for control in sorted(old.keys() | new.keys(), key=_control_order):
        before, after = old.get(control, empty), new.get(control, empty)
        if before != after:
            changes.append({"control": control, **{k: [before[k], after[k]] for k in SOA_VALUES}})
    return changes


def _control_order(control: str) -> tuple[int, ...] | tuple[float, str]:
    parts = control.removeprefix("A.").split(".")
    if control.startswith("A.") and all(part.isdigit() for part in parts):
        return tuple(int(part) for part in parts)
    return (float("inf"), control)


def _asset_changes(
    base: Analysis, head: Analysis, before: dict[str, RiskState], after: dict[str, RiskState]
) -> dict[str, Any]:
    def values(analysis: Analysis) -> dict[str, dict[str, int]]:
        return {
            entry.model.id: {name: getattr(entry.model, name) for name in ASSET_VALUES}
            for entry in analysis.isms.registers.assets
        }

    old, new = values(base), values(head)
    revalued = []
    for asset_id in natural_ids(old.keys() & new.keys()):
        if old[asset_id] != new[asset_id]:
            changed = {k: [old[asset_id][k], new[asset_id][k]] for k in ASSET_VALUES}
            moved = _risks_moved(after, before, "asset", asset_id)
            revalued.append({"id": asset_id, **changed, "risks": moved})
    return {
        "added": natural_ids(new.keys() - old.keys()),
        "removed": natural_ids(old.keys() - new.keys()),
        "revalued": revalued,
    }


def _threat_changes(
    base: Analysis, head: Analysis, before: dict[str, RiskState], after: dict[str, RiskState]
) -> dict[str, Any]:
    def frequencies(analysis: Analysis) -> dict[str, int | None]:
        return {entry.model.id: entry.model.frequency for entry in analysis.isms.registers.threats}

    old, new = frequencies(base), frequencies(head)
    changed = [
        {
            "id": threat_id,
            "frequency": [old[threat_id], new[threat_id]],
            "risks": _risks_moved(after, before, "threat", threat_id),
        }
        for threat_id in natural_ids(old.keys() & new.keys())
        if old[threat_id] != new[threat_id]
    ]
    return {
        "added": natural_ids(new.keys() - old.keys()),
        "removed": natural_ids(old.keys() - new.keys()),
        "changed": changed,
    }


def _risks_moved(
    after: dict[str, RiskState], before: dict[str, RiskState], attribute: str, value: str
) -> list[str]:
    """Risks of one asset (or threat) whose score moved with it: of that asset (or threat) before
    and after, and with the same ratings of their own (a risk moved to this asset, or re-rated,
    did not move by the revaluation)."""
    return natural_ids(
        [
            risk_id
            for risk_id, state in after.items()
            if getattr(state, attribute) == value
            and risk_id in before
            and getattr(before[risk_id], attribute) == value
            and before[risk_id].own_ratings == state.own_ratings
            and before[risk_id].score != state.score
        ]
    )


def _summary(
    before: dict[str, RiskState], after: dict[str, RiskState], diff: PostureDiff
) -> dict[str, Any]:
    def above(states: dict[str, RiskState]) -> int:
        return sum(1 for state in states.values() if state.acceptable is False)

    def total(states: dict[str, RiskState], name: str) -> int:
        return sum(getattr(state, name) or 0 for state in states.values())

    return {
        "risks": [len(before), len(after)],
        "above_acceptance": [above(before), above(after)],
        "total_score": [total(before, "score"), total(after, "score")],
        "total_residual_score": [
            total(before, "residual_score"),
            total(after, "residual_score"),
        ],
        "added": len(diff.risks_added),
        "removed": len(diff.risks_removed),
        "changed": len(diff.risks_changed),
        "soa_changed": len(diff.soa_changed),
        "newly_above_acceptance": diff.newly_above_acceptance,
        "above_acceptance_without_acceptance": diff.unaccepted_increases,
    }
