"""isms due: what falls due, soonest first, overdue items marked."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import make_repo, soa_yaml

PDCA = """\
assets:
  - {id: A-1, name: Records, class: information, owner: O, confidentiality: 1, integrity: 1, availability: 1}
threats:
  - {id: T-1, name: Fire, frequency: 1}
risks:
  - {id: R-1, asset: A-1, threat: T-1, vulnerability: 1, treatment: reduce, controls: [A.7.1], owner: C, due: 2027-03-31}
records:
  - {id: DOC-1, title: Policy, last_reviewed: 2025-12-01, review_interval_months: 12}
  - {id: REC-1, title: Access log, retain_until: 2026-10-31}
  - {id: REC-2, title: Old log, retain_until: 2026-01-31, disposed_on: 2026-02-01}
bcp_plans:
  - {id: BCP-1, title: Registry outage}
  - {id: BCP-2, title: Power cut}
exercises:
  - {id: EX-1, plan: BCP-2, date: 2026-02-15}
nonconformities:
  - {id: NC-1, description: Log review skipped, due: 2026-12-15}
  - {id: NC-2, description: Closed one, due: 2026-01-15, status: closed, effectiveness_review: {date: 2026-02-01, by: CISO, effective: true}}
reviews:
  - {id: MR-1, date: 2026-01-20}
"""


def test_due_lists_what_falls_due_in_order(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path, {"registers/pdca.yaml": PDCA})
    result = isms("due", "--within", "90", "--format", "json", "--today", "2026-11-25", cwd=repo)
    assert result.code == 0, result
    items = json.loads(result.stdout)["items"]
    assert [(i["due"], i["kind"], i["id"], i["overdue"]) for i in items] == [
        ("2026-10-31", "retention", "REC-1", True),
        ("2026-11-25", "exercise", "BCP-1", False),  # never exercised: due now
        ("2026-12-01", "review", "DOC-1", False),
        ("2026-12-15", "corrective_action", "NC-1", False),
        ("2027-01-20", "next_management_review", "MR-1", False),
        ("2027-02-15", "exercise", "BCP-2", False),
    ]
    assert items[0]["file"] == "registers/pdca.yaml"
    longer = isms("due", "--within", "200", "--format", "json", "--today", "2026-11-25", cwd=repo)
    assert "R-1" in [i["id"] for i in json.loads(longer.stdout)["items"]]


def test_due_table_and_markdown_in_japanese(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path, {"registers/pdca.yaml": PDCA})
    table = isms("due", "--lang", "ja", "--today", "2026-11-25", cwd=repo)
    assert table.code == 0, table
    assert "期限超過" in table.stdout
    assert "是正処置" in table.stdout
    markdown = isms("due", "--format", "markdown", "--lang", "en", "--today", "2026-11-25", cwd=repo)
    assert markdown.stdout.startswith("# Due\n")
    assert "| 2026-10-31 (overdue) | end of the retention period | REC-1 | Access log |" in markdown.stdout
    quiet = make_repo(tmp_path / "quiet")
    nothing = isms("due", "--lang", "en", "--today", "2026-11-25", cwd=quiet)
    assert nothing.stdout == "Nothing falls due in that time.\n"


CHECK_AND_ACT = """\
audits:
  - {id: AU-1, title: Second audit, planned_on: 2027-01-15}
  - {id: AU-0, title: First audit, planned_on: 2026-07-01, date: 2026-07-10}
reviews:
  - id: MR-1
    date: 2026-05-20
    actions:
      - {action: Widen the scope, due: 2026-12-20}
      - {action: Buy a device, due: 2026-09-30, status: done, done_on: 2026-09-15}
certifications:
  - id: CERT-1
    body: Example Body
    certificate_number: IS 1
    issued_on: 2025-03-14
    audits:
      - {kind: stage-2, date: 2025-01-20}
      - {kind: surveillance, date: 2026-02-10}
"""


def test_due_lists_audits_review_actions_and_certification_audits(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path, {"registers/pdca.yaml": CHECK_AND_ACT})
    result = isms("due", "--within", "60", "--format", "json", "--today", "2026-11-25", cwd=repo)
    assert result.code == 0, result
    items = [(i["due"], i["kind"], i["id"], i["title"]) for i in json.loads(result.stdout)["items"]]
    assert items == [
        ("2026-12-20", "review_action", "MR-1", "Widen the scope"),
        ("2027-01-15", "audit", "AU-1", "Second audit"),
    ]
    # Certification audits are shown months ahead (120 days; 240 for recertification), whatever
    # the window: they are arranged with the certification body long before.
    def certification_items(today: str) -> set[tuple[str, str]]:
        result = isms("due", "--within", "30", "--format", "json", "--today", today, cwd=repo)
        items = json.loads(result.stdout)["items"]
        return {(i["kind"], i["due"]) for i in items if i["register"] == "certifications"}

    assert certification_items("2027-03-01") == set()
    # The recertification audit must be held 90 days before the certificate expires.
    assert certification_items("2027-06-01") == {("recertification_audit", "2027-12-14")}
    assert certification_items("2027-08-01") == {
        ("recertification_audit", "2027-12-14"),
        ("recertification", "2028-03-13"),
    }
    assert certification_items("2027-09-20") == {
        ("surveillance", "2027-12-31"),
        ("recertification_audit", "2027-12-14"),
        ("recertification", "2028-03-13"),
    }


def test_planned_certification_audits_and_reviews_fall_due_on_their_day(tmp_path: Path, isms) -> None:
    planned = """\
certifications:
  - id: CERT-1
    body: Example Body
    audits:
      - {kind: stage-1, planned_on: 2026-12-10}
      - {kind: stage-2, planned_on: 2027-02-15}
reviews:
  - {id: MR-1, date: 2026-05-20}
  - {id: MR-2, date: 2026-12-18}
"""
    repo = make_repo(tmp_path, {"registers/pdca.yaml": planned})
    result = isms("due", "--within", "30", "--format", "json", "--today", "2026-11-25", cwd=repo)
    items = [(i["due"], i["kind"], i["id"], i["line"]) for i in json.loads(result.stdout)["items"]]
    assert items == [
        ("2026-12-10", "certification_stage_1", "CERT-1", 5),
        ("2026-12-18", "management_review", "MR-2", 9),  # planned: not 12 months after MR-1
    ]


def test_a_drill_dated_after_today_is_not_yet_held(tmp_path: Path, isms) -> None:
    plans = """\
bcp_plans:
  - {id: BCP-1, title: Registry outage}
exercises:
  - {id: EX-1, plan: BCP-1, date: 2025-09-10}
  - {id: EX-2, plan: BCP-1, date: 2026-09-10}
"""
    repo = make_repo(tmp_path, {"registers/pdca.yaml": plans})
    result = isms("due", "--within", "60", "--format", "json", "--today", "2026-08-01", cwd=repo)
    items = [(i["due"], i["kind"], i["overdue"]) for i in json.loads(result.stdout)["items"]]
    assert ("2026-09-10", "exercise", False) in items  # 12 months after EX-1, the last one held


def test_treatment_actions_fall_due_until_done(tmp_path: Path, isms) -> None:
    risks = """\
assets:
  - {id: A-1, name: Records, class: information, owner: O, confidentiality: 3, integrity: 3, availability: 3}
threats:
  - {id: T-1, name: Leak, frequency: 3}
risks:
  - id: R-1
    asset: A-1
    threat: T-1
    vulnerability: 2
    treatment: reduce
    controls: [A.7.1]
    residual_vulnerability: 1
    owner: C
    actions:
      - {id: R-1-1, control: A.7.1, action: Lock the archive, owner: Clerk, due: 2026-12-10}
      - {id: R-1-2, action: Train the counter staff, owner: Chief, due: 2026-12-15, status: done}
"""
    soa = soa_yaml(skip=["A.7.1"]) + "  - {control: A.7.1, applicable: true, justification: j, status: planned}\n"
    root = make_repo(tmp_path, {"registers/r.yaml": risks}, soa=soa)
    result = isms("due", "--today", "2026-12-01", "--within", "30", "--format", "json", cwd=root)
    assert result.code == 0, result
    items = json.loads(result.stdout)["items"]
    assert [(item["kind"], item["id"], item["due"]) for item in items] == [
        ("treatment_action", "R-1-1", "2026-12-10")
    ]
    assert items[0]["title"] == "R-1: Lock the archive"
