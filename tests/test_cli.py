"""The command surface of the contract, run in process on repositories built in tmp_path."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from helpers import BASE_CONFIG, make_repo, soa_yaml, write_files
from ismskit import __version__

RISKS = """\
assets:
  - {id: A-001, name: 住民基本台帳データ, class: information, owner: 市民課, confidentiality: 3, integrity: 3, availability: 2}
  - {id: A-002, name: 窓口端末, class: physical, owner: 市民課, confidentiality: 1, integrity: 1, availability: 2}
threats:
  - {id: T-01, name: 不正アクセス, frequency: 2, affects: [confidentiality, integrity]}
  - {id: T-02, name: 火災, frequency: 1}
risks:
  - {id: R-001, asset: A-001, threat: T-01, vulnerability: 3, treatment: reduce, controls: [A.8.5], residual_vulnerability: 1, owner: 市民課長}
  - {id: R-002, asset: A-002, threat: T-02, vulnerability: 2, treatment: accept, owner: 市民課長}
  - {id: R-003, asset: A-001, threat: T-02, vulnerability: 2, treatment: accept, owner: 市民課長, accepted_by: 副市長, accepted_on: 2026-05-01}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "isms", {"registers/risks.yaml": RISKS})


def test_version(tmp_path: Path, isms) -> None:
    result = isms("--version", cwd=tmp_path)
    assert (result.code, result.stdout.strip()) == (0, f"isms {__version__}"), result


def test_help_lists_the_commands(tmp_path: Path, isms) -> None:
    result = isms("--help", cwd=tmp_path)
    assert result.code == 0, result
    for command in ("check", "risk", "soa"):
        assert command in result.stdout


def test_no_repository_is_a_usage_error(tmp_path: Path, isms) -> None:
    result = isms("check", cwd=tmp_path)
    assert result.code == 2, result
    assert "isms.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_repo_option_names_the_repository(tmp_path: Path, repo: Path, isms) -> None:
    assert isms("--repo", str(repo), "check", cwd=tmp_path).code == 0
    result = isms("--repo", str(tmp_path), "check", cwd=tmp_path)
    assert result.code == 2, result


def test_repository_found_from_a_subfolder(repo: Path, isms) -> None:
    result = isms("check", "--format", "json", cwd=repo / "registers")
    assert result.code == 0, result
    assert json.loads(result.stdout) == {"findings": []}


def test_unknown_option_is_a_usage_error(repo: Path, isms) -> None:
    assert isms("check", "--format", "xml", cwd=repo).code == 2
    assert isms("check", "--today", "25/11/2026", cwd=repo).code == 2
    assert isms("frobnicate", cwd=repo).code == 2


def test_check_json_follows_the_contract(repo: Path, isms) -> None:
    (repo / "registers/risks.yaml").write_text(
        RISKS.replace("owner: 市民課長}", "owner: ''}", 1), encoding="utf-8"
    )
    result = isms("check", "--format", "json", cwd=repo)
    assert result.code == 1, result
    findings = json.loads(result.stdout)["findings"]
    assert findings == [
        {
            "severity": "error",
            "rule": "risk-owner",
            "file": "registers/risks.yaml",
            "line": 8,
            "column": findings[0]["column"],
            "message": findings[0]["message"],
        }
    ]
    line = RISKS.splitlines()[7]
    assert findings[0]["column"] == line.index("owner: 市民課長}") + len("owner: ") + 1


def test_check_text_groups_by_file_and_summarises(repo: Path, isms) -> None:
    write_files(repo, {"registers/extra.yaml": "assts: []\n"})
    result = isms("check", cwd=repo)
    assert result.code == 1, result
    lines = result.stdout.splitlines()
    assert lines[0] == "registers/extra.yaml"
    assert lines[1].startswith("  registers/extra.yaml:1:1  error    unknown-register  ")
    assert lines[-1] == "1 error, 0 warnings in 1 file (4 files checked)."


def test_warnings_exit_zero_unless_strict(repo: Path, isms) -> None:
    write_files(repo, {"registers/reviews.yaml": "reviews:\n  - {id: MR-1, date: 2024-06-01}\n"})
    assert isms("check", "--today", "2026-11-25", cwd=repo).code == 0
    strict = isms("check", "--strict", "--today", "2026-11-25", cwd=repo)
    assert strict.code == 1, strict
    assert "review-overdue" in strict.stdout
    # A year earlier the review is not overdue (the risk's acceptance, given since, is later).
    early = isms("check", "--strict", "--today", "2025-01-01", cwd=repo).stdout
    assert "review-overdue" not in early


def test_github_and_sarif_formats(repo: Path, isms) -> None:
    write_files(repo, {"registers/extra.yaml": "assts: []\n"})
    github = isms("check", "--format", "github", cwd=repo)
    assert github.code == 1
    summary, first = github.stdout.splitlines()[:2]
    assert summary.startswith("::error title=isms check::1 error")
    assert first.startswith(
        "::error file=registers/extra.yaml,line=1,col=1,title=unknown-register::"
    )
    sarif = json.loads(isms("check", "--format", "sarif", cwd=repo).stdout)
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "unknown-register"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 1,
    }


def test_risk_evaluate_json_follows_the_contract(repo: Path, isms) -> None:
    result = isms("risk", "evaluate", "--format", "json", cwd=repo)
    assert result.code == 0, result
    payload = json.loads(result.stdout)
    by_id = {risk["id"]: risk for risk in payload["risks"]}
    assert by_id["R-001"] == by_id["R-001"] | {
        "asset": "A-001",
        "threat": "T-01",
        "score": 18,
        "residual_score": 6,
        "level": "medium",
        "acceptable": False,
        "treatment": "reduce",
    }
    assert (by_id["R-002"]["score"], by_id["R-002"]["level"]) == (4, "low")  # 2 × 1 × 2
    assert by_id["R-003"]["score"] == 6  # V = max(3, 3, 2) over all properties, 3 × 1 × 2
    assert [risk["id"] for risk in payload["risks"]] == ["R-001", "R-003", "R-002"]
    assert payload["summary"]["total"] == 3
    assert payload["summary"]["above_acceptance"] == 1


def test_risk_evaluate_level_is_null_without_bands(tmp_path: Path, isms) -> None:
    config = "organization: X\nscope: Y\nrisk:\n  acceptance: 8\n"
    repo = make_repo(tmp_path, {"registers/risks.yaml": RISKS}, config=config)
    payload = json.loads(isms("risk", "evaluate", "--format", "json", cwd=repo).stdout)
    assert {risk["level"] for risk in payload["risks"]} == {None}


def test_risk_evaluate_sum_method_and_per_property_scales(tmp_path: Path, isms) -> None:
    config = BASE_CONFIG.replace(
        "risk:\n",
        "risk:\n  asset_value: sum\n  scales:\n    value: {confidentiality: 4, integrity: 2, availability: 2}\n",
    )
    repo = make_repo(
        tmp_path,
        {"registers/risks.yaml": RISKS.replace("integrity: 3", "integrity: 2")},
        config=config,
    )
    payload = json.loads(isms("risk", "evaluate", "--format", "json", cwd=repo).stdout)
    by_id = {risk["id"]: risk for risk in payload["risks"]}
    assert by_id["R-001"]["score"] == (3 + 2) * 2 * 3
    assert by_id["R-002"]["score"] == (1 + 1 + 2) * 1 * 2


def test_risk_evaluate_other_formats(repo: Path, isms) -> None:
    output = isms("risk", "evaluate", "-f", "csv", cwd=repo).stdout
    assert output.startswith("\ufeffid,asset,asset_name,")  # a BOM, for Excel
    rows = list(csv.DictReader(io.StringIO(output.removeprefix("\ufeff"))))
    assert [row["id"] for row in rows] == ["R-001", "R-003", "R-002"]
    assert rows[0]["asset_name"] == "住民基本台帳データ"
    assert rows[0]["acceptable"] == "false"
    markdown = isms("risk", "evaluate", "--format", "markdown", "--lang", "ja", cwd=repo).stdout
    assert markdown.startswith("# リスクアセスメント\n")
    assert "| R-001 | A-001 住民基本台帳データ | T-01 不正アクセス |" in markdown
    table = isms("risk", "evaluate", cwd=repo)
    assert table.code == 0, table
    assert "R-001" in table.stdout
    assert "住民基本台帳データ" in table.stdout


def test_risk_evaluate_above_acceptance(repo: Path, isms) -> None:
    result = isms("risk", "evaluate", "--format", "json", "--above-acceptance", cwd=repo)
    assert [risk["id"] for risk in json.loads(result.stdout)["risks"]] == ["R-001"]


def test_commands_stop_on_errors_after_printing_findings(repo: Path, isms) -> None:
    write_files(repo, {"registers/broken.yaml": "risks: [\n"})
    for command in (["risk", "evaluate", "--format", "json"], ["soa"]):
        result = isms(*command, cwd=repo)
        assert result.code == 1, result
        assert result.stdout == ""
        assert "registers/broken.yaml" in result.stderr


def test_soa_renders_both_languages(repo: Path, isms) -> None:
    english = isms("soa", "--lang", "en", cwd=repo)
    assert english.code == 0, english
    assert english.stdout.startswith("# Statement of Applicability\n")
    assert "not under version control" in english.stdout
    assert "| A.8.5 | Secure authentication | Yes |" in english.stdout
    assert "R-001" in english.stdout
    japanese = isms("soa", cwd=repo.parent / "isms")
    assert japanese.stdout.startswith("# Statement of Applicability")  # isms.yaml says en
    ja = isms("soa", "--lang", "ja", cwd=repo).stdout
    assert ja.startswith("# 適用宣言書\n")
    assert "## 5 組織的管理策" in ja


def test_soa_is_byte_stable_and_writes_output_file(repo: Path, isms) -> None:
    first = isms("soa", cwd=repo).stdout
    assert isms("soa", cwd=repo).stdout == first
    target = repo / "out" / "soa.md"
    target.parent.mkdir()
    result = isms("soa", "--output", str(target), cwd=repo)
    assert (result.code, result.stdout) == (0, "")
    assert target.read_text(encoding="utf-8") == first


def test_soa_excluded_and_counts(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path, soa=soa_yaml(excluded=["A.8.28"]))
    text = isms("soa", "--lang", "en", cwd=repo).stdout
    assert "| A.8.28 | Secure coding | No (excluded) |" in text
    assert "| **Total** | **93** | **92** | **1** |" in text


def test_repository_template_overrides_builtin(repo: Path, isms) -> None:
    write_files(repo, {"templates/soa.md.j2": "{{ t.soa_title }} of {{ doc.organization }}\n"})
    result = isms("soa", "--lang", "en", cwd=repo)
    assert result.stdout == "Statement of Applicability of Test City\n"


def test_template_cannot_reach_python_internals(repo: Path, isms) -> None:
    write_files(repo, {"templates/soa.md.j2": "{{ ''.__class__.__mro__[1].__subclasses__() }}\n"})
    result = isms("soa", cwd=repo)
    assert result.code == 1, result
    assert "templates/soa.md.j2" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_template_is_a_located_finding(repo: Path, isms) -> None:
    write_files(repo, {"templates/soa.md.j2": "line one\n{% for x in %}\n"})
    result = isms("soa", cwd=repo)
    assert result.code == 1, result
    assert "templates/soa.md.j2:2:1" in result.stderr
