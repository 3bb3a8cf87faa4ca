"""The PDCA reports: readiness, internal audit, management review, scope; and --unit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import GitRepo, make_repo, soa_yaml
from test_pdca import PDCA_FILE, SCOPED_CONFIG, TRAINED
from test_rules import ASSETS_AND_THREATS

READINESS_ITEMS = 23


def readiness(isms, repo: Path, *args: str) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    """The readiness JSON by clause."""
    result = isms("report", "readiness", "--format", "json", "--lang", "en", *args, cwd=repo)
    assert result.code == 0, result
    return {item["clause"]: item for item in json.loads(result.stdout)["items"]}


@pytest.mark.parametrize(
    ("language", "missing"), [("en", "| **missing** |"), ("ja", "| **不足** |")]
)
def test_readiness_of_a_new_repository_names_what_is_missing(
    tmp_path: Path, isms, language: str, missing: str
) -> None:
    target = tmp_path / "new"
    assert isms("init", str(target), "--lang", language, cwd=tmp_path).code == 0
    result = isms("report", "readiness", "--lang", language, cwd=target)
    assert result.code == 0, result  # it reports what is wrong: errors do not stop it
    table = result.stdout.split("|---|---|---|---|---|---|\n")[1]
    rows = table.splitlines()
    assert len(rows) == READINESS_ITEMS
    items = readiness(isms, target)
    assert {item["status"] for item in items.values()} == {"missing"}
    assert sum(missing in line for line in rows) == READINESS_ITEMS
    assert rows[0].startswith("| 4.1 | ")


def test_readiness_of_a_broken_isms_yaml_stops(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path, config="organization: [\n")
    result = isms("report", "readiness", cwd=repo)
    assert result.code == 1
    assert "isms.yaml:" in result.stderr


COMPLETE = (
    TRAINED
    + """\
records:
  - {id: DOC-1, title: Policy, kind: document, clauses: ["5.2"], approved_by: Mayor, approved_on: 2026-04-01}
  - {id: DOC-2, title: Risk procedure, kind: document, clauses: ["6.1.2", "6.1.3"], approved_by: CISO, approved_on: 2026-04-01}
  - {id: DOC-3, title: Operations manual, kind: document, clauses: ["8.1"], approved_by: CISO, approved_on: 2026-04-01}
risks:
  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 2, treatment: reduce, controls: [A.5.15], residual_vulnerability: 1, owner: Chief, due: 2027-03-31}
objectives:
  - id: OBJ-1
    title: Phishing drill click rate
    target: at most 10%
    target_value: 10
    direction: at-most
    plan: Two drills a year with follow-up material
    resources: Drill service, one officer
    owner: CISO
    due: 2027-03-31
    evaluation: Each drill's rate against the target, reported quarterly
    measurements:
      - {date: 2026-06-30, value: 14}
      - {date: 2026-09-30, value: 8.5}
audits:
  - id: AU-1
    date: 2026-07-15
    units: [CIT]
    auditors: [P-02]
    clauses: ["4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1", "6.2", "6.3", "7.1", "7.2"]
    findings:
      - {type: minor-nonconformity, control: A.8.15, description: Late log review, nonconformity: NC-1}
      - {type: opportunity-for-improvement, description: Automate the log review}
    conclusion: The ISMS conforms, with one minor nonconformity.
  - id: AU-2
    planned_on: 2027-07-01
    units: [POL]
    auditors: [P-01]
    clauses: ["7.3", "7.4", "7.5", "8", "9", "10"]
nonconformities:
  - id: NC-1
    source: internal-audit
    source_ref: AU-1
    detected_on: 2026-07-15
    control: A.8.15
    description: Late log review
    root_cause: No reminder of the monthly review
    corrective_action: Monthly review with a checklist
    owner: Citizens Division Manager
    due: 2026-10-31
    status: closed
    closed_on: 2026-10-20
    effectiveness_review: {date: 2026-11-10, by: CISO, effective: true}
reviews:
  - id: MR-1
    date: 2026-05-20
    chair: Deputy Mayor
    inputs:
      previous_actions: All done
      context_changes: Cloud migration
      interested_parties: New guideline
      performance: One incident
      feedback: No complaints
      risk_assessment: Two risks above acceptance
      improvement: Automate log review
    decisions: [The ISMS is suitable, adequate and effective]
    actions:
      - {action: Widen the scope, owner: CISO, due: 2027-03-31}
"""
)

CONTEXT = """\
issues:
  - {id: ISS-1, title: Cloud migration, type: external}
  - {id: ISS-2, title: Staff rotation, type: internal}
  - {id: ISS-3, title: Floods at the branch office, type: external, climate_change: true}
roles:
  - {id: R-1, title: ISMS manager, holders: [Akiko Mori], responsibilities: Runs the ISMS, clauses: ["4", "5", "6", "7", "8", "9.1", "9.3", "10"]}
  - {id: R-2, title: Audit lead, holders: [Jiro Tanaka], responsibilities: Plans the audits, clauses: ["9.2"]}
changes:
  - {id: CH-1, title: Cloud migration, owner: CIO, planned_on: 2027-01-31}
communications:
  - {id: CM-1, what: Policy changes, when: On change, with_whom: All staff, by: ISMS office, how: Intranet}
training:
  - {id: TR-09, course: Awareness, date: 2026-10-01, kind: awareness, attendee_count: 40}
measurements:
  - {id: M-1, what: Access rights, how: Compare ids with staff list, by: Admin, analysed_by: CISO, interval_months: 6, results: [{date: 2026-10-01, value: 0}]}
"""

PARTIES = """\
interested_parties:
  - id: IP-1
    name: Residents
    type: external
    requirements:
      - {requirement: Personal data handled lawfully, addressed: true, how: Policy and controls}
"""

COMPETENCE = """\
competences:
  - id: C-1
    role: Internal auditor
    competence: ISO 19011 audit techniques
    people:
      - {person: P-02, meets: true, evidence: [TR-01]}
"""

COMPLETE_CONFIG = SCOPED_CONFIG.replace(
    "  units:\n", "  approved_by: Committee\n  approved_on: 2026-04-01\n  units:\n"
)


def complete_repo(root: Path, *, without: tuple[str, ...] = ()) -> Path:
    soa = soa_yaml()
    files = {
        "registers/citizens/core.yaml": ASSETS_AND_THREATS,
        PDCA_FILE: COMPLETE,
        "registers/context.yaml": CONTEXT,
        "registers/parties.yaml": PARTIES,
        "registers/competence.yaml": COMPETENCE,
    }
    for file in without:
        files[file] = ""
    return make_repo(root, files, config=COMPLETE_CONFIG, soa=soa)


def test_readiness_of_a_complete_isms_lists_nothing_missing(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    assert isms("check", "--strict", "--today", "2026-11-25", cwd=repo).code == 0
    items = readiness(isms, repo, "--today", "2026-11-25")
    assert {
        clause: item["status"] for clause, item in items.items() if item["status"] != "ok"
    } == {}
    assert items["9.2.2"]["title"] == "Internal audit programme"
    result = isms("report", "readiness", "--lang", "en", "--today", "2026-11-25", cwd=repo)
    assert f"All {READINESS_ITEMS} items answer their clauses." in result.stdout, result.stdout
    assert "| 5.2 | Policy | Information security policy | ok |" in result.stdout
    assert "`registers/policy.yaml: DOC-1`" in result.stdout  # where, by its id


def test_readiness_json_has_exactly_the_documented_shape(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    result = isms(
        "report", "readiness", "-f", "json", "--lang", "ja", "--today", "2026-11-25", cwd=repo
    )
    data = json.loads(result.stdout)
    assert list(data) == ["items"]
    for item in data["items"]:
        assert list(item) == ["clause", "title", "status", "detail"]
        assert item["status"] in ("ok", "attention", "missing")
    titles = {item["clause"]: item["title"] for item in data["items"]}
    assert titles["8.1"] == "運用の計画策定及び管理"  # JIS Q 27001:2023, not the 2014 wording


@pytest.mark.parametrize(
    ("clause", "file"),
    [("4.2", "registers/parties.yaml"), ("7.2", "registers/competence.yaml"), ("10.2", None)],
)
def test_readiness_is_missing_until_the_content_is_recorded(
    tmp_path: Path, isms, clause: str, file: str | None
) -> None:
    without = (file,) if file else ()
    repo = complete_repo(tmp_path, without=without)
    if file is None:  # the nonconformity log: the audit finding that raised it goes with it
        text = (repo / PDCA_FILE).read_text(encoding="utf-8")
        text = text.split("nonconformities:")[0] + "reviews:" + text.split("reviews:")[1]
        (repo / PDCA_FILE).write_text(text.replace(", nonconformity: NC-1", ""), encoding="utf-8")
    lacking = readiness(isms, repo, "--today", "2026-11-25")[clause]
    assert lacking["status"] == "missing", lacking
    assert lacking["detail"]
    recorded = complete_repo(tmp_path / "recorded")
    assert readiness(isms, recorded, "--today", "2026-11-25")[clause]["status"] == "ok"


def test_readiness_reads_content_and_says_where(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    parties = PARTIES.replace("addressed: true, how: Policy and controls", "addressed: false")
    competence = COMPETENCE.replace("meets: true, evidence: [TR-01]", "meets: false")
    (repo / "registers/parties.yaml").write_text(parties, encoding="utf-8")
    (repo / "registers/competence.yaml").write_text(competence, encoding="utf-8")
    items = readiness(isms, repo, "--today", "2026-11-25")
    assert items["4.2"]["status"] == "attention"
    assert "(registers/parties.yaml:6)" in items["4.2"]["detail"]
    assert items["7.2"]["status"] == "attention"
    assert "without an action (registers/competence.yaml:6)" in items["7.2"]["detail"]


def test_readiness_names_what_needs_attention(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    # A year later: no awareness training, measurement or review in the last 12 months.
    result = isms("report", "readiness", "--lang", "en", "--today", "2027-12-01", cwd=repo)
    assert "| 7.3 | Awareness | Awareness | needs attention |" in result.stdout
    assert "Nothing in the last 12 months (last: 2026-10-01)." in result.stdout
    assert "| 9.3.3 | Management review results |" in result.stdout
    items = readiness(isms, repo, "--today", "2027-12-01")
    assert items["9.3.3"]["status"] == "attention"
    assert items["6.3"]["status"] == "attention"  # the change planned for 2027-01-31 is not done


def test_internal_audit_report_defaults_to_the_latest_held(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    result = isms("report", "internal-audit", "--lang", "en", "--today", "2026-11-25", cwd=repo)
    assert result.code == 0, result
    text = result.stdout
    assert text.startswith("# Internal audit report\n")
    assert "| Audit | AU-1 |" in text
    assert "| Auditors | Hanako Sato (Information Policy Division) |" in text
    assert "| Units audited | Citizens Division |" in text
    assert "| 0 | 1 | 0 | 1 |" in text  # major, minor, observation, opportunity
    assert (
        "| Minor nonconformity | A.8.15 | Late log review | — | NC-1 (closed 2026-10-20, effectiveness verified) |"
        in text
    )
    japanese = isms(
        "report", "internal-audit", "--lang", "ja", "--today", "2026-11-25", cwd=repo
    ).stdout
    assert "| 内部監査員 | Hanako Sato（Information Policy Division） |" in japanese
    assert "| 軽微な不適合 |" in japanese


def test_internal_audit_report_of_a_named_audit_and_an_unknown_one(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    planned = isms("report", "internal-audit", "AU-2", "--lang", "en", cwd=repo)
    assert "| Held on | not held yet |" in planned.stdout
    unknown = isms("report", "internal-audit", "AU-3", cwd=repo)
    assert unknown.code == 2
    assert "no audit 'AU-3'" in unknown.stderr
    assert "AU-1, AU-2" in unknown.stderr
    assert isms("report", "assets", "AU-1", cwd=repo).code == 2


def test_unit_limits_a_report_to_the_unit_files(tmp_path: Path, isms) -> None:
    citizens = "assets:\n  - {id: A-101, name: Counter PC, class: physical, owner: Citizens, confidentiality: 1, integrity: 1, availability: 1}\n"
    policy = "assets:\n  - {id: A-201, name: Mail server, class: software, owner: Policy, confidentiality: 2, integrity: 2, availability: 2}\n"
    repo = make_repo(
        tmp_path,
        {"registers/citizens/assets.yaml": citizens, "registers/policy.yaml": policy},
        config=SCOPED_CONFIG,
    )
    whole = isms("report", "assets", "--lang", "en", cwd=repo).stdout
    assert "A-101" in whole
    assert "A-201" in whole
    one = isms("report", "assets", "--lang", "en", "--unit", "Citizens Division", cwd=repo)
    assert one.code == 0, one
    assert "| Unit | Citizens Division |" in one.stdout
    assert "A-101" in one.stdout
    assert "A-201" not in one.stdout
    assert (
        isms("report", "assets", "--unit", "CIT", cwd=repo).stdout
        == isms("report", "assets", "--unit", "Citizens Division", cwd=repo).stdout
    )
    unknown = isms("report", "assets", "--unit", "CTI", cwd=repo)
    assert unknown.code == 2
    assert "no unit 'CTI'" in unknown.stderr
    assert "CIT (Citizens Division)" in unknown.stderr


def test_scope_document(tmp_path: Path, isms) -> None:
    config = COMPLETE_CONFIG.replace(
        "  units:\n",
        "  sites: [Main office]\n  systems: [Resident records system]\n"
        "  exclusions:\n    - {item: Family registry, reason: Run by another system}\n  units:\n",
    )
    files = {"registers/citizens/core.yaml": ASSETS_AND_THREATS, PDCA_FILE: ""}
    repo = make_repo(tmp_path, files, config=config)
    text = isms("report", "scope", "--lang", "en", cwd=repo).stdout
    assert "| CIT | Citizens Division | — | `registers/citizens/*.yaml` | 2 |" in text
    assert "- Main office" in text
    assert "| Family registry | Run by another system |" in text
    assert "| Approved by | Committee |" in text
    japanese = isms("report", "scope", "--lang", "ja", cwd=repo).stdout
    assert japanese.startswith("# ISMS適用範囲\n")
    assert "## 7. 適用除外" in japanese


def test_management_review_pack_reads_the_period_and_git(tmp_path: Path, isms) -> None:
    repo = GitRepo(tmp_path / "repo")
    base_registers = {
        "isms.yaml": COMPLETE_CONFIG,
        "registers/soa.yaml": soa_yaml(),
        PDCA_FILE: "",
        "registers/citizens/core.yaml": ASSETS_AND_THREATS
        + "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 1, treatment: accept, owner: Chief}\n",
    }
    repo.commit("Start the registers", "2026-03-02T09:00:00+09:00", base_registers)
    review = "reviews:\n  - {id: MR-1, date: 2026-05-20, actions: [{action: Widen the scope, owner: CISO, due: 2026-09-30}]}\n"
    repo.commit(
        "Record the management review",
        "2026-05-20T17:00:00+09:00",
        {"registers/reviews.yaml": review},
    )
    added = (
        base_registers["registers/citizens/core.yaml"]
        + "  - {id: R-2, asset: A-002, threat: T-02, vulnerability: 3, treatment: accept, owner: Chief, accepted_by: Mayor, accepted_on: 2026-08-01}\n"
    )
    repo.commit(
        "Assess the counter terminal",
        "2026-08-03T09:00:00+09:00",
        {"registers/citizens/core.yaml": added},
    )
    result = isms(
        "report", "management-review", "--lang", "en", "--today", "2026-11-25", cwd=repo.root
    )
    assert result.code == 0, result
    text = result.stdout
    assert "from the previous management review (MR-1, 2026-05-20) to 2026-11-25" in text
    assert "| MR-1 | Widen the scope | CISO | 2026-09-30 | **overdue** |" in text
    changes = text.split("## Changes to the registers since the previous review")[1]
    assert "| Risks added | 1 |" in changes
    assert "Assess the counter terminal" in changes
    assert "Record the management review" not in changes  # committed before the period began
    again = isms(
        "report", "management-review", "--lang", "en", "--today", "2026-11-25", cwd=repo.root
    )
    assert again.stdout == text


def test_whole_isms_reports_refuse_a_unit_and_scope_shows_the_one(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    for name in ("readiness", "management-review"):
        refused = isms("report", name, "--unit", "CIT", cwd=repo)
        assert refused.code == 2
        assert "covers the whole ISMS" in refused.stderr
    scope = isms("report", "scope", "--lang", "en", "--unit", "CIT", cwd=repo).stdout
    assert "| CIT | Citizens Division |" in scope
    assert "| POL |" not in scope


def test_reports_of_an_earlier_day_read_nonconformities_as_they_were(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    before = isms(
        "report", "internal-audit", "--lang", "en", "--today", "2026-08-01", cwd=repo
    ).stdout
    assert "NC-1 (open; due 2026-10-31)" in before
    pack = isms(
        "report", "management-review", "--lang", "en", "--today", "2026-08-01", cwd=repo
    ).stdout
    assert "| 1 | 0 | 1 |" in pack  # raised, closed, open: NC-1 closed only on 2026-10-20
    planned = isms("report", "internal-audit", "AU-2", "--lang", "en", cwd=repo).stdout
    assert "**Not held yet: this is the plan of the audit.**" in planned
    assert "Findings by type" not in planned


def test_a_units_audit_report_keeps_its_auditors_and_nonconformities(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    whole = isms(
        "report", "internal-audit", "AU-1", "--lang", "en", "--today", "2026-11-25", cwd=repo
    )
    one = isms(
        "report",
        "internal-audit",
        "AU-1",
        "--lang",
        "en",
        "--unit",
        "CIT",
        "--today",
        "2026-11-25",
        cwd=repo,
    )
    assert one.code == 0, one
    assert "| Auditors | Hanako Sato (Information Policy Division) |" in one.stdout
    assert "NC-1 (closed 2026-10-20, effectiveness verified)" in one.stdout
    assert one.stdout.split("## 1.")[1] == whole.stdout.split("## 1.")[1]
