"""Each rule of `isms check`: it fires where it should, at the right place, and only there."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from helpers import BASE_CONFIG, make_repo, soa_yaml
from ismskit.analysis import analyse
from ismskit.findings import Finding, Severity
from ismskit.repository.location import WorkingTree

TODAY = date(2026, 11, 25)

ASSETS_AND_THREATS = """\
assets:
  - {id: A-001, name: Resident records, class: information, owner: Citizens, confidentiality: 3, integrity: 3, availability: 2}
  - {id: A-002, name: Counter terminal, class: physical, owner: Citizens, confidentiality: 1, integrity: 1, availability: 2}
threats:
  - {id: T-01, name: Unauthorised access, frequency: 2, affects: [confidentiality, integrity]}
  - {id: T-02, name: Fire, frequency: 1}
"""


def run(tmp_path: Path, risks: str = "", *, extra: dict[str, str] | None = None, **kwargs):  # type: ignore[no-untyped-def]
    registers = {"registers/core.yaml": ASSETS_AND_THREATS + risks}
    registers.update(extra or {})
    make_repo(tmp_path, registers, **kwargs)
    return analyse(WorkingTree(tmp_path), TODAY).findings


def locate(text: str, token: str, occurrence: int = 1) -> tuple[int, int]:
    """The 1-based line and column where `token` is written in `text` (its n-th occurrence)."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(token, offset + 1)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def at(text: str, token: str, file: str = "registers/core.yaml") -> tuple[str, int, int]:
    return (file, *locate(text, token))


def only(findings: list[Finding], rule: str) -> list[tuple[str, int, int]]:
    return [(f.file, f.line, f.column) for f in findings if f.rule == rule]


def test_clean_repository_has_no_findings(tmp_path: Path) -> None:
    risks = "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: accept, owner: Chief}\n"
    assert run(tmp_path, risks) == []


# --- identity --------------------------------------------------------------------------------


def test_duplicate_id_across_files_names_the_first(tmp_path: Path) -> None:
    other = "assets:\n  - {id: A-001, name: Copy, class: physical, owner: X, confidentiality: 1, integrity: 1, availability: 1}\n"
    findings = run(tmp_path, extra={"registers/zz/other.yaml": other})
    assert only(findings, "duplicate-id") == [at(other, "A-001", "registers/zz/other.yaml")]
    message = next(f.message for f in findings if f.rule == "duplicate-id")
    first = locate(ASSETS_AND_THREATS, "A-001")
    assert f"registers/core.yaml:{first[0]}:{first[1]}" in message


def test_soa_control_listed_twice(tmp_path: Path) -> None:
    soa = soa_yaml() + "  - {control: A.5.1, applicable: true, justification: again}\n"
    findings = run(tmp_path, soa=soa)
    assert [f.rule for f in findings] == ["soa-duplicate-control"]


# --- references ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("risk", "target", "named"),
    [
        ("{id: R-1, asset: A-009, threat: T-01, vulnerability: 1, treatment: accept, owner: C}", "A-009", "asset 'A-009'"),
        ("{id: R-1, asset: A-001, threat: T-09, vulnerability: 1, treatment: accept, owner: C}", "T-09", "threat 'T-09'"),
        ("{id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: reduce, owner: C, controls: [A.9.9]}", "A.9.9", "control 'A.9.9'"),
        ("{id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: accept, owner: C, existing_controls: [ORG-7]}", "ORG-7", "control 'ORG-7'"),
    ],
)
def test_risk_references_must_exist(tmp_path: Path, risk: str, target: str, named: str) -> None:
    risks = f"risks:\n  - {risk}\n"
    findings = run(tmp_path, risks)
    assert only(findings, "unknown-reference") == [at(ASSETS_AND_THREATS + risks, target)]
    assert named in findings[0].message


def test_organisation_controls_are_known(tmp_path: Path) -> None:
    risks = (
        "controls:\n  - {id: ORG-01, title: Export approval}\n"
        "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 2, treatment: reduce,"
        " controls: [ORG-01, '8.7'], residual_vulnerability: 1, owner: C}\n"
    )
    decided = soa_yaml() + "  - {control: ORG-01, applicable: true, justification: Data exports}\n"
    assert run(tmp_path, risks, soa=decided) == []


def test_soa_evidence_must_be_a_record(tmp_path: Path) -> None:
    soa = soa_yaml(skip=["A.5.1"]) + "  - {control: A.5.1, applicable: true, justification: j, evidence: [DOC-9]}\n"
    records = "records:\n  - {id: DOC-1, title: Policy}\n"
    findings = run(tmp_path, soa=soa, extra={"registers/records.yaml": records})
    assert [f.rule for f in findings] == ["unknown-reference"]
    assert "record 'DOC-9'" in findings[0].message


def test_exercise_plan_and_nonconformity_references(tmp_path: Path) -> None:
    pdca = """\
bcp_plans:
  - {id: BCP-1, title: Registry outage, assets: [A-001, A-404]}
exercises:
  - {id: EX-1, plan: BCP-9, date: 2026-06-01, findings: [{description: Slow, nonconformity: NC-9}]}
  - {id: EX-2, plan: BCP-1, date: 2026-06-01}
audits:
  - {id: AU-1, date: 2026-07-01, findings: [{type: observation, description: Logs, nonconformity: NC-8}]}
"""
    findings = run(tmp_path, extra={"registers/pdca.yaml": pdca})
    messages = [f.message for f in findings if f.rule == "unknown-reference"]
    assert len(messages) == 4
    for named in ("asset 'A-404'", "plan 'BCP-9'", "nonconformity 'NC-9'", "nonconformity 'NC-8'"):
        assert any(named in message for message in messages), named


# --- risks -----------------------------------------------------------------------------------


def test_risk_without_owner(tmp_path: Path) -> None:
    risks = "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: accept}\n"
    assert only(run(tmp_path, risks), "risk-owner") == [at(ASSETS_AND_THREATS + risks, "{id: R-1")]


def test_risk_with_blank_owner_points_at_the_owner(tmp_path: Path) -> None:
    risks = "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: accept, owner: ''}\n"
    assert only(run(tmp_path, risks), "risk-owner") == [at(ASSETS_AND_THREATS + risks, "''}")]


def test_accepting_a_risk_above_acceptance_needs_sign_off(tmp_path: Path) -> None:
    # V=3 (C, I), frequency 2, vulnerability 2: 12 > 8
    risks = "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 2, treatment: accept, owner: C}\n"
    findings = run(tmp_path, risks)
    assert only(findings, "risk-acceptance") == [at(ASSETS_AND_THREATS + risks, "accept,")]
    assert "scores 12" in findings[0].message
    signed = risks.replace(
        "owner: C}", "owner: C, accepted_by: Mayor, accepted_on: 2026-05-01, accepted_score: 12}"
    )
    assert run(tmp_path, signed) == []


def test_accepting_a_risk_at_acceptance_needs_nothing(tmp_path: Path) -> None:
    # A-002 V=2 (all properties: max 2), T-02 frequency 1, vulnerability 3 -> 6 <= 8
    risks = "risks:\n  - {id: R-1, asset: A-002, threat: T-02, vulnerability: 3, treatment: accept, owner: C}\n"
    assert run(tmp_path, risks) == []


def test_reduce_without_controls(tmp_path: Path) -> None:
    risks = "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: reduce, owner: C}\n"
    assert only(run(tmp_path, risks), "risk-reduce-without-controls") == [
        at(ASSETS_AND_THREATS + risks, "reduce")
    ]


def test_residual_above_initial(tmp_path: Path) -> None:
    risks = (
        "risks:\n  - {id: R-1, asset: A-002, threat: T-02, vulnerability: 1, treatment: reduce,"
        " controls: [A.7.1], residual_vulnerability: 3, owner: C}\n"
    )
    findings = run(tmp_path, risks)
    assert only(findings, "residual-above-initial") == [at(ASSETS_AND_THREATS + risks, "3, owner")]


def test_residual_above_acceptance_needs_owner_acceptance(tmp_path: Path) -> None:
    risks = (
        "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 3, treatment: reduce,"
        " controls: [A.8.5], residual_vulnerability: 2, owner: C}\n"
    )
    findings = run(tmp_path, risks)
    assert [(f.rule, f.severity) for f in findings] == [("residual-not-accepted", Severity.WARNING)]
    assert "residual score 12" in findings[0].message
    accepted = risks.replace(
        "owner: C}", "owner: C, accepted_by: C, accepted_on: 2026-04-01, accepted_score: 12}"
    )
    assert run(tmp_path, accepted) == []


def test_method_ratings_are_required(tmp_path: Path) -> None:
    risks = "risks:\n  - {id: R-1, asset: A-001, threat: T-01, treatment: accept, owner: C}\n"
    findings = run(tmp_path, risks)
    assert [f.rule for f in findings] == ["missing-field"]
    assert "'vulnerability'" in findings[0].message


def test_threat_frequency_required_by_default_method(tmp_path: Path) -> None:
    extra = {"registers/t.yaml": "threats:\n  - {id: T-03, name: Flood}\n"}
    findings = run(tmp_path, extra=extra)
    assert only(findings, "missing-field") == [("registers/t.yaml", 2, 5)]


def test_likelihood_impact_method(tmp_path: Path) -> None:
    config = BASE_CONFIG.replace("risk:\n", "risk:\n  method: likelihood-impact\n")
    risks = (
        "risks:\n  - {id: R-1, likelihood: 5, impact: 5, treatment: accept, owner: C}\n"
        "  - {id: R-2, likelihood: 2, impact: 2, treatment: accept, owner: C}\n"
        "  - {id: R-3, impact: 2, treatment: accept, owner: C}\n"
    )
    findings = run(tmp_path, risks, config=config)
    assert [(f.rule, f.line) for f in findings] == [("risk-acceptance", 8), ("missing-field", 10)]


def test_treatment_overdue_when_controls_not_implemented(tmp_path: Path) -> None:
    risks = (
        "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: reduce,"
        " controls: [A.8.7], owner: C, due: 2026-01-31}\n"
    )
    soa = soa_yaml(skip=["A.8.7"]) + "  - {control: A.8.7, applicable: true, justification: j, status: planned}\n"
    findings = run(tmp_path, risks, soa=soa)
    assert [(f.rule, f.severity) for f in findings] == [("treatment-overdue", Severity.WARNING)]
    implemented = run(tmp_path, risks, soa=soa_yaml(status="implemented"))
    assert [f for f in implemented if f.rule == "treatment-overdue"] == []


# --- schema through the models ---------------------------------------------------------------


def test_rating_outside_per_property_scale(tmp_path: Path) -> None:
    config = BASE_CONFIG.replace(
        "risk:\n", "risk:\n  scales:\n    value: {confidentiality: 4, integrity: 2, availability: 2}\n"
    )
    assets = """\
assets:
  - id: A-010
    name: Resident records
    class: information
    owner: Citizens
    confidentiality: 4
    integrity: 3
    availability: 2
"""
    make_repo(tmp_path, {"registers/a.yaml": assets}, config=config)
    findings = analyse(WorkingTree(tmp_path), TODAY).findings
    assert [(f.rule, f.file, f.line, f.column) for f in findings] == [
        ("out-of-scale", "registers/a.yaml", 7, 16)
    ]
    assert findings[0].message == "integrity 3 is outside the integrity value scale 1..2"


def test_unknown_field_suggests_the_closest(tmp_path: Path) -> None:
    risks = "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerabilty: 1, treatment: accept, owner: C}\n"
    findings = run(tmp_path, risks)
    assert only(findings, "unknown-field") == [at(ASSETS_AND_THREATS + risks, "vulnerabilty")]
    assert "did you mean 'vulnerability'?" in findings[0].message


def test_unknown_register_suggests_the_closest(tmp_path: Path) -> None:
    findings = run(tmp_path, extra={"registers/x.yaml": "# comment\nrisk:\n  - {}\n"})
    assert only(findings, "unknown-register") == [("registers/x.yaml", 2, 1)]
    assert "did you mean 'risks'?" in findings[0].message


def test_yes_is_text_in_yaml_1_2(tmp_path: Path) -> None:
    soa = soa_yaml(skip=["A.5.1"]) + "  - {control: A.5.1, applicable: yes, justification: j}\n"
    findings = run(tmp_path, soa=soa)
    assert [f.rule for f in findings] == ["invalid-type"]
    assert "write true or false" in findings[0].message


def test_org_control_id_must_not_use_catalogue_prefix(tmp_path: Path) -> None:
    findings = run(tmp_path, extra={"registers/c.yaml": "controls:\n  - {id: A.99, title: Mine}\n"})
    assert [(f.rule, f.line, f.column) for f in findings] == [("invalid-value", 2, 10)]


# --- SoA -------------------------------------------------------------------------------------


def test_soa_missing_control_points_at_the_register(tmp_path: Path) -> None:
    findings = run(tmp_path, soa="# the SoA\n" + soa_yaml(skip=["A.8.34", "A.5.3"]))
    assert only(findings, "soa-missing-control") == [("registers/soa.yaml", 2, 1)] * 2
    assert "A.5.3" in findings[0].message or "A.5.3" in findings[1].message


def test_no_soa_at_all_is_one_finding(tmp_path: Path) -> None:
    findings = run(tmp_path, soa="")
    assert only(findings, "soa-missing-control") == [("isms.yaml", 1, 1)]


def test_soa_accepts_string_form_of_control_ids(tmp_path: Path) -> None:
    soa = soa_yaml(skip=["A.5.1", "A.5.10"]) + (
        '  - {control: "5.1", applicable: true, justification: j}\n'
        "  - {control: 5.10, applicable: true, justification: written as a YAML number}\n"
    )
    assert run(tmp_path, soa=soa) == []


def test_soa_unknown_control(tmp_path: Path) -> None:
    soa = soa_yaml() + "  - {control: A.5.38, applicable: true, justification: j}\n"
    findings = run(tmp_path, soa=soa)
    assert [f.rule for f in findings] == ["soa-unknown-control"]


def test_soa_justification_required_for_exclusions_too(tmp_path: Path) -> None:
    soa = soa_yaml(skip=["A.7.9", "A.7.10"]) + (
        "  - {control: A.7.9, applicable: false}\n"
        "  - {control: A.7.10, applicable: true, justification: '  '}\n"
    )
    findings = run(tmp_path, soa=soa)
    assert [f.rule for f in findings] == ["soa-justification"] * 2


def test_soa_status_on_excluded_control(tmp_path: Path) -> None:
    soa = soa_yaml(skip=["A.7.9"]) + (
        "  - {control: A.7.9, applicable: false, justification: No off-site equipment, status: planned}\n"
    )
    findings = run(tmp_path, soa=soa)
    assert [f.rule for f in findings] == ["soa-status-excluded"]


def test_planned_control_excluded_in_soa(tmp_path: Path) -> None:
    risks = (
        "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: reduce,"
        " controls: [A.5.1, A.8.28], owner: C}\n"
    )
    findings = run(tmp_path, risks, soa=soa_yaml(excluded=["A.8.28"]))
    assert only(findings, "soa-excluded-control-in-treatment") == [
        at(ASSETS_AND_THREATS + risks, "A.8.28")
    ]


# --- dates -----------------------------------------------------------------------------------


PDCA_DATES = """\
records:
  - {id: DOC-1, title: Policy, last_reviewed: 2025-01-10, review_interval_months: 12}
  - {id: DOC-2, title: Policy, last_reviewed: 2026-01-10, review_interval_months: 12}
  - {id: REC-1, title: Access log, retain_until: 2026-03-31}
  - {id: REC-2, title: Access log, retain_until: 2026-03-31, disposed_on: 2026-04-02}
bcp_plans:
  - {id: BCP-1, title: Registry outage}
  - {id: BCP-2, title: Power cut}
exercises:
  - {id: EX-1, plan: BCP-1, date: 2025-10-01}
  - {id: EX-2, plan: BCP-2, date: 2026-02-01}
nonconformities:
  - {id: NC-1, description: Log review skipped, due: 2026-09-30}
  - {id: NC-2, description: Late, due: 2026-09-30, status: closed, effectiveness_review: {date: 2026-10-01, by: CISO, effective: true}}
reviews:
  - {id: MR-2025, date: 2025-11-20}
"""


@pytest.mark.parametrize(
    ("rule", "line"),
    [
        ("record-review-overdue", 2),
        ("record-retention-expired", 4),
        ("plan-not-exercised", 7),
        ("nonconformity-overdue", 13),
        ("review-overdue", 16),
    ],
)
def test_date_warnings(tmp_path: Path, rule: str, line: int) -> None:
    findings = run(tmp_path, extra={"registers/pdca.yaml": PDCA_DATES})
    assert [(f.line, f.severity) for f in findings if f.rule == rule] == [
        (line, Severity.WARNING)
    ]


def test_date_warnings_follow_today(tmp_path: Path) -> None:
    make_repo(tmp_path, {"registers/pdca.yaml": PDCA_DATES})
    earlier = analyse(WorkingTree(tmp_path), date(2025, 12, 1)).findings
    # On 2025-12-01 only BCP-2 (never exercised by then) is late; nothing else has passed.
    assert [(f.rule, f.line) for f in earlier] == [("plan-not-exercised", 8)]


def test_a_misspelt_required_field_is_one_finding(tmp_path: Path) -> None:
    risks = "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: accept, ower: C}\n"
    findings = run(tmp_path, risks)
    assert [f.rule for f in findings] == ["unknown-field"]
    assert "did you mean 'owner'?" in findings[0].message


def test_a_rating_of_zero_is_out_of_scale(tmp_path: Path) -> None:
    risks = "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 0, treatment: accept, owner: C}\n"
    findings = run(tmp_path, risks)
    assert [(f.rule, f.message) for f in findings] == [
        ("out-of-scale", "vulnerability 0 is outside the vulnerability scale 1..3")
    ]


def test_levels_out_of_order_point_at_levels(tmp_path: Path) -> None:
    config = BASE_CONFIG.replace("{name: low, max: 8}", "{name: low, max: 20}")
    findings = run(tmp_path, config=config)
    assert [(f.rule, f.file, f.line) for f in findings] == [("invalid-value", "isms.yaml", 6)]


def test_unreadable_and_ignored_files(tmp_path: Path) -> None:
    extra = {"registers/upper.YAML": "assets: []\n", "registers/short.yml": "assets: []\n"}
    findings = run(tmp_path, extra=extra)
    assert [(f.rule, f.file) for f in findings] == [
        ("ignored-file", "registers/short.yml"),
        ("ignored-file", "registers/upper.YAML"),
    ]


def test_empty_soa_key_is_pointed_at(tmp_path: Path) -> None:
    findings = run(tmp_path, soa="soa:\n")
    assert set(only(findings, "soa-missing-control")) == {("registers/soa.yaml", 1, 1)}


@pytest.mark.parametrize(
    ("risk", "expected"),
    [
        # Retained, yet controls planned for it.
        ("{id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: accept, controls: [A.8.5], owner: C}", "controls are planned"),
        # Retained, yet a residual rating lowers it.
        ("{id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: accept, residual_frequency: 1, owner: C}", "differs from the score 6"),
        # Above acceptance (18) and to be reduced, avoided or transferred with nothing lowered.
        ("{id: R-1, asset: A-001, threat: T-01, vulnerability: 3, treatment: reduce, controls: [A.8.5], owner: C, accepted_by: M, accepted_on: 2026-01-01}", "the treatment is reduce, yet the residual score equals the score (18)"),
        ("{id: R-1, asset: A-001, threat: T-01, vulnerability: 3, treatment: avoid, owner: C, accepted_by: M, accepted_on: 2026-01-01}", "the treatment is avoid"),
        ("{id: R-1, asset: A-001, threat: T-01, vulnerability: 3, treatment: transfer, owner: C, accepted_by: M, accepted_on: 2026-01-01}", "the treatment is transfer"),
    ],
)
def test_treatment_option_inconsistent_with_the_data(tmp_path: Path, risk: str, expected: str) -> None:
    findings = run(tmp_path, f"risks:\n  - {risk}\n")
    inconsistent = [f for f in findings if f.rule == "risk-treatment-inconsistent"]
    assert len(inconsistent) == 1, findings
    assert inconsistent[0].severity is Severity.WARNING
    assert expected in inconsistent[0].message
    assert locate(ASSETS_AND_THREATS + f"risks:\n  - {risk}\n", "treatment: ")[0] == inconsistent[0].line


@pytest.mark.parametrize(
    "risk",
    [
        "{id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: accept, owner: C}",
        "{id: R-1, asset: A-001, threat: T-01, vulnerability: 3, treatment: reduce, controls: [A.8.5], residual_vulnerability: 1, owner: C}",
        # Within acceptance: a voluntary improvement need not rate its residual risk.
        "{id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: reduce, controls: [A.8.5], owner: C}",
    ],
)
def test_treatment_option_consistent_with_the_data(tmp_path: Path, risk: str) -> None:
    findings = run(tmp_path, f"risks:\n  - {risk}\n")
    assert [f for f in findings if f.rule == "risk-treatment-inconsistent"] == []


def test_implemented_control_without_evidence(tmp_path: Path) -> None:
    records = "records:\n  - {id: REC-1, title: Access review log}\n"
    soa = soa_yaml(skip=["A.5.15", "A.5.18"]) + (
        "  - {control: A.5.15, applicable: true, justification: j, status: implemented}\n"
        "  - {control: A.5.18, applicable: true, justification: j, status: implemented, evidence: [REC-1]}\n"
    )
    findings = run(tmp_path, extra={"registers/records.yaml": records}, soa=soa)
    assert [(f.rule, f.severity, f.file) for f in findings] == [
        ("soa-implemented-without-evidence", Severity.WARNING, "registers/soa.yaml")
    ]
    assert "A.5.15 is marked implemented but cites no evidence" in findings[0].message
    assert findings[0].line == soa.count("\n") - 1


def test_risk_criteria_within_their_scales(tmp_path: Path) -> None:
    config = BASE_CONFIG + (
        "  criteria:\n"
        "    confidentiality:\n"
        "      - {level: 1, name: low, meaning: Public}\n"
        "      - {level: 2, name: medium, meaning: Internal}\n"
        "      - {level: 3, name: high, meaning: Residents' personal data}\n"
        "    vulnerability:\n"
        "      - {level: 3, name: high, meaning: No control in place}\n"
        "      - {level: 5, name: extreme, meaning: Exposed}\n"
    )
    findings = [f for f in run(tmp_path, config=config) if f.rule == "risk-criteria"]
    assert [(f.severity, f.file, f.line) for f in findings] == [
        (Severity.WARNING, "isms.yaml", 14),  # vulnerability: levels 1 and 2 undescribed
        (Severity.ERROR, "isms.yaml", 16),  # level 5 on a scale of 3
    ]
    assert "level 1, 2 of 1..3" in findings[0].message
    assert run(tmp_path, config=BASE_CONFIG) == []  # no criteria: defaults, no finding


def test_treatment_action_overdue_unless_done(tmp_path: Path) -> None:
    risk = (
        "risks:\n  - id: R-1\n    asset: A-001\n    threat: T-01\n    vulnerability: 1\n"
        "    treatment: reduce\n    controls: [A.8.7]\n    owner: C\n    actions:\n"
        "      - {id: R-1-1, control: A.8.7, action: Install, owner: IT, due: 2026-06-30}\n"
        "      - {id: R-1-2, action: Train, owner: HR, due: 2026-06-30, status: done}\n"
        "      - {id: R-1-3, action: Audit, owner: QA, due: 2027-06-30}\n"
    )
    soa = soa_yaml(skip=["A.8.7"]) + "  - {control: A.8.7, applicable: true, justification: j, status: partial}\n"
    overdue = [f for f in run(tmp_path, risk, soa=soa) if f.rule == "treatment-overdue"]
    assert [(f.severity, f.line) for f in overdue] == [(Severity.WARNING, ASSETS_AND_THREATS.count("\n") + 10)]
    assert "action R-1-1 was due on 2026-06-30 and is not done" in overdue[0].message
    done = soa_yaml(skip=["A.8.7"]) + "  - {control: A.8.7, applicable: true, justification: j, status: implemented, evidence: []}\n"
    assert [f for f in run(tmp_path, risk, soa=done) if f.rule == "treatment-overdue"] == []
