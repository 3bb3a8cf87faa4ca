"""Every output format of `isms check` on one fixed broken repository, against golden files.

Regenerate the golden files after a deliberate change with: UPDATE_GOLDEN=1 pytest tests/test_formats.py
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest

GOLDEN = Path(__file__).parent / "golden"
BROKEN = GOLDEN / "broken"
# The OASIS SARIF 2.1.0 schema, as the project's shared data holds it beside the checkout.
SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sarif-schema-2.1.0.json"
FORMATS = {"text": "txt", "json": "json", "github": "txt", "gitlab": "json", "sarif": "json", "markdown": "md"}


def broken_copy(tmp_path: Path) -> Path:
    """The broken repository outside this project's git work tree: CI formats name files from the
    git repository's root, which must not be this project's (tests/golden/broken/...)."""
    copy = tmp_path / "broken"
    if not copy.exists():
        shutil.copytree(BROKEN, copy)
    return copy


def run_format(isms, tmp_path: Path, output_format: str) -> str:
    result = isms("--repo", str(broken_copy(tmp_path)), "check", "--format", output_format, "--today", "2026-11-25", cwd=tmp_path)
    assert result.code == 1, result
    return str(result.stdout)


def compare(name: str, actual: str) -> None:
    expected = GOLDEN / "expected" / name
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_each_format_matches_its_golden_file(isms, tmp_path: Path, output_format: str) -> None:
    compare(f"check.{output_format}.{FORMATS[output_format]}", run_format(isms, tmp_path, output_format))


def test_github_writes_the_job_summary(isms, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    output = run_format(isms, tmp_path, "github")
    lines = output.splitlines()
    assert lines[0] == "::error title=isms check::4 errors, 2 warnings in 2 files (3 files checked)."
    assert [line.split(" ")[0] for line in lines[1:5]] == ["::error"] * 4
    assert lines[5].startswith("::warning ")
    compare("check.github-summary.md", summary.read_text(encoding="utf-8"))


def test_auto_is_github_inside_github_actions(isms, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_format(isms, tmp_path, "auto").startswith("registers/risks.yaml\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run_format(isms, tmp_path, "auto").startswith("::error title=isms check::")


def test_sarif_validates_against_the_official_schema(isms, tmp_path: Path) -> None:
    if not SARIF_SCHEMA.exists():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA}")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(run_format(isms, tmp_path, "sarif"))
    jsonschema.Draft7Validator(schema).validate(log)
    fingerprints = [r["partialFingerprints"]["ismsFinding/v1"] for r in log["runs"][0]["results"]]
    assert len(set(fingerprints)) == len(fingerprints)


def test_gitlab_fingerprints_are_unique_and_stable(isms, tmp_path: Path) -> None:
    first = json.loads(run_format(isms, tmp_path, "gitlab"))
    second = json.loads(run_format(isms, tmp_path, "gitlab"))
    fingerprints = [issue["fingerprint"] for issue in first]
    assert len(set(fingerprints)) == len(fingerprints)
    assert fingerprints == [issue["fingerprint"] for issue in second]


def test_color_always_and_never(isms, tmp_path: Path) -> None:
    always = isms("--repo", str(BROKEN), "check", "--color", "always", "--today", "2026-11-25", cwd=tmp_path)
    assert "\x1b[" in always.stdout
    never = isms("--repo", str(BROKEN), "check", "--color", "never", "--today", "2026-11-25", cwd=tmp_path)
    assert "\x1b[" not in never.stdout
