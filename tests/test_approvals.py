"""Approvals bound to content: risk acceptances at a score, document approvals at a digest.

Rules on small repositories; `isms risk accept`, `isms approve`, `isms diff`, `isms log` and the
rendered control block on real git repositories with fixed authors and dates.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from helpers import GitRepo, make_repo, soa_yaml, write_files
from ismskit.analysis import analyse
from ismskit.findings import Severity
from ismskit.repository.approval import is_before, next_version
from ismskit.repository.location import WorkingTree

TODAY = date(2026, 11, 25)
ASSETS = """\
assets:
  - {id: A-001, name: Resident records, class: information, owner: Citizens, confidentiality: 3, integrity: 3, availability: 2}
threats:
  - {id: T-01, name: Unauthorised access, frequency: 1, affects: [confidentiality, integrity]}
  - {id: T-02, name: Misuse by staff, frequency: 1, affects: [confidentiality, integrity]}
"""
# V 3 × frequency 1 × vulnerability 3 = 9 > 8, accepted at 9 (block style: the writer
# edits it in place). R-010: 18, reduced to 9, its residual risk accepted at 9.
RISKS = """\
risks:
  - id: R-043
    asset: A-001
    threat: T-01
    vulnerability: 3
    treatment: accept
    owner: Branch Manager
    accepted_by: Deputy Mayor
    accepted_on: 2026-05-01
    accepted_score: 9
  - id: R-010
    asset: A-001
    threat: T-02
    vulnerability: 3
    frequency: 2
    treatment: reduce
    controls: [A.8.5]
    residual_vulnerability: 3
    residual_frequency: 1
    owner: Branch Manager
    accepted_by: Deputy Mayor
    accepted_on: 2026-05-01
    accepted_score: 9
"""
SOA_RECORD = """\
records:
  - id: DOC-020
    title: Statement of Applicability
    kind: document
    renders: soa
    classification: Internal
"""


def findings(root: Path) -> list[tuple[str, str, int, int]]:
    result = analyse(WorkingTree(root), TODAY).findings
    return [(f.rule, f.severity.value, f.line, f.column) for f in result]


def repo_with(tmp_path: Path, risks: str = RISKS, **files: str) -> Path:
    registers = {"registers/assets.yaml": ASSETS, "registers/risks.yaml": risks}
    registers.update({f"registers/{name}.yaml": text for name, text in files.items()})
    return make_repo(tmp_path, registers)


# --- risk acceptance bound to its score ------------------------------------------------------


def test_an_acceptance_covers_the_score_it_was_given_for(tmp_path: Path) -> None:
    assert findings(repo_with(tmp_path)) == []


@pytest.mark.parametrize(
    ("change", "outdated"),
    [
        (
            ("vulnerability: 3\n    treatment: accept", "vulnerability: 2\n    treatment: accept"),
            False,
        ),
        (("accepted_score: 9\n  - id: R-010", "accepted_score: 10\n  - id: R-010"), False),
        (("accepted_score: 9\n  - id: R-010", "accepted_score: 8\n  - id: R-010"), True),
        (("frequency: 1, affects", "frequency: 2, affects"), True),  # a threat re-rated
    ],
)
def test_an_acceptance_is_outdated_exactly_when_the_score_rose_above_it(
    tmp_path: Path, change: tuple[str, str], outdated: bool
) -> None:
    root = repo_with(tmp_path)
    for path in ("registers/risks.yaml", "registers/assets.yaml"):
        text = (root / path).read_text(encoding="utf-8")
        (root / path).write_text(text.replace(*change), encoding="utf-8")
    found = [item for item in findings(root) if item[0] == "risk-acceptance-outdated"]
    # R-043's accepted_score is on line 10, column 21 (the value)
    assert (("risk-acceptance-outdated", "error", 10, 21) in found) is outdated


def test_a_reduced_risk_is_compared_by_its_residual_score(tmp_path: Path) -> None:
    root = repo_with(
        tmp_path,
        RISKS.replace("residual_vulnerability: 3", "residual_vulnerability: 2").replace(
            "residual_frequency: 1", "residual_frequency: 2"
        ),
    )
    # R-010 residual 3 × 2 × 2 = 12 > 9: outdated, located at its accepted_score (line 23)
    assert findings(root) == [("risk-acceptance-outdated", "error", 23, 21)]
    message = analyse(WorkingTree(root), TODAY).findings[0].message
    assert "accepted at 9, and its residual score is now 12" in message
    assert "re-assess the risk, or record a new acceptance" in message


def test_an_acceptance_without_its_score_is_unbound(tmp_path: Path) -> None:
    unbound = RISKS.replace("    accepted_score: 9\n  - id: R-010", "  - id: R-010")
    assert findings(repo_with(tmp_path, unbound)) == [("risk-acceptance-unbound", "warning", 8, 18)]
    below = unbound.replace(
        "vulnerability: 3\n    treatment: accept", "vulnerability: 2\n    treatment: accept"
    )
    assert findings(repo_with(tmp_path, below)) == []  # 6: within acceptance, nothing to bind


@pytest.mark.parametrize(
    ("risk_settings", "accepted_by", "warned"),
    [
        ("  acceptance_authority: Deputy Mayor\n", "Deputy Mayor", False),
        ("  acceptance_authority: Deputy Mayor\n", "Branch Manager", True),
        ("  acceptance_authority: Deputy Mayor\n", "  Deputy Mayor ", False),
        # The role written out in brackets is a note: the name is the same.
        ("  acceptance_authority: Deputy Mayor (CISO)\n", "Deputy Mayor", False),
        ("  acceptance_authority: 副市長（最高情報セキュリティ責任者）\n", "副市長", False),
        # The level's own authority comes first: 9 falls in High (up to 27), the Mayor's.
        (
            "  acceptance_authority: Deputy Mayor\n  levels:\n    - {name: Low, max: 8}\n"
            "    - {name: High, max: 27, authority: Mayor}\n",
            "Deputy Mayor",
            True,
        ),
        ("", "Branch Manager", False),  # nobody named: the risk owner accepts
    ],
)
def test_an_acceptance_above_the_criteria_is_given_by_whom_they_name(
    tmp_path: Path, risk_settings: str, accepted_by: str, warned: bool
) -> None:
    root = repo_with(tmp_path, RISKS.replace("accepted_by: Deputy Mayor", f"accepted_by: '{accepted_by}'"))
    config = (root / "isms.yaml").read_text(encoding="utf-8")
    (root / "isms.yaml").write_text(
        config.replace("  acceptance: 8\n", "  acceptance: 8\n" + risk_settings), encoding="utf-8"
    )
    found = [item for item in findings(root) if item[0] == "risk-acceptance-authority"]
    # One for R-043 (line 8) and one for R-010 (line 21): both above 8, both at 9.
    expected = [("risk-acceptance-authority", "warning", 8, 18), ("risk-acceptance-authority", "warning", 21, 18)]
    assert found == (expected if warned else [])


def test_an_acceptance_within_the_criteria_needs_no_authority(tmp_path: Path) -> None:
    within = RISKS.replace("vulnerability: 3\n    treatment: accept", "vulnerability: 2\n    treatment: accept")
    root = repo_with(tmp_path, within.replace("accepted_by: Deputy Mayor", "accepted_by: Clerk", 1))
    config = (root / "isms.yaml").read_text(encoding="utf-8")
    (root / "isms.yaml").write_text(
        config.replace("  acceptance: 8\n", "  acceptance: 8\n  acceptance_authority: Deputy Mayor\n"),
        encoding="utf-8",
    )
    assert [item for item in findings(root) if item[0] == "risk-acceptance-authority"] == []


def test_an_acceptance_dated_after_the_check_is_reported(tmp_path: Path) -> None:
    later = RISKS.replace("accepted_on: 2026-05-01", "accepted_on: 2026-11-26", 1)
    assert findings(repo_with(tmp_path, later)) == [("risk-acceptance-future", "warning", 9, 18)]
    same_day = RISKS.replace("accepted_on: 2026-05-01", "accepted_on: 2026-11-25", 1)
    assert findings(repo_with(tmp_path / "b", same_day)) == []


def test_risk_accept_refuses_a_day_after_today(tmp_path: Path, isms) -> None:
    root = repo_with(tmp_path)
    before = (root / "registers/risks.yaml").read_bytes()
    result = isms("risk", "accept", "R-043", "--by", "Deputy Mayor", "--on", "2026-11-26",
                  "--today", "2026-11-25", cwd=root)  # fmt: skip
    assert result.code == 2
    assert "2026-11-26 is after today (2026-11-25)" in result.stderr
    assert (root / "registers/risks.yaml").read_bytes() == before


def test_risk_accept_writes_the_score_it_accepts(tmp_path: Path, isms) -> None:
    root = repo_with(
        tmp_path,
        RISKS.replace(
            "vulnerability: 3\n    treatment: accept", "vulnerability: 2\n    treatment: accept"
        ).replace(
            "    accepted_by: Deputy Mayor\n    accepted_on: 2026-05-01\n    accepted_score: 9\n  - id: R-010",
            "  - id: R-010",
        ),
    )
    raised = (
        (root / "registers/risks.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "vulnerability: 2\n    treatment: accept", "vulnerability: 3\n    treatment: accept"
        )
    )
    (root / "registers/risks.yaml").write_text(raised, encoding="utf-8")
    result = isms("risk", "accept", "R-043", "--by", "Deputy Mayor", "--on", "2026-06-01", cwd=root)
    assert result.code == 0, result
    text = (root / "registers/risks.yaml").read_text(encoding="utf-8")
    assert (
        "    accepted_by: Deputy Mayor\n    accepted_on: 2026-06-01\n    accepted_score: 9\n"
        in text
    )
    again = isms("risk", "accept", "R-010", "--by", "Mayor", "--on", "2026-06-02", cwd=root)
    assert again.code == 0, again
    assert "accepted_on: 2026-06-02\n    accepted_score: 9\n" in (
        root / "registers/risks.yaml"
    ).read_text(encoding="utf-8")


def test_risk_accept_refuses_a_risk_it_cannot_score(tmp_path: Path, isms) -> None:
    root = repo_with(
        tmp_path,
        RISKS.replace("    vulnerability: 3\n    treatment: accept\n", "    treatment: accept\n"),
    )
    before = (root / "registers/risks.yaml").read_bytes()
    result = isms("risk", "accept", "R-043", "--by", "Deputy Mayor", cwd=root)
    assert result.code == 1, result
    assert "cannot be scored" in result.stderr
    assert (root / "registers/risks.yaml").read_bytes() == before


def test_an_outdated_acceptance_counts_as_none_in_evaluate_and_reports(
    tmp_path: Path, isms
) -> None:
    root = repo_with(
        tmp_path,
        RISKS.replace("accepted_score: 9\n  - id: R-010", "accepted_score: 6\n  - id: R-010")
        .replace("residual_vulnerability: 3", "residual_vulnerability: 2")
        .replace("residual_frequency: 1", "residual_frequency: 2"),
    )
    evaluated = isms("risk", "evaluate", "--format", "json", cwd=root)
    assert evaluated.code == 1  # the error is shown, not hidden: the output comes all the same
    assert "risk-acceptance-outdated" in evaluated.stderr
    payload = json.loads(evaluated.stdout)
    risks = {risk["id"]: risk for risk in payload["risks"]}
    assert risks["R-043"]["accepted"] is False
    assert risks["R-043"]["acceptance"] == "outdated"
    assert payload["summary"]["above_acceptance_accepted"] == 0
    plan = isms("report", "risk-treatment-plan", "--lang", "en", cwd=root)
    assert plan.code == 1
    assert (
        "Not covered: Deputy Mayor accepted a score of 9 on 2026-05-01; it is now 12" in plan.stdout
    )


# --- isms diff ----------------------------------------------------------------------------------


@pytest.fixture
def accepted(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "isms")
    make_repo(repo.root, {"registers/assets.yaml": ASSETS, "registers/risks.yaml": RISKS})
    repo.commit("Risks accepted by the Deputy Mayor", "2026-05-01T17:00:00+09:00")
    return repo


def raise_r043(repo: GitRepo) -> None:
    path = repo.root / "registers/risks.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "vulnerability: 3\n    treatment: accept",
            "vulnerability: 3\n    frequency: 3\n    treatment: accept",
        ),
        encoding="utf-8",
    )


def test_diff_fails_on_a_rise_the_acceptance_does_not_cover(accepted: GitRepo, isms) -> None:
    raise_r043(accepted)
    gate = isms("diff", "HEAD", "--fail-on-increase", "--lang", "en", cwd=accepted.root)
    assert gate.code == 1, gate
    assert "R-043: accepted at 9, now 27: acceptance no longer covers it" in gate.stdout
    payload = json.loads(isms("diff", "HEAD", "--format", "json", cwd=accepted.root).stdout)
    assert payload["risks"]["changed"] == [
        {"id": "R-043", "score": [9, 27], "residual_score": [9, 27], "level": ["medium", "high"],
         "acceptable": [False, False], "treatment": ["accept", "accept"], "accepted_score": [9, 9]}
    ]  # fmt: skip
    assert payload["acceptances"]["outdated"] == [{"id": "R-043", "accepted_score": 9, "score": 27}]
    assert payload["summary"]["above_acceptance_without_acceptance"] == ["R-043"]


def test_diff_passes_a_rise_that_stays_covered(accepted: GitRepo, isms) -> None:
    path = accepted.root / "registers/risks.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "accepted_score: 9\n  - id: R-010", "accepted_score: 27\n  - id: R-010"
    )
    path.write_text(text, encoding="utf-8")
    accepted.commit("Accept R-043 up to 27", "2026-05-02T17:00:00+09:00")
    raise_r043(accepted)
    gate = isms("diff", "HEAD", "--fail-on-increase", cwd=accepted.root)
    assert gate.code == 0, gate
    assert "R-043" in gate.stdout  # the rise is shown, and does not fail


def test_diff_passes_a_rise_with_a_new_acceptance(accepted: GitRepo, isms) -> None:
    raise_r043(accepted)
    isms("risk", "accept", "R-043", "--by", "Mayor", "--on", "2026-06-01", cwd=accepted.root)
    gate = isms(
        "diff",
        "HEAD",
        "--fail-on-increase",
        "--format",
        "markdown",
        "--lang",
        "en",
        cwd=accepted.root,
    )
    assert gate.code == 0, gate
    assert "| R-043 | 9 → 27 | 9 → 27 | medium → high | no | accept | 9 → 27 |" in gate.stdout
    assert "- R-043: acceptance recorded at 27 (Mayor, 2026-06-01)" in gate.stdout


def test_diff_shows_an_acceptance_alone_changing(accepted: GitRepo, isms) -> None:
    path = accepted.root / "registers/risks.yaml"
    text = path.read_text(encoding="utf-8")
    withdrawn = text.replace(
        "    accepted_by: Deputy Mayor\n    accepted_on: 2026-05-01\n    accepted_score: 9\n  - id: R-010",
        "  - id: R-010",
    )
    path.write_text(withdrawn, encoding="utf-8")
    payload = json.loads(isms("diff", "HEAD", "--format", "json", cwd=accepted.root).stdout)
    assert [item["id"] for item in payload["risks"]["changed"]] == ["R-043"]
    assert payload["risks"]["changed"][0]["accepted_score"] == [9, None]
    assert payload["acceptances"]["withdrawn"] == ["R-043"]
    path.write_text(
        text.replace(
            "accepted_on: 2026-05-01\n    accepted_score: 9\n  - id: R-010",
            "accepted_on: 2026-05-20\n    accepted_score: 9\n  - id: R-010",
        ),
        encoding="utf-8",
    )
    re_recorded = json.loads(isms("diff", "HEAD", "--format", "json", cwd=accepted.root).stdout)
    assert [item["id"] for item in re_recorded["risks"]["changed"]] == ["R-043"]
    assert re_recorded["acceptances"]["recorded"][0]["accepted_on"] == "2026-05-20"


def test_diff_sees_an_unbound_acceptance_left_behind_by_a_rise(tmp_path: Path, isms) -> None:
    repo = GitRepo(tmp_path / "isms")
    unbound = RISKS.replace("    accepted_score: 9\n  - id: R-010", "  - id: R-010")
    make_repo(repo.root, {"registers/assets.yaml": ASSETS, "registers/risks.yaml": unbound})
    repo.commit("Accepted before 1.1", "2026-05-01T17:00:00+09:00")
    raise_r043(repo)
    gate = isms("diff", "HEAD", "--fail-on-increase", "--lang", "ja", cwd=repo.root)
    assert gate.code == 1, gate
    assert "R-043: リスク値 9 で受容、現在 27: 受容の範囲を超えている" in gate.stdout


# --- isms approve -------------------------------------------------------------------------------


def soa_repo(tmp_path: Path) -> Path:
    return repo_with(tmp_path, records=SOA_RECORD)


def test_approve_records_version_approver_date_and_digest(tmp_path: Path, isms) -> None:
    root = soa_repo(tmp_path)
    result = isms("approve", "DOC-020", "--by", "CISO", "--on", "2026-05-01", cwd=root)
    assert result.code == 0, result
    text = (root / "registers/records.yaml").read_text(encoding="utf-8")
    assert (
        '    classification: Internal\n    version: "1"\n    approved_by: CISO\n    approved_on: 2026-05-01\n    content_digest: sha256:'
        in text
    )
    assert isms("check", "--strict", "--today", "2026-11-25", cwd=root).code == 0
    # a printed copy carries the digest of what it shows: the one the approval recorded
    recorded = text.split("content_digest: ", 1)[1].split("\n", 1)[0]
    assert f"| Content digest | `{recorded}` |" in isms("soa", "--lang", "en", cwd=root).stdout
    unchanged = isms("approve", "DOC-020", "--by", "CISO", cwd=root)
    assert unchanged.code == 0
    assert "nothing to approve" in unchanged.stdout
    assert (root / "registers/records.yaml").read_text(encoding="utf-8") == text


def test_a_changed_justification_makes_a_draft_and_approve_brings_it_back(
    tmp_path: Path, isms
) -> None:
    root = soa_repo(tmp_path)
    isms("approve", "DOC-020", "--by", "CISO", "--on", "2026-05-01", cwd=root)
    soa = (root / "registers/soa.yaml").read_text(encoding="utf-8")
    (root / "registers/soa.yaml").write_text(
        soa.replace("Decided in the risk assessment", "Required by the policy", 1), encoding="utf-8"
    )
    check = json.loads(isms("check", "--format", "json", "--today", "2026-11-25", cwd=root).stdout)
    assert [
        (f["rule"], f["severity"], f["file"], f["line"], f["column"]) for f in check["findings"]
    ] == [("document-changed-since-approval", "warning", "registers/records.yaml", 10, 21)]
    draft = isms("soa", "--lang", "en", cwd=root).stdout
    assert (
        "> **Draft** The content has changed since version 1 was approved (2026-05-01, CISO)."
        in draft
    )
    assert "| Version | 1 (Draft) |" in draft
    assert (
        "> **草案** この文書の内容は、第1版の承認" in isms("soa", "--lang", "ja", cwd=root).stdout
    )
    again = isms("approve", "DOC-020", "--by", "CISO", "--on", "2026-06-01", cwd=root)
    assert again.code == 0, again
    assert 'version: "2"' in (root / "registers/records.yaml").read_text(encoding="utf-8")
    approved = isms("soa", "--lang", "en", cwd=root).stdout
    assert "Draft" not in approved
    assert "| Version | 2 |" in approved
    assert "Classification: **Internal**" in approved


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (SOA_RECORD.replace("    renders: soa\n", ""), "renders no document"),
        (
            SOA_RECORD.replace("renders: soa", "renders: statement"),
            "which is no document isms renders",
        ),
        (SOA_RECORD.replace("kind: document", "kind: record"), "is of kind record"),
        (SOA_RECORD + '    version: "3"\n', None),  # --version 2 comes before 3
    ],
)
def test_approve_refuses_and_writes_nothing(
    tmp_path: Path, isms, record: str, message: str | None
) -> None:
    root = repo_with(tmp_path, records=record)
    before = (root / "registers/records.yaml").read_bytes()
    result = isms("approve", "DOC-020", "--by", "CISO", "--version", "2", cwd=root)
    assert result.code == 1, result
    assert "Nothing was written." in result.stderr
    assert message is None or message in result.stderr
    assert (root / "registers/records.yaml").read_bytes() == before


def test_approve_refuses_while_the_documents_registers_have_errors(tmp_path: Path, isms) -> None:
    root = make_repo(
        tmp_path,
        {
            "registers/assets.yaml": ASSETS,
            "registers/risks.yaml": RISKS,
            "registers/records.yaml": SOA_RECORD,
        },
        soa=soa_yaml(skip=["A.5.1"]),
    )
    before = (root / "registers/records.yaml").read_bytes()
    result = isms("approve", "DOC-020", "--by", "CISO", cwd=root)
    assert result.code == 1, result
    assert "registers/soa.yaml:1:1  error    soa-missing-control" in result.stderr
    assert (root / "registers/records.yaml").read_bytes() == before


def test_approve_of_an_unknown_record_is_a_usage_error(tmp_path: Path, isms) -> None:
    result = isms("approve", "DOC-02", "--by", "CISO", cwd=soa_repo(tmp_path))
    assert result.code == 2
    assert "did you mean 'DOC-020'" in result.stderr


def test_approve_dry_run_writes_nothing(tmp_path: Path, isms) -> None:
    root = soa_repo(tmp_path)
    before = (root / "registers/records.yaml").read_bytes()
    result = isms("approve", "DOC-020", "--by", "CISO", "--dry-run", cwd=root)
    assert result.code == 0, result
    assert "+    content_digest: sha256:" in result.stdout
    assert (root / "registers/records.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("previous", "following"),
    [(None, "1"), ("1", "2"), ("3", "4"), ("1.2", "1.3"), ("第3版", "第4版"), ("draft", None)],
)
def test_next_version(previous: str | None, following: str | None) -> None:
    assert next_version(previous) == following


def test_versions_compare_as_numbers() -> None:
    assert is_before("1.9", "1.10")
    assert is_before("2", "2.1")
    assert not is_before("2.0", "2")
    assert not is_before("第2版", "第3版")  # not dotted numbers: not compared


def test_a_malformed_digest_is_an_error(tmp_path: Path) -> None:
    record = (
        SOA_RECORD
        + '    version: "1"\n    approved_by: CISO\n    approved_on: 2026-05-01\n    content_digest: sha256:abc\n'
    )
    assert findings(repo_with(tmp_path, records=record)) == [
        ("document-digest-invalid", "error", 10, 21)
    ]


# --- git: versions, revision history, log -------------------------------------------------------


@pytest.fixture
def approved(tmp_path: Path, isms) -> GitRepo:
    """The SoA approved twice: version 1, then version 2 after a changed justification."""
    repo = GitRepo(tmp_path / "isms")
    make_repo(
        repo.root,
        {
            "registers/assets.yaml": ASSETS,
            "registers/risks.yaml": RISKS,
            "registers/records.yaml": SOA_RECORD,
        },
    )
    repo.commit("Registers", "2026-04-01T09:00:00+09:00")
    isms("approve", "DOC-020", "--by", "CISO", "--on", "2026-04-20", cwd=repo.root)
    repo.commit(
        "SoA version 1 approved by the committee",
        "2026-04-20T17:00:00+09:00",
        author="Ken Ito <ito@city.example>",
    )
    soa = (repo.root / "registers/soa.yaml").read_text(encoding="utf-8")
    repo.commit(
        "A.5.1 justified by the policy",
        "2026-05-10T09:00:00+09:00",
        {
            "registers/soa.yaml": soa.replace(
                "Decided in the risk assessment", "Required by the policy", 1
            )
        },
    )
    isms("approve", "DOC-020", "--by", "Deputy Mayor", "--on", "2026-05-20", cwd=repo.root)
    repo.commit("SoA version 2: A.5.1 justification", "2026-05-20T17:00:00+09:00")
    return repo


def test_revision_history_lists_the_approved_versions(approved: GitRepo, isms) -> None:
    text = isms("soa", "--lang", "en", cwd=approved.root).stdout
    history = text.split("## Revision history\n\n", 1)[1].split("\n\n", 1)[0]
    commits = [approved.git("rev-parse", rev)[:8] for rev in ("HEAD~2", "HEAD")]
    assert history.splitlines()[2:] == [
        f"| 1 | 2026-04-20 | CISO | SoA version 1 approved by the committee | `{commits[0]}` |",
        f"| 2 | 2026-05-20 | Deputy Mayor | SoA version 2: A.5.1 justification | `{commits[1]}` |",
    ]
    assert "A.5.1 justified by the policy" not in text  # a register commit is not a revision
    at_first = isms("soa", "--lang", "en", "--at", "2026-05-10", cwd=approved.root).stdout
    assert "| 2 |" not in at_first.split("## Scope", 1)[0]
    assert "the revision history lists the approvals up to then" in at_first
    assert "The content has changed since version 1 was approved" in at_first


def test_outside_git_the_history_is_the_current_approval(
    approved: GitRepo, tmp_path: Path, isms
) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(approved.root, copy, ignore=shutil.ignore_patterns(".git"))
    text = isms("soa", "--lang", "en", cwd=copy).stdout
    assert "| 2 | 2026-05-20 | Deputy Mayor | — | — |" in text
    assert "only the current approval is listed" in text


def test_log_of_a_document_shows_its_approvals(approved: GitRepo, isms) -> None:
    table = isms("log", "DOC-020", "--lang", "en", cwd=approved.root)
    assert table.code == 0, table
    lines = table.stdout.splitlines()
    assert lines[0] == "DOC-020: approved versions"
    assert lines[2].split()[:4] == ["2", "2026-05-20", "Deputy", "Mayor"]
    assert "SoA version 1 approved by the committee" in lines[3]
    payload = json.loads(isms("log", "DOC-020", "--format", "json", cwd=approved.root).stdout)
    assert [a["version"] for a in payload["approvals"]["DOC-020"]] == ["1", "2"]
    assert (
        payload["approvals"]["DOC-020"][0]["subject"] == "SoA version 1 approved by the committee"
    )
    assert [e["id"] for e in payload["entries"]] == ["DOC-020", "DOC-020", "DOC-020"]


def test_a_version_that_goes_back_is_an_error_in_git(approved: GitRepo, isms) -> None:
    path = approved.root / "registers/records.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('version: "2"', 'version: "1"'), encoding="utf-8"
    )
    check = json.loads(
        isms("check", "--format", "json", "--today", "2026-11-25", cwd=approved.root).stdout
    )
    backwards = [f for f in check["findings"] if f["rule"] == "document-version-backwards"]
    assert [(f["line"], f["column"]) for f in backwards] == [(7, 14)]
    assert "version 1 comes before version 2" in backwards[0]["message"]
    approved.commit("Back to 1", "2026-06-01T09:00:00+09:00")
    committed = json.loads(
        isms("check", "--format", "json", "--today", "2026-11-25", cwd=approved.root).stdout
    )
    assert any(f["rule"] == "document-version-backwards" for f in committed["findings"])


def test_a_certificate_cites_a_version_the_soa_had(approved: GitRepo, isms) -> None:
    certificate = (
        'certifications:\n  - {id: CERT-1, body: Certifier, soa: DOC-020, soa_version: "%s"}\n'
    )
    write_files(approved.root, {"registers/certifications.yaml": certificate % "1"})
    ok = isms("check", "--strict", "--today", "2026-11-25", cwd=approved.root)
    assert ok.code == 0, ok
    write_files(approved.root, {"registers/certifications.yaml": certificate % "1.5"})
    check = json.loads(
        isms("check", "--format", "json", "--today", "2026-11-25", cwd=approved.root).stdout
    )
    assert [f["rule"] for f in check["findings"]] == ["certification-soa"]
    assert check["findings"][0]["severity"] == Severity.ERROR.value
    # A version before the first one git holds was approved before the repository: taken at its word.
    write_files(approved.root, {"registers/certifications.yaml": certificate % "0.9"})
    earlier = isms("check", "--strict", "--today", "2026-11-25", cwd=approved.root)
    assert earlier.code == 0, earlier


# --- the SoA lists the organisation's own controls ---------------------------------------------


def test_own_controls_follow_annex_a_in_the_soa(tmp_path: Path, isms) -> None:
    controls = (
        "controls:\n  - {id: ORG-01, title: Export approval}\n  - {id: ORG-02, title: Log review}\n"
    )
    soa = (
        soa_yaml()
        + "  - {control: ORG-01, applicable: true, justification: Exports need two signatures, status: partial}\n"
    )
    root = make_repo(
        tmp_path,
        {
            "registers/assets.yaml": ASSETS,
            "registers/risks.yaml": RISKS,
            "registers/controls.yaml": controls,
        },
        soa=soa,
    )
    check = json.loads(isms("check", "--format", "json", "--today", "2026-11-25", cwd=root).stdout)
    assert [(f["rule"], f["file"], f["line"]) for f in check["findings"]] == [
        ("soa-missing-control", "registers/soa.yaml", 1)
    ]
    assert "ORG-02 (Log review)" in check["findings"][0]["message"]
    decided = soa + "  - {control: ORG-02, applicable: false, justification: No logs kept}\n"
    write_files(root, {"registers/soa.yaml": decided})
    text = isms("soa", "--lang", "en", cwd=root).stdout
    own = text.split("\n## Organisation's own controls\n", 1)[1]
    assert (
        "| ORG-01 | Export approval | Yes | Exports need two signatures | — | Partially implemented | — |"
        in own
    )
    assert "| ORG-02 | Log review |" in own


def test_risk_add_with_an_acceptance_binds_it_to_the_score(tmp_path: Path, isms) -> None:
    root = repo_with(tmp_path)
    result = isms(
        "risk",
        "add",
        "--asset",
        "A-001",
        "--threat",
        "T-01",
        "--vulnerability",
        "2",
        "--treatment",
        "accept",
        "--owner",
        "Manager",
        "--accepted-by",
        "Deputy Mayor",
        "--accepted-on",
        "2026-06-01",
        cwd=root,
    )
    assert result.code == 0, result
    assert "    accepted_on: 2026-06-01\n    accepted_score: 6\n" in (
        root / "registers/risks.yaml"
    ).read_text(encoding="utf-8")


def test_the_accepted_score_goes_through_spreadsheets(tmp_path: Path, isms) -> None:
    root = repo_with(tmp_path)
    exported = isms("export", "risks", "--lang", "en", "--format", "csv", cwd=root)
    assert exported.code == 0, exported
    header, first = exported.stdout.lstrip("\ufeff").splitlines()[:2]
    assert "Accepted score" in header.split(",")
    assert first.split(",")[header.split(",").index("Accepted score")] == "9"
    sheet = tmp_path / "risks.csv"
    sheet.write_text(
        exported.stdout.replace("2026-05-01,9,", "2026-05-01,10,", 1), encoding="utf-8"
    )
    imported = isms("import", "risks", str(sheet), cwd=root)
    assert imported.code == 0, imported
    assert "accepted_score: 10\n" in (root / "registers/risks.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            SOA_RECORD.replace("renders: soa", "renders: statement"),
            [("document-renders", "error", 5, 14)],
        ),
        (
            SOA_RECORD.replace("kind: document", "kind: record"),
            [("document-renders", "error", 5, 14)],
        ),
        (
            SOA_RECORD + SOA_RECORD.replace("DOC-020", "DOC-021").replace("records:\n", ""),
            [("document-renders", "error", 10, 14)],
        ),
        (
            SOA_RECORD + "    approved_by: CISO\n    approved_on: 2026-05-01\n",
            [("document-approval-unbound", "warning", 7, 18)],
        ),
        (
            SOA_RECORD + "    content_digest: " + "sha256:" + "0" * 64 + "\n",
            [("document-changed-since-approval", "warning", 7, 21)],
        ),
    ],
)
def test_document_record_rules(
    tmp_path: Path, record: str, expected: list[tuple[str, str, int, int]]
) -> None:
    assert findings(repo_with(tmp_path, records=record)) == expected
