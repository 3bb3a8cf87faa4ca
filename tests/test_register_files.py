"""Registers are regular files inside the repository, read only up to the size limit.

A pull request can add a link where a register should be: to /dev/zero, to a FIFO, or to a file
of the CI runner whose text a report would then print. Each is a `register-path` error at the
file (1:1), and none is read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import BASE_CONFIG, GitRepo, findings_of, make_repo

SECRET = "the-runner-secret-4b1d"
LEAK = f"assets:\n  - id: A-900\n    name: {SECRET}\n    class: information\n    owner: {SECRET}\n"
OUTPUTS = [
    ("check",),
    *(("check", "--format", name) for name in ("json", "github", "gitlab", "sarif", "markdown")),
    ("report", "assets"),
    ("report", "readiness"),
    ("risk", "evaluate", "--format", "csv"),
]

pytestmark = pytest.mark.skipif(os.name == "nt", reason="links, FIFOs and devices of POSIX")


def path_findings(output: str) -> set[tuple[str, str, int, int]]:
    return {
        (str(f["rule"]), str(f["file"]), int(str(f["line"])), int(str(f["column"])))
        for f in findings_of(output)
        if f["rule"] in ("register-path", "yaml-limit", "file-unreadable")
    }


def test_links_out_of_the_repository_are_refused_and_never_read(tmp_path: Path, isms) -> None:
    (tmp_path / "runner-secret.yaml").write_text(LEAK, encoding="utf-8")
    repo = make_repo(tmp_path / "isms")
    (repo / "registers/leak.yaml").symlink_to(tmp_path / "runner-secret.yaml")
    (repo / "registers/zero.yaml").symlink_to("/dev/zero")
    (repo / "registers/dangling.yaml").symlink_to("../../nowhere.yaml")
    result = isms("check", "--format", "json", cwd=repo)
    assert result.code == 1, result
    assert path_findings(result.stdout) == {
        ("register-path", "registers/dangling.yaml", 1, 1),
        ("register-path", "registers/leak.yaml", 1, 1),
        ("register-path", "registers/zero.yaml", 1, 1),
    }
    for command in OUTPUTS:
        result = isms(*command, cwd=repo)
        assert SECRET not in result.stdout + result.stderr, command


def test_what_is_not_a_regular_file_is_refused_without_waiting(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path)
    os.mkfifo(repo / "registers/fifo.yaml")  # reading would wait for a writer for ever
    (repo / "registers/folder.yaml").symlink_to(repo / "registers")
    result = isms("check", "--format", "json", cwd=repo)
    assert path_findings(result.stdout) == {
        ("register-path", "registers/fifo.yaml", 1, 1),
        ("register-path", "registers/folder.yaml", 1, 1),
    }


def test_a_link_to_a_register_inside_the_repository_is_read(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path, {"shared/core.yaml": "", "registers/core.yaml": ""})
    (repo / "registers/core.yaml").unlink()
    (repo / "shared/core.yaml").write_text(
        (Path(__file__).parent / "examples/invalid/ignored-file/registers/core.yaml").read_text(
            encoding="utf-8"
        ),
        encoding="utf-8",
    )
    (repo / "registers/core.yaml").symlink_to("../shared/core.yaml")
    result = isms("check", "--format", "json", cwd=repo)
    assert result.code == 0, result


def test_a_registers_folder_that_leads_out_is_never_walked(tmp_path: Path, isms) -> None:
    outside = tmp_path / "elsewhere"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep/leak.yaml").write_text(LEAK, encoding="utf-8")
    repo = tmp_path / "isms"
    repo.mkdir()
    (repo / "isms.yaml").write_text(BASE_CONFIG, encoding="utf-8")
    (repo / "registers").symlink_to(outside)
    result = isms("check", "--format", "json", cwd=repo)
    assert ("register-path", "registers", 1, 1) in path_findings(result.stdout)
    assert SECRET not in result.stdout


def test_an_isms_yaml_that_leads_out_is_refused(tmp_path: Path, isms) -> None:
    (tmp_path / "config.yaml").write_text(BASE_CONFIG, encoding="utf-8")
    repo = make_repo(tmp_path / "isms")
    (repo / "isms.yaml").unlink()
    (repo / "isms.yaml").symlink_to(tmp_path / "config.yaml")
    result = isms("check", "--format", "json", cwd=repo)
    assert result.code == 1, result
    assert ("register-path", "isms.yaml", 1, 1) in path_findings(result.stdout)


_PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_kilobytes(repo: Path) -> int:
    command = [sys.executable, "-m", "ismskit.cli.app", "--no-cache", "check", "--format", "json"]
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *command],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def test_a_register_over_the_size_limit_costs_no_memory(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path)
    small = peak_kilobytes(repo)
    line = "  - {id: DOC-X, title: " + "x" * 90 + "}\n"
    with (repo / "registers/big.yaml").open("w", encoding="utf-8") as big:
        big.write("records:\n" + line * (100 * 1024 * 1024 // len(line)))
    large = peak_kilobytes(repo)
    assert large < small + 16 * 1024, (small, large)  # 100 MB file, well under 16 MB more
    result = isms("check", "--format", "json", cwd=repo)
    assert ("yaml-limit", "registers/big.yaml", 1, 1) in path_findings(result.stdout)
    assert "100.0 MB, over the limit of 20 MB" in result.stdout


def test_at_a_revision_links_are_followed_inside_and_refused_outside(tmp_path: Path, isms) -> None:
    repo = GitRepo(tmp_path / "isms")
    make_repo(repo.root, {"registers/core.yaml": "", "shared/real.yaml": "records: []\n"})
    (repo.root / "registers/inside.yaml").symlink_to("../shared/real.yaml")
    (repo.root / "registers/zero.yaml").symlink_to("/dev/zero")
    (repo.root / "registers/out.yaml").symlink_to("../../secret.yaml")
    repo.commit("Registers", "2026-04-01T09:00:00+09:00")
    result = isms("check", "--format", "json", "--at", "HEAD", cwd=repo.root)
    assert path_findings(result.stdout) == {
        ("register-path", "registers/out.yaml", 1, 1),
        ("register-path", "registers/zero.yaml", 1, 1),
    }


def test_at_a_revision_a_blob_over_the_limit_is_never_read(
    tmp_path: Path, isms, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ismskit.history.git import GitHistory

    repo = GitRepo(tmp_path / "isms")
    line = "  - {id: DOC-X, title: " + "x" * 90 + "}\n"
    big = "records:\n" + line * (21 * 1024 * 1024 // len(line))  # over the default 20 MB
    make_repo(repo.root, {"registers/big.yaml": big})
    repo.commit("A big register", "2026-04-01T09:00:00+09:00")
    read: list[str] = []
    original = GitHistory.read_blob

    def recording(self: GitHistory, blob: str, max_bytes: int | None = None) -> bytes:
        data = original(self, blob, max_bytes)
        read.append(blob)
        return data

    monkeypatch.setattr(GitHistory, "read_blob", recording)
    result = isms("--no-cache", "check", "--format", "json", "--at", "HEAD", cwd=repo.root)
    big_blob = repo.git("rev-parse", "HEAD:registers/big.yaml")
    assert ("yaml-limit", "registers/big.yaml", 1, 1) in path_findings(result.stdout)
    assert big_blob not in read
    log = isms("log", "--format", "json", cwd=repo.root)
    assert log.code == 0, log
    assert [e for e in json.loads(log.stdout)["entries"] if e["register"] == "records"] == []
