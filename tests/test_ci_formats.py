"""CI formats point at real files and keep a finding's identity.

With the ISMS in a folder of a larger git repository (`security/`), code scanning, merge request
widgets and annotations open paths from the git root: every path starts with `security/`,
whichever folder `isms` runs from. SARIF URIs are percent-encoded and its rules carry help; a
GitLab fingerprint does not move when only the score in a message does.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from helpers import BASE_REGISTERS, GitRepo, make_repo, write_files
from ismskit.rules.descriptions import RULE_DESCRIPTIONS
from ismskit.rules.help import rule_help, rules_without_help

PROJECT = Path(__file__).resolve().parents[1]
BROKEN_RISK = BASE_REGISTERS.replace("asset: A-001", "asset: A-009")  # an unknown reference


def monorepo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "city-it")
    write_files(repo.root, {"README.md": "# The city's IT\n", "app/main.py": "print()\n"})
    make_repo(repo.root / "security", {"registers/core.yaml": BROKEN_RISK})
    repo.commit("IT, and the ISMS in security/", "2026-04-01T09:00:00+09:00")
    return repo


def ci_paths(output_format: str, output: str) -> list[str]:
    if output_format == "sarif":
        results = json.loads(output)["runs"][0]["results"]
        return [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    if output_format == "gitlab":
        return [issue["location"]["path"] for issue in json.loads(output)]
    if output_format == "github":
        return re.findall(r"^::\w+ file=([^,]+),", output, re.M)
    return re.findall(r"^### `([^`]+)`$", output, re.M)  # markdown


@pytest.mark.parametrize("output_format", ["sarif", "gitlab", "github", "markdown"])
@pytest.mark.parametrize("where", ["git root", "inside the ISMS", "elsewhere"])
def test_paths_start_at_the_git_root_wherever_isms_runs(
    tmp_path: Path, isms, output_format: str, where: str
) -> None:
    repo = monorepo(tmp_path)
    folder = {
        "git root": repo.root,
        "inside the ISMS": repo.root / "security" / "registers",
        "elsewhere": tmp_path,
    }[where]
    ism_folder = str(repo.root / "security")
    result = isms("--repo", ism_folder, "check", "--format", output_format, cwd=folder)
    assert result.code == 1, result
    paths = ci_paths(output_format, result.stdout)
    assert paths, result.stdout
    assert all(path == "security/registers/core.yaml" for path in paths), paths
    assert all((repo.root / path).is_file() for path in paths)


def test_json_and_text_keep_paths_from_the_isms_folder(tmp_path: Path, isms) -> None:
    repo = monorepo(tmp_path)
    result = isms("check", "--format", "json", cwd=repo.root / "security")
    assert {f["file"] for f in json.loads(result.stdout)["findings"]} == {"registers/core.yaml"}


def test_check_takes_repo_after_the_command_as_the_pre_commit_hook_appends_it(
    tmp_path: Path, isms
) -> None:
    repo = monorepo(tmp_path)
    result = isms("check", "--repo", "security", "--format", "github", cwd=repo.root)
    assert result.code == 1, result
    assert "file=security/registers/core.yaml," in result.stdout


def test_the_pre_commit_hook_fires_for_register_files_at_any_depth() -> None:
    hooks = YAML(typ="safe").load((PROJECT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    files = re.compile(hooks[0]["files"])
    fires = [
        "isms.yaml",
        "registers/core.yaml",
        "registers/units/shimin-ka.yml",
        "security/isms.yaml",
        "security/registers/a/b/risks.yaml",
        "security/templates/soa.md.j2",
    ]
    quiet = ["README.md", "app/registers.py", "docs/registers.md", "my-isms.yaml"]
    assert [path for path in fires if not files.search(path)] == []
    assert [path for path in quiet if files.search(path)] == []
    assert hooks[0]["entry"] == "isms check"  # so that args: [--repo, security] follow `check`


def test_sarif_uris_are_percent_encoded(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path, {"registers/sub dir/東京.yaml": BROKEN_RISK})
    result = isms("check", "--format", "sarif", cwd=repo)
    uris = ci_paths("sarif", result.stdout)
    assert uris == ["registers/sub%20dir/%E6%9D%B1%E4%BA%AC.yaml"], uris
    run = json.loads(result.stdout)["runs"][0]
    assert "%SRCROOT%" in run["originalUriBaseIds"]


def test_every_sarif_rule_has_help_and_a_default_level(tmp_path: Path, isms) -> None:
    assert rules_without_help() == []
    repo = make_repo(tmp_path, {"registers/core.yaml": BROKEN_RISK})
    rules = json.loads(isms("check", "--format", "sarif", cwd=repo).stdout)["runs"][0]["tool"][
        "driver"
    ]["rules"]
    assert {rule["id"] for rule in rules} == set(RULE_DESCRIPTIONS)
    for rule in rules:
        help_text = rule["help"]["text"]
        assert help_text.startswith(RULE_DESCRIPTIONS[rule["id"]]), rule["id"]
        assert "\n\nWhy: " in help_text, rule["id"]
        assert "\n\nHow to fix: " in help_text, rule["id"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")
    assert rule_help("risk-owner").level == "error"
    assert rule_help("stale-entry").level == "warning"


RISK_ABOVE = """\
assets:
  - {id: A-001, name: DB, class: information, owner: X, confidentiality: 3, integrity: 3, availability: 3}
threats:
  - {id: T-01, name: Access, frequency: 2}
risks:
  - id: R-001
    asset: A-001
    threat: T-01
    vulnerability: VULNERABILITY
    treatment: accept
    owner: Manager
"""


def test_a_gitlab_fingerprint_survives_a_new_score_and_moved_lines(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path, {"registers/core.yaml": RISK_ABOVE.replace("VULNERABILITY", "2")})

    def issue() -> dict[str, str]:
        issues = json.loads(isms("check", "--format", "gitlab", cwd=repo).stdout)
        (found,) = [i for i in issues if i["check_name"] == "risk-acceptance"]
        return found

    first = issue()
    write_files(
        repo, {"registers/core.yaml": "# moved\n" + RISK_ABOVE.replace("VULNERABILITY", "3")}
    )
    second = issue()
    assert "scores 12" in first["description"]
    assert "scores 18" in second["description"]
    assert first["fingerprint"] == second["fingerprint"]
    sarif = json.loads(isms("check", "--format", "sarif", cwd=repo).stdout)
    partial = [r["partialFingerprints"]["ismsFinding/v1"] for r in sarif["runs"][0]["results"]]
    assert second["fingerprint"] in partial


def test_findings_about_entries_name_them_but_json_keeps_its_keys(tmp_path: Path) -> None:
    from ismskit.analysis import analyse
    from ismskit.repository.location import WorkingTree

    repo = make_repo(tmp_path, {"registers/core.yaml": BROKEN_RISK})
    findings = analyse(WorkingTree(repo), date(2026, 11, 25)).findings
    assert {(f.rule, f.entry) for f in findings} == {("unknown-reference", "risks/R-001")}
    assert set(findings[0].as_dict()) == {"severity", "rule", "file", "line", "column", "message"}
