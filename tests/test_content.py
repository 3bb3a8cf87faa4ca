"""The content digest: what an approval is bound to (repository/content.py).

It must not move with the way the registers are written (comments, key order, quoting, file
layout), with the report language or with the template; it must move with every value a document
shows. And the table of what each document shows must be complete: whenever changing a value
changes a rendered document, the document's digest changes too.
"""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from helpers import soa_yaml, write_files
from ismskit.analysis import Analysis, analyse
from ismskit.documents.base import DocumentInfo, ReportInput
from ismskit.documents.control import build_control
from ismskit.documents.rendering import render_template
from ismskit.documents.reports import REPORTS
from ismskit.documents.soa import as_context, build_soa
from ismskit.i18n.labels import labels
from ismskit.repository.content import ALL, SHOWN, content_digest
from ismskit.repository.location import WorkingTree

TODAY = date(2026, 11, 25)
# The documents whose table names fields one by one (the others show whole registers).
DOCUMENTS = ("soa", "risk-assessment", "risk-treatment-plan", "assets", "records", "scope")
REGISTERS = ("assets", "threats", "risks", "controls", "soa", "records")

CONFIG: dict[str, Any] = {
    "organization": "Test City",
    "language": "en",
    "scope": "The resident registry service of the Citizens Division.",
    "scope_details": {
        "units": [
            {"id": "CIT", "name": "Citizens Division", "files": ["registers/unit.yaml"],
             "since": "2025-04-01"},
        ],
        "sites": ["Main office"],
        "systems": ["Resident registry system"],
        "interfaces": ["Government network"],
        "dependencies": ["Government cloud"],
        "exclusions": [{"item": "Tax office", "reason": "Another department's ISMS"}],
        "version": "2",
        "approved_by": "Mayor",
        "approved_on": "2025-03-31",
    },
    "risk": {
        "method": "asset-threat-vulnerability",
        "asset_value": "max",
        "acceptance": 8,
        "levels": [{"name": "low", "max": 8}, {"name": "medium", "max": 18},
                   {"name": "high", "max": 27}],
        "scales": {"value": 3, "frequency": 3, "vulnerability": 3},
        "acceptance_authority": "Deputy Mayor",
        "reassessment": "Every year, and on significant change",
        "criteria": {
            scale: [{"level": level, "name": name, "meaning": f"{scale} {name}"}
                    for level, name in ((1, "low"), (2, "medium"), (3, "high"))]
            for scale in ("value", "frequency", "vulnerability")
        },
    },
}  # fmt: skip

# One entry of each register with every field set: the subject of each change below.
SUBJECTS: dict[str, dict[str, Any]] = {
    "assets": {
        "id": "A-001", "name": "Resident records", "class": "information",
        "owner": "Citizens Division", "location": "Server room", "description": "Master data",
        "confidentiality": 3, "integrity": 2, "availability": 2,
    },
    "threats": {
        "id": "T-01", "name": "Unauthorised access", "description": "By staff or outsiders",
        "frequency": 2, "affects": ["confidentiality", "integrity"],
        "classes": ["information", "software"],
    },
    "risks": {
        "id": "R-001", "name": "Snooping", "description": "Staff look up neighbours",
        "asset": "A-001", "threat": "T-01", "vulnerability": 2, "frequency": 3,
        "likelihood": 3, "impact": 3, "existing_controls": ["A.5.15", "A.8.5"],
        "treatment": "reduce", "controls": ["A.8.7", "ORG-01"], "residual_vulnerability": 1,
        "residual_frequency": 2, "residual_likelihood": 2, "residual_impact": 2,
        "owner": "Citizens Division Manager", "accepted_by": "Deputy Mayor",
        "accepted_on": "2026-05-01", "accepted_score": 12, "due": "2027-03-31",
        "reviewed_on": "2026-05-01", "scenario": "A clerk looks up a neighbour's record",
        "vulnerability_description": "Lookups are not reviewed", "assessed_on": "2026-04-20",
        "plan_approved_on": "2026-04-28",
        "actions": [{"id": "R-001-1", "control": "A.8.7", "action": "Review lookups monthly",
                     "owner": "Records Clerk", "resources": "Two hours a month",
                     "due": "2026-12-31", "status": "in-progress"}],
    },
    "controls": {"id": "ORG-01", "title": "Export approval", "description": "Two signatures"},
    "soa": {
        "control": "A.5.2", "applicable": True, "justification": "Roles are needed",
        "status": "implemented", "evidence": ["DOC-001", "REC-001"], "notes": "Reviewed",
        "requirements": ["Local Government Act"],
        "reviewed_on": "2026-05-01",
    },
    "records": {
        "id": "DOC-001", "title": "Information security policy", "kind": "document",
        "owner": "Policy Office", "location": "Intranet", "medium": "Electronic",
        "retention": "Permanent", "retention_basis": "Records rules", "retain_until": "2030-03-31",
        "disposal_method": "Shredding", "disposed_on": "2030-04-10",
        "classification": "Internal", "version": "1.0", "approved_by": "Mayor",
        "approved_on": "2026-04-01", "last_reviewed": "2026-04-01",
        "review_interval_months": 12, "clauses": ["5.2", "7.5"],
    },
}  # fmt: skip
OTHERS: dict[str, list[dict[str, Any]]] = {
    "assets": [{"id": "A-002", "name": "Counter terminal", "class": "physical", "owner": "C",
                "confidentiality": 1, "integrity": 1, "availability": 2}],
    "threats": [{"id": "T-02", "name": "Fire", "frequency": 1}],
    "risks": [{"id": "R-002", "asset": "A-002", "threat": "T-02", "vulnerability": 1,
               "treatment": "accept", "owner": "C"}],
    "controls": [],
    "soa": [],
    "records": [{"id": "REC-001", "title": "Training log"}],
}  # fmt: skip
# Fields that are not content: ids (they name the entry) and the document control itself.
NOT_CONTENT = {"id", "control", "renders", "content_digest"}


def registers_data() -> dict[str, list[dict[str, Any]]]:
    """The subjects and a few other entries; the SoA decides only some controls (the others are
    undecided: the same in every variant, and parsing 93 decisions per case would be slow)."""
    data = {name: [copy.deepcopy(SUBJECTS[name]), *copy.deepcopy(OTHERS[name])] for name in REGISTERS}
    for control in ("A.5.15", "A.8.5", "A.8.7"):
        data["soa"].append({"control": control, "applicable": True,
                            "justification": "Decided in the risk assessment",
                            "status": "implemented", "evidence": ["REC-001"]})  # fmt: skip
    data["soa"].append({"control": "ORG-01", "applicable": True, "justification": "Exports"})
    return data


def write_repository(root: Path, config: dict[str, Any], data: dict[str, Any]) -> Path:
    """The registers as JSON (which is YAML): assets in the unit's file, the rest in one file."""
    assets = {"assets": data["assets"]}
    rest = {name: entries for name, entries in data.items() if name != "assets"}
    return write_files(root, {
        "isms.yaml": json.dumps(config, ensure_ascii=False),
        "registers/unit.yaml": json.dumps(assets, ensure_ascii=False),
        "registers/core.yaml": json.dumps(rest, ensure_ascii=False),
    })  # fmt: skip


def analysed(root: Path) -> Analysis:
    analysis = analyse(WorkingTree(root), TODAY)
    errors = [f for f in analysis.findings if f.is_error and f.rule != "soa-missing-control"]
    assert not errors, errors
    return analysis


def render(root: Path, analysis: Analysis, document: str, language: str = "en") -> str:
    """The document as `isms soa` / `isms report` renders it (outside git)."""
    text = labels(language)  # type: ignore[arg-type]
    control = build_control(analysis.isms, document, None)
    if document == "soa":
        soa = build_soa(analysis, language, None, control, text["soa_title"])  # type: ignore[arg-type]
        return render_template(root, "soa.md.j2", as_context(soa, text), isolate=False)
    kind = REPORTS[document]
    config = analysis.isms.config
    assert config is not None
    info = DocumentInfo(text[kind.title_label], config.organization, config.scope, language,  # type: ignore[arg-type]
                        None, control)  # fmt: skip
    data = kind.build(ReportInput(analysis, text, language, TODAY))  # type: ignore[arg-type]
    context = {"doc": info, "t": text, "data": data, "figure_files": {}}
    rendered = render_template(root, kind.template, context, isolate=False)
    # The figures (heat maps) written next to the Markdown are part of the document too.
    return rendered + "".join(figure.svg for figure in data.get("figures", []))


def changed_value(register: str, field: str, value: Any) -> Any:
    """Another valid value for a field of a subject entry: visible where the field is shown."""
    special = {
        ("assets", "class"): "software",
        ("risks", "asset"): "A-002",
        ("risks", "threat"): "T-02",
        ("risks", "treatment"): "transfer",
        ("risks", "accepted_score"): 13,
        ("risks", "residual_vulnerability"): 2,
        ("soa", "status"): "partial",
        ("records", "kind"): "record",
    }
    if (register, field) in special:
        return special[(register, field)]
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value - 1 if value > 1 else value + 1
    if isinstance(value, list):
        return value[:-1]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return (date.fromisoformat(value) + timedelta(days=1)).isoformat()
    return value + " (revised)"


def with_change(register: str, field: str) -> dict[str, Any]:
    data = registers_data()
    subject = data[register][0]
    subject[field] = changed_value(register, field, subject[field])
    if (register, field) == ("soa", "applicable"):
        del subject["status"]  # an excluded control has no status
    return data


SUBJECT_FIELDS = [
    (register, field)
    for register in REGISTERS
    for field in SUBJECTS[register]
    if field not in NOT_CONTENT
]
SHOWN_FIELDS = [
    (document, register, field)
    for document in DOCUMENTS
    for register, fields in SHOWN[document].registers.items()
    if fields != ALL
    for field in fields
    if field not in NOT_CONTENT
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str]]:
    """Each document's digest and rendering from the unchanged registers."""
    root = write_repository(tmp_path_factory.mktemp("base"), CONFIG, registers_data())
    analysis = analysed(root)
    digests = {name: content_digest(analysis.isms, name) for name in SHOWN}
    return digests, {name: render(root, analysis, name) for name in DOCUMENTS}


def test_every_shown_field_is_set_in_the_subjects() -> None:
    """Else a field of the table would go untested below."""
    missing = [item for item in SHOWN_FIELDS if item[2] not in SUBJECTS[item[1]]]
    assert missing == []


@pytest.mark.parametrize(("register", "field"), SUBJECT_FIELDS)
def test_each_shown_value_moves_the_digest(
    tmp_path: Path, base: tuple[dict[str, str], dict[str, str]], register: str, field: str
) -> None:
    """Every field the table names moves its documents' digests; and the table is complete: a
    rendering that changes has a digest that changes."""
    root = write_repository(tmp_path, CONFIG, with_change(register, field))
    analysis = analysed(root)
    digests, renderings = base
    for document in DOCUMENTS:
        moved = content_digest(analysis.isms, document) != digests[document]
        if (document, register, field) in SHOWN_FIELDS:
            assert moved, f"{register}.{field} is in the table of {document}, its digest stays"
        if render(root, analysis, document) != renderings[document]:
            assert moved, f"{register}.{field} shows in {document} but is not in its digest"


CONFIG_CHANGES = {
    "organization": lambda c: c.update(organization="Test Town"),
    "scope": lambda c: c.update(scope="The resident registry and the family register."),
    "scope_details": lambda c: c["scope_details"]["sites"].append("North branch"),
    "risk.acceptance": lambda c: c["risk"].update(acceptance=9),
    "risk.levels": lambda c: c["risk"]["levels"][0].update(name="minor"),
    "risk.asset_value": lambda c: c["risk"].update(asset_value="sum"),
    "risk.scales": lambda c: c["risk"]["scales"].update(frequency=4),
    "risk.acceptance_authority": lambda c: c["risk"].update(acceptance_authority="Mayor"),
    "risk.reassessment": lambda c: c["risk"].update(reassessment="Every two years"),
    "risk.criteria": lambda c: c["risk"]["criteria"]["frequency"][0].update(meaning="Rarely"),
}


@pytest.mark.parametrize("path", sorted(CONFIG_CHANGES))
def test_a_change_of_isms_yaml_a_document_shows_moves_its_digest(
    tmp_path: Path, base: tuple[dict[str, str], dict[str, str]], path: str
) -> None:
    config = copy.deepcopy(CONFIG)
    CONFIG_CHANGES[path](config)
    root = write_repository(tmp_path, config, registers_data())
    analysis = analysed(root)
    digests, renderings = base
    for document in DOCUMENTS:
        shown = path in SHOWN[document].config
        moved = content_digest(analysis.isms, document) != digests[document]
        assert moved == shown, f"{path} in {document}"
        if render(root, analysis, document) != renderings[document]:
            assert moved, f"{path} shows in {document} but is not in its digest"


def test_assets_moved_to_another_units_file_move_the_scope(tmp_path: Path) -> None:
    """Which unit an asset is of follows its file: the scope document counts them by unit."""
    root = write_repository(tmp_path / "a", CONFIG, registers_data())
    before = content_digest(analysed(root).isms, "scope")
    data = registers_data()
    moved = tmp_path / "b"
    write_repository(moved, CONFIG, data)
    core = json.loads((moved / "registers/core.yaml").read_text(encoding="utf-8"))
    core["assets"] = json.loads((moved / "registers/unit.yaml").read_text("utf-8"))["assets"]
    (moved / "registers/core.yaml").write_text(json.dumps(core), encoding="utf-8")
    (moved / "registers/unit.yaml").write_text("", encoding="utf-8")
    after = analysed(moved)
    assert content_digest(after.isms, "scope") != before
    assert content_digest(after.isms, "assets") == content_digest(analysed(root).isms, "assets")


# --- what does not move the digest -----------------------------------------------------------


def block_yaml(data: dict[str, Any], *, reverse_keys: bool) -> str:
    """The same values as block YAML: plain (unquoted) text and dates, comments, keys in another
    order."""
    from io import StringIO

    from ruamel.yaml import YAML

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            items = list(value.items())
            return {key: plain(item) for key, item in (reversed(items) if reverse_keys else items)}
        if isinstance(value, list):
            return [plain(item) for item in value]
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[:4].isdigit():
            return date.fromisoformat(value)
        return value

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    stream = StringIO()
    yaml.dump(plain(data), stream)
    lines = ["# Registers, written by hand"]
    for line in stream.getvalue().splitlines():
        if line.lstrip().startswith("- ") and line.startswith("  -"):
            lines.append("  # the next entry")
        lines.append(line + ("  # reviewed" if line.endswith(": 2") else ""))
    return "\n".join(lines) + "\n"


def test_writing_style_does_not_move_the_digest(tmp_path: Path) -> None:
    data = registers_data()
    digests = {}
    json_root = write_repository(tmp_path / "json", CONFIG, data)
    digests["json"] = {name: content_digest(analysed(json_root).isms, name) for name in SHOWN}
    rest = {name: entries for name, entries in data.items() if name != "assets"}
    half = len(rest["soa"]) // 2
    split = {"soa": rest["soa"][half:]}
    files = {
        "isms.yaml": block_yaml(CONFIG, reverse_keys=True),
        "registers/unit.yaml": block_yaml({"assets": data["assets"]}, reverse_keys=True),
        # the registers in another order, and the SoA split over two files
        "registers/core.yaml": block_yaml({**rest, "soa": rest["soa"][:half]}, reverse_keys=True),
        "registers/soa/second-half.yaml": "\ufeff" + block_yaml(split, reverse_keys=False),
    }
    yaml_root = write_files(tmp_path / "yaml", files)
    assert "# the next entry" in (yaml_root / "registers/core.yaml").read_text(encoding="utf-8")
    digests["yaml"] = {name: content_digest(analysed(yaml_root).isms, name) for name in SHOWN}
    assert digests["yaml"] == digests["json"]


def test_entry_order_and_control_id_spelling_do_not_move_the_digest(tmp_path: Path) -> None:
    data = registers_data()
    first = content_digest(analysed(write_repository(tmp_path / "a", CONFIG, data)).isms, "soa")
    data["soa"].reverse()
    data["risks"].reverse()
    data["soa"][0]["control"] = data["soa"][0]["control"].removeprefix("A.")  # "8.34" is A.8.34
    second = content_digest(analysed(write_repository(tmp_path / "b", CONFIG, data)).isms, "soa")
    assert first == second


def test_the_digest_is_sha256_of_the_shown_values(tmp_path: Path) -> None:
    import hashlib

    from ismskit.repository.content import shown_values

    isms = analysed(write_repository(tmp_path, CONFIG, registers_data())).isms
    canonical = json.dumps(shown_values(isms, "soa"), sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))  # fmt: skip
    assert content_digest(isms, "soa") == "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()
    assert '"reviewed_on"' not in canonical  # the SoA does not show when a decision was reviewed
    assert '"2026-05-01"' not in canonical


def test_language_and_template_do_not_move_an_approval(tmp_path: Path, isms) -> None:
    data = registers_data()
    root = write_repository(tmp_path, CONFIG, data)
    decided = {entry["control"] for entry in data["soa"]}
    write_files(root, {
        "registers/soa-rest.yaml": soa_yaml(skip=decided),
        "registers/documents.yaml": """\
records:
  - id: DOC-010
    title: Statement of Applicability
    kind: document
    renders: soa
""",
    })  # fmt: skip
    approved = isms("approve", "DOC-010", "--by", "Mayor", "--on", "2026-05-01", cwd=root)
    assert approved.code == 0, approved
    for language in ("en", "ja"):
        text = isms("soa", "--lang", language, cwd=root).stdout
        assert "| DOC-010 |" in text
        assert "Draft" not in text
        assert "草案" not in text
    write_files(root, {"templates/soa.md.j2": (
        '{% import "_document.md.j2" as document %}{{ document.header(doc, t) }}'
        "{% for s in doc.sections %}{% for r in s.rows %}- {{ r.control }}\n{% endfor %}{% endfor %}"
    )})  # fmt: skip
    plain = isms("soa", cwd=root).stdout
    assert "- A.5.2\n" in plain
    assert "Draft" not in plain
    assert isms("check", "--strict", "--today", "2026-11-25", cwd=root).code == 0


def test_the_table_covers_every_document_isms_renders() -> None:
    from ismskit.cli.documents import REPORT_NAMES

    assert set(SHOWN) == {"soa", *REPORTS} == {"soa", *REPORT_NAMES}
