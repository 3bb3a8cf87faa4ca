"""The example ISMS's machine outputs and its SoA, against committed copies.

These pin behaviour across restructurings: the same registers give the same bytes. The example is
copied out of git first, so the SoA's revision line does not move with every commit of the project.
Regenerate after a deliberate change with: UPDATE_GOLDEN=1 pytest tests/test_example_outputs.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
EXPECTED = Path(__file__).parent / "golden" / "example"
RUNS = {
    "check.sarif.json": ("check", "--format", "sarif", "--today", "2026-12-04"),
    "risk-evaluate.json": ("risk", "evaluate", "--format", "json"),
    "soa.ja.md": ("soa",),
    "soa.en.md": ("soa", "--lang", "en"),
    "risk-assessment.ja.md": ("report", "risk-assessment", "--today", "2026-12-04"),
    "risk-assessment.en.md": ("report", "risk-assessment", "--lang", "en", "--today", "2026-12-04"),
    "risk-treatment-plan.ja.md": ("report", "risk-treatment-plan", "--today", "2026-12-04"),
    "risk-treatment-plan.en.md": (
        "report", "risk-treatment-plan", "--lang", "en", "--today", "2026-12-04"
    ),
}


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("example")
    shutil.copy(PROJECT / "isms.yaml", target / "isms.yaml")
    shutil.copytree(PROJECT / "registers", target / "registers")
    return target


@pytest.mark.parametrize("name", sorted(RUNS))
def test_example_output_is_unchanged(isms, example_copy: Path, name: str) -> None:
    result = isms("--no-cache", *RUNS[name], cwd=example_copy)
    assert result.code == 0, result
    expected = EXPECTED / name
    if os.environ.get("UPDATE_GOLDEN"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected.read_text(encoding="utf-8"), f"{name} differs from its copy"


@pytest.mark.parametrize("name", sorted(RUNS))
def test_example_output_from_the_cache_is_unchanged(isms, example_copy: Path, name: str) -> None:
    """The second run reads every file's findings and entries from the cache: the same bytes."""
    isms(*RUNS[name], cwd=example_copy)
    result = isms(*RUNS[name], cwd=example_copy)
    assert result.code == 0, result
    assert result.stdout == (EXPECTED / name).read_text(encoding="utf-8"), f"{name} differs"
