"""The built-in Annex A catalogue (ISO/IEC 27001:2022): 93 controls in four themes."""

from __future__ import annotations

import json
from pathlib import Path

from ismskit.catalogue.annex_a import load_catalogue
from ismskit.models.types import normalize_control_id


def test_catalogue_has_the_93_controls_of_annex_a() -> None:
    catalogue = load_catalogue()
    expected = [
        f"A.{clause}.{number}"
        for clause, count in ((5, 37), (6, 8), (7, 14), (8, 34))
        for number in range(1, count + 1)
    ]
    assert [control.id for control in catalogue.controls] == expected
    assert [theme.key for theme in catalogue.themes] == [
        "organizational",
        "people",
        "physical",
        "technological",
    ]
    for control in catalogue.controls:
        theme = next(theme for theme in catalogue.themes if theme.key == control.theme)
        assert control.id.startswith(f"A.{theme.clause}.")
        assert control.title("en").strip()
        assert control.title("ja").strip()


def test_titles_in_both_languages() -> None:
    catalogue = load_catalogue()
    control = catalogue.get("A.8.13")
    assert control is not None
    assert control.title("en") == "Information backup"
    assert control.title("ja") == "情報のバックアップ"
    assert catalogue.get("A.9.1") is None


def test_control_id_forms() -> None:
    assert normalize_control_id("5.1") == "A.5.1"
    assert normalize_control_id("A.8.07") == "A.8.7"
    assert normalize_control_id(" 8.34 ") == "A.8.34"
    assert normalize_control_id("ORG-01") == "ORG-01"
    assert normalize_control_id("9.1") == "9.1"


# The reference list: every Annex A title as ISO/IEC 27001:2022 Table A.1 and JIS Q 27001:2023
# 附属書A 表A.1 word it, assembled from published sources (copies of the standard's text and
# table of contents, certification-body forms, the Tokyo Metropolitan Government's ISMS course
# material, IPA's syllabus); tests/data/annex_a_reference.json names each source per title.
REFERENCE = Path(__file__).parent / "data" / "annex_a_reference.json"


def test_catalogue_titles_are_the_standards_words() -> None:
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    assert reference["sources"], "the reference list names its sources"
    catalogue = load_catalogue()
    expected = {item["id"]: (item["en"], item["ja"]) for item in reference["controls"]}
    actual = {control.id: (control.title("en"), control.title("ja")) for control in catalogue.controls}
    assert actual == expected
    themes = {theme.key: (theme.title("en"), theme.title("ja")) for theme in catalogue.themes}
    assert themes == {item["key"]: (item["en"], item["ja"]) for item in reference["themes"]}


def test_titles_the_stage_1_review_found_wrong() -> None:
    catalogue = load_catalogue()
    titles = {control.id: control for control in catalogue.controls}
    assert titles["A.8.1"].title("en") == "User end point devices"
    assert titles["A.8.28"].title("ja") == "セキュリティに配慮したコーディング"
    assert titles["A.8.19"].title("ja") == "運用システムに関わるソフトウェアの導入"
    assert titles["A.8.33"].title("ja") == "試験情報"
