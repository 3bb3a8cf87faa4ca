"""Help that says what each option takes, and output that fits the terminal it is shown on."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from helpers import GitRepo, make_repo
from ismskit.cli.app import build_app
from ismskit.ordering import natural_key


def _commands() -> list[tuple[str, object]]:
    root = typer.main.get_command(build_app())
    found: list[tuple[str, object]] = []

    def walk(command: object, path: list[str]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])
        found.append((" ".join(path), command))

    walk(root, [])
    return found


def test_every_option_and_argument_says_what_it_takes_with_an_example() -> None:
    lacking = [
        f"isms {path} {'/'.join(getattr(param, 'opts', [param.name]))}"
        for path, command in _commands()
        for param in command.params  # type: ignore[attr-defined]
        if param.name not in ("help", "install_completion", "show_completion")  # typer's own
        and "Example" not in (getattr(param, "help", None) or "")
    ]
    assert lacking == []


@pytest.mark.parametrize(
    "args",
    [["--help"], ["check", "--help"], ["asset", "add", "--help"], ["threat", "add", "--help"],
     ["risk", "add", "--help"], ["import", "--help"], ["export", "--help"], ["log", "--help"],
     ["report", "--help"], ["init", "--help"], ["schema", "--help"], ["soa", "--help"]],
)  # fmt: skip
def test_help_shows_real_metavars(args: list[str], isms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shown = isms(*args, cwd=tmp_path).stdout
    assert not re.search(r"<(str|int|path|list\[[^>]*\]|float)>", shown), shown
    assert "R-099" not in shown


def test_asset_add_help_documents_c_i_a_and_the_first_id(isms, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shown = isms("asset", "add", "--help", cwd=tmp_path).stdout
    for option in ("-C, --confidentiality LEVEL", "-I, --integrity LEVEL", "-A, --availability LEVEL"):
        assert option in shown
    assert "A-001" in shown  # the first id of an empty register


def test_the_command_list_is_not_cut_short_on_an_80_column_terminal(isms, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "80")
    listed = isms("--help", cwd=tmp_path).stdout.split("Commands:")[1]
    assert "..." not in listed


def test_shell_completion_is_offered_and_fast() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "ismskit.cli.app", "--show-completion", "bash"],
        capture_output=True, text=True, check=False, timeout=60, env={"SHELL": "/bin/bash", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert "complete" in completed.stdout or completed.returncode == 0


def test_ids_sort_by_their_numbers() -> None:
    ids = ["R-100", "R-11", "R-2", "A.5.10", "A.5.9", "T-01"]
    assert sorted(ids, key=natural_key) == ["A.5.9", "A.5.10", "R-2", "R-11", "R-100", "T-01"]


def test_log_lists_the_entries_of_a_commit_in_natural_order(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    repo = GitRepo(tmp_path / "isms")
    risks = "".join(
        f"  - {{id: R-{n}, asset: A-001, threat: T-01, vulnerability: 1, treatment: accept, owner: X}}\n"
        for n in (100, 11, 2)
    )
    make_repo(repo.root, {"registers/core.yaml": "assets:\n  - {id: A-001, name: a, class: information, owner: o, confidentiality: 1, integrity: 1, availability: 1}\nthreats:\n  - {id: T-01, name: t, frequency: 1}\nrisks:\n" + risks})
    repo.commit("Registers", "2026-01-05T09:00:00+09:00")
    import json

    entries = json.loads(isms("log", "--format", "json", cwd=repo.root).stdout)["entries"]
    risk_ids = [entry["id"] for entry in entries if entry["register"] == "risks"]
    assert risk_ids == ["R-2", "R-11", "R-100"]


def test_due_uses_the_width_it_is_given(tmp_path: Path, isms, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    title = "住民基本台帳事務に係る情報セキュリティ実施手順書（窓口・郵送・コンビニ交付）"
    records = f"records:\n  - {{id: DOC-001, title: {title}, last_reviewed: 2025-01-01, review_interval_months: 12}}\n"
    root = make_repo(tmp_path, {"registers/core.yaml": records})
    monkeypatch.setenv("COLUMNS", "200")
    wide = isms("due", "--today", "2026-01-15", cwd=root).stdout
    assert title in wide
    monkeypatch.setenv("COLUMNS", "80")
    narrow = isms("due", "--today", "2026-01-15", cwd=root).stdout
    assert title not in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 80 * 2


def test_no_colour_in_a_pipe(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path)
    assert "\x1b[" not in isms("risk", "evaluate", cwd=root).stdout
