"""isms init: a new repository whose only findings are the SoA decisions still to make."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest


@pytest.mark.parametrize("language", ["ja", "en"])
def test_init_then_check_reports_only_undecided_soa(tmp_path: Path, isms, language: str) -> None:
    target = tmp_path / "isms"
    result = isms("init", str(target), "--lang", language, "--org", "みなと市", cwd=tmp_path)
    assert result.code == 0, result
    check = isms("check", "--format", "json", cwd=target)
    findings = json.loads(check.stdout)["findings"]
    assert check.code == 1
    assert len(findings) == 93
    assert {finding["rule"] for finding in findings} == {"soa-undecided"}
    # Risk assessment comes before the SoA: undecided controls do not stop it.
    evaluate = isms("risk", "evaluate", "--format", "json", cwd=target)
    assert evaluate.code == 0, evaluate
    assert "93 errors in registers this command does not read (soa)" in evaluate.stderr
    report = isms("report", "risk-assessment", cwd=target)
    assert report.code == 0, report
    soa = isms("soa", cwd=target)  # rendered, every control marked undecided, exit 1
    assert soa.code == 1
    assert soa.stdout.count("| A.") == 93


def test_init_writes_schemas_modelines_ci_and_a_commit(tmp_path: Path, isms) -> None:
    target = tmp_path / "new"
    assert isms("init", str(target), "--lang", "en", cwd=tmp_path).code == 0
    for path in (target / "registers").glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../schemas/registers.schema.json\n"
        )
    assert (target / "isms.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=schemas/isms.schema.json\n"
    )
    assert json.loads((target / "schemas/registers.schema.json").read_text(encoding="utf-8"))
    assert "isms diff" in (target / ".github/workflows/isms.yml").read_text(encoding="utf-8")
    log = subprocess.run(
        ["git", "log", "--format=%s", "--name-only"], cwd=target, capture_output=True, text=True, check=True
    ).stdout
    assert log.startswith("Start the ISMS registers (isms init)")
    assert "registers/soa.yaml" in log
    assert isms("check", "--strict", "--format", "json", cwd=target).code == 1  # only the SoA


def test_init_refuses_to_overwrite(tmp_path: Path, isms) -> None:
    target = tmp_path / "isms"
    assert isms("init", str(target), cwd=tmp_path).code == 0
    before = (target / "registers/soa.yaml").read_text(encoding="utf-8")
    again = isms("init", str(target), cwd=tmp_path)
    assert again.code == 2
    assert "already holds an ISMS repository" in again.stderr
    other = tmp_path / "other"
    (other / "registers").mkdir(parents=True)
    (other / "registers/soa.yaml").write_text("# mine\n", encoding="utf-8")
    clash = isms("init", str(other), cwd=tmp_path)
    assert clash.code == 2
    assert "registers/soa.yaml" in clash.stderr
    assert (other / "registers/soa.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert not (other / "isms.yaml").exists()
    assert (target / "registers/soa.yaml").read_text(encoding="utf-8") == before
