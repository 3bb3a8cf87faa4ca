"""Spreadsheet headers and words of the registers people keep as sheets besides the risk registers:
issues (4.1), planned changes (6.3) and communication (7.4). headers.py merges them in."""

from __future__ import annotations

HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "issues": {
        "id": ("id", "課題ID", "番号", "No"),
        "title": ("title", "issue", "課題", "課題名"),
        "type": ("type", "外部・内部", "内部・外部", "区分"),
        "category": ("category", "分類"),
        "description": ("description", "説明", "内容"),
        "effect": ("effect", "影響", "意図した成果への影響"),
        "response": ("response", "対応", "ISMSでの対応"),
        "climate_change": ("climate change", "気候変動"),
        "relevant": ("relevant", "関連", "関連する"),
        "risks": ("risks", "リスク", "関連するリスク"),
        "identified_on": ("identified on", "特定日"),
        "reviewed_on": ("reviewed on", "見直し日"),
    },
    "changes": {
        "id": ("id", "変更ID", "番号", "No"),
        "title": ("title", "change", "変更", "変更内容"),
        "description": ("description", "説明"),
        "reason": ("reason", "理由", "理由及び影響"),
        "owner": ("owner", "責任者", "担当"),
        "resources": ("resources", "資源"),
        "planned_on": ("planned on", "予定", "予定日"),
        "status": ("status", "状況"),
        "done_on": ("done on", "完了日"),
        "clauses": ("clauses", "箇条", "影響する箇条"),
        "risks": ("risks", "リスク", "関連するリスク"),
        "records": ("records", "記録", "関連する文書・記録"),
        "approved_by": ("approved by", "承認者"),
        "approved_on": ("approved on", "承認日"),
    },
    "communications": {
        "id": ("id", "番号", "No"),
        "what": ("what", "内容", "何を"),
        "when": ("when", "時期", "いつ"),
        "with_whom": ("with whom", "相手", "誰と"),
        "by": ("by", "by whom", "実施者", "誰が"),
        "how": ("how", "方法", "どのように"),
        "type": ("type", "内部・外部", "外部・内部", "区分"),
        "records": ("records", "記録"),
    },
}

EXPORT_HEADERS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        register: {field: names[0].capitalize() for field, names in fields.items()}
        for register, fields in HEADERS.items()
    },
    "ja": {
        "issues": {
            "id": "課題ID",
            "title": "課題",
            "type": "外部・内部",
            "category": "分類",
            "description": "説明",
            "effect": "意図した成果への影響",
            "response": "ISMSでの対応",
            "climate_change": "気候変動",
            "relevant": "関連",
            "risks": "関連するリスク",
            "identified_on": "特定日",
            "reviewed_on": "見直し日",
        },
        "changes": {
            "id": "変更ID",
            "title": "変更内容",
            "description": "説明",
            "reason": "理由及び影響",
            "owner": "責任者",
            "resources": "資源",
            "planned_on": "予定日",
            "status": "状況",
            "done_on": "完了日",
            "clauses": "影響する箇条",
            "risks": "関連するリスク",
            "records": "関連する文書・記録",
            "approved_by": "承認者",
            "approved_on": "承認日",
        },
        "communications": {
            "id": "番号",
            "what": "内容",
            "when": "時期",
            "with_whom": "相手",
            "by": "実施者",
            "how": "方法",
            "type": "内部・外部",
            "records": "記録",
        },
    },
}

ORIGIN_VALUES = {"外部": "external", "内部": "internal"}
CHANGE_STATUS_VALUES = {
    "計画": "planned",
    "計画中": "planned",
    "予定": "planned",
    "実施中": "in-progress",
    "in progress": "in-progress",
    "完了": "done",
    "済": "done",
    "中止": "cancelled",
}
# Words that mean different things in different registers (status: of a control, of a change).
REGISTER_WORDS: dict[str, dict[str, dict[str, str]]] = {
    "issues": {"type": ORIGIN_VALUES},
    "communications": {"type": ORIGIN_VALUES},
    "changes": {"status": CHANGE_STATUS_VALUES},
}
REGISTER_CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "issues": {"type": ("internal", "external")},
    "communications": {"type": ("internal", "external")},
    "changes": {"status": ("planned", "in-progress", "done", "cancelled")},
}
EXPORT_VALUES = {"external": "外部", "internal": "内部", "in-progress": "実施中", "done": "完了"}
EXPORT_VALUES |= {"cancelled": "中止"}
