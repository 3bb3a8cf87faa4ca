"""`isms approve DOC-ID`: record the approval of a document isms renders, bound to its content."""

from __future__ import annotations

from datetime import date
from typing import TextIO

from ismskit.cli.commands.edit import EditRequest, Streams
from ismskit.editing.writer import edit_session, report_outcome
from ismskit.messages import say


def run_approve(
    request: EditRequest,
    identifier: str,
    *,
    by: str,
    on: date,
    version: str | None,
    streams: Streams,
) -> int:
    from ismskit.editing.approval import ApprovalRefusedError, plan_approval

    stream, errors = streams
    with edit_session(request.root, request.today) as session:
        try:
            plan = plan_approval(session, identifier, version)
        except ApprovalRefusedError as refused:
            _report_refusal(refused, errors, len(session.before.isms.files))
            return 1
        record = plan.record
        if plan.unchanged:
            stream.write(
                f"{record.id} ({plan.document}): version {record.version} is approved with this "
                f"content already ({record.approved_on}, {record.approved_by}); nothing to "
                "approve (give --version to record a new version of the same content)\n"
            )
            return 0
        session.update("records", record.id, plan.fields(by, on))
        code = report_outcome(session, session.outcome(), dry_run=request.dry_run, streams=streams)
    if code == 0:
        values = {"record": record.id, "document": plan.document, "version": plan.version}
        values.update(by=by, on=on.isoformat(), digest=plan.digest)
        if request.dry_run:
            line = say(
                "{record} ({document}): version {version} would be approved by {by} on {on}; "
                "content {digest}\n",
                **values,
            )
        else:
            line = say(
                "{record} ({document}): version {version} approved by {by} on {on}; "
                "content {digest}\n",
                **values,
            )
        stream.write(line)
    return code


def _report_refusal(refused: Exception, errors: TextIO, files: int) -> None:
    from ismskit.editing.approval import ApprovalRefusedError
    from ismskit.reporters import ReportContext
    from ismskit.reporters.text import report_text

    if isinstance(refused, ApprovalRefusedError) and refused.findings:
        report_text(refused.findings, errors, ReportContext(files, color=False))
    errors.write(say("isms: {reason}\nNothing was written.\n", reason=refused))
