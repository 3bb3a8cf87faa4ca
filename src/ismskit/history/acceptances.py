"""Risk acceptances between two revisions: recorded, withdrawn, or no longer covering the risk.

An acceptance covers the score it was recorded for (`accepted_score`). One recorded without it
(before 1.1) is taken at its word, except where the two revisions show it: the same acceptance at
BASE and HEAD while the score rose is an acceptance of the score at BASE, not of the new one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ismskit.risk.assessment import AssessedRisk


@dataclass(frozen=True, slots=True)
class Acceptance:
    """One risk's acceptance as recorded, and the score an acceptance must cover now."""

    accepted_by: str | None = None
    accepted_on: str | None = None
    accepted_score: int | None = None
    level: int | None = None  # the residual score (for treatment accept, the score)
    state: str = "none"  # none, covering, outdated, unbound (risk.assessment)
    needed: bool = False  # `level` is above the acceptance level: only an acceptance covers it

    @property
    def is_recorded(self) -> bool:
        return self.accepted_by is not None and self.accepted_on is not None

    @property
    def record(self) -> tuple[str | None, str | None, int | None]:
        return self.accepted_by, self.accepted_on, self.accepted_score


def acceptance_of(item: AssessedRisk, acceptance_level: int | None) -> Acceptance:
    risk, level = item.model, item.accepted_level
    return Acceptance(
        accepted_by=risk.accepted_by,
        accepted_on=risk.accepted_on.isoformat() if risk.accepted_on else None,
        accepted_score=risk.accepted_score,
        level=level,
        state=item.acceptance,
        needed=level is not None and acceptance_level is not None and level > acceptance_level,
    )


def covered_score(previous: Acceptance | None, current: Acceptance) -> int | None:
    """The score the acceptance at HEAD was given for, where it can be known."""
    if current.accepted_score is not None or not current.is_recorded:
        return current.accepted_score
    same = previous is not None and previous.record[:2] == current.record[:2]
    if previous is None or not same:
        return None
    return previous.accepted_score if previous.accepted_score is not None else previous.level


def is_outdated(previous: Acceptance | None, current: Acceptance) -> bool:
    score, level = covered_score(previous, current), current.level
    return current.is_recorded and score is not None and level is not None and level > score


def covers(previous: Acceptance | None, current: Acceptance) -> bool:
    """Whether the acceptance at HEAD covers the risk as it stands at HEAD."""
    return current.is_recorded and not is_outdated(previous, current)


@dataclass
class AcceptanceChanges:
    recorded: list[dict[str, Any]] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    outdated: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.recorded or self.withdrawn or self.outdated)

    def as_dict(self) -> dict[str, Any]:
        return {"recorded": self.recorded, "withdrawn": self.withdrawn, "outdated": self.outdated}


def acceptance_changes(
    before: dict[str, Acceptance], after: dict[str, Acceptance]
) -> AcceptanceChanges:
    changes = AcceptanceChanges()
    for risk_id, current in sorted(after.items()):
        previous = before.get(risk_id)
        if current.is_recorded and (previous is None or previous.record != current.record):
            changes.recorded.append(
                {
                    "id": risk_id,
                    "accepted_score": current.accepted_score,
                    "accepted_by": current.accepted_by,
                    "accepted_on": current.accepted_on,
                }
            )
        elif previous is not None and previous.is_recorded and not current.is_recorded:
            changes.withdrawn.append(risk_id)
        if is_outdated(previous, current) and previous != current:
            changes.outdated.append(
                {
                    "id": risk_id,
                    "accepted_score": covered_score(previous, current),
                    "score": current.level,
                }
            )
    return changes
