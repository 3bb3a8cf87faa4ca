"""The round-trip writer: an edit changes only the lines of its entry, and undoing it gives back
the same bytes, whatever comments, blank lines, quoting and flow style the file holds."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ismskit.editing.register_file import RegisterFile
from ismskit.editing.yaml_text import REMOVE, new_entry, set_field
from ismskit.yaml.reader import load_document

WORDS = ["alpha", "住民記録", "Server room", "x-y", "yes", "市民課 窓口", "null text", "A.5.1"]


@dataclass(frozen=True)
class Field:
    key: str
    kind: str  # int, plain, dq, sq, list
    value: object
    comment: bool
    blank_before: bool

    def text(self) -> str:
        if self.kind == "int":
            return str(self.value)
        if self.kind == "dq":
            return f'"{self.value}"'
        if self.kind == "sq":
            return f"'{self.value}'"
        if self.kind == "list":
            assert isinstance(self.value, list)
            return "[" + ", ".join(self.value) + "]"
        return str(self.value)


@dataclass(frozen=True)
class Entry:
    fields: tuple[Field, ...]
    flow: bool
    comment_before: bool
    blank_after: bool


@dataclass(frozen=True)
class Generated:
    raw: bytes
    entries: tuple[Entry, ...]
    ranges: tuple[tuple[int, int], ...]  # first and end line of each entry


words = st.sampled_from(WORDS)
values = st.one_of(
    st.tuples(st.just("int"), st.integers(1, 99)),
    st.tuples(st.sampled_from(["plain", "dq", "sq"]), words),
    st.tuples(st.just("list"), st.lists(st.sampled_from(["a", "b", "A.8.7"]), max_size=3)),
)


@st.composite
def entries(draw: st.DrawFn, number: int) -> Entry:
    keys = draw(st.lists(st.sampled_from(["name", "owner", "level", "tags", "note"]), unique=True))
    fields = [Field("id", "plain", f"E-{number:03}", draw(st.booleans()), False)]
    for key in keys:
        kind, value = draw(values)
        fields.append(Field(key, kind, value, draw(st.booleans()), draw(st.booleans())))
    flow = draw(st.booleans())
    return Entry(tuple(fields), flow, draw(st.booleans()), draw(st.booleans()))


def _entry_lines(entry: Entry, dash: str, inner: str) -> list[str]:
    if entry.flow:
        return [dash + "{" + ", ".join(f"{f.key}: {f.text()}" for f in entry.fields) + "}"]
    lines = []
    for index, item in enumerate(entry.fields):
        if item.blank_before and index:
            lines.append("")
        comment = "  # note" if item.comment else ""
        lines.append((dash if index == 0 else inner) + f"{item.key}: {item.text()}{comment}")
    return lines


@st.composite
def register_files(draw: st.DrawFn) -> Generated:
    offset = draw(st.sampled_from([0, 2]))
    dash = " " * offset + "- "
    inner = " " * (offset + 2)
    lines = ["# Information assets (情報資産台帳)"] if draw(st.booleans()) else []
    lines.append("assets:")
    generated, ranges = [], []
    for number in range(draw(st.integers(1, 4))):
        entry = draw(entries(number))
        generated.append(entry)
        if entry.comment_before:
            lines.append(f"{inner}# about entry {number}")
        start = len(lines)
        lines += _entry_lines(entry, dash, inner)
        ranges.append((start, len(lines)))
        if entry.blank_after:
            lines.append("")
    if draw(st.booleans()):
        lines.append(f"{inner}# end of the assets")
    if draw(st.booleans()):
        lines += ["", "threats:", f"{dash}id: T-01", f"{inner}name: 不正アクセス  # keep"]
    text = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    raw = text.encode("utf-8")
    if draw(st.booleans()):
        raw = codecs.BOM_UTF8 + raw
    return Generated(raw, tuple(generated), tuple(ranges))


ORDER = ["id", "name", "owner", "level", "tags", "note", "extra"]
new_values = st.one_of(
    st.integers(1, 99), words, st.lists(st.sampled_from(["a", "c", "A.5.1"]), max_size=3)
)
SAME_TYPE = {
    "int": st.integers(1, 99),
    "plain": words,
    "dq": words,
    "sq": words,
    "list": st.lists(st.sampled_from(["a", "c", "A.5.1"]), max_size=3),
}
PATH = "registers/assets.yaml"
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _edit(raw: bytes, index: int, key: str, value: object) -> bytes:
    register_file = RegisterFile(PATH, raw)
    set_field(register_file.entry("assets", index), key, value, ORDER)
    return register_file.render()


def _lines(raw: bytes) -> list[bytes]:
    return raw.splitlines(keepends=True)


@FAST
@given(register_files(), st.data())
def test_an_edit_and_its_inverse_give_back_the_same_bytes(
    generated: Generated, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(generated.entries) - 1))
    entry = generated.entries[index]
    item = data.draw(st.sampled_from(entry.fields[1:] or entry.fields))
    # a field keeps its type (a name stays text, a rating a number): the realistic edit
    new_value = data.draw(SAME_TYPE[item.kind])
    edited = _edit(generated.raw, index, item.key, new_value)
    assert _edit(edited, index, item.key, item.value) == generated.raw


@FAST
@given(register_files(), st.data())
def test_an_edit_changes_only_the_lines_of_its_entry(
    generated: Generated, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(generated.entries) - 1))
    key = data.draw(st.sampled_from(["name", "level", "tags", "extra"]))
    value = data.draw(new_values)
    edited = _edit(generated.raw, index, key, value)
    start, end = generated.ranges[index]
    before, after = _lines(generated.raw), _lines(edited)
    tail = len(before) - end
    assert after[:start] == before[:start]
    assert after[len(after) - tail :] == before[end:]
    document, findings = load_document(PATH, edited)
    assert not findings
    assert document is not None
    assert document.data["assets"][index][key] == value


@FAST
@given(register_files(), st.data())
def test_adding_a_field_then_removing_it_gives_back_the_same_bytes(
    generated: Generated, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(generated.entries) - 1))
    edited = _edit(generated.raw, index, "extra", data.draw(new_values))
    assert _edit(edited, index, "extra", REMOVE) == generated.raw


@FAST
@given(register_files(), st.data())
def test_adding_an_entry_then_removing_it_gives_back_the_same_bytes(
    generated: Generated, data: st.DataObject
) -> None:
    fields = {"id": "E-999", "name": data.draw(words), "tags": data.draw(st.lists(words))}
    register_file = RegisterFile(PATH, generated.raw)
    register_file.append("assets", new_entry(fields))
    added = register_file.render()
    document, findings = load_document(PATH, added)
    assert not findings
    assert document is not None
    assert document.data["assets"][-1] == fields
    count = len(generated.entries)
    assert (
        _lines(added)[: generated.ranges[-1][1]] == _lines(generated.raw)[: generated.ranges[-1][1]]
    )
    again = RegisterFile(PATH, added)
    again.remove("assets", count)
    assert again.render() == generated.raw


def test_a_new_entry_follows_the_indentation_and_line_ends_of_the_file() -> None:
    raw = "\ufeffassets:\r\n- id: A-001  # first\r\n  name: x\r\n# end\r\n".encode()
    register_file = RegisterFile(PATH, raw)
    register_file.append("assets", new_entry({"id": "A-002", "name": "住民", "tags": ["a"]}))
    register_file.append("threats", new_entry({"id": "T-01", "name": "火災"}))
    expected = (
        "\ufeffassets:\r\n- id: A-001  # first\r\n  name: x\r\n- id: A-002\r\n  name: 住民\r\n"
        "  tags: [a]\r\n# end\r\n\r\nthreats:\r\n- id: T-01\r\n  name: 火災\r\n"
    )
    assert register_file.render().decode("utf-8") == expected


def test_an_empty_list_gets_its_first_entry() -> None:
    register_file = RegisterFile(PATH, b"assets: []  # none yet\nthreats:\n")
    register_file.append("assets", new_entry({"id": "A-001"}))
    register_file.append("threats", new_entry({"id": "T-01"}))
    assert register_file.render() == (
        b"assets:  # none yet\n  - id: A-001\nthreats:\n  - id: T-01\n"
    )


def test_a_new_field_goes_in_the_order_of_the_model_and_keeps_comments() -> None:
    raw = b"risks:\n  - id: R-1   # the first\n    treatment: accept\n    owner: Boss  # owner\n"
    register_file = RegisterFile(PATH, raw)
    entry = register_file.entry("risks", 0)
    set_field(entry, "vulnerability", 2, ["id", "vulnerability", "treatment", "owner", "due"])
    set_field(entry, "due", "2026-12-31", ["id", "vulnerability", "treatment", "owner", "due"])
    assert register_file.render() == (
        b"risks:\n  - id: R-1   # the first\n    vulnerability: 2\n    treatment: accept\n"
        b"    owner: Boss  # owner\n    due: '2026-12-31'\n"
    )
