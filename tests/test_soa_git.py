"""The SoA names the commit the registers were read at, from a real git repository."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from helpers import make_repo, write_files


def git(repo: Path, *args: str, date: str = "2026-04-01T09:00:00+09:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def commit_all(repo: Path, message: str, date: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD")


def test_soa_is_stamped_with_commit_and_date(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path)
    git(repo, "init", "-q", "-b", "main")
    commit = commit_all(repo, "First registers", "2026-04-01T09:00:00+09:00")
    text = isms("soa", "--lang", "en", cwd=repo).stdout
    assert f"| Registers at | `{commit[:12]}` (2026-04-01T09:00:00+09:00) |" in text
    assert "uncommitted" not in text

    write_files(repo, {"registers/new.yaml": "records:\n  - {id: DOC-1, title: Policy}\n"})
    dirty = isms("soa", "--lang", "en", cwd=repo).stdout
    assert "with uncommitted changes" in dirty

    later = commit_all(repo, "Add a record", "2026-05-02T10:30:00+09:00")
    assert f"`{later[:12]}` (2026-05-02T10:30:00+09:00) |" in isms("soa", cwd=repo).stdout


def test_isms_in_a_subfolder_of_a_git_repository(tmp_path: Path, isms) -> None:
    make_repo(tmp_path / "isms")
    write_files(tmp_path, {"README.md": "other project files\n"})
    git(tmp_path, "init", "-q", "-b", "main")
    commit_all(tmp_path, "All", "2026-04-01T09:00:00+09:00")
    write_files(tmp_path, {"README.md": "changed outside the ISMS\n"})
    text = isms("soa", "--lang", "en", cwd=tmp_path / "isms").stdout
    assert "(2026-04-01T09:00:00+09:00) |" in text
    assert "uncommitted" not in text  # changes outside the ISMS do not count
    write_files(tmp_path, {"isms/registers/new.yaml": "# a new register file\n"})
    assert "with uncommitted changes" in isms("soa", "--lang", "en", cwd=tmp_path / "isms").stdout


def test_soa_check_keeps_a_committed_rendering_in_sync(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "Registers", "2026-04-01T09:00:00+09:00")
    (repo / "docs").mkdir()
    assert isms("soa", "--output", "docs/soa.md", cwd=repo).code == 0
    commit_all(repo, "Rendered SoA", "2026-04-01T10:00:00+09:00")
    # Committing the rendering next to the registers does not make it stale.
    result = isms("soa", "--check", "docs/soa.md", cwd=repo)
    assert result.code == 0, result
    assert result.stdout == ""

    write_files(repo, {"registers/soa.yaml": (repo / "registers/soa.yaml").read_text(encoding="utf-8").replace(
        "  - control: A.8.34\n    applicable: true", "  - control: A.8.34\n    applicable: false", 1
    ).replace("justification: Decided in the risk assessment\n    status: partial\n", "justification: Decided in the risk assessment\n", 93)})
    commit_all(repo, "Exclude A.8.34", "2026-04-02T09:00:00+09:00")
    stale = isms("soa", "--check", "docs/soa.md", cwd=repo)
    assert stale.code == 1, stale
    assert "docs/soa.md is out of date: run 'isms soa --output docs/soa.md'" in stale.stderr
    assert (repo / "docs/soa.md").read_text(encoding="utf-8") != ""  # --check writes nothing


def test_soa_check_names_the_command_with_its_options(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path)
    missing = isms("soa", "--lang", "en", "--check", "docs/soa.md", cwd=repo)
    assert missing.code == 1
    assert "run 'isms soa --lang en --output docs/soa.md'" in missing.stderr
