"""Import from and export to spreadsheets: Japanese headers, every row checked before anything is
written, idempotent re-import, and an exported SoA that imports back to no change."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from helpers import BASE_REGISTERS, GitRepo, make_repo, soa_yaml

openpyxl = pytest.importorskip("openpyxl")

CORE = "registers/core.yaml"
HEADER = [
    "管理番号",
    "資産名",
    "分類",
    "管理責任者",
    "保管場所",
    "機密性",
    "完全性",
    "可用性",
    "備考",
]
ROWS = [
    ["Ａ－００２", "窓口端末", "物理", "市民課", "１階窓口", "低", "低", "中", "更新予定"],
    ["A-003", "税務システム", "ソフトウェア", "税務課", None, 3, 3, "２", None],
    ["A-004", "住民票の写し", "情報", "市民課", "書庫", "高", "中", "低", None],
]
# Ids and ratings are folded to half-width; text (names, places) is kept as written.
EXPECTED = """\
  - id: A-002
    name: 窓口端末
    class: physical
    owner: 市民課
    location: １階窓口
    confidentiality: 1
    integrity: 1
    availability: 2
  - id: A-003
    name: 税務システム
    class: software
    owner: 税務課
    confidentiality: 3
    integrity: 3
    availability: 2
  - id: A-004
    name: 住民票の写し
    class: information
    owner: 市民課
    location: 書庫
    confidentiality: 3
    integrity: 2
    availability: 1
"""


def _workbook(path: Path, rows: list[list[object]], *, title: str = "資産台帳") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(["情報資産台帳（令和8年度）"])  # a title row above the headers, as offices do
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "isms", {CORE: BASE_REGISTERS})


def test_a_bad_row_is_named_and_nothing_is_written(repo: Path, tmp_path: Path, isms) -> None:
    bad = [*ROWS[:1], [*ROWS[1][:5], "特高", 3, 2, None], ROWS[2]]
    sheet = _workbook(tmp_path / "台帳.xlsx", bad)
    before = (repo / CORE).read_bytes()
    result = isms("import", "assets", str(sheet), cwd=repo)
    assert result.code == 1, result
    assert "sheet 資産台帳, row 4, column F (機密性)" in result.stderr
    assert "'特高' is not a rating" in result.stderr
    assert "Nothing was imported" in result.stderr
    assert (repo / CORE).read_bytes() == before


def test_a_missing_required_value_names_its_row_and_column(
    repo: Path, tmp_path: Path, isms
) -> None:
    bad = [ROWS[0], [*ROWS[1][:3], None, *ROWS[1][4:]]]
    result = isms("import", "assets", str(_workbook(tmp_path / "a.xlsx", bad)), cwd=repo)
    assert result.code == 1, result
    assert "row 4, column D (管理責任者)" in result.stderr
    assert "lacks the required field 'owner'" in result.stderr


def test_the_fixed_sheet_writes_exactly_the_expected_entries_once(
    repo: Path, tmp_path: Path, isms
) -> None:
    sheet = _workbook(tmp_path / "台帳.xlsx", ROWS)
    before = (repo / CORE).read_text(encoding="utf-8")
    dry = isms("import", "assets", str(sheet), "--dry-run", cwd=repo)
    assert dry.code == 0, dry
    assert "+  - id: A-004" in dry.stdout
    assert (repo / CORE).read_text(encoding="utf-8") == before
    result = isms("import", "assets", str(sheet), cwd=repo)
    assert result.code == 0, result
    assert "column I (備考) is not imported" in result.stderr
    assets_end = before.index("threats:")
    assert (repo / CORE).read_text(encoding="utf-8") == (
        before[:assets_end] + EXPECTED + before[assets_end:]
    )
    again = isms("import", "assets", str(sheet), cwd=repo)
    assert again.code == 0, again
    assert again.stdout == "no changes\n"


def test_a_changed_row_changes_only_its_fields(repo: Path, tmp_path: Path, isms) -> None:
    isms("import", "assets", str(_workbook(tmp_path / "a.xlsx", ROWS)), cwd=repo)
    changed = [ROWS[0], [*ROWS[1][:3], "情報政策課", *ROWS[1][4:]], ROWS[2]]
    result = isms("import", "assets", str(_workbook(tmp_path / "b.xlsx", changed)), cwd=repo)
    assert result.code == 0, result
    assert "-    owner: 税務課\n+    owner: 情報政策課\n" in result.stdout
    added = [line for line in result.stdout.splitlines() if line.startswith("+")]
    assert added == ["+++ b/registers/core.yaml", "+    owner: 情報政策課"]


def test_rows_are_matched_by_a_key_column(repo: Path, tmp_path: Path, isms) -> None:
    path = tmp_path / "owners.csv"
    path.write_text("資産名,所有者\nResident records database,住民課\n", encoding="utf-8-sig")
    result = isms("import", "assets", str(path), "--key", "資産名", cwd=repo)
    assert result.code == 0, result
    assert "+    owner: 住民課" in result.stdout


def test_risks_with_japanese_words_and_a_value_map(tmp_path: Path, isms) -> None:
    config = (
        "organization: Test City\nscope: The registry.\nrisk:\n  acceptance: 20\n"
        "  scales: {vulnerability: 5}\n"
    )
    repo = make_repo(tmp_path / "isms", {CORE: BASE_REGISTERS}, config=config)
    path = tmp_path / "risks.csv"
    path.write_text(
        "リスクID,資産,脅威,脆弱性,対応,管理策,対応後の脆弱性,リスク所有者\n"
        "R-002,A-001,T-01,非常に高い,低減,A.8.5、A.8.7,低,市民課長\n",
        encoding="cp932",
    )
    without = isms("import", "risks", str(path), cwd=repo)
    assert without.code == 1, without
    assert "--value-map '非常に高い=N'" in without.stderr
    result = isms(
        "import", "risks", str(path), "--value-map", "非常に高い=5", "--value-map", "低=1",
        cwd=repo,
    )  # fmt: skip
    assert result.code == 0, result
    assert (
        "  - id: R-002\n    asset: A-001\n    threat: T-01\n    vulnerability: 5\n"
        "    treatment: reduce\n    controls: [A.8.5, A.8.7]\n    residual_vulnerability: 1\n"
        "    owner: 市民課長\n"
    ) in (repo / CORE).read_text(encoding="utf-8")
    assert "R-002: score 30, residual 6 (acceptance 20)" in result.stdout


def test_an_import_that_breaks_a_reference_is_refused(repo: Path, tmp_path: Path, isms) -> None:
    path = tmp_path / "risks.csv"
    path.write_text(
        "ID,asset,threat,vulnerability,treatment,owner\nR-9,A-404,T-01,1,accept,x\n",
        encoding="utf-8",
    )
    result = isms("import", "risks", str(path), cwd=repo)
    assert result.code == 1, result
    assert "A-404" in result.stderr
    assert "R-9 comes from risks.csv, row 2" in result.stderr


@pytest.mark.parametrize(("language", "suffix"), [("ja", "xlsx"), ("en", "xlsx"), ("ja", "csv")])
def test_an_exported_soa_imports_back_to_no_change(
    tmp_path: Path, isms, language: str, suffix: str
) -> None:
    soa = soa_yaml(excluded={"A.7.4", "A.8.30"}).replace(
        "  - control: A.5.2\n", '  - control: "5.2"   # written short\n'
    )
    repo = make_repo(tmp_path / "isms", {CORE: BASE_REGISTERS}, soa=soa)
    output = tmp_path / f"soa.{suffix}"
    exported = isms("export", "soa", "--lang", language, "--output", str(output), cwd=repo)
    assert exported.code == 0, exported
    before = (repo / "registers/soa.yaml").read_bytes()
    result = isms("import", "soa", str(output), cwd=repo)
    assert result.code == 0, result
    assert result.stdout == "no changes\n"
    assert (repo / "registers/soa.yaml").read_bytes() == before


def test_an_xlsx_export_has_headers_filters_and_the_commit(tmp_path: Path, isms) -> None:
    git = GitRepo(tmp_path / "isms")
    make_repo(git.root, {CORE: BASE_REGISTERS})
    commit = git.commit("registers", "2026-04-01T09:00:00+09:00")
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert isms("export", "risks", "--lang", "ja", "-o", str(first), cwd=git.root).code == 0
    assert isms("export", "risks", "--lang", "ja", "-o", str(second), cwd=git.root).code == 0
    assert first.read_bytes() == second.read_bytes()  # reproducible
    workbook = openpyxl.load_workbook(first)
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]][:3] == ["リスクID", "資産ID", "脅威ID"]
    assert sheet[1][0].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I2"
    assert workbook.properties.keywords == f"commit {commit}"
    assert [prop.value for prop in workbook.custom_doc_props.props] == [commit]
    assert sheet["G2"].value == 6  # the score


def test_a_csv_export_is_excel_friendly(repo: Path, isms) -> None:
    result = isms("export", "assets", "--lang", "en", cwd=repo)
    assert result.code == 0, result
    assert result.stdout.startswith("\ufeffID,Name,Class,Owner,")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[1][:4] == ["A-001", "Resident records database", "information", "Citizens Division"]


def test_every_exported_header_is_read_back() -> None:
    from ismskit.editing.headers import COMPUTED, EXPORT_HEADERS, header_index, normalise

    computed = {normalise(name) for name in COMPUTED}
    for language, registers in EXPORT_HEADERS.items():
        for register, headers in registers.items():
            index = header_index(register)
            for field, header in headers.items():
                name = normalise(header)
                assert index.get(name) == field or name in computed, (language, register, header)


def test_export_writes_nested_entries_as_yaml_flow_text(tmp_path: Path, isms) -> None:
    certifications = """\
certifications:
  - id: CERT-1
    body: Example Body
    issued_on: 2025-03-14
    audits:
      - {kind: stage-2, date: 2025-01-20, findings: [{type: observation, description: Logs}]}
"""
    repo = make_repo(tmp_path, {"registers/pdca.yaml": certifications})
    out = tmp_path / "certifications.csv"
    result = isms("export", "certifications", "--format", "csv", "--output", str(out), cwd=repo)
    assert result.code == 0, result
    text = out.read_text(encoding="utf-8-sig")
    # One row per audit of the certification, its own findings as YAML flow text.
    assert (
        text.splitlines()[0]
        == "ID,Body,Standard,Issued on,Audits: Kind,Audits: Date,Audits: Findings"
    )
    assert (
        'CERT-1,Example Body,ISO/IEC 27001:2022,2025-03-14,stage-2,2025-01-20,"{type: observation, description: Logs}"'
        in text
    )
    assert "datetime" not in text


def test_export_has_one_row_per_finding_with_japanese_headers(tmp_path: Path, isms) -> None:
    audits = """\
audits:
  - id: IA-01
    date: 2026-02-10
    findings:
      - {type: minor-nonconformity, description: 研修記録がない, nonconformity: NC-01}
      - {type: observation, description: 手順書が古い}
  - id: IA-02
    planned_on: 2026-10-01
nonconformities:
  - {id: NC-01, description: 研修記録がない, detected_on: 2026-02-10, source: internal-audit}
"""
    config = "organization: 北浜市\nlanguage: ja\nscope: 住民記録\nrisk:\n  acceptance: 8\n"
    repo = make_repo(tmp_path, {"registers/pdca.yaml": audits}, config=config)
    result = isms("export", "audits", cwd=repo)
    assert result.code == 0, result
    lines = result.stdout.lstrip("\ufeff").splitlines()
    assert lines[0] == "ID,予定日,実施日,所見: 種類,所見: 説明,所見: 不適合"
    assert lines[1:] == [
        "IA-01,,2026-02-10,minor-nonconformity,研修記録がない,NC-01",
        "IA-01,,2026-02-10,observation,手順書が古い,",
        "IA-02,2026-10-01,,,,",
    ]


def test_the_soa_of_a_new_repository_exports_to_be_filled_in(tmp_path: Path, isms) -> None:
    target = tmp_path / "new"
    assert isms("init", str(target), "--lang", "ja", cwd=tmp_path).code == 0
    out = tmp_path / "soa.csv"
    result = isms("export", "soa", "--format", "csv", "--output", str(out), cwd=target)
    assert result.code == 0, result
    assert "警告" not in result.stderr  # an SoA still to decide is exported whole: nothing is wrong
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 94  # a header and 93 controls
    # Every column of the SoA document, to fill in.
    assert lines[0] == "管理策番号,管理策名,適用可否,適用・除外の理由,実施状況,対応するリスク,証跡"


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, isms, suffix: str) -> None:
    registers = BASE_REGISTERS.replace(
        "    owner: Citizens Division\n", '    owner: Citizens Division\n    location: "=1+1"\n', 1
    )
    repo = make_repo(tmp_path / "isms", {CORE: registers})
    output = tmp_path / f"assets.{suffix}"
    assert isms("export", "assets", "--output", str(output), cwd=repo).code == 0
    if suffix == "csv":
        assert "'=1+1" in output.read_text(
            encoding="utf-8-sig"
        )  # guarded against formula injection
    else:
        cell = next(
            c
            for row in openpyxl.load_workbook(output).active.iter_rows()
            for c in row
            if c.value == "=1+1"
        )
        assert cell.data_type == "s"
    again = isms("import", "assets", str(output), cwd=repo)
    assert again.stdout == "no changes\n", again


def test_a_control_typed_as_a_number_is_refused(repo: Path, tmp_path: Path, isms) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["管理策", "適用", "理由"])
    workbook.active.append([5.10, "適用", "必要"])
    workbook.save(tmp_path / "soa.xlsx")
    result = isms("import", "soa", str(tmp_path / "soa.xlsx"), cwd=repo)
    assert result.code == 1, result
    assert "5.1 is a number, so a control such as 5.10 cannot be told from 5.1" in result.stderr


def test_a_value_map_to_a_superscript_digit_is_a_usage_error(
    repo: Path, tmp_path: Path, isms
) -> None:
    sheet = _workbook(tmp_path / "a.xlsx", ROWS)
    result = isms("import", "assets", str(sheet), "--value-map", "高=²", cwd=repo)
    assert result.code == 2, result
    assert "the value must be a whole number" in result.stderr


def test_a_sheet_without_ids_needs_a_key_and_made_up_ids_skip_the_sheets_own(
    repo: Path, tmp_path: Path, isms
) -> None:
    rows = [
        ["", "窓口端末", "物理", "市民課", "", 1, 1, 2, ""],
        ["A-002", "税務端末", "物理", "税務課", "", 1, 1, 2, ""],
    ]
    no_ids = _workbook(tmp_path / "no-ids.xlsx", [row[1:] for row in rows])
    no_ids_sheet = openpyxl.load_workbook(no_ids)
    no_ids_sheet.active.delete_rows(2)  # a header row without the id column
    no_ids_sheet.active.insert_rows(2)
    for index, header in enumerate(HEADER[1:], start=1):
        no_ids_sheet.active.cell(row=2, column=index, value=header)
    no_ids_sheet.save(no_ids)
    refused = isms("import", "assets", str(no_ids), cwd=repo)
    assert refused.code == 2, refused
    assert "the sheet has no id column" in refused.stderr
    assert "--key name" in refused.stderr
    mixed = isms("import", "assets", str(_workbook(tmp_path / "mixed.xlsx", rows)), cwd=repo)
    assert mixed.code == 0, mixed
    text = (repo / CORE).read_text(encoding="utf-8")
    assert "  - id: A-003\n    name: 窓口端末\n" in text  # not A-002, which the next row gives
    assert "  - id: A-002\n    name: 税務端末\n" in text


def test_every_field_of_every_register_has_a_japanese_header() -> None:
    from typing import get_args

    from pydantic import BaseModel

    from ismskit.editing.headers import EXPORT_HEADERS, field_labels_ja
    from ismskit.models.entries import REGISTER_MODELS

    def fields(model: type[BaseModel]) -> set[str]:
        names = set()
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
            for argument in get_args(info.annotation):
                if isinstance(argument, type) and issubclass(argument, BaseModel):
                    names |= fields(argument)
        return names

    missing = {
        register: sorted(fields(model) - set(field_labels_ja()))
        for register, model in REGISTER_MODELS.items()
        if register not in EXPORT_HEADERS["ja"]
    }
    assert {register: names for register, names in missing.items() if names} == {}


def test_exported_risks_carry_their_scenario_and_dates_and_import_back_to_no_change(
    tmp_path: Path, isms
) -> None:
    import shutil

    project = Path(__file__).resolve().parents[1]
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy(project / "isms.yaml", root / "isms.yaml")
    shutil.copytree(project / "registers", root / "registers")
    before = {path: path.read_bytes() for path in (root / "registers").rglob("*.yaml")}
    sheet = tmp_path / "risks.csv"
    assert isms("export", "risks", "--output", str(sheet), cwd=root).code == 0
    header = sheet.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    for column in ("シナリオ", "脆弱性の内容", "評価日", "対応計画の承認日", "処置: 完了日"):
        assert column in header
    result = isms("import", "risks", str(sheet), cwd=root)
    assert result.code == 0, result
    assert {path: path.read_bytes() for path in before} == before
