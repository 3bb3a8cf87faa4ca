"""The reports of `isms report NAME`: which builder, template and title each one has.

Builders are imported when their report is asked for, so listing the reports costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from ismskit.documents.base import ReportBuilder, ReportInput
from ismskit.rules.concerns import SCOPE, Reads

# An SoA with undecided controls: the documents that read it are rendered, marked, as drafts.
SOA_DRAFT_RULES = frozenset({"soa-undecided", "soa-missing-control", "soa-justification"})
EVERY_REGISTER = Reads()
RISK_REGISTERS = frozenset({"assets", "threats", "risks"})


@dataclass(frozen=True)
class ReportKind:
    template: str
    title_label: str
    build: ReportBuilder
    # Readiness is read to find what is missing: errors in the registers are part of its answer.
    renders_with_errors: bool = False
    reads_history: bool = False  # needs ChangesSince
    reads_rating_dates: bool = False  # needs when each risk's ratings last changed in git
    takes_subject: bool = False
    # The management review and readiness are of the whole ISMS: one unit's share would mislead.
    by_unit: bool = True
    # What it renders from: errors elsewhere do not stop it (a risk assessment precedes the SoA).
    reads: Reads = EVERY_REGISTER
    # The same content as one JSON object, for `--format json`; None: Markdown only.
    as_json: ReportBuilder | None = None


def _lazy(module: str, name: str) -> ReportBuilder:
    """The builder `name` of `ismskit.documents.<module>`, imported when a report is built."""

    def build(request: ReportInput) -> dict[str, Any]:
        builder: ReportBuilder = getattr(import_module(f"ismskit.documents.{module}"), name)
        return builder(request)

    return build


REPORTS: dict[str, ReportKind] = {
    "risk-assessment": ReportKind(
        "report-risk-assessment.md.j2",
        "report_risk_assessment",
        _lazy("risk_assessment", "risk_assessment"),
        reads_rating_dates=True,
        reads=Reads(RISK_REGISTERS),
    ),
    "risk-treatment-plan": ReportKind(
        "report-risk-treatment-plan.md.j2",
        "report_risk_treatment_plan",
        _lazy("risk_treatment_plan", "risk_treatment_plan"),
        reads=Reads(RISK_REGISTERS | {"controls", "soa"}, SOA_DRAFT_RULES),
    ),
    "assets": ReportKind(
        "report-assets.md.j2",
        "report_assets",
        _lazy("inventories", "assets_inventory"),
        reads=Reads(frozenset({"assets"})),
    ),
    "records": ReportKind(
        "report-records.md.j2",
        "report_records",
        _lazy("inventories", "records_register"),
        reads=Reads(frozenset({"records"})),
    ),
    "scope": ReportKind(
        "report-scope.md.j2",
        "report_scope",
        _lazy("scope", "scope_document"),
        reads=Reads(frozenset({SCOPE, "assets"})),
    ),
    "context": ReportKind(
        "report-context.md.j2",
        "report_context",
        _lazy("context", "context_document"),
        by_unit=False,
        reads=Reads(frozenset({SCOPE, "issues", "interested_parties"})),
    ),
    "roles": ReportKind(
        "report-roles.md.j2",
        "report_roles",
        _lazy("support", "roles_document"),
        by_unit=False,
        reads=Reads(frozenset({"roles", "people", "competences", "communications", "training"})),
    ),
    "objectives": ReportKind(
        "report-objectives.md.j2",
        "report_objectives",
        _lazy("objectives", "objectives_document"),
        by_unit=False,
        reads=Reads(frozenset({"objectives", "measurements", "people"})),
    ),
    "changes": ReportKind(
        "report-changes.md.j2",
        "report_changes",
        _lazy("context", "changes_document"),
        by_unit=False,
        reads=Reads(frozenset({"changes"})),
    ),
    "internal-audit": ReportKind(
        "report-internal-audit.md.j2",
        "report_internal_audit",
        _lazy("internal_audit", "internal_audit"),
        takes_subject=True,
        reads=Reads(frozenset({"audits", "nonconformities", "people", "training"})),
    ),
    "management-review": ReportKind(
        "report-management-review.md.j2",
        "report_management_review",
        _lazy("management_review", "management_review"),
        reads_history=True,
        by_unit=False,
    ),
    "readiness": ReportKind(
        "report-readiness.md.j2",
        "report_readiness",
        _lazy("readiness_report", "readiness_report"),
        renders_with_errors=True,
        by_unit=False,
        as_json=_lazy("readiness_report", "readiness_json"),
    ),
    "audit-programme": ReportKind(
        "report-audit-programme.md.j2",
        "report_audit_programme",
        _lazy("audit_programme_report", "audit_programme_report"),
        by_unit=False,
        as_json=_lazy("audit_programme_report", "audit_programme_json"),
    ),
}
