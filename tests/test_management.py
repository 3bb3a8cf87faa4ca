"""The registers of the management system (4.1 to 9.1), their rules, and the clause catalogue."""

from __future__ import annotations

from pathlib import Path

from ismskit.catalogue.clauses import PROGRAMME_CLAUSES, audited_by, load_clauses
from ismskit.findings import Finding
from test_pdca import PDCA_FILE, TRAINED, pdca_at, run_pdca
from test_rules import only

# --- the clause catalogue ------------------------------------------------------------------------


def test_the_catalogue_holds_every_clause_that_entries_may_name() -> None:
    from ismskit.models.types import CLAUSES

    catalogue = load_clauses()
    assert {clause.id for clause in catalogue.clauses} == CLAUSES
    assert len(PROGRAMME_CLAUSES) == 25
    assert catalogue.title("8.1", "ja") == "運用の計画策定及び管理"
    assert catalogue.title("6.1.3 d)", "en") == "Information security risk treatment"


def test_a_whole_clause_and_a_part_of_it_both_count_as_audited() -> None:
    assert audited_by("7.2", "7")
    assert audited_by("7.5", "7.5.1")
    assert audited_by("6.1.2", "6.1")
    assert not audited_by("7.2", "7.3")
    assert not audited_by("10.1", "1")


# --- auditor independence against ownership (9.2.2 b) -------------------------------------------

AUDIT = """\
audits:
  - {id: AU-1, date: 2026-07-15, units: [CIT], clauses: ["7.2", "8.1"], controls: [A.5.15], auditors: [P-02]}
"""


def owns_findings(tmp_path: Path, roles: str, people: str = TRAINED) -> list[Finding]:
    return [f for f in run_pdca(tmp_path, people + roles + AUDIT) if f.rule == "auditor-owns-process"]


def test_an_auditor_who_holds_the_role_that_owns_an_audited_clause_is_warned(tmp_path: Path) -> None:
    roles = 'roles:\n  - {id: R-1, title: ISMS office, holders: [Hanako Sato], responsibilities: Runs it, clauses: ["7"]}\n'
    text = TRAINED + roles + AUDIT
    findings = run_pdca(tmp_path, text)
    assert only(findings, "auditor-owns-process") == [pdca_at(text, "P-02]}")]
    assert "Hanako Sato holds the role R-1 (ISMS office), which owns 7.2" in findings[0].message
    assert "(9.2.2 b)" in findings[0].message


def test_a_role_named_in_the_persons_own_roles_or_held_by_their_unit_counts(tmp_path: Path) -> None:
    by_people = TRAINED.replace("unit: Information Policy Division}", "unit: Information Policy Division, roles: [Access owner]}")
    roles = "roles:\n  - {id: R-1, title: Access owner, responsibilities: Grants access, controls: [A.5.15]}\n"
    assert len(owns_findings(tmp_path / "a", roles, by_people)) == 1
    unit = "roles:\n  - {id: R-1, title: Policy office, unit: Information Policy Division, responsibilities: Runs it, clauses: [\"8.1\"]}\n"
    assert len(owns_findings(tmp_path / "b", unit)) == 1


def test_an_auditor_who_owns_nothing_audited_passes(tmp_path: Path) -> None:
    roles = 'roles:\n  - {id: R-1, title: Audit lead, holders: [P-02], responsibilities: Plans audits, clauses: ["9.2"]}\n'
    assert owns_findings(tmp_path, roles) == []
    someone_else = 'roles:\n  - {id: R-1, title: ISMS office, holders: [P-01], responsibilities: Runs it, clauses: ["7.2"]}\n'
    assert owns_findings(tmp_path / "b", someone_else) == []


# --- context, roles, competence, changes, monitoring ----------------------------------------------


def rules_of(tmp_path: Path, text: str, rule: str) -> list[tuple[str, int, int]]:
    return only(run_pdca(tmp_path, text), rule)


def test_climate_change_must_be_determined_once_issues_are_recorded(tmp_path: Path) -> None:
    text = "issues:\n  - {id: ISS-1, title: Cloud migration, type: external}\n"
    assert rules_of(tmp_path, text, "climate-change-undetermined") == [(PDCA_FILE, 1, 1)]
    decided = text + "  - {id: ISS-2, title: Floods, type: external, climate_change: true, relevant: false}\n"
    assert rules_of(tmp_path / "b", decided, "climate-change-undetermined") == []
    assert rules_of(tmp_path / "c", "issues: []\n", "climate-change-undetermined") == []


def test_a_requirement_not_addressed_needs_a_reason(tmp_path: Path) -> None:
    text = """\
interested_parties:
  - id: IP-1
    name: Residents
    type: external
    requirements:
      - {requirement: Short queues, addressed: false}
      - {requirement: Fast answers, addressed: false, reason: Handled by the service plan}
"""
    assert rules_of(tmp_path, text, "requirement-not-addressed") == [pdca_at(text, "false}")]


def test_a_role_needs_a_holder(tmp_path: Path) -> None:
    text = TRAINED.replace("unit: CIT}", "unit: CIT, roles: [Auditor]}") + """\
roles:
  - {id: R-1, title: Auditor, responsibilities: Audits}
  - {id: R-2, title: Office, unit: POL, responsibilities: Runs the ISMS}
  - {id: R-3, title: Lead, responsibilities: Plans the audits}
"""
    assert rules_of(tmp_path, text, "role-without-holder") == [pdca_at(text, "R-3")]


def test_a_competence_gap_needs_an_action_and_then_its_evaluation(tmp_path: Path) -> None:
    text = """\
competences:
  - id: C-1
    role: Administrator
    competence: Restoring from backup
    people:
      - {person: A, meets: false}
      - {person: B, meets: false, action: Vendor training, due: 2026-09-30}
      - {person: C, meets: false, action: Vendor training, due: 2026-09-30, evaluated_on: 2026-10-10, effective: false}
      - {person: D, meets: false, action: Vendor training, due: 2027-09-30}
"""
    assert rules_of(tmp_path, text, "competence-gap-unaddressed") == [pdca_at(text, "false}")]
    assert rules_of(tmp_path, text, "competence-action-unevaluated") == [pdca_at(text, "2026-09-30}")]


def test_a_competence_names_evidence_that_exists(tmp_path: Path) -> None:
    text = TRAINED + """\
competences:
  - id: C-1
    role: Auditor
    competence: Audit techniques
    people:
      - {person: P-01, meets: true, evidence: [TR-01, TR-99]}
"""
    assert rules_of(tmp_path, text, "unknown-reference") == [pdca_at(text, "TR-99")]


def test_a_planned_change_past_its_date_is_overdue_until_done(tmp_path: Path) -> None:
    text = """\
changes:
  - {id: CH-1, title: Cloud, planned_on: 2026-01-31}
  - {id: CH-2, title: Kiosk, planned_on: 2026-01-31, status: done, done_on: 2026-01-30}
  - {id: CH-3, title: Policy, planned_on: 2026-01-31, status: cancelled}
  - {id: CH-4, title: Branch, planned_on: 2099-01-31}
"""
    assert rules_of(tmp_path, text, "change-overdue") == [pdca_at(text, "2026-01-31}")]


def test_monitoring_falls_overdue_after_its_interval(tmp_path: Path) -> None:
    text = """\
measurements:
  - id: M-1
    what: Access rights
    how: Compare ids with the staff list
    interval_months: 6
    by: Admin
    analysed_by: CISO
    results: [{date: 2025-10-01, value: 2}]
  - {id: M-2, what: Logs, how: Review, interval_months: 12, by: Admin, analysed_by: CISO, results: [{date: 2026-01-10, value: 0}]}
  - {id: M-3, what: Scans, how: Scanner, interval_months: 1, by: Admin, analysed_by: CISO}
"""
    assert rules_of(tmp_path, text, "monitoring-overdue") == [pdca_at(text, "6\n")]
