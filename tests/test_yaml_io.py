"""The located YAML reader: positions, YAML 1.2 values, and every way a file can be broken."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ismskit.yaml.located import Position
from ismskit.yaml.reader import load_document


def load(text: str | bytes):  # type: ignore[no-untyped-def]
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    return load_document("registers/x.yaml", raw)


def rules(findings) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    return [(finding.rule, finding.line, finding.column) for finding in findings]


def test_positions_of_keys_and_values_are_one_based() -> None:
    document, findings = load("assets:\n  - id: A-1\n    name: 住民記録\n    integrity: 3\n")
    assert findings == []
    assert document.value_position(("assets", 0, "name")) == Position(3, 11)
    assert document.key_position(("assets", 0, "integrity")) == Position(4, 5)
    assert document.value_position(("assets", 0)) == Position(2, 5)
    # A missing path falls back to its nearest located ancestor.
    assert document.value_position(("assets", 0, "owner")) == Position(2, 5)


def test_yaml_1_2_scalars() -> None:
    document, _ = load(
        "a: yes\nb: no\nc: true\nd: 0o17\ne: 2026-05-01\nf: ~\ng: '3'\nh: 1_000\ni: 5.10\n"
        "j: !!int '7'\nk: .inf\nl: -12\nm: 2026-02-30\nn: '2026-05-01'\n"
    )
    data = document.data
    assert data["a"] == "yes"  # YAML 1.2: yes/no are text
    assert data["b"] == "no"
    assert data["c"] is True
    assert data["d"] == 15
    assert data["e"] == date(2026, 5, 1)
    assert data["f"] is None
    assert data["g"] == "3"
    assert data["h"] == "1_000"  # the core schema has no digit separators
    assert data["i"] == 5.1
    assert data["i"].text == "5.10"  # the number remembers how it was written
    assert data["j"] == 7
    assert data["k"] == float("inf")
    assert data["l"] == -12
    assert data["m"] == "2026-02-30"  # not a real date: left as text for the model to report
    assert data["n"] == "2026-05-01"


def test_bom_and_crlf_keep_positions() -> None:
    document, findings = load(b"\xef\xbb\xbfassets:\r\n  - id: A-1\r\n    name: x\r\n")
    assert findings == []
    assert document.data == {"assets": [{"id": "A-1", "name": "x"}]}
    assert document.value_position(("assets", 0, "name")) == Position(3, 11)


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n", "---\n"])
def test_empty_and_comment_only_files_hold_nothing(text: str) -> None:
    document, findings = load(text)
    assert findings == []
    assert document is not None
    assert document.data is None


def test_duplicate_key_names_both_places() -> None:
    document, findings = load("a: 1\nb: 2\na: 3\n")
    assert rules(findings) == [("yaml-duplicate-key", 3, 1)]
    assert "line 1, column 1" in findings[0].message
    assert document.data == {"a": 1, "b": 2}


def test_invalid_utf8_is_located() -> None:
    document, findings = load(b"a: 1\nb: caf\xe9\n")
    assert document is None
    assert rules(findings) == [("yaml-encoding", 2, 7)]
    assert "UTF-8" in findings[0].message


def test_syntax_error_is_located() -> None:
    document, findings = load("a: [1, 2\nb: 3\n")
    assert document is None
    # The unclosed bracket is the mistake; the parser only notices it on the next line.
    assert rules(findings) == [("yaml-syntax", 1, 4)]
    assert "noticed at line 2" in findings[0].message


def test_two_documents_are_refused() -> None:
    _, findings = load("a: 1\n---\nb: 2\n")
    assert [finding.rule for finding in findings] == ["yaml-syntax"]
    assert "more than one YAML document" in findings[0].message


def test_nul_byte_is_located() -> None:
    _, findings = load("a: 1\nb: x\x00y\n")
    assert rules(findings) == [("yaml-syntax", 2, 5)]


def test_python_tags_are_never_constructed() -> None:
    document, findings = load("a: !!python/object/apply:os.system ['echo hi']\nb: !custom x\n")
    assert [finding.rule for finding in findings] == ["yaml-tag", "yaml-tag"]
    assert document.data == {"a": ["echo hi"], "b": "x"}  # plain values, nothing constructed


def test_merge_keys_are_refused() -> None:
    _, findings = load("base: &b {k: 1}\nother:\n  <<: *b\n")
    assert rules(findings) == [("yaml-structure", 3, 3)]


def test_recursive_alias_is_refused() -> None:
    _, findings = load("a: &a [1, *a]\n")
    assert [finding.rule for finding in findings] == ["yaml-alias"]


def test_billion_laughs_fails_fast() -> None:
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for index in range(1, 12):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        levels.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    started = time.perf_counter()
    document, findings = load("\n".join(levels) + "\n")
    elapsed = time.perf_counter() - started
    assert document is None
    assert [finding.rule for finding in findings] == ["yaml-alias"]
    assert elapsed < 5, "expanding a billion laughs must stop early, not run"


def test_modest_alias_use_is_fine() -> None:
    document, findings = load("x: &o {k: 1}\nlist: [*o, *o, *o]\n")
    assert findings == []
    assert document.data["list"] == [{"k": 1}] * 3


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    document, findings = load_document("registers/fuzz.yaml", raw)
    for finding in findings:
        assert finding.line >= 1
        assert finding.column >= 1
        assert finding.file == "registers/fuzz.yaml"
    assert document is not None or findings


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab: -[]{}&*!#'\"\n\t,?|>%@`1.~住"), max_size=80))
def test_arbitrary_yaml_like_text_never_raises(text: str) -> None:
    document, findings = load(text)
    assert document is not None or findings


@pytest.mark.parametrize(
    ("line", "column", "advice"),
    [
        ("\tname: x", 1, "a tab is used for indentation"),
        ("\u3000\u3000name: x", 1, "全角スペース"),
        ("    name：x", 9, "全角コロン"),
    ],
)
def test_keyboard_slips_are_named_where_they_are(line: str, column: int, advice: str) -> None:
    _, findings = load(f"assets:\n  - id: A-1\n{line}\n    owner: o\n")
    assert rules(findings) == [("yaml-syntax", 3, column)]
    assert advice in findings[0].message
