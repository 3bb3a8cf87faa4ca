"""Documents follow the order of the work: a command stops only for errors in what it renders from.

Risk assessment (6.1.2) comes before the SoA (6.1.3 d): half an SoA must not stop the risk reports.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import BASE_REGISTERS, make_repo, soa_yaml
from ismskit.catalogue.annex_a import load_catalogue

HALF = [control.id for control in load_catalogue().controls][::2]


def half_soa_repo(root: Path) -> Path:
    """A repository whose SoA decides only every other control."""
    return make_repo(root, soa=soa_yaml(skip=HALF))


@pytest.mark.parametrize(
    "command",
    [
        ("risk", "evaluate", "--format", "json"),
        ("report", "risk-assessment"),
        ("report", "assets"),
        ("report", "scope"),
        ("due", "--today", "2026-06-01"),
    ],
)
def test_half_an_soa_does_not_stop_what_comes_before_it(
    tmp_path: Path, isms, command: tuple[str, ...]
) -> None:
    root = half_soa_repo(tmp_path)
    result = isms(*command, cwd=root)
    assert result.code == 0, result
    assert result.stdout.strip()
    assert f"{len(HALF)} errors in registers this command does not read (soa)" in result.stderr
    assert "A.5.1" not in result.stdout  # no finding about the SoA in the document


def test_isms_soa_renders_an_incomplete_soa_marked_and_exits_1(tmp_path: Path, isms) -> None:
    root = half_soa_repo(tmp_path)
    result = isms("soa", "--lang", "en", cwd=root)
    assert result.code == 1
    rows = [line for line in result.stdout.splitlines() if line.startswith("| A.")]
    assert len(rows) == 93
    undecided = [row for row in rows if "| Undecided |" in row]
    assert len(undecided) == len(HALF)
    assert "soa-missing-control" in result.stderr
    assert "draft" in result.stderr
    assert "soa-missing-control" not in result.stdout


def test_isms_soa_writes_the_draft_to_its_output_file(tmp_path: Path, isms) -> None:
    root = half_soa_repo(tmp_path)
    result = isms("soa", "--output", "soa.md", cwd=root)
    assert result.code == 1
    assert (root / "soa.md").read_text(encoding="utf-8").count("| A.") == 93


def test_check_still_reports_every_error(tmp_path: Path, isms) -> None:
    root = half_soa_repo(tmp_path)
    result = isms("check", "--format", "json", cwd=root)
    assert result.code == 1
    rules = [finding["rule"] for finding in json.loads(result.stdout)["findings"]]
    assert rules.count("soa-missing-control") == len(HALF)


def test_an_error_in_the_risks_stops_the_risk_reports_but_not_the_asset_inventory(
    tmp_path: Path, isms
) -> None:
    broken = BASE_REGISTERS.replace("    owner: Citizens Division Manager\n", "")
    root = make_repo(tmp_path, {"registers/core.yaml": broken})
    evaluate = isms("risk", "evaluate", cwd=root)
    assert evaluate.code == 1
    assert "risk-owner" in evaluate.stderr
    assert isms("report", "risk-assessment", cwd=root).code == 1
    assets = isms("report", "assets", cwd=root)
    assert assets.code == 0, assets
    assert "1 error in registers this command does not read (risks)" in assets.stderr


def test_an_soa_error_other_than_an_undecided_control_stops_the_soa(tmp_path: Path, isms) -> None:
    soa = soa_yaml().replace("    applicable: true\n", "    applicable: true\n    colour: red\n", 1)
    root = make_repo(tmp_path, soa=soa)
    result = isms("soa", cwd=root)
    assert result.code == 1
    assert result.stdout == ""
    assert "unknown-field" in result.stderr
    assert isms("risk", "evaluate", cwd=root).code == 0


def test_a_file_that_does_not_parse_stops_every_command(tmp_path: Path, isms) -> None:
    root = make_repo(tmp_path, {"registers/core.yaml": BASE_REGISTERS, "registers/x.yaml": "a: [\n"})
    assert isms("report", "assets", cwd=root).code == 1
    assert isms("risk", "evaluate", cwd=root).code == 1
