"""The entry splitter that lets history parse only changed entries: same results as a full parse."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ismskit.history.changes import diff_entries, entries_of
from ismskit.history.chunks import split_entries
from ismskit.history.log import _chunked_changes
from ismskit.yaml.reader import load_document

PROJECT = Path(__file__).resolve().parents[1]
EXAMPLE_FILES = sorted((PROJECT / "registers").rglob("*.yaml"))


def full_diff(path: str, old: str, new: str):  # type: ignore[no-untyped-def]
    before = entries_of([load_document(path, old.encode())[0]])
    after = entries_of([load_document(path, new.encode())[0]])
    return diff_entries(before, after)


def chunked_diff(path: str, old: str, new: str):  # type: ignore[no-untyped-def]
    """What `isms log` reads from a change, or None where it parses the whole file instead."""
    chunked = _chunked_changes(path, old, new)
    return None if chunked is None else diff_entries(*chunked)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.name)
def test_example_files_split_into_every_entry(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    split = split_entries(text)
    assert split is not None
    parsed = entries_of([load_document(path.name, text.encode())[0]])
    assert sum(len(items) for items in split.values()) == len(parsed)


def _edits(text: str, rng: random.Random) -> list[str]:
    lines = text.splitlines(keepends=True)
    numbers = [
        index
        for index, line in enumerate(lines)
        if ": " in line and not line.lstrip().startswith("#")
    ]
    edits = []
    for _ in range(20):
        changed = list(lines)
        index = rng.choice(numbers)
        key, _, value = changed[index].partition(": ")
        choice = rng.randrange(4)
        if choice == 0:
            changed[index] = f"{key}: {value.strip()}x\n"  # change a value
        elif choice == 1:
            changed.insert(index, "    # a reviewer's comment\n")  # comments are not changes
        elif choice == 2:
            del changed[index]  # drop a field
        else:
            changed += ["  - id: NEW-1\n", "    name: added at the end\n"]
        edits.append("".join(changed))
    return edits


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.name)
def test_chunked_diff_equals_full_diff(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    rng = random.Random(path.name)
    for edited in _edits(text, rng):
        chunked = chunked_diff(path.name, text, edited)
        if chunked is None:
            continue  # parsed whole in isms log: the same as the full diff by construction
        assert chunked == full_diff(path.name, text, edited)


@pytest.mark.parametrize(
    "text",
    [
        "risks: [{id: R-1}]\n",
        "risks:\n  - &a {id: R-1}\n",
        "risks:\n- id: R-1\n  name: x\n",  # items at column 0: the register key's own column
        "---\nrisks:\n  - id: R-1\n",
        "risks:\n  - id: R-1\n name: odd indent\n",
        "risks:\n  -\n    id: R-1\n",
        "\tbad: tab\n",
    ],
)
def test_files_it_does_not_understand_are_left_to_the_parser(text: str) -> None:
    assert split_entries(text) is None


def test_comments_and_blank_lines_stay_with_their_entry() -> None:
    text = "# header\nrisks:\n  # before the first\n  - id: R-1\n\n    # inside\n    name: a\n  - id: R-2\nassets: []\n"
    assert split_entries(text) is None  # `assets: []` is flow style
    text = text.replace("assets: []\n", "assets:\n  - id: A-1\n")
    assert split_entries(text) == {
        "risks": ["  - id: R-1\n\n    # inside\n    name: a\n", "  - id: R-2\n"],
        "assets": ["  - id: A-1\n"],
    }


def test_an_entry_that_does_not_parse_makes_the_file_parse_whole() -> None:
    """A version that is not valid YAML holds no entries (as isms check reads it), not one less."""
    old = "risks:\n  - {id: R-1, controls: [A.5.1]}\n  - {id: R-2}\n"
    new = old.replace("[A.5.1]}", "[A.5.1]x}")
    assert _chunked_changes("registers/r.yaml", old, new) is None
    assert full_diff("registers/r.yaml", old, new) == full_diff("registers/r.yaml", old, "")
