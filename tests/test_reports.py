"""isms report NAME: every report renders for the example in both languages, byte-stable."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import make_repo, write_files

PROJECT = Path(__file__).resolve().parents[1]
REPORTS = {
    "risk-assessment": ("# リスクアセスメント報告書", "# Risk assessment report"),
    "risk-treatment-plan": ("# リスク対応計画", "# Risk treatment plan"),
    "assets": ("# 情報資産台帳", "# Information asset inventory"),
    "records": ("# 文書・記録管理台帳", "# Register of documents and records"),
    "scope": ("# ISMS適用範囲", "# ISMS scope"),
    "internal-audit": ("# 内部監査報告書", "# Internal audit report"),
    "management-review": ("# マネジメントレビュー インプット資料", "# Management review input"),
    "readiness": (
        "# 認証審査に向けた文書化した情報の準備状況",
        "# Certification readiness: documented information",
    ),
    "audit-programme": ("# 内部監査プログラム", "# Internal audit programme"),
    "context": (
        "# 組織の状況：外部及び内部の課題並びに利害関係者",
        "# The context of the organisation: issues and interested parties",
    ),
    "roles": (
        "# 役割、力量、認識及びコミュニケーション",
        "# Roles, competence, awareness and communication",
    ),
    "objectives": (
        "# 情報セキュリティ目的並びに監視及び測定",
        "# Information security objectives, monitoring and measurement",
    ),
    "changes": ("# ISMSの変更の計画", "# Planned changes to the ISMS"),
}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_report_renders_in_both_languages(isms, name: str) -> None:
    japanese, english = REPORTS[name]
    ja = isms("report", name, cwd=PROJECT)
    assert ja.code == 0, ja
    assert ja.stdout.startswith(japanese + "\n")
    en = isms("report", name, "--lang", "en", cwd=PROJECT)
    assert en.stdout.startswith(english + "\n")
    assert isms("report", name, cwd=PROJECT).stdout == ja.stdout  # byte-stable


def test_example_is_ready_for_certification(isms) -> None:
    text = isms("report", "readiness", "--lang", "en", "--today", "2026-11-25", cwd=PROJECT).stdout
    assert "All 23 items answer their clauses." in text
    table = text.split("All 23 items answer their clauses.")[1]  # after the revision history
    assert table.count(" | ok | ") == 23


def test_example_reports_have_a_year_of_content(isms) -> None:
    today = ("--today", "2026-11-25")
    audit = isms("report", "internal-audit", *today, cwd=PROJECT).stdout
    assert "| 監査番号 | IA-2026-04 |" in audit
    assert "軽微な不適合" in audit
    review = isms("report", "management-review", *today, cwd=PROJECT).stdout
    for letter in "abcdefg":
        assert f"\n## {letter}) " in review
    assert "| MR-2026 |" in review
    scope = isms("report", "scope", *today, cwd=PROJECT).stdout
    assert "| SHIMIN | 市民課 |" in scope


def test_risk_assessment_report_content(isms) -> None:
    text = isms("report", "risk-assessment", "--lang", "en", cwd=PROJECT).stdout
    assert "| Acceptance level | A risk is acceptable when its score is at most 8. |" in text
    assert "<svg" not in text  # images are files next to the Markdown (with --output)
    assert "| R-031 | 市民課長 | A-015 " in text  # the highest risk first, with its owner


def test_treatment_plan_lists_controls_with_their_status(tmp_path: Path, isms) -> None:
    repo = make_repo(
        tmp_path,
        {
            "registers/r.yaml": """\
assets:
  - {id: A-1, name: Records, class: information, owner: O, confidentiality: 3, integrity: 3, availability: 3}
threats:
  - {id: T-1, name: Leak, frequency: 3}
risks:
  - {id: R-1, asset: A-1, threat: T-1, vulnerability: 2, treatment: reduce, controls: [A.8.5], residual_vulnerability: 1, owner: Chief, due: 2027-03-31}
  - {id: R-2, asset: A-1, threat: T-1, vulnerability: 1, treatment: accept, owner: Chief, accepted_by: Mayor, accepted_on: 2026-01-01}
"""
        },
    )
    text = isms(
        "report", "risk-treatment-plan", "--lang", "en", "--today", "2026-11-25", cwd=repo
    ).stdout
    assert (
        "| R-1 | Chief | A-1 Records<br>T-1 Leak | Reduce | 18 (medium) | 18 | 9 (medium) † | not approved | not accepted |"
        in text
    )
    assert (
        "| R-1 | A.8.5 Secure authentication | Implement the control (progress as the SoA records it) | Chief | — | 2027-03-31 | In progress |"
        in text
    )
    assert (
        "| R-2 | Chief | A-1 Records<br>T-1 Leak | Retain (accept) | 9 (medium) | 9 | 9 (medium) | not approved | Mayor 2026-01-01 |"
        in text
    )


def test_unknown_report_is_a_usage_error(isms) -> None:
    result = isms("report", "nope", cwd=PROJECT)
    assert result.code == 2
    assert "risk-assessment" in result.stderr


def test_reports_use_repository_templates_and_check(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path)
    write_files(
        repo, {"templates/report-assets.md.j2": "{{ doc.title }}: {{ data.assets | length }}\n"}
    )
    assert (
        isms("report", "assets", "--lang", "en", cwd=repo).stdout
        == "Information asset inventory: 1\n"
    )
    target = repo / "assets.md"
    assert isms("report", "assets", "--output", str(target), cwd=repo).code == 0
    assert isms("report", "assets", "--check", str(target), cwd=repo).code == 0
    target.write_text("edited by hand\n", encoding="utf-8")
    stale = isms("report", "assets", "--check", str(target), cwd=repo)
    assert stale.code == 1
    assert f"run 'isms report assets --output {target}'" in stale.stderr


def test_the_cli_lists_every_report() -> None:
    from ismskit.cli.documents import REPORT_NAMES
    from ismskit.documents.reports import REPORTS

    assert set(REPORT_NAMES) == set(REPORTS)


def test_readiness_reads_approvals_and_acceptances(tmp_path: Path, isms) -> None:
    """A document changed since its approval, and an acceptance outdated by a rise, need attention."""
    import json
    import shutil

    project = Path(__file__).resolve().parents[1]
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy(project / "isms.yaml", root / "isms.yaml")
    shutil.copytree(project / "registers", root / "registers")
    soa = root / "registers" / "soa.yaml"
    soa.write_text(
        soa.read_text(encoding="utf-8").replace("必要があるため。", "必要がある。", 1),
        encoding="utf-8",
    )
    risks = root / "registers" / "risks" / "shisho-kita.yaml"
    text = risks.read_text(encoding="utf-8")
    start = text.index("id: R-043")
    bumped = text[start:].replace("vulnerability: 1", "vulnerability: 3", 1)
    risks.write_text(text[:start] + bumped, encoding="utf-8")
    result = isms(
        "report", "readiness", "--format", "json", "--lang", "en", "--today", "2026-12-04", cwd=root
    )
    items = {item["clause"]: item for item in json.loads(result.stdout)["items"]}
    assert items["7.5"]["status"] == "attention"
    assert "changed since approval" in items["7.5"]["detail"]
    assert items["6.1.3 e)"]["status"] == "attention"
    assert "no longer covers" in items["6.1.3 e)"]["detail"]


def test_readiness_counts_the_accepted_risks_beside_the_treated_and_checks_who_accepted(
    tmp_path: Path, isms
) -> None:
    """Above the criteria, every risk is either treated or accepted: the report says how many of
    each; an acceptance by someone the criteria do not name needs attention."""
    import json
    import shutil

    project = Path(__file__).resolve().parents[1]
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy(project / "isms.yaml", root / "isms.yaml")
    shutil.copytree(project / "registers", root / "registers")

    def item() -> dict[str, str]:
        result = isms("report", "readiness", "-f", "json", "--lang", "en", "--today", "2026-12-04",
                      cwd=root)  # fmt: skip
        items = {entry["clause"]: entry for entry in json.loads(result.stdout)["items"]}
        found: dict[str, str] = items["6.1.3 e)"]
        return found

    first = item()
    assert first["status"] == "ok"
    assert "51 risks above the acceptance criteria: 48 treated" in first["detail"]
    assert "3 accepted with the acceptance recorded" in first["detail"]
    config = root / "isms.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("acceptance_authority: 副市長（最高情報セキュリティ責任者）",
                                   "acceptance_authority: 市長"), encoding="utf-8")  # fmt: skip
    assert item()["status"] == "attention"
