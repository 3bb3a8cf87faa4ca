"""The faster ways to the same documents: ismskit's own templates outside the sandbox, template code
kept beside them, Jinja's checks short-cut for plain attributes, git's processes in a forked
child. Each gives what the slow way gives."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from jinja2.sandbox import SandboxedEnvironment

from helpers import GitRepo, make_repo, write_files
from ismskit.documents import budget
from ismskit.documents.compiled import bytecode_cache
from ismskit.documents.rendering import has_own_templates
from ismskit.documents.sandbox import BudgetedSandbox

PROJECT = Path(__file__).resolve().parents[1]


def _plain_function() -> None:
    return None


class _Record:
    name = "R-001"
    score = 12
    when = date(2026, 4, 1)
    _hidden = "secret"

    def method(self) -> str:
        return "called"


@pytest.mark.parametrize(
    ("obj", "attribute"),
    [
        (_Record(), "name"),
        (_Record(), "score"),
        (_Record(), "when"),
        (_Record(), "_hidden"),
        (_Record(), "__class__"),
        (_Record(), "method"),
        (_Record(), "missing"),
        ({"name": "item"}, "name"),
        ("text", "format"),
        ("text", "format_map"),
        ("text", "upper"),
        (_plain_function, "__globals__"),
        (_plain_function, "__name__"),
        (str, "mro"),
        (SimpleNamespace(value=[1, 2]), "value"),
        ((x for x in ()), "gi_frame"),
    ],
)
def test_reading_an_attribute_gives_what_jinjas_sandbox_gives(obj: Any, attribute: str) -> None:
    ours = BudgetedSandbox(budget.Deadline(10)).getattr(obj, attribute)
    jinjas = SandboxedEnvironment().getattr(obj, attribute)
    assert type(ours) is type(jinjas)
    if callable(jinjas) and not isinstance(jinjas, type):
        return  # a wrapped format, or a bound method: a new object each time
    assert repr(ours) == repr(jinjas)


def test_a_repository_with_templates_of_its_own_renders_the_same_in_the_sandbox(
    tmp_path: Path, isms
) -> None:  # type: ignore[no-untyped-def]
    plain = make_repo(tmp_path / "plain")
    GitRepo(plain).commit("Registers", "2026-01-05T09:00:00+09:00")
    assert not has_own_templates(plain / "templates")
    sandboxed = make_repo(tmp_path / "sandboxed")
    write_files(sandboxed, {"templates/unused.md.j2": "not used\n"})
    GitRepo(sandboxed).commit("Registers", "2026-01-05T09:00:00+09:00")
    assert has_own_templates(sandboxed / "templates")
    for command in (["soa"], ["report", "risk-treatment-plan"], ["report", "risk-assessment"]):
        arguments = [*command, "--today", "2026-12-04"]
        shown = [isms(*arguments, cwd=root).stdout for root in (plain, sandboxed)]
        assert len(shown[0]) > 1000
        # The two commits differ by the template file: their ids are the only difference.
        assert _without_commit_ids(shown[0]) == _without_commit_ids(shown[1])


def _without_commit_ids(text: str) -> str:
    return re.sub(r"\b[0-9a-f]{12}\b", "COMMIT", text)


def test_the_checkout_itself_has_no_templates_of_its_own() -> None:
    assert not has_own_templates(PROJECT / "templates")


def _compile_through(cache: Any, folder: Path, name: str) -> Any:
    from jinja2 import Environment, FileSystemLoader

    environment = Environment(loader=FileSystemLoader(folder), bytecode_cache=cache)
    return environment.get_template(name)


def test_built_in_template_code_is_kept_beside_them_and_recompiled_when_the_source_changes(
    tmp_path: Path,
) -> None:
    builtin = tmp_path / "builtin"
    write_files(builtin, {"page.md.j2": "one {{ x }}\n"})
    os.chmod(builtin, 0o755)
    assert _compile_through(bytecode_cache(builtin), builtin, "page.md.j2").render(x=1) == "one 1"
    kept = list((builtin / "__pycache__").glob("*.jinja"))
    assert len(kept) == 1
    (builtin / "page.md.j2").write_text("two {{ x }}\n", encoding="utf-8")
    assert _compile_through(bytecode_cache(builtin), builtin, "page.md.j2").render(x=1) == "two 1"


def test_no_code_is_kept_in_a_folder_others_may_write(tmp_path: Path) -> None:
    builtin = tmp_path / "builtin"
    write_files(builtin, {"page.md.j2": "one\n"})
    os.chmod(builtin, 0o777)  # the unsafe folder under test
    _compile_through(bytecode_cache(builtin), builtin, "page.md.j2")
    kept = builtin / "__pycache__"
    assert not kept.exists() or not list(kept.glob("*.jinja"))


def test_a_repositorys_own_templates_are_never_kept(tmp_path: Path) -> None:
    builtin, own = tmp_path / "builtin", tmp_path / "own"
    write_files(builtin, {"page.md.j2": "ours\n"})
    write_files(own, {"page.md.j2": "theirs\n"})
    os.chmod(builtin, 0o755)
    assert _compile_through(bytecode_cache(builtin), own, "page.md.j2").render() == "theirs"
    kept = builtin / "__pycache__"
    assert not kept.exists() or not list(kept.glob("*.jinja"))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a forked child")
def test_a_forked_child_reads_blobs_through_its_own_git_process(tmp_path: Path) -> None:
    from ismskit.history.plumbing import find_repository

    root = make_repo(tmp_path, {"registers/core.yaml": "assets: []\n"})
    GitRepo(root).commit("Registers", "2026-01-05T09:00:00+09:00")
    repository = find_repository(root)
    assert repository is not None
    blob = repository.run("rev-parse", "HEAD:registers/core.yaml")
    assert repository.read_blob(blob) == b"assets: []\n"  # the parent's cat-file runs now
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        ok = repository.read_blob(blob) == b"assets: []\n"
        os.write(writer, b"1" if ok else b"0")
        os._exit(0)
    os.close(writer)
    answer = os.read(reader, 1)
    os.waitpid(pid, 0)
    assert answer == b"1"
    assert repository.read_blob(blob) == b"assets: []\n"  # the parent's is untouched
    repository.close()  # and ends: no child holds its input open
