"""The commands of the management system: nc add and the other add commands, the audit programme,
the management review's results and trends, what falls due, and sheets of the new registers."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import GitRepo, make_repo, soa_yaml
from test_pdca import PDCA_FILE, TRAINED
from test_pdca_reports import COMPLETE_CONFIG, complete_repo
from test_rules import ASSETS_AND_THREATS

TODAY = ("--today", "2026-11-25")


# --- isms nc add and the other add commands -------------------------------------------------------


def test_nc_add_writes_an_entry_that_check_accepts(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    result = isms(
        "nc", "add", "--description", "Counter left a form on the desk", "--source", "internal-audit",
        "--source-ref", "AU-1", "--control", "A.7.7", "--root-cause", "No clear-desk check",
        "--corrective-action", "Daily clear-desk round", "--owner", "Citizens Division Manager",
        "--due", "2027-01-31", *TODAY, cwd=repo,
    )  # fmt: skip
    assert result.code == 0, result
    assert "+  - id: NC-2\n" in result.stdout
    text = (repo / PDCA_FILE).read_text(encoding="utf-8")
    assert "    detected_on: 2026-11-25\n    control: A.7.7\n" in text
    assert "    status: open\n" in text.split("id: NC-2")[1]
    assert isms("check", "--strict", *TODAY, cwd=repo).code == 0


def test_nc_add_refuses_a_due_date_before_the_detection(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path)
    before = sorted(path.read_bytes() for path in (repo / "registers").rglob("*.yaml"))
    refused = isms(
        "nc", "add", "--description", "Late log review", "--detected-on", "2026-11-20",
        "--due", "2026-11-01", *TODAY, cwd=repo,
    )  # fmt: skip
    assert refused.code == 2
    assert "2026-11-01 is before the nonconformity was detected (2026-11-20)" in refused.stderr
    assert sorted(path.read_bytes() for path in (repo / "registers").rglob("*.yaml")) == before


def test_isms_init_shows_nonconformity_ids_as_nc_add_numbers_them(tmp_path: Path, isms) -> None:
    assert isms("init", cwd=tmp_path).code == 0
    examples = "".join(path.read_text(encoding="utf-8") for path in tmp_path.rglob("*.yaml"))
    assert "NC-001" in examples
    assert "NC-01\n" not in examples
    assert "NC-01}" not in examples


def test_the_first_nonconformity_of_a_repository_turns_readiness_ok(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path)
    before = json.loads(isms("report", "readiness", "-f", "json", *TODAY, cwd=repo).stdout)
    assert [i["status"] for i in before["items"] if i["clause"] == "10.2"] == ["missing"]
    added = isms(
        "nc", "add", "--description", "Late log review", "--root-cause", "No reminder",
        "--corrective-action", "Monthly checklist", "--due", "2027-01-31", *TODAY, cwd=repo,
    )  # fmt: skip
    assert added.code == 0, added
    assert "+  - id: NC-001\n" in added.stdout
    assert isms("check", "--strict", *TODAY, cwd=repo).code == 0
    after = json.loads(isms("report", "readiness", "-f", "json", *TODAY, cwd=repo).stdout)
    assert [i["status"] for i in after["items"] if i["clause"] == "10.2"] == ["ok"]


def test_nc_add_refuses_what_check_would_refuse(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    before = (repo / PDCA_FILE).read_bytes()
    result = isms(
        "nc",
        "add",
        "--description",
        "x",
        "--source",
        "internal-audit",
        "--source-ref",
        "AU-9",
        *TODAY,
        cwd=repo,
    )
    assert result.code == 1
    assert "AU-9" in result.stderr + result.stdout
    assert (repo / PDCA_FILE).read_bytes() == before
    assert isms("nc", "add", *TODAY, cwd=repo).code == 2  # --description is required


def test_objective_measure_and_monitoring_record_add_to_the_entry(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    measured = isms(
        "objective", "measure", "OBJ-1", "--value", "7", "--on", "2026-11-20", *TODAY, cwd=repo
    )
    assert measured.code == 0, measured
    assert "      - {date: 2026-11-20, value: 7}\n" in (repo / PDCA_FILE).read_text(
        encoding="utf-8"
    )
    recorded = isms("monitoring", "record", "M-1", "--result", "No stale ids", *TODAY, cwd=repo)
    assert recorded.code == 0, recorded
    assert "result: No stale ids" in (repo / "registers/context.yaml").read_text(encoding="utf-8")
    assert isms("monitoring", "record", "M-1", *TODAY, cwd=repo).code == 2
    assert isms("check", "--strict", *TODAY, cwd=repo).code == 0


def test_issue_and_change_add(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    issue = isms(
        "issue",
        "add",
        "--title",
        "Heat waves",
        "--type",
        "external",
        "--climate-change",
        *TODAY,
        cwd=repo,
    )
    assert issue.code == 0, issue
    assert "+  - id: ISS-4\n" in issue.stdout
    assert "climate_change: true" in issue.stdout
    change = isms(
        "change",
        "add",
        "--title",
        "New branch",
        "--owner",
        "CIO",
        "--planned-on",
        "2027-06-30",
        *TODAY,
        cwd=repo,
    )
    assert change.code == 0, change
    assert "+  - id: CH-2\n" in change.stdout
    assert isms("check", "--strict", *TODAY, cwd=repo).code == 0


# --- the audit programme ------------------------------------------------------------------------------

PROGRAMME = """\
people:
  - {id: P-01, name: Taro Suzuki, unit: POL}
  - {id: P-02, name: Hanako Sato, unit: POL}
training:
  - {id: TR-01, course: Internal auditor course, date: 2024-01-20, kind: internal-auditor, attendees: [P-01, P-02]}
roles:
  - {id: R-1, title: ISMS office, holders: [P-02], responsibilities: Runs the ISMS, clauses: ["7.2", "7.5"]}
certifications:
  - {id: CERT-1, body: Example Body, issued_on: 2025-03-01, audits: [{kind: surveillance, date: 2026-02-10}]}
audits:
  - {id: AU-0, date: 2024-11-10, units: [CIT], clauses: ["4.1"], auditors: [P-01]}
  - {id: AU-1, date: 2025-07-15, units: [CIT], clauses: ["6.1.2", "7.2", "8"], controls: [A.5.15], auditors: [P-02]}
  - {id: AU-2, planned_on: 2027-07-01, units: [CIT], clauses: ["9", "10"], auditors: [P-01]}
"""


def programme_repo(root: Path) -> Path:
    files = {"registers/citizens/core.yaml": ASSETS_AND_THREATS, PDCA_FILE: PROGRAMME}
    return make_repo(root, files, config=COMPLETE_CONFIG, soa=soa_yaml())


def test_audit_programme_names_each_clause_never_audited_in_the_cycle(tmp_path: Path, isms) -> None:
    repo = programme_repo(tmp_path)
    result = isms("report", "audit-programme", "--format", "json", "--lang", "en", *TODAY, cwd=repo)
    assert result.code == 0, result
    data = json.loads(result.stdout)
    assert data["cycle"]["start"] == "2025-03-01"
    assert data["cycle"]["end"] == "2028-02-29"
    assert data["outside_cycle"] == ["AU-0"]  # held before the certificate: not of this cycle
    coverage = {item["clause"]: item["coverage"] for item in data["clauses"]}
    assert coverage["6.1.2"] == coverage["8.2"] == "done"
    assert coverage["9.1"] == coverage["10.2"] == "planned"
    audited = {"6.1.2", "7.2", "8.1", "8.2", "8.3"}
    assert data["not_audited"] == [clause for clause in coverage if clause not in audited]
    assert "4.1" in data["not_planned"]
    assert "9.1" not in data["not_planned"]
    text = isms("report", "audit-programme", "--lang", "en", *TODAY, cwd=repo).stdout
    not_audited = text.split("## 5. Clauses not audited in the cycle")[1].split("## 6.")[0]
    for clause in data["not_audited"]:
        assert f"\n- {clause} " in not_audited
    assert (
        "- 4.1 Understanding the organization and its context: **neither audited nor planned**"
        in not_audited
    )
    assert "- 9.1 Monitoring, measurement, analysis and evaluation: planned in AU-2" in not_audited


def test_audit_programme_flags_an_auditor_who_audits_what_they_own(tmp_path: Path, isms) -> None:
    repo = programme_repo(tmp_path)
    data = json.loads(isms("report", "audit-programme", "-f", "json", *TODAY, cwd=repo).stdout)
    assert data["conflicts"] == [
        {"audit": "AU-1", "auditor": "Hanako Sato", "kind": "owns", "subject": "ISMS office: 7.2"}
    ]
    check = json.loads(isms("check", "--format", "json", *TODAY, cwd=repo).stdout)["findings"]
    owns = [f for f in check if f["rule"] == "auditor-owns-process"]
    assert [(f["file"], f["line"], f["severity"]) for f in owns] == [(PDCA_FILE, 12, "warning")]
    text = isms("report", "audit-programme", "--lang", "ja", *TODAY, cwd=repo).stdout
    assert "| AU-1 | Hanako Sato | 自らの役割が所管するもの（ISMS office: 7.2）を監査する |" in text


def test_only_the_reports_with_json_take_format_json(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    result = isms("report", "scope", "--format", "json", cwd=repo)
    assert result.code == 2
    assert "readiness, audit-programme" in result.stderr


# --- the management review: results, trends, and the day it is read on --------------------------------

REVIEWS = """\
reviews:
  - id: MR-1
    date: 2025-10-20
    decisions: [Keep the scope]
  - id: MR-2
    date: 2026-10-28
    decisions: [The ISMS is effective]
    changes: [Move the branch servers upstairs]
    actions:
      - {action: Retire the kiosk, owner: Citizens Division Manager, due: 2027-03-31, status: done, done_on: 2026-11-20}
nonconformities:
  - {id: NC-1, description: Late log review, detected_on: 2026-07-15, status: closed, closed_on: 2026-11-13, effectiveness_review: {date: 2026-11-13, by: CISO, effective: true}}
"""


def review_repo(root: Path) -> GitRepo:
    repo = GitRepo(root)
    files = {
        "isms.yaml": COMPLETE_CONFIG,
        "registers/soa.yaml": soa_yaml(),
        "registers/citizens/core.yaml": ASSETS_AND_THREATS
        + "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 3, treatment: accept, owner: Chief, accepted_by: Mayor, accepted_on: 2026-01-10}\n",
        PDCA_FILE: TRAINED + REVIEWS,
    }
    repo.commit("Registers as of the spring", "2026-03-02T09:00:00+09:00", files)
    return repo


def test_a_review_records_decisions_appear_in_the_pack(tmp_path: Path, isms) -> None:
    repo = review_repo(tmp_path / "git")
    text = isms(
        "report", "management-review", "--lang", "en", "--today", "2026-12-01", cwd=repo.root
    ).stdout
    results = text.split("## Results of the management review")[1]
    assert "The results of MR-2 (2026-10-28)" in results
    assert "- The ISMS is effective" in results
    assert "- Move the branch servers upstairs" in results
    assert (
        "| MR-2 | Retire the kiosk | Citizens Division Manager | 2027-03-31 | done 2026-11-20 |"
        in results
    )


def test_the_trend_reads_the_risks_committed_on_each_reviews_day(tmp_path: Path, isms) -> None:
    repo = review_repo(tmp_path / "git")
    core = (repo.root / "registers/citizens/core.yaml").read_text(encoding="utf-8")
    added = (
        core
        + "  - {id: R-2, asset: A-002, threat: T-02, vulnerability: 1, treatment: accept, owner: Chief}\n"
    )
    repo.commit(
        "Assess the counter terminal",
        "2026-11-15T09:00:00+09:00",
        {"registers/citizens/core.yaml": added},
    )
    text = isms(
        "report", "management-review", "--lang", "en", "--today", "2026-12-01", cwd=repo.root
    ).stdout
    trend = text.split("## Trends over the last reviews")[1].split("##")[0]
    assert "| 2026-10-28 | MR-2 | 1 | 1 | 1 | 1 | 0 / 0 |" in trend  # as committed on that day
    assert "| 2026-12-01 | today | 2 | 1 | 1 | 0 | 0 / 0 |" in trend


def test_a_pack_of_the_review_day_shows_nothing_later_as_done(tmp_path: Path, isms) -> None:
    repo = review_repo(tmp_path / "git")
    text = isms(
        "report", "management-review", "--lang", "en", "--today", "2026-10-28", cwd=repo.root
    ).stdout
    assert "from the previous management review (MR-1, 2025-10-20) to 2026-10-28" in text
    assert "| MR-2 | Retire the kiosk | Citizens Division Manager | 2027-03-31 | open |" in text
    assert "done 2026-11-20" not in text
    assert "Reported at MR-2" not in text  # MR-2 records no inputs of its own
    trend = text.split("## Trends over the last reviews")[1].split("##")[0]
    assert "| 2026-10-28 | MR-2 | 1 | 1 | 1 | 1 | 0 / 0 |" in trend  # NC-1 closed only on 11-13
    assert "| 2025-10-20 | MR-1 | — | — | — | 0 | 0 / 0 |" in trend  # before the history in git


def test_the_pack_of_the_review_day_quotes_the_inputs_it_records(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    text = isms(
        "report", "management-review", "--lang", "en", "--today", "2026-05-20", cwd=repo
    ).stdout
    assert "Reported at MR-1: Cloud migration" in text.split("## c)")[0]
    assert "Reported at MR-1: No complaints" in text.split("## e)")[1].split("## f)")[0]


def test_a_pack_in_git_never_says_the_registers_are_not_in_git(tmp_path: Path, isms) -> None:
    repo = review_repo(tmp_path / "git")
    text = isms(
        "report", "management-review", "--lang", "en", "--today", "2026-12-01", cwd=repo.root
    ).stdout
    assert "not under version control" not in text
    assert "| Registers at | `" in text
    plain = complete_repo(tmp_path / "plain")
    outside = isms("report", "management-review", "--lang", "en", *TODAY, cwd=plain).stdout
    assert "The registers are not under version control" in outside


def test_review_inputs_come_from_the_registers(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    text = isms("report", "management-review", "--lang", "en", *TODAY, cwd=repo).stdout
    assert "| ISS-3 | external | Floods at the branch office (Climate change) |" in text
    assert "| IP-1 | Residents | 1 | 1 |" in text
    assert "| M-1 | Access rights | 2026-10-01 | 0 |" in text
    empty = complete_repo(
        tmp_path / "empty", without=("registers/context.yaml", "registers/parties.yaml")
    )
    bare = isms("report", "management-review", "--lang", "en", *TODAY, cwd=empty).stdout
    assert "No external or internal issue is recorded: the issues relevant to the ISMS" in bare
    assert "isms " not in bare.split("## a)")[1]  # content, not commands


# --- isms due: objective measurements, reviews of suppliers and access rights, recertification ---------


def test_due_lists_objective_measurements_and_periodic_reviews(tmp_path: Path, isms) -> None:
    monitoring = """\
measurements:
  - {id: M-8, what: Suppliers, kind: supplier-review, how: Checklist, interval_months: 12, by: Office, analysed_by: CISO, results: [{date: 2025-12-10}]}
  - {id: M-9, what: Access rights, kind: access-review, how: Id list, interval_months: 6, by: Admin, analysed_by: CISO, results: [{date: 2026-06-20, value: 3}]}
"""
    repo = complete_repo(tmp_path)
    (repo / "registers/monitoring.yaml").write_text(monitoring, encoding="utf-8")
    result = isms("due", "--within", "60", "--format", "json", *TODAY, cwd=repo)
    items = {(i["kind"], i["id"]): i["due"] for i in json.loads(result.stdout)["items"]}
    assert items[("objective_measurement", "OBJ-1")] == "2026-12-30"  # quarterly after 2026-09-30
    assert items[("supplier_review", "M-8")] == "2026-12-10"
    assert items[("access_review", "M-9")] == "2026-12-20"


def test_a_planned_recertification_audit_is_not_due_again(tmp_path: Path, isms) -> None:
    text = "certifications:\n  - {id: CERT-1, body: Example Body, issued_on: 2025-03-14, audits: [{kind: recertification, planned_on: 2027-11-20}]}\n"
    repo = make_repo(tmp_path, {PDCA_FILE: text})
    result = isms("due", "--within", "60", "--format", "json", "--today", "2027-10-01", cwd=repo)
    kinds = [i["kind"] for i in json.loads(result.stdout)["items"]]
    assert "recertification_audit" not in kinds
    assert "certification_recertification" in kinds


# --- sheets ---------------------------------------------------------------------------------------------


def test_issues_round_trip_through_a_sheet_with_japanese_headers(tmp_path: Path, isms) -> None:
    repo = complete_repo(tmp_path)
    sheet = tmp_path / "issues.csv"
    assert isms("export", "issues", "--lang", "ja", "--output", str(sheet), cwd=repo).code == 0
    assert sheet.read_text(encoding="utf-8-sig").startswith("課題ID,課題,外部・内部,")
    again = isms("import", "issues", str(sheet), *TODAY, cwd=repo)
    assert again.code == 0, again
    assert "0 new, 0 changed" in again.stderr
    rows = "課題ID,課題,外部・内部,気候変動\nISS-9,猛暑によるサーバ室の温度上昇,外部,はい\n"
    (tmp_path / "new.csv").write_text(rows, encoding="utf-8")
    added = isms("import", "issues", str(tmp_path / "new.csv"), *TODAY, cwd=repo)
    assert added.code == 0, added
    assert (
        "+  - id: ISS-9\n+    title: 猛暑によるサーバ室の温度上昇\n+    type: external\n+    climate_change: true\n"
        in added.stdout
    )


def test_the_example_programme_covers_every_clause_and_lists_audits_of_a_year_apart(isms) -> None:
    project = Path(__file__).resolve().parents[1]
    text = isms(
        "report", "audit-programme", "--lang", "en", "--today", "2026-12-04", cwd=project
    ).stdout
    assert "| 7.5 | Documented information | — | IA-2026-01<br>IA-2026-04 | — | held |" in text
    assert "neither audited nor planned" not in text
    assert "No auditor audits their own unit" in text
