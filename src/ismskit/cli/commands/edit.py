"""`isms asset add`, `isms risk accept`, `isms soa set`, ...: edits through the one writer.

Each command plans its change, which is checked as `isms check` would check the result, then
prints the diff (and the scores it moves) and writes it, unless it is a dry run or refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from ismskit.editing.writer import edit_session, report_outcome
from ismskit.models.registers import ID_FIELDS
from ismskit.models.types import normalize_control_id

Streams = tuple[TextIO, TextIO]


@dataclass(frozen=True)
class EditRequest:
    """Where and how to write: the repository, today, a dry run, the file new entries go to."""

    root: Path
    today: date
    dry_run: bool = False
    file: str | None = None


def run_add(request: EditRequest, register: str, fields: dict[str, Any], streams: Streams) -> int:
    """Add one entry; without an id, the next of the register's numbering (R-099 → R-100)."""
    with edit_session(request.root, request.today) as session:
        id_field = ID_FIELDS[register]
        if fields.get(id_field) is None:
            fields = {**fields, id_field: session.next_id(register)}
        session.add(register, _without_none(fields), request.file)
        return report_outcome(session, session.outcome(), dry_run=request.dry_run, streams=streams)


def run_update(
    request: EditRequest,
    register: str,
    identifier: str,
    changes: dict[str, Any],
    streams: Streams,
) -> int:
    """Change fields of one entry; the fields not named stay as they are."""
    with edit_session(request.root, request.today) as session:
        session.update(register, identifier, _without_none(changes))
        return report_outcome(session, session.outcome(), dry_run=request.dry_run, streams=streams)


def run_risk_treat(
    request: EditRequest, identifier: str, changes: dict[str, Any], streams: Streams
) -> int:
    """Plan a risk's controls; a risk that was to be accepted is now to be reduced."""
    with edit_session(request.root, request.today) as session:
        planned = _without_none(changes)
        if "treatment" not in planned:
            current = next(
                (e.model for e in session.before.isms.registers.risks if e.model.id == identifier),
                None,
            )
            if current is not None and current.treatment == "accept":
                planned["treatment"] = "reduce"
        session.update("risks", identifier, planned)
        return report_outcome(session, session.outcome(), dry_run=request.dry_run, streams=streams)


def run_soa_set(
    request: EditRequest, control: str, changes: dict[str, Any], streams: Streams
) -> int:
    """Record an SoA decision: change the control's entry, or add one when it has none."""
    control = normalize_control_id(control)
    with edit_session(request.root, request.today) as session:
        decision = _without_none(changes)
        if session.locate("soa", control) is None:
            session.add("soa", {"control": control, **decision}, request.file)
        else:
            session.update("soa", control, decision)
        return report_outcome(session, session.outcome(), dry_run=request.dry_run, streams=streams)


def nc_closing(*, effective: bool, by: str, on: date, notes: str | None) -> dict[str, Any]:
    """The fields `isms nc close` sets: the effectiveness review, and when it was effective, the
    closure. An action found not effective leaves the nonconformity open for a further action."""
    review = _without_none({"date": on, "by": by, "effective": effective, "notes": notes})
    if not effective:
        return {"effectiveness_review": review}
    return {"status": "closed", "closed_on": on, "effectiveness_review": review}


def run_nc_close(
    request: EditRequest,
    identifier: str,
    closing: dict[str, Any],
    streams: Streams,
) -> int:
    """Record the effectiveness review of a nonconformity, closing it when effective."""
    from ismskit.errors import UsageError

    with edit_session(request.root, request.today) as session:
        found = [
            entry.model
            for entry in session.before.isms.registers.nonconformities
            if entry.model.id == identifier
        ]
        nonconformity = found[0] if found else None
        reviewed_on: date = closing["effectiveness_review"]["date"]
        if nonconformity is not None and nonconformity.status == "closed":
            when = f" on {nonconformity.closed_on.isoformat()}" if nonconformity.closed_on else ""
            raise UsageError(
                f"nonconformity {identifier} is already closed{when}; its record stays as it is "
                "(edit the file to correct it)"
            )
        detected = nonconformity.detected_on if nonconformity else None
        if detected is not None and reviewed_on < detected:
            raise UsageError(
                f"--on {reviewed_on.isoformat()} is before nonconformity {identifier} was "
                f"detected ({detected.isoformat()}): give the day of the effectiveness review"
            )
        session.update("nonconformities", identifier, closing)
        if "status" not in closing:
            session.notes.append(
                f"{identifier} stays open: the action was not effective, so plan a further "
                "corrective action (corrective_action, due)"
            )
        return report_outcome(session, session.outcome(), dry_run=request.dry_run, streams=streams)


def split_list(values: list[str] | None) -> list[str] | None:
    """`--controls A.8.7 --controls A.5.1` or `--controls A.8.7,A.5.1`."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _without_none(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}
