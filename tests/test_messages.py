"""Messages in the repository's language: `isms check` speaks Japanese in a Japanese repository,
`--lang` overrides, and every message template in the source has a Japanese entry."""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path

import pytest

from helpers import BASE_CONFIG, BASE_REGISTERS, make_repo
from ismskit.messages import catalogue, decode, encode, localise, message

SOURCE = Path(__file__).resolve().parents[1] / "src" / "ismskit"
JA_CONFIG = BASE_CONFIG.replace("organization: Test City\n", "organization: 北浜市\nlanguage: ja\n")
# R-001 lacks its owner; R-002 has a field no risk has.
BROKEN = BASE_REGISTERS.replace("    owner: Citizens Division Manager\n", "") + (
    "  - {id: R-002, asset: A-001, threat: T-01, vulnerability: 1, treatment: accept, owner: X, colour: red}\n"
)


def templates_in_source() -> dict[str, str]:
    """Every template given to message() or say() as a literal, with where it is."""
    found: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in ("message", "say")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, f"{path.relative_to(SOURCE)}:{node.lineno}")
    return found


def test_every_message_template_has_a_japanese_entry() -> None:
    templates = templates_in_source()
    assert len(templates) > 100  # the scan sees the call sites
    missing = {template: where for template, where in templates.items() if template not in catalogue("ja")}
    assert missing == {}


def test_japanese_entries_name_only_the_values_their_template_gives() -> None:
    def names(text: str) -> set[str]:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}

    wrong = {k: v for k, v in catalogue("ja").items() if not names(v) <= names(k)}
    assert wrong == {}


def test_check_in_a_japanese_repository_speaks_japanese(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path, {"registers/core.yaml": BROKEN}, config=JA_CONFIG)
    text = isms("check", cwd=root)
    assert text.code == 1
    assert "リスク R-001 にリスク所有者がいません" in text.stdout
    assert "このリスクのエントリに不明な項目 'colour' があります" in text.stdout
    assert "エラー 2 件、警告 0 件" in text.stdout
    assert "risk-owner" in text.stdout  # rule ids stay as they are
    found = json.loads(isms("check", "--format", "json", cwd=root).stdout)["findings"]
    assert {f["rule"] for f in found} == {"risk-owner", "unknown-field"}
    assert all(any("\u3040" <= c <= "\u30ff" for c in f["message"]) for f in found)


@pytest.mark.parametrize("args", [["check", "--lang", "en"], ["--lang", "en", "check"]])
def test_lang_overrides_the_repositorys_language(tmp_path: Path, isms, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path, {"registers/core.yaml": BROKEN}, config=JA_CONFIG)
    result = isms(*args, cwd=root)
    assert "risk R-001 has no owner" in result.stdout
    assert "2 errors, 0 warnings" in result.stdout


def test_an_english_repository_stays_english_after_a_japanese_one(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    japanese = make_repo(tmp_path / "ja", {"registers/core.yaml": BROKEN}, config=JA_CONFIG)
    english = make_repo(tmp_path / "en", {"registers/core.yaml": BROKEN})
    assert "リスク所有者" in isms("check", cwd=japanese).stdout
    assert "risk R-001 has no owner" in isms("check", cwd=english).stdout


def test_a_parse_finding_read_from_the_cache_is_still_japanese(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path, {"registers/core.yaml": "assets:\n\t- id: A-001\n"}, config=JA_CONFIG)
    first = isms("check", cwd=root).stdout
    second = isms("check", cwd=root).stdout  # the parse now comes from the cache
    assert "字下げにタブが使われています" in first
    assert second == first


def test_usage_errors_speak_the_repositorys_language(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path, config=JA_CONFIG)
    result = isms("asset", "add", "--name", "x", "--class", "紙っぽい", "--owner", "y", "-C", "1", "-I", "1", "-A", "1", cwd=root)
    assert result.code == 2
    assert "'紙っぽい' は class の値ではありません" in result.stderr


def test_a_message_keeps_its_values_through_json() -> None:
    inner = message("risk {id}", id="R-001")
    outer = message("{subject} lacks the required field '{field}'", subject=inner, field="owner")
    again = decode(json.loads(json.dumps(encode(outer))))
    assert again == outer
    assert localise(again, "ja") == "リスク R-001に必須の項目 'owner' がありません"
    assert localise(again, "en") == "risk R-001 lacks the required field 'owner'"


def test_a_template_without_an_entry_is_shown_in_english() -> None:
    assert localise(message("no such template {x}", x=1), "ja") == "no such template 1"
    assert localise("plain text", "ja") == "plain text"


def test_risk_evaluate_csv_follows_the_language(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path, config=JA_CONFIG)
    japanese = isms("risk", "evaluate", "--format", "csv", cwd=root).stdout.lstrip("\ufeff").splitlines()
    assert japanese[0].startswith("リスクID,資産ID,資産名,脅威ID,脅威名,リスク値,残留リスク値")
    assert ",受容," in japanese[1]  # the treatment in words
    english = isms("risk", "evaluate", "--format", "csv", "--lang", "en", cwd=root).stdout.lstrip("\ufeff").splitlines()
    assert english[0].startswith("id,asset,asset_name,threat,threat_name,score,residual_score")
    assert ",accept," in english[1]
