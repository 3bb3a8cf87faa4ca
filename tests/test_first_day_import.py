"""A city office's first day: its 情報資産管理台帳 (Excel) into a repository that passes `check`.

The ledger has the layout Japanese ISMS guides publish: a merged title row and a date above the
header, a row counter beside the id, 高/中/低 ratings, Japanese classes, full-width ids and digits,
columns the registers do not keep, a note below the last row.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import make_repo, write_files

openpyxl = pytest.importorskip("openpyxl")

CONFIG = """\
organization: 北浜市
language: ja
scope: 市民課の住民記録事務
scope_details:
  units:
    - {id: CIT, name: 市民課, files: [registers/citizens/assets.yaml]}
    - {id: TAX, name: 税務課, files: [registers/tax/*.yaml]}
risk:
  acceptance: 8
"""
HEADER = ["No.", "管理番号", "情報資産名", "資産の種類", "所有者", "利用者の範囲", "保管場所",
          "機密性", "完全性", "可用性", "重要度", "備考"]  # fmt: skip
ROWS = [
    [1, "Ａ－００１", "住民記録システム", "ソフトウェア", "市民課", "市民課職員", "サーバ室", "高", "高", "中", 3, None],
    [2, "A-002", "住民票交付申請書", "紙", "市民課", "窓口", "書庫", "高", "中", "低", 3, "5年保存"],
    [3, "Ａ－００３", "窓口端末", "ハードウェア", "市民課", "窓口", "１階", "中", "中", "高", 3, None],
    [4, "A-004", "課税台帳", "情報", "税務課", "税務課職員", "書庫", "３", "２", "１", 3, None],
    [5, "A-005", "コンビニ交付", "サービス", "市民課", "市民", "外部", "中", "低", "高", 3, None],
]


def _ledger(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "情報資産管理台帳"
    sheet.append(["情報資産管理台帳"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(["作成日：令和8年4月1日", None, None, None, None, None, None, None, None, "情報政策課"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.append(["※ 機密性・完全性・可用性は 高/中/低 の3段階で評価する"])
    workbook.save(path)
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "isms", {}, config=CONFIG)
    write_files(root, {"registers/citizens/assets.yaml": "assets: []\n"})
    return root


def test_a_published_ledger_layout_imports_into_a_repository_that_checks(
    repo: Path, tmp_path: Path, isms
) -> None:  # type: ignore[no-untyped-def]
    ledger = _ledger(tmp_path / "台帳.xlsx", ROWS)
    result = isms("import", "assets", str(ledger), "--unit-by", "所有者", cwd=repo)
    assert result.code == 0, result
    citizens = (repo / "registers/citizens/assets.yaml").read_text(encoding="utf-8")
    tax = (repo / "registers/tax/assets.yaml").read_text(encoding="utf-8") if (repo / "registers/tax/assets.yaml").exists() else ""
    assert "  - id: A-001\n    name: 住民記録システム\n    class: software\n    owner: 市民課" in citizens
    assert "confidentiality: 3\n    integrity: 3\n    availability: 2" in citizens
    assert "  - id: A-002\n    name: 住民票交付申請書\n    class: information" in citizens
    assert "  - id: A-003\n    name: 窓口端末\n    class: physical" in citizens
    assert "  - id: A-005\n    name: コンビニ交付\n    class: service" in citizens
    assert "A-004" not in citizens
    assert "  - id: A-004\n    name: 課税台帳\n    class: information\n    owner: 税務課" in tax
    # The summary is honest: five new, the note row skipped and named, extra columns noted.
    assert "6 行を読み込み、新規 5 件、変更 0 件を取り込みました。変更なし 0 件、スキップ 1 件" in result.stderr
    assert "9 行目をスキップ: ID も名前もないため" in result.stderr
    assert "F 列（利用者の範囲）は取り込みません" in result.stderr
    assert "重要度" not in result.stderr  # worked out from C, I, A: nothing to say
    assert "No." not in result.stderr  # the row counter beside 管理番号
    check = isms("check", "--format", "json", cwd=repo)
    assert json.loads(check.stdout)["findings"] == []
    again = isms("import", "assets", str(ledger), "--unit-by", "所有者", cwd=repo)
    assert again.code == 0, again
    assert "新規 0 件、変更 0 件を取り込みました。変更なし 5 件、スキップ 1 件" in again.stderr
    english = isms("--lang", "en", "import", "assets", str(ledger), "--unit-by", "所有者", cwd=repo)
    assert "imported 0 new, 0 changed; 5 unchanged, 1 skipped" in english.stderr
    assert "skipped row 9: no id and no name" in english.stderr


def test_a_per_column_value_map_reads_the_ledgers_own_words(repo: Path, tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    rows = [[1, "A-010", "庁内掲示物", "掲示物", "市民課", "", "", "低", "低", "低", 1, None]]
    ledger = _ledger(tmp_path / "台帳.xlsx", rows)
    refused = isms("import", "assets", str(ledger), "--unit-by", "所有者", cwd=repo)
    assert refused.code == 1
    finding = next(line for line in refused.stderr.splitlines() if "台帳.xlsx:4:" in line)
    assert "台帳.xlsx:4:4" in finding  # the class cell itself: row 4, column D
    assert "'掲示物' は class の値ではありません" in finding
    result = isms(
        "import", "assets", str(ledger), "--unit-by", "所有者",
        "--value-map", "資産の種類:掲示物=information", cwd=repo,
    )  # fmt: skip
    assert result.code == 0, result
    assert "class: information" in (repo / "registers/citizens/assets.yaml").read_text(encoding="utf-8")


def test_a_value_map_of_a_column_with_a_japanese_value(repo: Path, tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    rows = [[1, "A-010", "庁内掲示物", "掲示物", "市民課", "", "", "極低", "低", "低", 1, None]]
    ledger = _ledger(tmp_path / "台帳.xlsx", rows)
    result = isms(
        "import", "assets", str(ledger), "--unit-by", "所有者", "--value-map", "D:掲示物=情報",
        "--value-map", "極低=1", cwd=repo,
    )  # fmt: skip
    assert result.code == 0, result
    written = (repo / "registers/citizens/assets.yaml").read_text(encoding="utf-8")
    assert "class: information" in written
    assert "confidentiality: 1" in written


def test_a_missing_class_is_found_at_its_own_cell(repo: Path, tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    rows = [[1, "A-010", "庁内掲示物", None, "市民課", "", "", "低", "低", "低", 1, None]]
    result = isms("import", "assets", str(_ledger(tmp_path / "台帳.xlsx", rows)), "--unit-by", "所有者", cwd=repo)
    assert result.code == 1
    findings = [line for line in result.stderr.splitlines() if line.startswith("  台帳.xlsx:")]
    assert len(findings) == 1, result
    assert "台帳.xlsx:4:4" in findings[0]
    assert "'class'" in findings[0]


def test_a_sheet_without_a_class_column_says_so_once_at_the_header(repo: Path, tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    header = [name if name != "資産の種類" else "用途" for name in HEADER]
    rows = [[*row[:3], "業務", *row[4:]] for row in ROWS[:2]]
    result = isms("import", "assets", str(_ledger(tmp_path / "台帳.xlsx", rows, header)), "--unit-by", "所有者", cwd=repo)
    assert result.code == 1
    findings = [line for line in result.stderr.splitlines() if line.startswith("  台帳.xlsx:")]
    assert len(findings) == 1, result
    assert "シートに新しいエントリに必要な 'class' の列" in findings[0]
    assert "台帳.xlsx:3:" in findings[0]  # the header row


def test_a_row_whose_unit_is_unknown_is_named_at_its_cell(repo: Path, tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    rows = [[1, "A-010", "福祉台帳", "情報", "福祉課", "", "", "高", "高", "高", 3, None]]
    ledger = _ledger(tmp_path / "台帳.xlsx", rows)
    refused = isms("import", "assets", str(ledger), "--unit-by", "所有者", cwd=repo)
    assert refused.code == 1
    assert "台帳.xlsx:4:5" in refused.stderr
    assert "'福祉課' はどの部署（ユニット）も指していません（部署: CIT (市民課), TAX (税務課)）" in refused.stderr
    mapped = isms(
        "import", "assets", str(ledger), "--unit-by", "所有者",
        "--unit-map", "福祉課=registers/welfare/assets.yaml", cwd=repo,
    )  # fmt: skip
    assert mapped.code == 0, mapped
    assert "福祉台帳" in (repo / "registers/welfare/assets.yaml").read_text(encoding="utf-8")


def test_a_dry_run_shows_the_diff_and_writes_nothing(repo: Path, tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    before = (repo / "registers/citizens/assets.yaml").read_text(encoding="utf-8")
    ledger = _ledger(tmp_path / "台帳.xlsx", ROWS[:1])
    result = isms("import", "assets", str(ledger), "--unit-by", "所有者", "--dry-run", cwd=repo)
    assert result.code == 0, result
    assert "+  - id: A-001" in result.stdout
    assert "新規 1 件、変更 0 件を取り込む予定" in result.stderr
    assert "ドライラン: 何も書き込んでいません" in result.stdout
    assert (repo / "registers/citizens/assets.yaml").read_text(encoding="utf-8") == before


def test_dashes_and_long_vowel_marks_in_ids_read_as_hyphens(repo: Path, tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    rows = [[1, "Ａ‐０２１", "a", "情報", "市民課", "", "", "1", "1", "1", 1, None],
            [2, "Aー022", "b", "情報", "市民課", "", "", "1", "1", "1", 1, None]]  # fmt: skip
    result = isms("import", "assets", str(_ledger(tmp_path / "台帳.xlsx", rows)), "--unit-by", "所有者", cwd=repo)
    assert result.code == 0, result
    written = (repo / "registers/citizens/assets.yaml").read_text(encoding="utf-8")
    assert "id: A-021" in written
    assert "id: A-022" in written


def test_a_header_of_two_rows_is_read_as_one(repo: Path, tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    """評価値 heads three columns in one row; 機密性, 完全性, 可用性 name them in the next (cells
    merged down in Excel are empty below their first row)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["情報資産管理台帳"])
    sheet.append(["No.", "情報資産名称", "分類", "管理部署", "媒体・保存先", "評価値", None, None, "重要度"])
    sheet.append([None, None, None, None, None, "機密性", "完全性", "可用性", None])
    sheet.merge_cells("F2:H2")
    sheet.append([1, "住民票の写し", "紙", "市民課", "書庫", "高", "中", "低", 3])
    path = tmp_path / "二段.xlsx"
    workbook.save(path)
    result = isms("import", "assets", str(path), "--key", "情報資産名称", "--unit-by", "管理部署", cwd=repo)
    assert result.code == 0, result
    written = (repo / "registers/citizens/assets.yaml").read_text(encoding="utf-8")
    assert "name: 住民票の写し\n    class: information\n    owner: 市民課\n    location: 書庫" in written
    assert "confidentiality: 3\n    integrity: 2\n    availability: 1" in written
