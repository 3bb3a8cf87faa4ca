"""The words a ledger writes for an asset class, a treatment option, an SoA status or a security
property, in Japanese and English, each mapped to the register's value (kept apart from the
header table of headers.py, which re-exports them)."""

from __future__ import annotations

CLASS_VALUES = {
    "情報": "information",
    "情報資産": "information",
    "データ": "information",
    "電子データ": "information",
    "電子ファイル": "information",
    "紙": "information",
    "紙資料": "information",
    "紙媒体": "information",
    "紙文書": "information",
    "書類": "information",
    "文書": "information",
    "data": "information",
    "paper": "information",
    "document": "information",
    "ソフトウェア": "software",
    "ソフトウエア": "software",
    "ソフト": "software",
    "アプリケーション": "software",
    "プログラム": "software",
    "application": "software",
    "物理": "physical",
    "物理的資産": "physical",
    "物理資産": "physical",
    "ハードウェア": "physical",
    "ハードウエア": "physical",
    "ハード": "physical",
    "機器": "physical",
    "端末": "physical",
    "設備": "physical",
    "施設": "physical",
    "建物": "physical",
    "hardware": "physical",
    "equipment": "physical",
    "device": "physical",
    "facility": "physical",
    "サービス": "service",
    "クラウドサービス": "service",
    "外部サービス": "service",
    "役務": "service",
}
TREATMENT_VALUES = {
    "低減": "reduce",
    "軽減": "reduce",
    "受容": "accept",
    "保有": "accept",
    "回避": "avoid",
    "移転": "transfer",
    "共有": "transfer",
}
STATUS_VALUES = {
    "実施済": "implemented",
    "実施済み": "implemented",
    "一部実施": "partial",
    "計画中": "planned",
    "未実施": "not-implemented",
    "partially implemented": "partial",
    "not implemented": "not-implemented",
}
PROPERTY_VALUES = {
    "機密性": "confidentiality",
    "c": "confidentiality",
    "完全性": "integrity",
    "i": "integrity",
    "可用性": "availability",
    "a": "availability",
}
