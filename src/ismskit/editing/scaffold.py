"""The files of a new ISMS repository (`isms init`): settings, commented registers, an SoA to fill.

Every register file holds commented examples and no entry, so `isms check` on a new repository
reports only what a person has still to do: the 93 SoA decisions, each pending.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

from ismskit.catalogue.annex_a import load_catalogue
from ismskit.editing.output import TEMPORARY_PREFIX
from ismskit.editing.scaffold_management import management_file
from ismskit.models.types import Language

REGISTERS_SCHEMA = "# yaml-language-server: $schema=../schemas/registers.schema.json\n"
CONFIG_SCHEMA = "# yaml-language-server: $schema=schemas/isms.schema.json\n"

_TEXT: dict[str, dict[str, Any]] = {
    "ja": {
        "config_title": "ISMS の基本設定（isms コマンドが読みます）",
        "scope": "（ISMS の適用範囲を記入してください: 対象の部署、拠点、情報システム、"
        "除外とその理由）",
        "method": "資産価値 × 脅威 × 脆弱性（詳細リスク分析）",
        "method_alt": "起こりやすさ × 影響度 で評価する場合",
        "value": "機密性・完全性・可用性の評価段階（1..3）",
        "value_alt": "性質ごとに段階を変える場合",
        "asset_value": "max: 脅威が影響する性質の最大値、sum: その合計",
        "acceptance": "リスク受容基準: これ以下のリスク値は対応なしで受容できる",
        "levels": ("低", "中", "高"),
        "assets": "情報資産台帳: 情報資産ごとに機密性・完全性・可用性を評価する",
        "threats": "脅威: 発生頻度（1..3）と、影響する性質・資産の種類",
        "risks": "リスク: 資産 × 脅威 ごとに脆弱性を評価し、対応を決める",
        "controls": "組織独自の管理策（附属書A 以外）",
        "records": "文書・記録: 保管場所と保存期間",
        "soa": "適用宣言書: 93 の管理策それぞれに適用・除外とその理由を記入する",
        "soa_hint": "true（適用）/ false（除外）",
        "justification": "適用・除外の理由",
        "example_asset": ("住民基本台帳データ", "市民課", "サーバ室"),
        "example_threat": "不正アクセス",
        "example_owner": "市民課長",
        "example_record": ("情報セキュリティ基本方針", "情報政策課", "文書管理システム", "永年"),
        "scope_details": (
            "適用範囲の詳細（箇条 4.3）: 部署ごとに台帳ファイルを分けると --unit で絞り込める"
        ),
        "pdca": "運用の記録（PDCA）: 要員、教育、事業継続、内部監査、是正処置、"
        "マネジメントレビュー、目的、認証",
        "pdca_titles": {
            "people": "要員: 所属と役割（内部監査員の独立性・力量の確認に使う）",
            "training": "教育・研修の実施記録（力量の証拠、箇条 7.2）",
            "bcp_plans": "事業継続計画",
            "exercises": "事業継続の訓練（目標と実績の復旧時間）",
            "audits": "内部監査プログラムと結果（箇条 9.2）",
            "nonconformities": "不適合と是正処置（箇条 10.2）",
            "reviews": "マネジメントレビュー（箇条 9.3）",
            "objectives": "情報セキュリティ目的と測定結果（箇条 6.2、9.1）",
            "certifications": "認証と認証機関の審査",
        },
    },
    "en": {
        "config_title": "The settings of the ISMS (read by the isms command)",
        "scope": "(Write the ISMS scope: the units, sites and information systems it covers, and "
        "what it excludes and why.)",
        "method": "asset value × threat frequency × vulnerability",
        "method_alt": "to rate risks by likelihood × impact instead",
        "value": "the scale of confidentiality, integrity and availability values (1..3)",
        "value_alt": "a scale of its own for each property",
        "asset_value": "max: the highest value among the properties a threat affects; sum: total",
        "acceptance": "risks scored at or below this are acceptable without treatment",
        "levels": ("low", "medium", "high"),
        "assets": "Information assets, each valued for confidentiality, integrity, availability",
        "threats": "Threats: frequency (1..3), the properties and asset classes they affect",
        "risks": "Risks: one asset × threat pair each, its vulnerability and its treatment",
        "controls": "The organisation's own controls (beside Annex A)",
        "records": "Documents and records: where they are kept and for how long",
        "soa": "Statement of Applicability: decide each of the 93 controls and say why",
        "soa_hint": "true (applied) / false (excluded)",
        "justification": "why it is applied or excluded",
        "example_asset": ("Resident records database", "Citizens Division", "Server room"),
        "example_threat": "Unauthorised access",
        "example_owner": "Citizens Division Manager",
        "example_record": (
            "Information security policy",
            "Policy office",
            "Document system",
            "permanent",
        ),
        "scope_details": "The scope in detail (4.3): a file per unit lets reports use --unit",
        "pdca": "Running the ISMS: people, training, continuity, internal audit, corrective "
        "action, management review, objectives, certification",
        "pdca_titles": {
            "people": "People: units and roles (auditor independence and competence)",
            "training": "Training sessions (evidence of competence, 7.2)",
            "bcp_plans": "Business continuity plans",
            "exercises": "Exercises of the plans (target and achieved recovery times)",
            "audits": "The internal audit programme and results (9.2)",
            "nonconformities": "Nonconformities and corrective actions (10.2)",
            "reviews": "Management reviews (9.3)",
            "objectives": "Information security objectives and their measurements (6.2, 9.1)",
            "certifications": "The certificate and the certification body's audits",
        },
    },
}


def repository_files(organization: str, language: Language) -> dict[str, str]:
    text = _TEXT[language]
    return {
        "isms.yaml": _config(organization, language),
        "registers/assets.yaml": _register("assets", text["assets"], _asset_example(text)),
        "registers/threats.yaml": _register("threats", text["threats"], _threat_example(text)),
        "registers/risks.yaml": _register("risks", text["risks"], _risk_example(text)),
        "registers/controls.yaml": _register(
            "controls", text["controls"], ["- id: ORG-01", "  title: ..."]
        ),
        "registers/records.yaml": _register("records", text["records"], _record_example(text)),
        "registers/pdca.yaml": _pdca(text),
        "registers/context.yaml": management_file(language, REGISTERS_SCHEMA),
        "registers/soa.yaml": _soa(language),
        ".gitignore": "# isms keeps its cache outside the repository; nothing of it belongs here.\n"
        "# Temporary files of a write that was killed midway (the next write removes them):\n"
        f"{TEMPORARY_PREFIX}*\n"
        ".DS_Store\n*.swp\n",
        ".github/workflows/isms.yml": _workflow(),
    }


def _config(organization: str, language: Language) -> str:
    text = _TEXT[language]
    low, medium, high = text["levels"]
    return (
        f"{CONFIG_SCHEMA}# {text['config_title']}\n"
        f"organization: {_quoted(organization)}\n"
        f"language: {language}\n"
        f"scope: |\n  {text['scope']}\n"
        f"# {text['scope_details']}\n"
        "# scope_details:\n"
        "#   units:\n"
        "#     - {id: CIT, name: ..., files: [registers/citizens/*.yaml], since: 2026-04-01}\n"
        "#   sites: [...]\n"
        "#   systems: [...]\n"
        "#   interfaces: [...]\n"
        "#   dependencies: [...]\n"
        "#   exclusions:\n"
        "#     - {item: ..., reason: ...}\n"
        "#   approved_by: ...\n"
        "#   approved_on: 2026-04-01\n"
        "risk:\n"
        f"  method: asset-threat-vulnerability   # {text['method']}\n"
        f"  # method: likelihood-impact          # {text['method_alt']}\n"
        "  scales:\n"
        f"    value: 3                           # {text['value']}\n"
        "    # value: {confidentiality: 3, integrity: 2, availability: 2}\n"
        f"    #   ({text['value_alt']})\n"
        "    frequency: 3\n"
        "    vulnerability: 3\n"
        f"  asset_value: max                     # {text['asset_value']}\n"
        f"  acceptance: 8                        # {text['acceptance']}\n"
        "  levels:\n"
        f"    - {{name: {low}, max: 8}}\n"
        f"    - {{name: {medium}, max: 18}}\n"
        f"    - {{name: {high}, max: 27}}\n"
    )


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _register(name: str, title: str, example: list[str]) -> str:
    lines = [REGISTERS_SCHEMA.rstrip("\n"), f"# {title}", f"{name}:"]
    lines += [f"  # {line}" for line in example]
    return "\n".join(lines) + "\n"


def _asset_example(text: dict[str, Any]) -> list[str]:
    name, owner, location = text["example_asset"]
    return [
        "- id: A-001",
        f"  name: {name}",
        "  class: information        # information | software | physical | service",
        f"  owner: {owner}",
        f"  location: {location}",
        "  confidentiality: 3",
        "  integrity: 3",
        "  availability: 2",
    ]


def _threat_example(text: dict[str, Any]) -> list[str]:
    return [
        "- id: T-01",
        f"  name: {text['example_threat']}",
        "  frequency: 2",
        "  affects: [confidentiality, integrity]",
    ]


def _risk_example(text: dict[str, Any]) -> list[str]:
    return [
        "- id: R-001",
        "  asset: A-001",
        "  threat: T-01",
        "  vulnerability: 2",
        "  treatment: reduce           # reduce | accept | avoid | transfer",
        "  controls: [A.8.5]",
        "  residual_vulnerability: 1",
        f"  owner: {text['example_owner']}",
    ]


def _record_example(text: dict[str, Any]) -> list[str]:
    title, owner, location, retention = text["example_record"]
    return [
        "- id: DOC-001",
        f"  title: {title}",
        "  kind: document",
        f"  owner: {owner}",
        f"  location: {location}",
        f"  retention: {retention}",
        '  clauses: ["5.2"]            # the clauses it documents (isms report readiness)',
        "  approved_by: ...",
        "  approved_on: 2026-04-01",
        "  last_reviewed: 2026-04-01",
        "  review_interval_months: 12",
    ]


_PDCA_EXAMPLES: dict[str, list[str]] = {
    "people": ["- {id: P-01, name: ..., unit: CIT, roles: [internal auditor]}"],
    "training": [
        "- id: TR-01",
        "  course: ...",
        "  date: 2026-05-20",
        "  kind: internal-auditor     # awareness | internal-auditor | role-specific",
        "  attendees: [P-01]",
    ],
    "bcp_plans": ["- {id: BCP-01, title: ..., services: [A-001], rto_hours: 24, rpo_hours: 24}"],
    "exercises": [
        "- id: EX-01",
        "  plan: BCP-01",
        "  date: 2026-09-10",
        "  kind: backup-restore       # tabletop | functional | full | backup-restore",
        "  achieved_rto_hours: 20",
        "  findings: [{description: ..., nonconformity: NC-001}]",
    ],
    "audits": [
        "- id: IA-01",
        "  planned_on: 2026-07-15",
        "  date: 2026-07-15           # when it was held",
        "  units: [CIT]",
        "  auditors: [P-01]           # never of the unit audited",
        "  findings:",
        "    - type: minor-nonconformity",
        "      control: A.8.15",
        "      description: ...",
        "      nonconformity: NC-001",
    ],
    "nonconformities": [
        "- id: NC-001",
        "  source: internal-audit",
        "  source_ref: IA-01",
        "  description: ...",
        "  corrective_action: ...",
        "  owner: ...",
        "  due: 2026-10-31",
        "  status: open               # closed: with effectiveness_review {date, by, effective}",
    ],
    "reviews": [
        "- id: MR-01",
        "  date: 2026-10-28",
        "  inputs: {previous_actions: ..., context_changes: ..., interested_parties: ...,",
        "           performance: ..., feedback: ..., risk_assessment: ..., improvement: ...}",
        "  actions: [{action: ..., owner: ..., due: 2027-03-31}]",
    ],
    "objectives": [
        "- id: OBJ-01",
        "  title: ...",
        "  target_value: 10",
        "  direction: at-most",
        "  measurements: [{date: 2026-09-30, value: 8.5}]",
    ],
    "certifications": [
        "- id: CERT-01",
        "  body: ...",
        "  issued_on: 2026-03-01",
        "  audits: [{kind: stage-2, date: 2026-02-10}]",
    ],
}


def _pdca(text: dict[str, Any]) -> str:
    lines = [REGISTERS_SCHEMA.rstrip("\n"), f"# {text['pdca']}"]
    for register, example in _PDCA_EXAMPLES.items():
        lines += ["", f"# {text['pdca_titles'][register]}", f"{register}:"]
        lines += [f"  # {line}" for line in example]
    return "\n".join(lines) + "\n"


def _soa(language: Language) -> str:
    text = _TEXT[language]
    lines = [REGISTERS_SCHEMA.rstrip("\n"), f"# {text['soa']}", "soa:"]
    catalogue = load_catalogue()
    for theme in catalogue.themes:
        lines.append(f"  # --- {theme.clause} {theme.title(language)} ---")
        for control in catalogue.in_theme(theme.key):
            lines += [
                f"  - control: {control.id}   # {control.title(language)}",
                f"    applicable:      # {text['soa_hint']}",
                f"    justification:   # {text['justification']}",
            ]
    return "\n".join(lines) + "\n"


def _workflow() -> str:
    """examples/ci/github-actions.yml (shipped inside the wheel, or read from a source checkout),
    installing the version of ismskit that writes it: one that exists, the same `isms --version`
    reports."""
    from ismskit import __version__

    packaged = Path(str(resources.files("ismskit"))) / "data" / "github-actions.yml"
    if not packaged.is_file():
        packaged = Path(__file__).resolve().parents[3] / "examples" / "ci" / "github-actions.yml"
    text = packaged.read_text(encoding="utf-8")
    return re.sub(r"ismskit==[\w.+!-]+", f"ismskit=={__version__}", text)
