"""One vocabulary: every option that takes a rating, class, property or list accepts what
`isms import` accepts (numbers or level names, English or Japanese words, comma lists)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import BASE_CONFIG, make_repo, write_files
from ismskit.editing.vocabulary import (
    VocabularyError,
    rating_words,
    read_fields,
    read_rating,
    scale_level_names,
)
from ismskit.models.types import RatingScales

PYDANTIC_WORDS = ("Input should", "validation error", "Field required", "Value error", "type=")


def _registers(root: Path) -> str:
    return (root / "registers" / "core.yaml").read_text(encoding="utf-8")


def test_asset_add_takes_level_names_and_japanese_classes(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path)
    result = isms(
        "asset", "add", "--name", "申請書の原本", "--class", "物理", "--owner", "市民課",
        "-C", "高", "-I", "中", "-A", "低", cwd=root,
    )  # fmt: skip
    assert result.code == 0, result
    written = _registers(root)
    assert "class: physical" in written
    assert "confidentiality: 3\n    integrity: 2\n    availability: 1" in written


@pytest.mark.parametrize(
    ("option", "value", "written"),
    [
        ("-C", "３", "confidentiality: 3"),  # a full-width digit
        ("-C", "High", "confidentiality: 3"),
        ("--class", "ハードウェア", "class: physical"),
        ("--class", "データ", "class: information"),
        ("--class", "Software", "class: software"),
    ],
)
def test_asset_add_reads_each_way_of_writing(
    tmp_path: Path,
    isms,  # type: ignore[no-untyped-def]
    option: str,
    value: str,
    written: str,
) -> None:
    root = make_repo(tmp_path)
    given = {"--class": "information", "-C": "1", option: value}
    args = [part for pair in given.items() for part in pair]
    result = isms("asset", "add", "--name", "x", "--owner", "y", *args, "-I", "1", "-A", "1", cwd=root)
    assert result.code == 0, result
    assert written in _registers(root)


def test_threat_add_takes_comma_lists_and_repeats_in_either_language(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path)
    result = isms(
        "threat", "add", "--name", "火災", "--frequency", "低",
        "--affects", "confidentiality,integrity", "--affects", "可用性",
        "--classes", "物理、情報", cwd=root,
    )  # fmt: skip
    assert result.code == 0, result
    written = _registers(root)
    assert "affects: [confidentiality, integrity, availability]" in written
    assert "classes: [physical, information]" in written
    assert "frequency: 1" in written


def test_risk_add_takes_level_names_and_japanese_treatments(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path)
    result = isms(
        "risk", "add", "--asset", "A-001", "--threat", "T-01", "--vulnerability", "中",
        "--treatment", "低減", "--controls", "A.8.7,A.5.15", "--residual-vulnerability", "低",
        "--owner", "市民課長", cwd=root,
    )  # fmt: skip
    assert result.code == 0, result
    written = _registers(root)
    assert "id: R-002" in written
    assert "vulnerability: 2\n    treatment: reduce\n    controls: [A.8.7, A.5.15]" in written
    assert "residual_vulnerability: 1" in written


def test_the_first_entries_need_no_id(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = write_files(tmp_path, {"isms.yaml": BASE_CONFIG})
    steps = [
        ["asset", "add", "--name", "台帳", "--class", "情報", "--owner", "市民課", "-C", "3", "-I", "3", "-A", "2"],
        ["threat", "add", "--name", "漏えい", "--frequency", "2"],
        ["risk", "add", "--asset", "A-001", "--threat", "T-01", "--vulnerability", "1", "--treatment", "受容", "--owner", "市民課長"],
    ]
    for step in steps:
        result = isms(*step, cwd=root)
        assert result.code == 0, result
    assert "- id: A-001" in (root / "registers" / "assets.yaml").read_text(encoding="utf-8")
    assert "- id: T-01" in (root / "registers" / "threats.yaml").read_text(encoding="utf-8")
    assert "- id: R-001" in (root / "registers" / "risks.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--class", "紙っぽい", "-C", "1"], "--class: '紙っぽい' is not a class: write one of information"),
        (["--class", "情報", "-C", "9"], "--confidentiality: 9 is outside the confidentiality value scale 1..3"),
        (["--class", "情報", "-C", "とても高い"], "write a number 1..3, or a level name (高=3"),
    ],
)
def test_a_wrong_value_says_what_to_write(tmp_path: Path, isms, args: list[str], said: str) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path)
    before = _registers(root)
    result = isms("asset", "add", "--name", "x", "--owner", "y", *args, "-I", "1", "-A", "1", cwd=root)
    assert result.code == 2
    assert said in result.stderr
    assert not any(word in result.stderr for word in PYDANTIC_WORDS)
    assert _registers(root) == before


def test_a_value_the_check_refuses_is_not_in_pydantic_words(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path)
    result = isms("asset", "add", "--name", "", "--class", "情報", "--owner", "y", "-C", "1", "-I", "1", "-A", "1", cwd=root)
    assert result.code == 1
    assert "name must not be empty" in result.stderr
    assert not any(word in result.stderr for word in PYDANTIC_WORDS)


def test_level_names_of_a_scale_come_first_and_three_levels_by_default() -> None:
    scales = RatingScales(confidentiality=4)
    named = rating_words(4, {4: "極秘", 3: "秘", 2: "社外秘", 1: "公開"})
    assert read_rating("秘", "confidentiality", scales, named) == 3
    assert "高" not in named  # 高/中/低 only on a three-level scale
    assert read_rating("高", "integrity", scales, rating_words(3)) == 3
    with pytest.raises(VocabularyError, match=r"1\.\.4"):
        read_rating("5", "confidentiality", scales, named)


@pytest.mark.parametrize(
    "criteria",
    [
        {"confidentiality": {3: "高", 2: "中", 1: "低"}},
        {"confidentiality": [{"level": 3, "name": "高"}, {"level": 2, "name": "中"}, {"level": 1, "name": "低"}]},
        {"confidentiality": {"levels": [{"value": 3, "name": "高", "meaning": "重大"}, {"value": 2, "name": "中"}, {"value": 1, "name": "低"}]}},
    ],
)
def test_scale_level_names_are_read_whichever_way_isms_yaml_writes_them(criteria: dict) -> None:  # type: ignore[type-arg]
    class Risk:
        pass

    class Config:
        risk = Risk()

    Config.risk.criteria = criteria  # type: ignore[attr-defined]
    assert scale_level_names(Config()) == {"confidentiality": {3: "高", 2: "中", 1: "低"}}


def test_read_fields_names_the_option() -> None:
    with pytest.raises(VocabularyError, match=r"^--residual-vulnerability: "):
        read_fields({"residual_vulnerability": "x"}, RatingScales())
    assert read_fields({"affects": ["C,I"], "treatment": "移転"}, RatingScales()) == {
        "affects": ["confidentiality", "integrity"],
        "treatment": "transfer",
    }
