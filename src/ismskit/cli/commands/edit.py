"""`isms asset add`, `isms risk accept`, `isms soa set`, ...: edits through the one writer.

Each command plans its change, which is checked as `isms check` would check the result, then
prints the diff (and the scores it moves) and writes it, unless it is a dry run or refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from ismskit.editing.writer import (
    EditSession,
    Outcome,
    edit_session,
    field_order,
    report_outcome,
)
from ismskit.messages import message
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
        fields = read_values(session, fields, register)
        id_field = ID_FIELDS[register]
        if fields.get(id_field) is None:  # the first entry of a register takes FIRST_IDS
            fields = {**fields, id_field: session.next_id(register)}
        if register == "risks" and fields.get("accepted_by") is not None:
            fields = {**fields, "accepted_score": _score_accepted(session, fields)}
        session.add(register, _without_none(fields), request.file)
        return _reported(session, request, streams)


def _reported(session: EditSession, request: EditRequest, streams: Streams) -> int:
    """The change shown (or written), and the warnings it brings said now."""
    outcome = session.outcome()
    code = report_outcome(session, outcome, dry_run=request.dry_run, streams=streams)
    if code == 0:
        report_new_warnings(session, outcome, streams[1])
    return code


def _score_accepted(session: EditSession, fields: dict[str, Any]) -> int | None:
    """A risk accepted as it is added: the acceptance is of the score it is added with."""
    from pydantic import ValidationError

    from ismskit.models.entries import Risk
    from ismskit.risk.assessment import accepted_level, score_of

    before = session.before
    if before.policy is None or before.isms.config is None:
        return None
    scales = before.isms.config.risk.scales.rating_scales()
    try:
        risk = Risk.model_validate(_without_none(fields), context={"scales": scales})
    except ValidationError:
        return None  # the writer's check reports what is wrong with the entry
    return accepted_level(risk, score_of(risk, before.isms.registers, before.policy))


def run_update(
    request: EditRequest,
    register: str,
    identifier: str,
    changes: dict[str, Any],
    streams: Streams,
) -> int:
    """Change fields of one entry; the fields not named stay as they are."""
    with edit_session(request.root, request.today) as session:
        changes = read_values(session, changes, register)
        session.update(register, identifier, _without_none(changes))
        return _reported(session, request, streams)


def run_append(
    request: EditRequest,
    register: str,
    identifier: str,
    field: str,
    item: dict[str, Any],
    streams: Streams,
) -> int:
    """Add an item to a list of one entry (an objective's measurements, ...), kept in its style."""
    from ismskit.editing.yaml_text import append_item

    with edit_session(request.root, request.today) as session:
        node = session.entry(register, identifier)
        append_item(node, field, _without_none(item), field_order(register))
        return _reported(session, request, streams)


def run_risk_accept(
    request: EditRequest, identifier: str, by: str, on: date, streams: Streams
) -> int:
    """Record an acceptance bound to the score it accepts: the residual score now (for treatment
    accept, the score), so that a later rise shows as an acceptance that no longer covers it."""
    from ismskit.errors import IsmsError

    with edit_session(request.root, request.today) as session:
        assessed = next(
            (item for item in session.before.assessed if item.model.id == identifier), None
        )
        session.entry("risks", identifier)  # an unknown id is a usage error, said first
        level = assessed.accepted_level if assessed is not None else None
        if level is None:
            raise IsmsError(
                f"risk {identifier} cannot be scored as the registers stand (see 'isms check'): "
                "mend its ratings (or isms.yaml), then record the acceptance of its score"
            )
        changes = {"accepted_by": by, "accepted_on": on, "accepted_score": level}
        session.update("risks", identifier, changes)
        return _reported(session, request, streams)


def run_risk_treat(
    request: EditRequest, identifier: str, changes: dict[str, Any], streams: Streams
) -> int:
    """Plan a risk's controls; a risk that was to be accepted is now to be reduced."""
    with edit_session(request.root, request.today) as session:
        planned = _without_none(read_values(session, changes))
        if "treatment" not in planned:
            current = next(
                (e.model for e in session.before.isms.registers.risks if e.model.id == identifier),
                None,
            )
            if current is not None and current.treatment == "accept":
                planned["treatment"] = "reduce"
        session.update("risks", identifier, planned)
        return _reported(session, request, streams)


def run_soa_set(
    request: EditRequest, control: str, changes: dict[str, Any], streams: Streams
) -> int:
    """Record an SoA decision: change the control's entry, or add one when it has none."""
    control = normalize_control_id(control)
    with edit_session(request.root, request.today) as session:
        decision = _without_none(read_values(session, changes))
        if session.locate("soa", control) is None:
            session.add("soa", {"control": control, **decision}, request.file)
        else:
            session.update("soa", control, decision)
        return _reported(session, request, streams)


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
                message(
                    (
                        "nonconformity {identifier} is already closed{when}; its record stays "
                        "as it is (edit the file to correct it)"
                    ),
                    identifier=identifier,
                    when=when,
                )
            )
        detected = nonconformity.detected_on if nonconformity else None
        if detected is not None and reviewed_on < detected:
            raise UsageError(
                message(
                    (
                        "--on {reviewed_on} is before nonconformity {identifier} was detected "
                        "({detected}): give the day of the effectiveness review"
                    ),
                    reviewed_on=reviewed_on.isoformat(),
                    identifier=identifier,
                    detected=detected.isoformat(),
                )
            )
        session.update("nonconformities", identifier, closing)
        if "status" not in closing:
            session.notes.append(
                f"{identifier} stays open: the action was not effective, so plan a further "
                "corrective action (corrective_action, due)"
            )
        return _reported(session, request, streams)


def read_values(
    session: EditSession, fields: dict[str, Any], register: str = "soa"
) -> dict[str, Any]:
    """Ratings as numbers or level names, words in English or Japanese, lists as a,b: read as
    `isms import` reads a cell, on the scales of the repository's isms.yaml. A status is the
    SoA's words only in the SoA (a nonconformity's or a change's status is its own)."""
    from ismskit.editing.vocabulary import VocabularyError, read_fields, scale_level_names
    from ismskit.errors import UsageError
    from ismskit.models.types import RatingScales

    config = session.before.isms.config
    scales = config.risk.scales.rating_scales() if config else RatingScales()
    try:
        own = {"status": fields["status"]} if register != "soa" and "status" in fields else {}
        shared = {name: value for name, value in fields.items() if name not in own}
        return {**read_fields(shared, scales, scale_level_names(config)), **own}
    except VocabularyError as error:
        raise UsageError(error.args[0]) from None


def report_new_warnings(session: EditSession, outcome: Outcome, errors: TextIO) -> None:
    """Warnings the change brings ('isms check' will show them): said now, not found later."""
    from ismskit.editing.writer import new_errors
    from ismskit.messages import localise, say

    if outcome.after is None:
        return
    for finding in new_errors(session.before.findings, outcome.after.findings, warnings=True):
        errors.write(
            say(
                "warning: {file}:{line}:{column}: {text} ({rule})\n",
                file=finding.file,
                line=finding.line,
                column=finding.column,
                text=localise(finding.message),
                rule=finding.rule,
            )
        )


def split_list(values: list[str] | None) -> list[str] | None:
    """`--controls A.8.7 --controls A.5.1` or `--controls A.8.7,A.5.1`."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _without_none(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}
