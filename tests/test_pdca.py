"""The check and act registers: audits, corrective action, drills, reviews, certification."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import make_repo
from ismskit.analysis import analyse
from ismskit.findings import Finding, Severity
from ismskit.models.pdca import Certification, CertificationAudit
from ismskit.repository.location import WorkingTree
from ismskit.schedule.certification import certification_schedule
from test_rules import ASSETS_AND_THREATS, TODAY, at, only

SCOPED_CONFIG = """\
organization: Test City
scope: The resident registry service.
scope_details:
  units:
    - {id: CIT, name: Citizens Division, files: [registers/citizens/*.yaml]}
    - {id: POL, name: Information Policy Division, files: [registers/policy.yaml]}
risk:
  acceptance: 8
"""

TRAINED = """\
people:
  - {id: P-01, name: Taro Suzuki, unit: CIT}
  - {id: P-02, name: Hanako Sato, unit: Information Policy Division}
training:
  - {id: TR-01, course: Internal auditor course, date: 2026-04-20, kind: internal-auditor, attendees: [P-01, Hanako Sato]}
"""


PDCA_FILE = "registers/policy.yaml"  # a file of the unit POL, as SCOPED_CONFIG says


def run_pdca(tmp_path: Path, text: str, config: str = SCOPED_CONFIG) -> list[Finding]:
    files = {"registers/citizens/core.yaml": ASSETS_AND_THREATS, PDCA_FILE: text}
    make_repo(tmp_path, files, config=config)
    return analyse(WorkingTree(tmp_path), TODAY).findings


def pdca_at(text: str, token: str) -> tuple[str, int, int]:
    return at(text, token, PDCA_FILE)


# --- auditor independence (9.2.2) ------------------------------------------------------------


def test_an_auditor_of_the_unit_audited_is_an_error(tmp_path: Path) -> None:
    text = (
        TRAINED
        + """\
audits:
  - {id: AU-1, date: 2026-07-15, units: [Citizens Division], auditors: [P-02, P-01]}
"""
    )
    findings = run_pdca(tmp_path, text)
    assert only(findings, "auditor-own-unit") == [pdca_at(text, "P-01]}")]
    assert "Taro Suzuki would audit their own unit (CIT)" in findings[0].message


def test_unit_written_inline_or_by_name_counts_as_the_same_unit(tmp_path: Path) -> None:
    text = (
        TRAINED
        + """\
audits:
  - id: AU-1
    date: 2026-07-15
    units: [CIT]
    auditors: [{name: Hanako Sato, unit: Citizens Division}]
"""
    )
    assert only(run_pdca(tmp_path, text), "auditor-own-unit") == [pdca_at(text, "{name: Hanako")]


def test_auditors_from_other_units_pass(tmp_path: Path) -> None:
    text = (
        TRAINED
        + """\
  - {id: TR-02, course: Auditor course, date: 2026-01-10, kind: internal-auditor, attendees: [Jiro]}
audits:
  - {id: AU-1, date: 2026-07-15, units: [CIT], auditors: [P-02, {name: Jiro, unit: Tax Division}]}
"""
    )
    assert run_pdca(tmp_path, text) == []


def test_audited_unit_must_be_a_unit_of_the_scope(tmp_path: Path) -> None:
    text = TRAINED + "audits:\n  - {id: AU-1, date: 2026-07-15, units: [CTI], auditors: [P-02]}\n"
    findings = [f for f in run_pdca(tmp_path, text) if f.rule == "unknown-reference"]
    assert [(f.file, f.line, f.column) for f in findings] == [pdca_at(text, "CTI")]
    assert "did you mean 'CIT'" in findings[0].message


# --- auditor competence (7.2) ---------------------------------------------------------------


def test_auditor_trained_only_after_the_audit_is_untrained_for_it(tmp_path: Path) -> None:
    text = """\
training:
  - {id: TR-01, course: Auditor course, date: 2026-08-01, kind: internal-auditor, attendees: [Sato]}
  - {id: TR-02, course: Awareness, date: 2026-04-01, kind: awareness, attendees: [Tanaka]}
audits:
  - {id: AU-1, date: 2026-07-15, auditors: [Sato, Tanaka]}
  - {id: AU-2, planned_on: 2027-01-15, auditors: [Sato]}
"""
    findings = run_pdca(tmp_path, text)
    assert only(findings, "auditor-untrained") == [
        pdca_at(text, "Sato, Tanaka"),
        pdca_at(text, "Tanaka]}\n  - {id: AU-2"),
    ]


def test_training_of_a_person_matches_by_id_or_name(tmp_path: Path) -> None:
    text = TRAINED + "audits:\n  - {id: AU-1, date: 2026-07-15, auditors: [Taro Suzuki, P-02]}\n"
    assert only(run_pdca(tmp_path, text), "auditor-untrained") == []


# --- findings and corrective action (10.2) ----------------------------------------------------


def test_nonconformity_finding_needs_a_nonconformity(tmp_path: Path) -> None:
    text = (
        TRAINED
        + """\
audits:
  - id: AU-1
    date: 2026-07-15
    auditors: [P-02]
    findings:
      - {type: observation, description: Paper visitor log}
      - {type: major-nonconformity, description: No access review, nonconformity: NC-1}
      - {type: minor-nonconformity, description: Late log review}
nonconformities:
  - {id: NC-1, description: No access review, due: 2027-01-31}
"""
    )
    assert only(run_pdca(tmp_path, text), "finding-without-nonconformity") == [
        pdca_at(text, "minor-nonconformity")
    ]


def test_finding_naming_a_missing_nonconformity_is_an_unknown_reference(tmp_path: Path) -> None:
    text = (
        TRAINED
        + """\
audits:
  - id: AU-1
    date: 2026-07-15
    auditors: [P-02]
    findings:
      - {type: minor-nonconformity, description: Late log review, nonconformity: NC-9}
"""
    )
    assert only(run_pdca(tmp_path, text), "unknown-reference") == [pdca_at(text, "NC-9")]


def test_closed_nonconformity_needs_an_effective_review(tmp_path: Path) -> None:
    text = """\
nonconformities:
  - {id: NC-1, description: A, status: closed}
  - {id: NC-2, description: B, status: closed, effectiveness_review: {date: 2026-09-01, by: CISO, effective: false}}
  - {id: NC-3, description: C, status: closed, effectiveness_review: {date: 2026-09-01, by: CISO, effective: true}}
  - {id: NC-4, description: D, status: open, effectiveness_review: {date: 2026-09-01, by: CISO, effective: false}}
"""
    assert only(run_pdca(tmp_path, text), "nonconformity-unverified") == [
        pdca_at(text, "closed}"),
        pdca_at(text, "false}}\n  - {id: NC-3"),
    ]


def test_nonconformity_source_names_its_audit(tmp_path: Path) -> None:
    text = "nonconformities:\n  - {id: NC-1, description: A, source: internal-audit, source_ref: AU-7}\n"
    findings = run_pdca(tmp_path, text)
    assert only(findings, "unknown-reference") == [pdca_at(text, "AU-7")]
    assert "names audit 'AU-7'" in findings[0].message


# --- business continuity ------------------------------------------------------------------------


def test_missed_recovery_target_needs_a_finding(tmp_path: Path) -> None:
    text = """\
bcp_plans:
  - {id: BCP-1, title: Outage, rto_hours: 4, rpo_hours: 24, assets: [A-001]}
exercises:
  - {id: EX-1, plan: BCP-1, date: 2026-06-10, achieved_rto_hours: 4, achieved_rpo_hours: 24}
  - {id: EX-2, plan: BCP-1, date: 2026-07-10, achieved_rto_hours: 4.5}
  - {id: EX-3, plan: BCP-1, date: 2026-08-10, target_rto_hours: 8, achieved_rto_hours: 6}
  - {id: EX-4, plan: BCP-1, date: 2026-09-10, achieved_rto_hours: 9, findings: [{description: Slow restore}]}
"""
    findings = run_pdca(tmp_path, text)
    assert only(findings, "exercise-target-missed") == [pdca_at(text, "4.5}")]
    assert "achieved RTO 4.5 h against a target of 4 h" in findings[0].message


# --- dates ----------------------------------------------------------------------------------------


def test_planned_audit_not_held_and_review_action_overdue_are_warnings(tmp_path: Path) -> None:
    text = """\
audits:
  - {id: AU-1, planned_on: 2026-10-01}
  - {id: AU-2, planned_on: 2027-01-15}
reviews:
  - id: MR-1
    date: 2026-05-20
    actions:
      - {action: Widen the scope, due: 2026-10-31}
      - {action: Buy a device, due: 2026-09-30, status: done, done_on: 2026-09-15}
"""
    findings = run_pdca(tmp_path, text)
    assert only(findings, "audit-not-held") == [pdca_at(text, "2026-10-01")]
    assert only(findings, "review-action-overdue") == [pdca_at(text, "2026-10-31")]
    assert {f.severity for f in findings} == {Severity.WARNING}


# --- certification ------------------------------------------------------------------------------


def _certificate(issued: date | None, *audits: tuple[str, date | None]) -> Certification:
    return Certification(
        id="C-1",
        body="Body",
        issued_on=issued,
        audits=[CertificationAudit(kind=kind, date=day) for kind, day in audits],  # type: ignore[arg-type]
    )


def test_first_surveillance_falls_within_twelve_months_of_certification() -> None:
    schedule = certification_schedule(_certificate(date(2025, 3, 14)), date(2025, 6, 1))
    assert schedule is not None
    assert schedule.next_surveillance == date(2026, 3, 14)
    assert schedule.expires == date(2028, 3, 13)


def test_later_surveillance_falls_by_the_end_of_the_next_calendar_year() -> None:
    certificate = _certificate(date(2025, 3, 14), ("surveillance", date(2026, 2, 10)))
    schedule = certification_schedule(certificate, date(2026, 11, 25))
    assert schedule is not None
    assert schedule.next_surveillance == date(2027, 12, 31)


def test_in_the_recertification_year_only_recertification_falls_due() -> None:
    certificate = _certificate(
        date(2025, 3, 14), ("surveillance", date(2026, 2, 10)), ("surveillance", date(2027, 2, 9))
    )
    schedule = certification_schedule(certificate, date(2027, 6, 1))
    assert schedule is not None
    assert schedule.next_surveillance is None
    assert schedule.expires == date(2028, 3, 13)


def test_planned_audits_and_superseded_certificates_do_not_count() -> None:
    planned = _certificate(date(2025, 3, 14), ("surveillance", date(2026, 12, 1)))
    schedule = certification_schedule(planned, date(2026, 11, 25))
    assert schedule is not None
    assert schedule.next_surveillance == date(2026, 3, 14)
    superseded = planned.model_copy(update={"superseded_by": "C-2"})
    assert certification_schedule(superseded, date(2026, 11, 25)) is None


@given(
    issued=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    gaps=st.lists(st.integers(min_value=30, max_value=500), max_size=4),
)
def test_surveillance_is_never_later_than_a_calendar_year_after_the_last_audit(
    issued: date, gaps: list[int]
) -> None:
    days, day = [], issued
    for gap in gaps:
        day += timedelta(days=gap)
        days.append(day)
    certificate = _certificate(issued, *(("surveillance", held) for held in days))
    schedule = certification_schedule(certificate, date.max)
    assert schedule is not None
    assert issued < schedule.expires
    if schedule.next_surveillance is not None:
        assert schedule.next_surveillance < schedule.expires
        last = max([issued, *days])
        assert schedule.next_surveillance <= date(last.year + 1, 12, 31)
        assert schedule.next_surveillance > last


def test_clause_numbers_are_the_standards(tmp_path: Path) -> None:
    text = (
        'records:\n  - {id: DOC-1, title: Procedures, clauses: ["6.1.2", 9.2, 10, "7.5.3", 10.2]}\n'
    )
    assert run_pdca(tmp_path, text) == []


def test_certification_warnings(tmp_path: Path) -> None:
    text = """\
certifications:
  - id: C-1
    body: Body
    issued_on: 2025-03-01
    audits:
      - {kind: stage-2, date: 2025-01-20}
  - {id: C-2, body: Body, issued_on: 2022-10-01, expires_on: 2025-09-30}
  - {id: C-3, body: Body, issued_on: 2022-10-01, expires_on: 2025-09-30, superseded_by: C-1}
  - {id: C-5, body: Body, issued_on: 2022-10-01, expires_on: 2025-09-30, superseded_by: C-5}
  - id: C-4
    body: Body
    issued_on: 2025-03-01
    audits:
      - {kind: surveillance, date: 2026-02-20}
"""
    findings = run_pdca(tmp_path, text)
    assert only(findings, "certification-overdue") == [
        pdca_at(text, "- {kind: stage-2"),
        pdca_at(text, "2025-09-30}\n"),
    ]
    # A certificate cannot supersede itself (it would silence every warning on it).
    assert only(findings, "unknown-reference") == [pdca_at(text, "C-5}")]


@pytest.mark.parametrize(
    "broken",
    [
        "audits:\n  - {id: AU-1, findings: [{type: nonconformity, description: X}]}\n",
        "audits:\n  - {id: AU-1, clauses: [11.2]}\n",
        'audits:\n  - {id: AU-1, clauses: ["9.3.2.1"]}\n',
        'audits:\n  - {id: AU-1, clauses: ["9.2.2 c)"]}\n',
        "records:\n  - {id: DOC-1, title: Policy, clauses: [10.9]}\n",
        "certifications:\n  - {id: C-1, body: B, issued_on: 2025-03-01, expires_on: 2024-03-01}\n",
        "exercises:\n  - {id: EX-1, plan: P, date: 2026-01-01, achieved_rto_hours: fast}\n",
        "nonconformities:\n  - {id: NC-1, description: X, effectiveness_review: {date: 2026-01-01}}\n",
        "reviews:\n  - {id: MR-1, date: 2026-01-01, inputs: {h: more}}\n",
    ],
)
def test_malformed_pdca_entries_are_located_errors(tmp_path: Path, broken: str) -> None:
    findings = run_pdca(tmp_path, broken)
    assert findings
    assert all(f.file == PDCA_FILE and f.line >= 2 for f in findings)
    assert all(f.is_error for f in findings)


def test_two_units_with_one_id_is_an_error(tmp_path: Path) -> None:
    config = SCOPED_CONFIG.replace("    - {id: POL,", "    - {id: CIT,")
    findings = run_pdca(tmp_path, "", config=config)
    assert [(f.file, f.rule) for f in findings if f.is_error] == [("isms.yaml", "invalid-value")]
    assert "two units have the id 'CIT'" in findings[0].message
