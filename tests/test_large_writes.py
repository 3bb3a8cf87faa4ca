"""Writes that scale: a plain file is edited from its lines, the diff made from its changed part."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from ismskit.editing.layout import layout_of
from ismskit.editing.register_file import RegisterFile
from ismskit.editing.writer import unified_diff
from ismskit.yaml.reader import load_document

PROJECT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("path", sorted((PROJECT / "registers").glob("*.yaml")), ids=str)
def test_the_layout_of_a_file_is_where_its_parse_puts_things(path: Path) -> None:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    layout = layout_of(text, RegisterFile(path.name, raw).lines)
    document, _ = load_document(path.name, raw)
    assert document is not None
    if layout is None:
        return  # not plain: the writer parses it
    assert list(layout.keys) == list(document.data)
    for register, items in layout.items.items():
        assert layout.keys[register] == document.key_position((register,)).line - 1
        assert len(items) == len(document.data[register])
        for index, (line, column) in enumerate(items):
            position = document.value_position((register, index))
            assert (line, column) == (position.line - 1, position.column - 1)


def test_the_example_files_are_read_from_their_lines() -> None:
    plain = [
        layout_of(
            path.read_text(encoding="utf-8"), RegisterFile(path.name, path.read_bytes()).lines
        )
        for path in sorted((PROJECT / "registers").glob("*.yaml"))
    ]
    assert all(layout is not None for layout in plain)


def reference_diff(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{path}", f"b/{path}"
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


BASE = [f"  - id: A-{number:05d}\n    name: n\n" for number in range(300)]


@pytest.mark.parametrize(
    "new",
    [
        [*BASE, "  - id: X\n    name: new\n"],
        [*BASE[:40], "  - id: X\n    name: new\n", *BASE[41:]],
        ["# first\n", *BASE],
        BASE[:-1],
        [*BASE[:5], *BASE[7:200], "  - id: Y\n", *BASE[200:]],
    ],
)
def test_the_diff_of_a_changed_part_is_the_diff_of_the_whole(new: list[str]) -> None:
    old_text, new_text = "assets:\n" + "".join(BASE), "assets:\n" + "".join(new)
    ours = unified_diff("registers/a.yaml", old_text.encode(), new_text.encode())
    assert ours == reference_diff("registers/a.yaml", old_text, new_text)
