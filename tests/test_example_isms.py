"""The example ISMS at the project root: clean, complete, and readable in Japanese."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from rich.cells import cell_len

PROJECT = Path(__file__).resolve().parents[1]


def test_example_passes_check_strictly(isms) -> None:
    result = isms("check", "--strict", "--format", "json", "--today", "2026-11-25", cwd=PROJECT)
    assert result.code == 0, result
    assert json.loads(result.stdout) == {"findings": []}


def test_example_is_a_realistic_city_hall_isms(isms) -> None:
    from ismskit.repository.loader import load_isms
    from ismskit.repository.location import WorkingTree

    loaded = load_isms(WorkingTree(PROJECT))
    registers = loaded.registers
    assert loaded.config is not None
    assert loaded.config.language == "ja"
    classes = Counter(entry.model.class_ for entry in registers.assets)
    assert len(registers.assets) >= 30
    assert set(classes) == {"information", "software", "physical", "service"}
    assert len(registers.threats) >= 15
    assert len(registers.risks) >= 80
    assert len({entry.file for entry in registers.risks}) >= 3  # split across department files
    excluded = [entry for entry in registers.soa if not entry.model.applicable]
    assert len(registers.soa) == 93 + len(registers.controls)  # Annex A and the city's own
    assert excluded
    assert all(entry.model.justification for entry in excluded)


def test_japanese_risk_table_columns_align(isms) -> None:
    result = isms("risk", "evaluate", cwd=PROJECT)
    assert result.code == 0, result
    lines = result.stdout.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("┏"))
    end = next(index for index, line in enumerate(lines) if line.startswith("└"))
    table = lines[start : end + 1]
    assert len(table) == 4 + 99  # top, header, rule, bottom, and one line per risk
    assert any("住民基本台帳データ" in line for line in table)
    assert len({cell_len(line) for line in table}) == 1, "rows have one display width"
    separators = {
        tuple(index for index, char in enumerate(_cells(line)) if char in {"│", "┃"})
        for line in table[1:-1]
        if line.startswith(("│", "┃"))
    }
    assert len(separators) == 1, "column borders stand at the same cells on every row"


def _cells(line: str) -> list[str]:
    """One entry per terminal cell: a full-width character takes two."""
    cells: list[str] = []
    for char in line:
        cells.append(char)
        if cell_len(char) == 2:
            cells.append("")
    return cells


def test_japanese_soa_has_the_standard_terms(isms) -> None:
    text = isms("soa", cwd=PROJECT).stdout
    assert text.startswith("# 適用宣言書\n")
    for term in ("組織的管理策", "人的管理策", "物理的管理策", "技術的管理策", "実施状況", "適用範囲"):
        assert term in text
