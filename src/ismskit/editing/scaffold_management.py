"""The file of `isms init` for the registers of the management system (4.1 to 9.1): each register
declared empty, with a commented example of an entry, in the repository's language."""

from __future__ import annotations

from ismskit.models.types import Language

_TITLES: dict[Language, dict[str, str]] = {
    "ja": {
        "file": "ISMS の仕組み（箇条4〜9.1）: 課題、利害関係者、役割、変更、力量、"
        "コミュニケーション、監視・測定",
        "issues": "外部及び内部の課題（箇条 4.1）。気候変動が関連するかどうかも決定して記録する",
        "interested_parties": "利害関係者とその要求事項、ISMS で取り扱うか（箇条 4.2）",
        "roles": "役割、責任及び権限、所管する箇条と管理策（箇条 5.3）",
        "changes": "ISMS の変更の計画（箇条 6.3）",
        "competences": "役割ごとに必要な力量と、担当者ごとの充足状況（箇条 7.2）",
        "communications": "何を、いつ、誰と、誰が、どのように伝達するか（箇条 7.4）",
        "measurements": "監視及び測定：対象、方法、時期、実施者、分析・評価者、結果（箇条 9.1）",
    },
    "en": {
        "file": "The management system (clauses 4 to 9.1): issues, interested parties, roles, "
        "changes, competence, communication, monitoring",
        "issues": "External and internal issues (4.1); record whether climate change is relevant",
        "interested_parties": "Interested parties, their requirements, whether the ISMS addresses "
        "each (4.2)",
        "roles": "Roles, responsibilities, authorities; the clauses and controls each owns (5.3)",
        "changes": "Planned changes to the ISMS (6.3)",
        "competences": "The competence each role requires, and each person against it (7.2)",
        "communications": "What is communicated, when, with whom, by whom and how (7.4)",
        "measurements": "Monitoring and measurement: what, how, when, by whom, who analyses (9.1)",
    },
}

_EXAMPLES: dict[str, list[str]] = {
    "issues": [
        "- {id: ISS-01, title: ..., type: external, effect: ..., response: ...}",
        "- {id: ISS-02, title: ..., type: external, climate_change: true, relevant: true}",
    ],
    "interested_parties": [
        "- id: IP-01",
        "  name: ...",
        "  type: external             # external | internal",
        "  requirements:",
        "    - {requirement: ..., addressed: true, how: ...}",
        "    - {requirement: ..., addressed: false, reason: ...}",
    ],
    "roles": [
        "- id: R-01",
        "  title: ...",
        "  holders: [P-01]",
        "  responsibilities: ...",
        '  clauses: ["7.2", "7.5"]    # the clauses it owns: its holders do not audit them',
    ],
    "changes": ["- {id: CH-01, title: ..., owner: ..., planned_on: 2027-03-31, status: planned}"],
    "competences": [
        "- id: C-01",
        "  role: R-01",
        "  competence: ...",
        "  people:",
        "    - {person: P-01, meets: true, evidence: [TR-01]}",
        "    - {person: P-02, meets: false, action: ..., due: 2027-03-31}",
    ],
    "communications": [
        "- {id: CM-01, what: ..., when: ..., with_whom: ..., by: ..., how: ..., type: internal}",
    ],
    "measurements": [
        "- id: M-01",
        "  what: ...",
        "  kind: access-review        # metric | supplier-review | access-review | log-review",
        "  how: ...",
        "  interval_months: 6",
        "  by: ...",
        "  analysed_by: ...",
        "  results: [{date: 2026-10-01, value: 0, result: ...}]",
    ],
}


def management_file(language: Language, schema_line: str) -> str:
    titles = _TITLES[language]
    lines = [schema_line.rstrip("\n"), f"# {titles['file']}"]
    for register, example in _EXAMPLES.items():
        lines += ["", f"# {titles[register]}", f"{register}:"]
        lines += [f"  # {line}" for line in example]
    return "\n".join(lines) + "\n"
