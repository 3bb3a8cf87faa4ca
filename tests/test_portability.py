"""Windows and macOS as first-class platforms, caught on Linux.

Every command, writes included, runs in a Python where the POSIX-only modules cannot be imported
(as on Windows); output survives a Japanese Windows console (cp932); paths use forward slashes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import BASE_REGISTERS, GitRepo, make_repo, soa_yaml

POSIX_ONLY = ("fcntl", "pwd", "grp", "termios", "resource")

# Installed as sitecustomize: from then on importing any of the modules fails, as on Windows.
BLOCKER = f"""
import sys

_BLOCKED = set({POSIX_ONLY!r})


class _PosixOnlyBlocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in _BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}} (blocked)", name=name)
        return None


for _name in list(sys.modules):
    if _name.split(".")[0] in _BLOCKED:
        del sys.modules[_name]
sys.meta_path.insert(0, _PosixOnlyBlocker())
"""

RATED = ["-C", "2", "-I", "2", "-A", "1"]
ACCEPTED = ["--treatment", "accept", "--owner", "Manager"]
# Every command of `isms`, in an order where each finds what it needs.
COMMANDS: list[list[str]] = [
    ["--version"],
    ["--help"],
    ["init", "{fresh}", "--org", "Fresh City"],
    ["check"],
    ["check", "--format", "json"],
    ["check", "--format", "sarif"],
    ["risk", "evaluate"],
    ["risk", "evaluate", "--format", "csv"],
    ["soa"],
    ["soa", "-o", "out/soa.md"],
    ["report", "risk-assessment", "-o", "out/ra.md"],
    ["report", "assets"],
    ["due"],
    ["schema", "-o", "out/schema"],
    ["asset", "add", "--name", "Paper files", "--class", "physical", "--owner", "Clerk", *RATED],
    ["threat", "add", "--name", "Fire", "--frequency", "1"],
    ["risk", "add", "--asset", "A-001", "--threat", "T-02", "--vulnerability", "1", *ACCEPTED],
    ["risk", "treat", "R-001", "--controls", "A.8.7"],
    ["risk", "accept", "R-001", "--by", "Deputy Mayor"],
    ["soa", "set", "A.5.1", "--justification", "Required by the policy"],
    ["export", "assets", "-o", "out/assets.xlsx"],
    ["export", "risks", "-o", "out/risks.csv"],
    ["import", "assets", "out/assets.xlsx"],
    ["log"],
    ["diff", "HEAD"],
]


def _repository(root: Path) -> Path:
    repo = GitRepo(root)
    make_repo(root)
    repo.commit("First registers", "2026-01-05T09:00:00+09:00")
    return root


def _run_blocked(root: Path, tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=300,
    )


def test_every_command_runs_where_posix_only_modules_are_missing(tmp_path: Path) -> None:
    root = _repository(tmp_path / "isms")
    (root / "out").mkdir()
    commands = [
        [part.replace("{fresh}", str(tmp_path / "fresh")) for part in command]
        for command in COMMANDS
    ]
    script = textwrap.dedent(
        f"""
        import contextlib, io, json, sys
        for name in {POSIX_ONLY!r}:
            try:
                __import__(name)
            except ImportError:
                pass
            else:
                raise SystemExit("the blocker let " + name + " through")
        from ismskit.cli.app import main
        results = []
        for args in {commands!r}:
            out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
            err = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(args)
            results.append({{"args": args, "code": code, "stderr": err.getvalue()}})
        leaked = sorted(set(sys.modules) & set({POSIX_ONLY!r}))
        print(json.dumps({{"results": results, "leaked": leaked}}))
        """
    )
    completed = _run_blocked(root, tmp_path, script)
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout.splitlines()[-1])
    assert report["leaked"] == []
    failures = [
        result
        for result in report["results"]
        if result["code"] not in (0, 1) or "internal error" in result["stderr"]
    ]
    assert failures == [], json.dumps(failures, indent=1, ensure_ascii=False)
    written = ["out/soa.md", "out/ra.md", "out/assets.xlsx", "out/risks.csv"]
    assert [path for path in written if not (root / path).is_file()] == [], report
    assert (tmp_path / "fresh" / "isms.yaml").is_file()
    registers = (root / "registers" / "core.yaml").read_text(encoding="utf-8")
    assert "Paper files" in registers
    assert "Deputy Mayor" in registers


def test_the_blocker_catches_a_posix_only_import(tmp_path: Path) -> None:
    """The test above cannot pass by accident: an import of fcntl does fail under the blocker."""
    completed = _run_blocked(tmp_path, tmp_path, "import fcntl")
    assert completed.returncode != 0
    assert "blocked" in completed.stderr


def test_writes_leave_no_lock_file_in_the_repository(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path)
    before = sorted(path.name for path in root.rglob("*"))
    result = isms("threat", "add", "--name", "Fire", "--frequency", "1", cwd=root)
    assert result.code == 0, result
    after = sorted(path.name for path in root.rglob("*"))
    assert after == before


NOT_IN_CP932 = "Résumé ✓ 𠮷野家"  # ✓ and 𠮷 are outside Shift_JIS (cp932)


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--format", "json"],
        ["risk", "evaluate"],
        ["risk", "evaluate", "--format", "csv"],
        ["soa"],
        ["report", "assets"],
        ["due"],
        ["log"],
    ],
)
def test_output_survives_a_cp932_console(tmp_path: Path, args: list[str]) -> None:
    root = tmp_path / "isms"
    repo = GitRepo(root)
    registers = BASE_REGISTERS.replace("Resident records database", NOT_IN_CP932)
    # An error too, so that a finding naming the text is printed.
    registers = registers.replace("owner: Citizens Division Manager", f"owner: {NOT_IN_CP932}")
    if args[0] == "check":
        registers += "  - id: R-002\n    asset: A-999\n"
    make_repo(root, {"registers/core.yaml": registers})
    repo.commit("Registers", "2026-01-05T09:00:00+09:00")
    env = {**os.environ, "PYTHONIOENCODING": "cp932", "COLUMNS": "200"}
    completed = subprocess.run(
        [sys.executable, "-m", "ismskit.cli.app", *args],
        cwd=root,
        env=env,
        capture_output=True,
        check=False,
        timeout=120,
    )
    stderr = completed.stderr.decode("cp932", errors="replace")
    assert "UnicodeEncodeError" not in stderr
    assert "internal error" not in stderr
    assert completed.returncode in (0, 1), stderr
    assert completed.stdout.decode("cp932")  # what could be written was written


def test_paths_in_findings_use_forward_slashes(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(
        tmp_path,
        {"registers/units/citizens/assets.yaml": "assets:\n  - id: A-001\n    name: x\n"},
        soa=soa_yaml(),
    )
    result = isms("check", "--format", "json", cwd=root)
    files = {finding["file"] for finding in json.loads(result.stdout)["findings"]}
    assert "registers/units/citizens/assets.yaml" in files
    assert not any("\\" in file for file in files)
