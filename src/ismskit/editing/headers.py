"""What spreadsheet columns and cell values mean: English and Japanese headers and words.

Headers and words are compared after `normalise`: NFKC (full-width letters and digits become
half-width), lower case, without spaces, underscores, hyphens and a trailing bracketed note
("機密性（C）" reads as "機密性").
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache

from ismskit.editing import headers_management as management
from ismskit.editing.value_words import (  # noqa: F401 - the words are read from here too
    CLASS_VALUES,
    PROPERTY_VALUES,
    STATUS_VALUES,
    TREATMENT_VALUES,
)

# register → field → the headers that name it
HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "assets": {
        "id": ("id", "asset id", "資産ID", "資産番号", "管理番号", "番号", "No", "No.", "№"),
        "name": (
            "name",
            "asset",
            "asset name",
            "資産名",
            "名称",
            "情報資産名",
            "情報資産",
            "情報資産名称",
            "資産名称",
        ),
        "class": (
            "class",
            "分類",
            "種別",
            "資産分類",
            "区分",
            "資産の種類",
            "種類",
            "資産種別",
            "type",
        ),
        "owner": (
            "owner",
            "管理責任者",
            "所有者",
            "管理者",
            "責任者",
            "管理部署",
            "所管課",
            "所管部署",
            "主管課",
            "担当部署",
        ),
        "location": (
            "location",
            "保管場所",
            "所在",
            "場所",
            "保存場所",
            "設置場所",
            "保存先",
            "保管先",
            "格納場所",
            "媒体・保存先",
        ),
        "description": ("description", "説明", "内容", "概要"),
        "confidentiality": ("confidentiality", "C", "機密性"),
        "integrity": ("integrity", "I", "完全性"),
        "availability": ("availability", "A", "可用性"),
    },
    "threats": {
        "id": ("id", "threat id", "脅威ID", "脅威番号", "番号", "No", "No.", "№"),
        "name": ("name", "threat", "脅威", "脅威名"),
        "description": ("description", "説明", "内容"),
        "frequency": ("frequency", "freq", "発生頻度", "頻度"),
        "affects": ("affects", "影響する性質", "影響"),
        "classes": ("classes", "対象分類", "対象資産"),
    },
    "risks": {
        "id": ("id", "risk id", "リスクID", "リスク番号", "番号", "No", "No.", "№"),
        "name": ("name", "リスク名"),
        "description": ("description", "説明", "内容"),
        "scenario": ("scenario", "シナリオ", "リスクシナリオ", "想定される事象"),
        "asset": ("asset", "asset id", "資産", "資産ID", "情報資産"),
        "threat": ("threat", "threat id", "脅威", "脅威ID"),
        "vulnerability": ("vulnerability", "vuln", "脆弱性"),
        "vulnerability_description": ("vulnerability description", "脆弱性の内容", "脆弱性の説明"),
        "frequency": ("frequency", "freq", "頻度", "発生頻度"),
        "likelihood": ("likelihood", "起こりやすさ", "発生可能性"),
        "impact": ("impact", "影響度"),
        "existing_controls": ("existing controls", "既存の管理策", "既存管理策"),
        "treatment": ("treatment", "対応", "リスク対応", "対応方針"),
        "controls": ("controls", "管理策", "計画した管理策", "対応管理策"),
        "residual_vulnerability": ("residual vulnerability", "残留脆弱性", "対応後の脆弱性"),
        "residual_frequency": ("residual frequency", "残留頻度", "対応後の頻度"),
        "residual_likelihood": ("residual likelihood", "対応後の起こりやすさ"),
        "residual_impact": ("residual impact", "対応後の影響度"),
        "owner": ("owner", "risk owner", "リスク所有者", "リスクオーナー"),
        "accepted_by": ("accepted by", "承認者", "受容承認者"),
        "accepted_on": ("accepted on", "承認日", "受容承認日"),
        "accepted_score": ("accepted score", "受容したリスク値", "受容時のリスク値"),
        "due": ("due", "期限", "対応期限"),
        "assessed_on": ("assessed on", "評価日", "アセスメント実施日"),
        "plan_approved_on": ("plan approved on", "対応計画の承認日", "計画承認日"),
        "reviewed_on": ("reviewed on", "見直し日"),
    },
    "soa": {
        "control": ("control", "管理策", "管理策番号", "管理策ID", "No"),
        "applicable": ("applicable", "適用", "適用可否", "適用有無", "適用・除外"),
        "justification": (
            "justification",
            "理由",
            "適用理由",
            "除外理由",
            "適用・除外の理由",
            "適用除外の理由",
        ),
        "status": ("status", "実施状況", "状況"),
        "evidence": ("evidence", "証跡"),
        "notes": ("notes", "備考"),
        "reviewed_on": ("reviewed on", "見直し日"),
    },
}

HEADERS |= management.HEADERS

# Columns an export adds that are worked out, not kept: read past without a note.
COMPUTED = (
    "title",
    "管理策名",
    "asset name",
    "資産名",
    "threat name",
    "脅威名",
    "score",
    "リスク値",
    "residual",
    "残留リスク",
    "level",
    "レベル",
    "対応するリスク",
    "risks",
    "risks treated",
    "重要度",
    "資産価値",
    "総合評価",
)

# Headers that number the rows of a ledger rather than name its entries: where another column is
# read as the id too (管理番号), the row counter is left out.
ROW_COUNTERS = ("No", "No.", "№", "番号", "通番", "連番", "#")

# The headers an export writes, per language: every one is recognised on import.
EXPORT_HEADERS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "assets": {
            "id": "ID",
            "name": "Name",
            "class": "Class",
            "owner": "Owner",
            "location": "Location",
            "description": "Description",
            "confidentiality": "Confidentiality",
            "integrity": "Integrity",
            "availability": "Availability",
        },
        "threats": {
            "id": "ID",
            "name": "Threat",
            "description": "Description",
            "frequency": "Frequency",
            "affects": "Affects",
            "classes": "Classes",
        },
        "risks": {
            "id": "ID",
            "name": "Name",
            "description": "Description",
            "scenario": "Scenario",
            "asset": "Asset",
            "threat": "Threat",
            "vulnerability": "Vulnerability",
            "vulnerability_description": "Vulnerability description",
            "frequency": "Frequency",
            "likelihood": "Likelihood",
            "impact": "Impact",
            "existing_controls": "Existing controls",
            "treatment": "Treatment",
            "controls": "Controls",
            "residual_vulnerability": "Residual vulnerability",
            "residual_frequency": "Residual frequency",
            "residual_likelihood": "Residual likelihood",
            "residual_impact": "Residual impact",
            "owner": "Risk owner",
            "accepted_by": "Accepted by",
            "accepted_on": "Accepted on",
            "accepted_score": "Accepted score",
            "due": "Due",
            "assessed_on": "Assessed on",
            "plan_approved_on": "Plan approved on",
            "reviewed_on": "Reviewed on",
            "score": "Score",
            "residual": "Residual",
            "level": "Level",
        },
        "soa": {
            "control": "Control",
            "title": "Title",
            "applicable": "Applicable",
            "justification": "Justification",
            "status": "Status",
            "risks": "Risks treated",
            "evidence": "Evidence",
            "notes": "Notes",
            "reviewed_on": "Reviewed on",
        },
    },
    "ja": {
        "assets": {
            "id": "資産ID",
            "name": "資産名",
            "class": "分類",
            "owner": "管理責任者",
            "location": "保管場所",
            "description": "説明",
            "confidentiality": "機密性",
            "integrity": "完全性",
            "availability": "可用性",
        },
        "threats": {
            "id": "脅威ID",
            "name": "脅威",
            "description": "説明",
            "frequency": "発生頻度",
            "affects": "影響する性質",
            "classes": "対象分類",
        },
        "risks": {
            "id": "リスクID",
            "name": "リスク名",
            "description": "説明",
            "scenario": "シナリオ",
            "asset": "資産ID",
            "threat": "脅威ID",
            "vulnerability": "脆弱性",
            "vulnerability_description": "脆弱性の内容",
            "frequency": "発生頻度",
            "likelihood": "起こりやすさ",
            "impact": "影響度",
            "existing_controls": "既存の管理策",
            "treatment": "リスク対応",
            "controls": "計画した管理策",
            "residual_vulnerability": "対応後の脆弱性",
            "residual_frequency": "対応後の頻度",
            "residual_likelihood": "対応後の起こりやすさ",
            "residual_impact": "対応後の影響度",
            "owner": "リスク所有者",
            "accepted_by": "受容承認者",
            "accepted_on": "受容承認日",
            "accepted_score": "受容したリスク値",
            "due": "対応期限",
            "assessed_on": "評価日",
            "plan_approved_on": "対応計画の承認日",
            "reviewed_on": "見直し日",
            "score": "リスク値",
            "residual": "残留リスク",
            "level": "レベル",
        },
        "soa": {
            "control": "管理策番号",
            "title": "管理策名",
            "applicable": "適用可否",
            "justification": "適用・除外の理由",
            "status": "実施状況",
            "risks": "対応するリスク",
            "evidence": "証跡",
            "notes": "備考",
            "reviewed_on": "見直し日",
        },
    },
}

for _language, _registers in management.EXPORT_HEADERS.items():
    EXPORT_HEADERS[_language] |= _registers

YES = ("適用", "○", "〇", "◯", "はい", "yes", "y", "true", "1", "有", "あり")
NO = ("除外", "×", "✕", "いいえ", "no", "n", "false", "0", "非適用", "適用外", "無", "なし")
# A rating written as a word, for a three-level scale (other scales: --value-map).
THREE_LEVELS = {"高": 3, "中": 2, "低": 1, "大": 3, "小": 1, "h": 3, "m": 2, "l": 1}
THREE_LEVELS |= {"high": 3, "medium": 2, "low": 1}

# What an export writes for a value, per language (the import reads these back).
EXPORT_VALUES: dict[str, dict[str, str]] = {
    "ja": {
        "information": "情報",
        "software": "ソフトウェア",
        "physical": "物理的資産",
        "service": "サービス",
        "reduce": "低減",
        "accept": "受容",
        "avoid": "回避",
        "transfer": "移転",
        "implemented": "実施済み",
        "partial": "一部実施",
        "planned": "計画中",
        "not-implemented": "未実施",
        "confidentiality": "機密性",
        "integrity": "完全性",
        "availability": "可用性",
        "true": "適用",
        "false": "除外",
    },
    "en": {"true": "yes", "false": "no"},
}
EXPORT_VALUES["ja"] |= management.EXPORT_VALUES
REGISTER_WORDS = management.REGISTER_WORDS
REGISTER_CHOICES = management.REGISTER_CHOICES

_NOTE = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
_IGNORED = re.compile(r"[\s_\-]+")


def normalise(text: str) -> str:
    """A header or a word as it is compared."""
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    without_note = _NOTE.sub("", folded) or folded
    return _IGNORED.sub("", without_note)


def header_index(register: str) -> dict[str, str]:
    """Normalised header → field, for one register."""
    index: dict[str, str] = {}
    for field, names in HEADERS[register].items():
        for name in (field, *names):
            index.setdefault(normalise(name), field)
    return index


def word_index(words: dict[str, str]) -> dict[str, str]:
    return {normalise(word): value for word, value in words.items()}


def field_labels_ja() -> dict[str, str]:
    """The Japanese header of every field of the registers without their own export headers
    (and of the entries they nest): data, in i18n/fields.ja.json."""
    return _field_labels()


@cache
def _field_labels() -> dict[str, str]:
    from importlib import resources

    text = resources.files("ismskit.i18n").joinpath("fields.ja.json").read_text("utf-8")
    table: dict[str, str] = json.loads(text)
    return table
