"""The pull-request gate: the commands of examples/ci/github-actions.yml on a scripted PR.

A base branch, then a feature branch that raises a risk above acceptance: the gate fails with a
located annotation and a PR-comment Markdown; accepting the risk with a sign-off makes it pass.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from helpers import GitRepo, make_repo
from ismskit.yaml.reader import load_document

WORKFLOW = Path(__file__).resolve().parents[1] / "examples" / "ci" / "github-actions.yml"
REGISTERS = """\
assets:
  - {id: A-001, name: 住民基本台帳データ, class: information, owner: 市民課, confidentiality: 3, integrity: 3, availability: 2}
threats:
  - {id: T-01, name: 不正アクセス, frequency: 1, affects: [confidentiality]}
risks:
  - {id: R-001, asset: A-001, threat: T-01, vulnerability: 2, treatment: accept, owner: 市民課長}
"""


def workflow_commands() -> list[str]:
    """Every `isms ...` command line the workflow runs, with the base branch filled in."""
    document, findings = load_document(WORKFLOW.name, WORKFLOW.read_bytes())
    assert not findings
    assert document is not None
    steps = [step for job in document.data["jobs"].values() for step in job["steps"]]
    lines = [line.strip() for step in steps for line in str(step.get("run", "")).splitlines()]
    return [
        line.replace('"origin/${{ github.base_ref }}"', "main")
        for line in lines
        if line.startswith("isms ")
    ]


def run_gate(isms, repo: GitRepo) -> dict[str, object]:
    """Run the workflow's commands as the job would; the first failing one fails the job."""
    results: dict[str, object] = {"failed": None}
    for line in workflow_commands():
        command, _, redirect = line.partition(" > ")
        result = isms(*shlex.split(command)[1:], cwd=repo.root)
        if redirect:
            (repo.root / redirect).write_text(result.stdout, encoding="utf-8")
        results[command] = result
        if result.code != 0 and results["failed"] is None:
            results["failed"] = command
    return results


def test_the_workflow_runs_check_diff_and_the_ratchet() -> None:
    commands = workflow_commands()
    assert commands == [
        "isms check --format github",
        "isms diff main --format markdown > isms-diff.md",
        "isms diff main --fail-on-increase",
    ]


def test_a_risk_raised_above_acceptance_fails_the_gate_until_accepted(tmp_path: Path, isms) -> None:
    repo = GitRepo(tmp_path / "isms")
    make_repo(repo.root, {"registers/core.yaml": REGISTERS})
    repo.commit("Registers", "2026-04-01T09:00:00+09:00")
    repo.git("checkout", "-q", "-b", "raise-r-001")
    raised = REGISTERS.replace("frequency: 1,", "frequency: 3,")  # 3 × 3 × 2 = 18 > 8
    repo.commit(
        "Threat T-01 is more frequent now",
        "2026-04-02T09:00:00+09:00",
        {"registers/core.yaml": raised},
    )

    failing = run_gate(isms, repo)
    assert failing["failed"] == "isms check --format github"
    summary, annotation = str(failing["isms check --format github"].stdout).splitlines()[:2]  # type: ignore[attr-defined]
    assert summary.startswith("::error title=isms check::1 error")  # first: it survives the limit
    assert annotation.startswith("::error file=registers/core.yaml,line=6,col=")
    assert "title=risk-acceptance::risk R-001 scores 18" in annotation
    comment = (repo.root / "isms-diff.md").read_text(encoding="utf-8")
    assert comment.startswith("<!-- isms-diff -->\n")
    assert "R-001" in comment
    assert failing["isms diff main --fail-on-increase"].code == 1  # type: ignore[attr-defined]

    signed = raised.replace(
        "owner: 市民課長}", "owner: 市民課長, accepted_by: 副市長, accepted_on: 2026-04-03}"
    )
    repo.commit(
        "Deputy Mayor accepts R-001", "2026-04-03T09:00:00+09:00", {"registers/core.yaml": signed}
    )
    passing = run_gate(isms, repo)
    assert passing["failed"] is None


def test_changed_since_reports_what_the_change_is_responsible_for(tmp_path: Path, isms) -> None:
    import json

    from helpers import soa_yaml

    old_problem = (
        REGISTERS
        + "  - {id: R-002, asset: A-001, threat: T-09, vulnerability: 1, treatment: accept, owner: 市民課長}\n"
    )
    repo = GitRepo(tmp_path / "isms")
    make_repo(repo.root, {"registers/core.yaml": old_problem})
    repo.commit("Registers with an old mistake", "2026-04-01T09:00:00+09:00")
    repo.git("checkout", "-q", "-b", "change")
    changed = old_problem.replace(
        "{id: R-001, asset: A-001, threat: T-01, vulnerability: 2",
        "{id: R-001, asset: A-001, threat: T-01, vulnerability: 7",
    )
    (repo.root / "registers/core.yaml").write_text(changed, encoding="utf-8")
    (repo.root / "registers/soa.yaml").write_text(soa_yaml(skip=["A.5.7"]), encoding="utf-8")

    everything = json.loads(isms("check", "--format", "json", cwd=repo.root).stdout)["findings"]
    assert {f["rule"] for f in everything} == {
        "unknown-reference",
        "out-of-scale",
        "soa-missing-control",
    }
    result = isms("check", "--format", "json", "--changed-since", "main", cwd=repo.root)
    assert result.code == 1, result
    rules = sorted(f["rule"] for f in json.loads(result.stdout)["findings"])
    assert rules == ["out-of-scale", "soa-missing-control"]  # not R-002's old unknown threat
    assert "risks R-001 (modified)" in result.stderr
    assert isms("check", "--changed-since", "nope", cwd=repo.root).code == 2
