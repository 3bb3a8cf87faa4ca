"""The same hostile strings through every register field into every output.

Register text comes from pull requests, and each output has a consumer that reads more into text
than text: a spreadsheet runs formulas, a Markdown renderer (mkdocs, pandoc, a site) passes HTML
through and follows links, a lone carriage return splits a table row. The example ISMS is copied
with every free-text field of every register (and isms.yaml's organization and scope, and a
commit subject) replaced by a string that starts with a formula starter and carries the attacks;
then every output is read the way its consumer reads it:

- Markdown through a CommonMark renderer with raw HTML on and every link accepted: no `<script>`,
  no `<img>`, no `javascript:` link, no carriage return, every table row in one piece;
- CSV through the csv module, xlsx through openpyxl: no cell starts with `= + - @`, tab or CR,
  no cell is a formula;
- JSON parses; GitHub workflow commands stay one per line; HTML escapes everything; the text of
  a terminal or CI log shows control characters as escapes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from ruamel.yaml import YAML

from helpers import GitRepo, write_files
from ismskit.documents.reports import REPORTS
from ismskit.escaping import FORMULA_STARTS
from ismskit.models.entries import REGISTER_MODELS

PROJECT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-25"
ATTACKS = (
    'HYPERLINK("http://evil.example","x") <script>alert(1)</script> <img src=x onerror=alert(2)> '
    "[x](javascript:alert(3)) a\rb\nc"
)
SUBJECT = "<script>alert(4)</script> [x](javascript:alert(5)) =HYPERLINK()"
TEXT_FIELDS = {
    "name", "owner", "location", "description", "title", "justification", "notes", "accepted_by",
    "scenario", "evaluation", "trainer", "criteria", "conclusion", "correction", "root_cause",
    "corrective_action", "chair", "metric", "target", "body", "retention", "retention_basis",
    "disposal_method", "medium", "classification", "approved_by", "course", "by", "action",
    "previous_actions", "context_changes", "interested_parties", "performance", "feedback",
    "improvement", "statement", "reason", "item",
}  # fmt: skip
NAMES_OF_OTHERS = {"auditors"}  # their `name` refers to a person: it stays as it is


class Hostile:
    """A new hostile string each time, starting with each formula starter in turn."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"{FORMULA_STARTS[self.count % len(FORMULA_STARTS)]}{ATTACKS} #{self.count}"


def poisoned(data: Any, hostile: Hostile) -> Any:
    if isinstance(data, dict):
        return {
            key: hostile()
            if key in TEXT_FIELDS and isinstance(value, str)
            else value
            if key in NAMES_OF_OTHERS
            else poisoned(value, hostile)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [poisoned(value, hostile) for value in data]
    return data


def write_hostile_copy(target: Path) -> None:
    """The example ISMS with hostile text in every free-text field (JSON is YAML)."""
    yaml, hostile = YAML(typ="safe", pure=True), Hostile()
    for path in [PROJECT / "isms.yaml", *sorted((PROJECT / "registers").rglob("*.yaml"))]:
        data = poisoned(yaml.load(path.read_text(encoding="utf-8")), hostile)
        if path.name == "isms.yaml":
            data["organization"], data["scope"] = hostile(), hostile()
        text = json.dumps(data, ensure_ascii=False, default=str, indent=1)
        write_files(target, {str(path.relative_to(PROJECT)): text})


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = GitRepo(tmp_path_factory.mktemp("hostile") / "isms")
    write_hostile_copy(repo.root)
    repo.commit(SUBJECT, "2026-11-01T09:00:00+09:00")
    soa = repo.root / "registers/soa.yaml"
    decisions = json.loads(soa.read_text(encoding="utf-8"))
    decisions["soa"][0]["justification"] = f"@{ATTACKS} (changed)"
    soa.write_text(json.dumps(decisions, ensure_ascii=False), encoding="utf-8")
    repo.commit(f"{SUBJECT} (second)", "2026-11-02T09:00:00+09:00")
    return repo.root


def markdown_outputs() -> list[tuple[str, ...]]:
    reports = [("report", name, "--today", TODAY) for name in REPORTS]
    return [
        ("soa", "--today", TODAY),
        ("soa", "--lang", "en", "--today", TODAY),
        *reports,
        ("risk", "evaluate", "--format", "markdown"),
        ("log", "--format", "markdown"),
        ("diff", "HEAD~1", "HEAD", "--format", "markdown"),
    ]


def rendered(markdown: str) -> tuple[str, int]:
    """HTML as a permissive renderer makes it (raw HTML on, any link), and its table rows."""
    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    renderer.validateLink = lambda _url: True  # type: ignore[method-assign]
    tokens = renderer.parse(markdown)
    rows = sum(token.type == "tr_open" for token in tokens)
    return renderer.renderer.render(tokens, renderer.options, {}), rows


def assert_safe_markdown(markdown: str, command: tuple[str, ...]) -> str:
    assert "\r" not in markdown, command
    html, rows = rendered(markdown)
    assert not re.search(r"<script|<img|href=\"javascript:", html, re.I), command
    source_rows = [line for line in markdown.splitlines() if line.startswith("|")]
    delimiters = [line for line in source_rows if re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", line)]
    assert rows == len(source_rows) - len(delimiters), f"a table row was split: {command}"
    return html


@pytest.mark.parametrize("command", markdown_outputs(), ids=" ".join)
def test_markdown_outputs_never_carry_html_or_links_from_the_registers(
    hostile_repo: Path, isms, command: tuple[str, ...]
) -> None:
    result = isms(*command, cwd=hostile_repo)
    assert result.code == 0, result
    html = assert_safe_markdown(result.stdout, command)
    assert "&lt;script&gt;alert(" in html, f"the hostile text never reached {command}"


def test_check_outputs_of_hostile_findings(hostile_repo: Path, isms, tmp_path: Path) -> None:
    """Messages quote register text (an id that does not exist): every format stays itself."""
    bad_id = f"={ATTACKS}\x1b[2K"
    write_files(tmp_path, {"isms.yaml": (hostile_repo / "isms.yaml").read_text("utf-8")})
    for path in (hostile_repo / "registers").rglob("*.yaml"):
        write_files(tmp_path, {str(path.relative_to(hostile_repo)): path.read_text("utf-8")})
    broken = {"risks": [{"id": "R-900", "asset": bad_id, "threat": "T-01", "vulnerability": 1,
                         "treatment": "accept", "owner": bad_id}]}  # fmt: skip
    write_files(tmp_path, {"registers/broken.yaml": json.dumps(broken)})
    outputs = {}
    for name in ("text", "json", "github", "gitlab", "sarif", "markdown"):
        result = isms("check", "--format", name, "--today", TODAY, cwd=tmp_path)
        assert result.code == 1, result
        outputs[name] = result.stdout
    assert "&lt;script&gt;" in assert_safe_markdown(outputs["markdown"], ("check",))
    for name in ("json", "gitlab", "sarif"):
        assert "<script>" in json.dumps(json.loads(outputs[name]), ensure_ascii=False)
    assert all(line.startswith("::") for line in outputs["github"].splitlines())
    assert "<script>" in outputs["text"]  # a terminal shows text as it is, but no control
    assert not re.search(r"[\r\x1b]", outputs["text"])  # character that rewrites a line


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def assert_no_formula_starts(cells: list[str], register: str) -> None:
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == [], register
    if any(field in TEXT_FIELDS for field in _fields(register)):
        assert any(cell.startswith("'") and "<script>" in cell for cell in cells), register


def test_risk_evaluate_csv_cells_never_start_a_formula(hostile_repo: Path, isms) -> None:
    result = isms("risk", "evaluate", "--format", "csv", cwd=hostile_repo)
    assert result.code == 0, result
    assert_no_formula_starts(csv_cells(result.stdout), "risks")


@pytest.mark.parametrize("register", sorted(REGISTER_MODELS))
def test_exported_csv_cells_never_start_a_formula(
    hostile_repo: Path, isms, tmp_path: Path, register: str
) -> None:
    output = tmp_path / f"{register}.csv"
    result = isms("export", register, "--format", "csv", "--output", str(output), cwd=hostile_repo)
    assert result.code == 0, result
    assert_no_formula_starts(csv_cells(output.read_text("utf-8-sig")), register)


def _fields(register: str) -> set[str]:
    model = REGISTER_MODELS[register]
    return {info.alias or name for name, info in model.model_fields.items()}


@pytest.mark.parametrize("register", sorted(REGISTER_MODELS))
def test_xlsx_cells_holding_register_text_are_strings(
    hostile_repo: Path, isms, tmp_path: Path, register: str
) -> None:
    from openpyxl import load_workbook

    output = tmp_path / f"{register}.xlsx"
    result = isms("export", register, "--output", str(output), cwd=hostile_repo)
    assert result.code == 0, result
    sheet = load_workbook(output).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    guarded = [c for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)]
    assert all(cell.quotePrefix for cell in guarded)
    if any(field in TEXT_FIELDS for field in _fields(register)):
        assert guarded, register


def test_json_and_terminal_outputs_take_hostile_text(hostile_repo: Path, isms) -> None:
    for command in (
        ("risk", "evaluate", "--format", "json"),
        ("log", "--format", "json"),
        ("diff", "HEAD~1", "HEAD", "--format", "json"),
        ("due", "--format", "json", "--today", TODAY),
    ):
        result = isms(*command, cwd=hostile_repo)
        assert result.code == 0, result
        json.loads(result.stdout)
    for command in (("check", "--today", TODAY), ("risk", "evaluate"), ("log",)):
        result = isms(*command, cwd=hostile_repo)
        assert result.code == 0, result


def test_html_templates_escape_everything(tmp_path: Path) -> None:
    from ismskit.documents.rendering import render_template

    template = "<p>{{ text }}</p><p>{{ text | cell }}</p><div>{{ text | paragraph }}</div>\n"
    write_files(tmp_path, {"templates/page.html.j2": template})
    html = render_template(tmp_path, "page.html.j2", {"text": f"={ATTACKS}"})
    assert not re.search(r"<script|<img|\r", html)
    assert html.count("&lt;script&gt;") == 3
