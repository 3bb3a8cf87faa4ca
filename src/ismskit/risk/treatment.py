"""Progress of risk treatment (8.3): each action's, and whether a risk's treatment is done. Pure.

An action says its own status, or takes it from the SoA status of the control it implements; a
planned control without an action is as far along as the SoA says.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ismskit.models.entries import Risk, TreatmentAction


PLANNED = "planned"
IN_PROGRESS = "in-progress"
DONE = "done"
UNDECIDED = "undecided"  # an Annex A control with no SoA decision yet
UNRECORDED = "unrecorded"  # an organisation's own control the SoA does not list

# An SoA implementation status as the progress of the work that implements the control.
_FROM_SOA = {
    "implemented": DONE,
    "partial": IN_PROGRESS,
    "planned": PLANNED,
    "not-implemented": PLANNED,
}

# The SoA status of each control; None for a control decided without a status, absent when
# the SoA has no decision on it.
SoaStatuses = Mapping[str, str | None]


def control_progress(control: str, statuses: SoaStatuses) -> str:
    if control not in statuses:
        return UNDECIDED if control.startswith("A.") else UNRECORDED
    return _FROM_SOA.get(statuses[control] or "", PLANNED)


def action_progress(action: TreatmentAction, statuses: SoaStatuses) -> str:
    """The action's own status, else that of the control it implements, else planned."""
    if action.status is not None:
        return action.status
    if action.control is not None:
        return control_progress(action.control, statuses)
    return PLANNED


def treatment_done(risk: Risk, statuses: SoaStatuses) -> bool:
    """True when every planned control is implemented and every action done.

    A retained risk (accept) needs nothing done. Any other option with nothing recorded to do
    is not shown as done: its residual score stays a target until the work is recorded.
    """
    if risk.treatment == "accept":
        return True
    if not risk.controls and not risk.actions:
        return False
    controls_done = all(control_progress(c, statuses) == DONE for c in risk.controls)
    return controls_done and all(action_progress(a, statuses) == DONE for a in risk.actions)


def same_person(given: str, named: str) -> bool:
    """Whether an acceptance given by `given` is by whom `named` names: the same name, compared
    without spaces or width, its note in brackets aside ("副市長" for "副市長（最高情報セキュリティ
    責任者）", the role written out)."""
    return _bare_name(given) == _bare_name(named)


def _bare_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).split("(", 1)[0]
    return "".join(text.split()).casefold()
