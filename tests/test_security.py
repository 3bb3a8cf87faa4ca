"""Hostile pull requests and broken input: each attack of docs/security.md, with its defence.

Inputs that could crash the interpreter (deep nesting) run in a child process, so that a crash
fails the test instead of ending the test run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import BASE_CONFIG, make_repo, write_files
from ismskit.editing.output import exclusive_lock, write_atomically
from ismskit.errors import IsmsError


def isms_process(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ismskit.cli.app", *args],
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# --- templates are data, not code --------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.system('touch pwned') }}",
        "{{ doc.__class__.__init__.__globals__ }}",
        "{% for x in range(10**9) %}{% endfor %}",
    ],
)
def test_templates_cannot_reach_python(tmp_path: Path, template: str) -> None:
    repo = make_repo(tmp_path)
    write_files(repo, {"templates/soa.md.j2": template + "\n"})
    result = isms_process("soa", cwd=repo)
    assert result.returncode == 1, result
    assert "templates/soa.md.j2" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (repo / "pwned").exists()


def test_templates_cannot_leave_the_templates_folder(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "isms")
    (tmp_path / "secret.txt").write_text("the mayor's password\n", encoding="utf-8")
    write_files(repo, {"templates/soa.md.j2": "{% include '../../secret.txt' %}\n"})
    first = isms_process("soa", cwd=repo)
    (repo / "templates/link.j2").symlink_to(tmp_path / "secret.txt")
    write_files(repo, {"templates/soa.md.j2": "{% include 'link.j2' %}\n"})
    second = isms_process("soa", cwd=repo)
    for result in (first, second):
        assert result.returncode == 1, result
        assert "password" not in result.stdout + result.stderr


def test_html_templates_escape_register_text(tmp_path: Path) -> None:
    from ismskit.documents.rendering import render_template

    write_files(tmp_path, {"templates/page.html.j2": "<p>{{ text }}</p>\n"})
    rendered = render_template(tmp_path, "page.html.j2", {"text": "<script>alert(1)</script>"})
    assert rendered == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"


# --- YAML: safe construction only, limits with clear findings ----------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("risks: " + "[" * 100_000 + "]" * 100_000 + "\n", "yaml-limit"),
        ("- " * 200_000 + "x\n", "yaml-limit"),
        ("risks: !!python/object/apply:os.system ['touch pwned']\n", "yaml-tag"),
    ],
    ids=["deep-flow-nesting", "deep-block-nesting", "python-tag"],
)
def test_hostile_yaml_gives_a_finding_not_a_crash(tmp_path: Path, text: str, rule: str) -> None:
    repo = make_repo(tmp_path, {"registers/evil.yaml": text})
    result = isms_process("check", "--format", "json", cwd=repo)
    assert result.returncode == 1, result
    findings = json.loads(result.stdout)["findings"]
    assert rule in {finding["rule"] for finding in findings}
    assert not (repo / "pwned").exists()


def test_limits_are_configurable(tmp_path: Path, isms) -> None:
    config = BASE_CONFIG + "limits: {file_size_mb: 1, nesting_depth: 3, aliases: 2}\n"
    big = "records:\n" + "".join(
        f"  - {{id: DOC-{i}, title: {'x' * 100}}}\n" for i in range(12_000)
    )
    repo = make_repo(
        tmp_path,
        {
            "registers/big.yaml": big,
            "registers/deep.yaml": "records:\n  - {id: DOC-D, title: [[[[x]]]]}\n",
            "registers/alias.yaml": "x: &a [1]\n" + "".join(f"y{i}: *a\n" for i in range(3)),
        },
        config=config,
    )
    findings = json.loads(isms("check", "--format", "json", cwd=repo).stdout)["findings"]
    by_file = {(f["file"], f["rule"]) for f in findings}
    assert ("registers/big.yaml", "yaml-limit") in by_file
    assert ("registers/deep.yaml", "yaml-limit") in by_file
    assert ("registers/alias.yaml", "yaml-alias") in by_file


# --- git: revisions are never options, nothing leaves the machine -------------------------------


def test_option_like_revisions_never_reach_git(tmp_path: Path, isms) -> None:
    from helpers import GitRepo

    repo = GitRepo(tmp_path / "isms")
    make_repo(repo.root)
    repo.commit("Registers", "2026-04-01T09:00:00+09:00")
    marker = tmp_path / "pwned"
    for revision in (f"--output={marker}", f"--upload-pack=touch {marker}", "-p", "--exec=id"):
        for command in (["diff", revision], ["check", "--at", revision], ["soa", "--at", revision]):
            result = isms(*command, cwd=repo.root)
            assert result.code == 2, result
    assert not marker.exists()


def test_no_command_talks_to_a_remote() -> None:
    sources = (Path(__file__).resolve().parents[1] / "src" / "ismskit").rglob("*.py")
    text = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    for word in ("git.fetch", "git.push", "git.pull", "git.clone", ".remote(", "ls_remote"):
        assert word not in text


# --- failures: nothing half-written ------------------------------------------------------------


def test_writing_into_a_read_only_folder_is_a_clear_error(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path / "isms")
    locked = tmp_path / "out"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        result = isms("soa", "--output", str(locked / "soa.md"), cwd=repo)
        assert result.code == 1, result
        assert "cannot write" in result.stderr
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "soa.md"
    target.write_text("the old SoA\n", encoding="utf-8")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(IsmsError, match="No space left on device"):
        write_atomically(target, b"the new SoA\n")
    assert target.read_text(encoding="utf-8") == "the old SoA\n"
    assert [path.name for path in tmp_path.iterdir()] == ["soa.md"]  # no temporary file left


def test_two_writers_do_not_interleave(tmp_path: Path) -> None:
    target = tmp_path / "soa.md"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from ismskit.editing.output import exclusive_lock\n"
            "with exclusive_lock(Path(sys.argv[1])):\n"
            "    print('held', flush=True)\n"
            "    sys.stdin.readline()\n",
            str(target),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        started = time.monotonic()
        with (
            pytest.raises(IsmsError, match="another isms command is writing"),
            exclusive_lock(target, timeout=0.3),
        ):
            pass
        assert time.monotonic() - started >= 0.3
    finally:
        holder.communicate("\n", timeout=30)
    write_atomically(target, b"written once the lock is free\n")
    assert target.read_bytes() == b"written once the lock is free\n"


def test_a_register_deleted_while_running_is_a_finding(tmp_path: Path) -> None:
    from ismskit.repository.loader import load_isms
    from ismskit.repository.location import WorkingTree

    repo = make_repo(tmp_path)

    class Vanishing(WorkingTree):
        def read(self, path: str, max_bytes: int = 20 * 1024 * 1024) -> bytes | None:
            if path == "registers/core.yaml":
                (self.root / path).unlink(missing_ok=True)
            return super().read(path, max_bytes)

    findings = load_isms(Vanishing(repo)).findings
    assert [(f.rule, f.file) for f in findings] == [("file-unreadable", "registers/core.yaml")]


def test_interrupt_prints_one_line_and_exits_130(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            f"registers/r{i}.yaml": "records:\n"
            + "".join(f"  - {{id: DOC-{i}-{j}, title: t}}\n" for j in range(3000))
            for i in range(40)
        },
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "ismskit.cli.app", "--no-cache", "check"],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    if process.returncode in {0, 1}:
        pytest.skip("the check finished before the interrupt arrived")
    assert process.returncode == 130
    assert stderr.strip().splitlines() == ["isms: interrupted; nothing was half-written"]


def test_writing_where_no_file_can_be_is_a_clear_error(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path / "isms")
    (tmp_path / "a-folder").mkdir()
    for target in (tmp_path / "a-folder", tmp_path / "missing" / "soa.md"):
        result = isms("soa", "--output", str(target), cwd=repo)
        assert result.code == 1, result
        assert result.stderr.startswith("isms: cannot write")
        assert "Traceback" not in result.stderr
    assert list((tmp_path / "a-folder").iterdir()) == []
