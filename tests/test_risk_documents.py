"""The three documents a stage-1 review reads first: risk assessment (6.1.2, 8.2), risk treatment
plan (6.1.3 e, 8.3) and SoA (6.1.3 d), on small repositories of both methods, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import GitRepo, make_repo, soa_yaml

ATV_CONFIG = """\
organization: Test City
language: en
scope: The resident registry service.
risk:
  acceptance: 8
  acceptance_authority: Deputy Mayor
  levels:
    - {name: low, max: 8}
    - {name: medium, max: 18, authority: Director of Citizens Services}
    - {name: high, max: 27, color: "#d32f2f"}
  criteria:
    confidentiality:
      - {level: 3, name: high, meaning: Residents' personal data}
      - {level: 2, name: medium, meaning: Internal information}
      - {level: 1, name: low, meaning: Public information}
"""

ATV_REGISTERS = """\
assets:
  - {id: A-1, name: Resident records, class: information, owner: Citizens, confidentiality: 3, integrity: 3, availability: 2}
threats:
  - {id: T-1, name: Unauthorised access, frequency: 2}
  - {id: T-2, name: Fire, frequency: 1}
risks:
  - id: R-1
    asset: A-1
    threat: T-1
    scenario: A clerk looks up a neighbour's record
    vulnerability: 3
    existing_controls: [A.5.15]
    treatment: reduce
    controls: [A.8.16, A.8.5]
    residual_vulnerability: 1
    owner: Citizens Manager
    due: 2027-03-31
    plan_approved_on: 2026-05-01
    accepted_by: Citizens Manager
    accepted_on: 2026-05-01
    actions:
      - {id: R-1-1, control: A.8.16, action: Alert on bulk look-ups, owner: IT Officer, resources: Log server contract, due: 2026-06-30}
  - {id: R-2, asset: A-1, threat: T-2, vulnerability: 3, treatment: accept, owner: Facilities Manager, accepted_by: Director of Citizens Services, accepted_on: 2026-05-01}
  - {id: R-3, asset: A-1, threat: T-1, vulnerability: 2, treatment: avoid, residual_vulnerability: 1, residual_frequency: 1, owner: Citizens Manager}
  - {id: R-4, asset: A-1, threat: T-1, vulnerability: 2, frequency: 3, treatment: transfer, residual_frequency: 1, owner: IT Manager, accepted_by: Mayor, accepted_on: 2026-05-01}
  - {id: R-5, asset: A-1, threat: T-2, vulnerability: 1, treatment: accept, owner: Facilities Manager}
"""

LI_CONFIG = """\
organization: テスト市
language: ja
scope: 住民基本台帳事務
risk:
  method: likelihood-impact
  acceptance: 6
  acceptance_authority: 副市長
"""

LI_REGISTERS = """\
risks:
  - {id: R-1, name: 住民記録の漏えい, likelihood: 4, impact: 5, treatment: reduce, controls: [A.8.5], residual_likelihood: 1, owner: 市民課長}
  - {id: R-2, name: 庁舎の浸水, likelihood: 2, impact: 4, treatment: accept, owner: 南支所長, accepted_by: 副市長, accepted_on: 2026-05-01}
  - {id: R-3, name: 窓口の混雑, likelihood: 2, impact: 2, treatment: accept, owner: 市民課長}
"""


def atv_repo(root: Path) -> Path:
    soa = soa_yaml(skip=["A.8.16"]) + (
        "  - {control: A.8.16, applicable: true, justification: Required by R-1, status: planned}\n"
    )
    return make_repo(root, {"registers/core.yaml": ATV_REGISTERS}, config=ATV_CONFIG, soa=soa)


def li_repo(root: Path) -> Path:
    return make_repo(root, {"registers/core.yaml": LI_REGISTERS}, config=LI_CONFIG)


def table_rows(text: str, heading: str) -> list[str]:
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]


# --- risk assessment report (6.1.2, 8.2) ---------------------------------------------------------


def test_assessment_states_every_level_of_every_scale_and_the_authority(tmp_path: Path, isms) -> None:
    result = isms("report", "risk-assessment", cwd=atv_repo(tmp_path))
    assert result.code == 0, result
    text = result.stdout
    assert "| Who may accept a risk above the criteria | Deputy Mayor |" in text
    for scale in ("confidentiality", "integrity", "availability"):
        section = text.split(f"Asset value ({scale})", 1)[1].split("###", 1)[0]
        assert [line.split("|")[1].strip() for line in section.splitlines() if re.match(r"\| \d", line)] == ["3", "2", "1"]
    assert "| 3 | high | Residents' personal data |" in text  # the organisation's own words
    assert "| 3 | High | If compromised, serious harm" in text  # integrity: a default that reads well
    for scale in ("Frequency", "Vulnerability"):
        assert f"### 2.4 {scale}" in text or f"### 2.5 {scale}" in text
    assert "| medium | 9–18 | — | Above the criteria (to be treated) | Director of Citizens Services |" in text
    assert "| high | 19–27 | — | Above the criteria (to be treated) | Deputy Mayor |" in text
    assert "general descriptions" in result.stderr  # the hint goes to the terminal
    assert "risk.criteria" not in text


def test_assessment_lists_each_risk_with_owner_scenario_existing_controls_and_date(
    tmp_path: Path, isms
) -> None:
    text = isms("report", "risk-assessment", cwd=atv_repo(tmp_path)).stdout
    rows = table_rows(text, "## 6 Risks")
    assert len(rows) == 1 + 5  # the header and one row per risk
    r1 = next(row for row in rows if row.startswith("| R-1 |"))
    assert "| Citizens Manager |" in r1
    assert "A clerk looks up a neighbour's record" in r1
    assert "| A.5.15 |" in r1
    assert "| 18 | medium | No | Reduce | 6 |" in r1
    assert "Risks with no recorded assessment date show —" in text  # not in git, no assessed_on


def test_heat_maps_count_every_risk_by_level_including_vulnerability(tmp_path: Path, isms) -> None:
    text = isms("report", "risk-assessment", cwd=atv_repo(tmp_path)).stdout
    # V 3, frequency 2 × vulnerability 3 = 6 → 18 medium; residual 3 × 2 × 1 = 6 low.
    initial = text.split("### 5.2 Heat map: Initial risk", 1)[1].split("###", 1)[0]
    assert "| Asset value \\ Frequency × vulnerability | 1 | 2 | 3 | 4 | 6 | 9 |" in initial
    assert "| 3 | 1 (low) | 0 (low) | 1 (medium) | 1 (medium) | 2 (medium) | 0 (high) |" in initial
    assert "Legend: low (1–8) 1, medium (9–18) 4, high (19–27) 0 (5 in all)" in initial
    residual = text.split("### 5.3 Heat map: Residual risk", 1)[1].split("###", 1)[0]
    assert "Legend: low (1–8) 4, medium (9–18) 1, high (19–27) 0 (5 in all)" in residual
    by_level = table_rows(text, "### 5.1 Risks by level")
    assert "| medium | 9–18 | 4 | 1 |" in by_level


def test_output_file_writes_the_heat_maps_as_svg_files_next_to_it(tmp_path: Path, isms) -> None:
    root = atv_repo(tmp_path)
    (root / "docs").mkdir()
    result = isms("report", "risk-assessment", "-o", "docs/ra.md", cwd=root)
    assert result.code == 0, result
    markdown = (root / "docs/ra.md").read_text(encoding="utf-8")
    assert "![Initial risk heat map (5 risks)](ra.initial.svg)" in markdown
    assert "![Residual risk heat map (5 risks)](ra.residual.svg)" in markdown
    svg = (root / "docs/ra.initial.svg").read_text(encoding="utf-8")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'fill="#d32f2f"' in svg  # the colour isms.yaml gives the high band
    assert "medium (9–18) 4" in svg
    assert "<svg" not in isms("report", "risk-assessment", cwd=root).stdout  # no inline SVG
    checked = isms("report", "risk-assessment", "--check", "docs/ra.md", cwd=root)
    assert checked.code == 0, checked
    (root / "docs/ra.residual.svg").write_text("<svg/>", encoding="utf-8")
    stale = isms("report", "risk-assessment", "--check", "docs/ra.md", cwd=root)
    assert stale.code == 1
    assert "docs/ra.residual.svg is out of date: run 'isms report risk-assessment --output docs/ra.md'" in stale.stderr


def test_likelihood_impact_in_japanese(tmp_path: Path, isms) -> None:
    result = isms("report", "risk-assessment", cwd=li_repo(tmp_path))
    assert result.code == 0, result
    text = result.stdout
    for scale in ("起こりやすさ", "影響度"):
        section = text.split(f"### 2.{1 if scale == '起こりやすさ' else 2} {scale}", 1)[1].split("###", 1)[0]
        assert len([line for line in section.splitlines() if re.match(r"\| \d", line)]) == 5
    assert "| 受容基準を超えるリスクを受容できる者 | 副市長 |" in text
    assert "| 起こりやすさ \\ 影響度 | 1 | 2 | 3 | 4 | 5 |" in text
    assert "性質別の評価" not in text  # one impact rating: no view by property
    assert "| 受容可能 | 1〜6 |" in text  # no bands in isms.yaml: acceptable and above


# --- risk treatment plan (6.1.3 e, f, 8.3) -------------------------------------------------------


@pytest.mark.parametrize("repo", [atv_repo, li_repo])
def test_plan_names_every_risk_above_acceptance_with_owner_and_acceptance(
    tmp_path: Path, isms, repo
) -> None:
    root = repo(tmp_path)
    result = isms("report", "risk-treatment-plan", "--lang", "en", "--today", "2026-11-25", cwd=root)
    assert result.code == 0, result
    evaluation = isms("risk", "evaluate", "--format", "json", cwd=root).stdout
    above = re.findall(r'"id": "(R-\d+)"[^\n]*"acceptable": false', evaluation)
    rows = table_rows(result.stdout, "## 2 Treatment and approval of each risk")[1:]
    assert sorted(row.split(" | ")[0][2:] for row in rows) == sorted(above)
    for row in rows:
        owner = row.split(" | ")[1]
        assert owner != "—"
    accepted = next(row for row in rows if "Retain (accept)" in row)
    assert re.search(r"(Director of Citizens Services|副市長) 2026-05-01 \|$", accepted)


def test_plan_shows_actions_progress_and_a_target_until_the_controls_are_in(tmp_path: Path, isms) -> None:
    text = isms("report", "risk-treatment-plan", "--today", "2026-11-25", cwd=atv_repo(tmp_path)).stdout
    rows = table_rows(text, "## 2 Treatment and approval of each risk")
    r1 = next(row for row in rows if row.startswith("| R-1 |"))
    # A.8.16 is planned in the SoA: the current score is the initial one, the residual a target.
    assert "| 18 (medium) | 18 | 6 (low) † | Citizens Manager 2026-05-01 | Citizens Manager 2026-05-01 |" in r1
    r3 = next(row for row in rows if row.startswith("| R-3 |"))
    assert "| Avoid |" in r3
    assert r3.endswith("| not approved | not accepted |")
    r4 = next(row for row in rows if row.startswith("| R-4 |"))
    assert "Mayor 2026-05-01 (who may accept: Deputy Mayor)" not in r4  # residual 6: within criteria
    work = table_rows(text, "## 3 Implementation: controls and actions")
    assert "| R-1 | A.8.16 Monitoring activities | Alert on bulk look-ups | IT Officer | Log server contract | 2026-06-30 | Not started (overdue) |" in work
    assert "| R-1 | A.8.5 Secure authentication | Implement the control (progress as the SoA records it) | Citizens Manager | — | 2027-03-31 | In progress |" in work
    assert "| R-2 | — | Retained without further treatment |" in "\n".join(work)


def test_plan_flags_acceptance_by_someone_without_the_authority(tmp_path: Path, isms) -> None:
    registers = ATV_REGISTERS.replace(
        "residual_frequency: 1, owner: IT Manager", "owner: IT Manager"
    )  # R-4's residual stays 18: above the criteria, accepted by the Mayor
    root = make_repo(tmp_path, {"registers/core.yaml": registers}, config=ATV_CONFIG)
    text = isms("report", "risk-treatment-plan", "--today", "2026-11-25", cwd=root).stdout
    r4 = next(row for row in table_rows(text, "## 2 ") if row.startswith("| R-4 |"))
    assert "Mayor 2026-05-01 (who may accept: Director of Citizens Services)" in r4


# --- assessment dates from git (8.2) -------------------------------------------------------------


def test_assessment_date_is_the_last_change_of_the_ratings_in_git(tmp_path: Path, isms) -> None:
    repo = GitRepo(tmp_path / "git")
    make_repo(repo.root, {"registers/core.yaml": ATV_REGISTERS}, config=ATV_CONFIG)
    repo.commit("Risk assessment", "2026-04-01T09:00:00+09:00")
    core = repo.root / "registers/core.yaml"
    text = core.read_text(encoding="utf-8")
    repo.commit("New owner for R-2", "2026-05-10T09:00:00+09:00",
                {"registers/core.yaml": text.replace("owner: Facilities Manager, accepted_by: Director", "owner: Facilities Chief, accepted_by: Director")})  # fmt: skip
    text = core.read_text(encoding="utf-8")
    repo.commit("Re-rate R-3", "2026-06-20T09:00:00+09:00",
                {"registers/core.yaml": text.replace("vulnerability: 2, treatment: avoid", "vulnerability: 3, treatment: avoid")})  # fmt: skip
    report = isms("report", "risk-assessment", cwd=repo.root).stdout
    rows = table_rows(report, "## 6 Risks")
    assert next(row for row in rows if row.startswith("| R-2 |")).endswith("| 2026-04-01* |")
    assert next(row for row in rows if row.startswith("| R-3 |")).endswith("| 2026-06-20* |")
    assert "Dates marked * are not recorded with the risk" in report
    dated = ATV_REGISTERS.replace("owner: Facilities Manager, accepted_by: Director", "owner: Facilities Manager, assessed_on: 2026-03-15, accepted_by: Director")
    repo.commit("Record the assessment date", "2026-07-01T09:00:00+09:00", {"registers/core.yaml": dated})
    rows = table_rows(isms("report", "risk-assessment", cwd=repo.root).stdout, "## 6 Risks")
    assert next(row for row in rows if row.startswith("| R-2 |")).endswith("| 2026-03-15 |")


# --- Statement of Applicability (6.1.3 d) --------------------------------------------------------


def test_soa_names_what_requires_each_control(tmp_path: Path, isms) -> None:
    soa = soa_yaml(skip=["A.5.31"]) + (
        "  - control: A.5.31\n    applicable: true\n    justification: 法令を遵守するため\n"
        "    requirements: [住民基本台帳法, 番号法]\n    status: partial\n"
    )
    root = make_repo(tmp_path, {"registers/core.yaml": ATV_REGISTERS}, config=ATV_CONFIG.replace("language: en", "language: ja"), soa=soa)
    text = isms("soa", cwd=root).stdout
    assert "| A.8.16 | 監視活動 | 適用 | Decided in the risk assessment | リスク対応：R-1 |" in text
    assert "| A.5.15 | アクセス制御 | 適用 | Decided in the risk assessment | 既存の管理策として評価したリスク：R-1 |" in text
    assert "| 要求事項：住民基本台帳法、番号法 | 一部実施 |" in text
    # In Japanese, no English word of the tool's own: only ids and what the registers say.
    own_words = text.replace("Decided in the risk assessment", "")
    body = own_words.split("\n## 適用範囲\n", 1)[1].split("\n## ", 1)[1]  # after the scope statement
    assert re.findall(r"\b[A-Za-z]{2,}\b", re.sub(r"\b(A\.\d+\.\d+|R-\d+|ID)\b", "", body)) == []
