"""Builders for small ISMS repositories written inside a test."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from pathlib import Path

from ismskit.catalogue.annex_a import load_catalogue

BASE_CONFIG = """\
organization: Test City
scope: The resident registry service.
risk:
  acceptance: 8
  levels:
    - {name: low, max: 8}
    - {name: medium, max: 18}
    - {name: high, max: 27}
"""

BASE_REGISTERS = """\
assets:
  - id: A-001
    name: Resident records database
    class: information
    owner: Citizens Division
    confidentiality: 3
    integrity: 3
    availability: 2
threats:
  - id: T-01
    name: Unauthorised access
    frequency: 2
    affects: [confidentiality, integrity]
risks:
  - id: R-001
    asset: A-001
    threat: T-01
    vulnerability: 1
    treatment: accept
    owner: Citizens Division Manager
"""


def soa_yaml(
    excluded: Iterable[str] = (),
    skip: Iterable[str] = (),
    status: str | None = "partial",
) -> str:
    """A complete SoA: every catalogue control applicable and implemented, unless told otherwise."""
    excluded, skip = set(excluded), set(skip)
    lines = ["soa:"]
    for control in load_catalogue().controls:
        if control.id in skip:
            continue
        applicable = control.id not in excluded
        lines += [
            f"  - control: {control.id}",
            f"    applicable: {'true' if applicable else 'false'}",
            "    justification: Decided in the risk assessment",
        ]
        if applicable and status:
            lines.append(f"    status: {status}")
    return "\n".join(lines) + "\n"


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def make_repo(
    root: Path,
    registers: dict[str, str | bytes] | None = None,
    *,
    config: str = BASE_CONFIG,
    soa: str | None = None,
) -> Path:
    """An ISMS repository: isms.yaml, a full SoA, and the given register files (or a base set)."""
    files: dict[str, str | bytes] = {"isms.yaml": config}
    files["registers/soa.yaml"] = soa if soa is not None else soa_yaml()
    files.update(registers if registers is not None else {"registers/core.yaml": BASE_REGISTERS})
    return write_files(root, files)


def findings_of(output: str) -> list[dict[str, object]]:
    findings: list[dict[str, object]] = json.loads(output)["findings"]
    return findings


class GitRepo:
    """A real git repository for history tests: every commit has a fixed author and date."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str = "2026-01-05T09:00:00+09:00") -> str:
        import os
        import subprocess

        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        return subprocess.run(
            ["git", *args], cwd=self.root, env=env, check=True, capture_output=True, text=True
        ).stdout.strip()

    def commit(
        self,
        message: str,
        date: str,
        files: dict[str, str | bytes] | None = None,
        *,
        remove: tuple[str, ...] = (),
        author: str = "Hanako Sato <sato@city.example>",
    ) -> str:
        write_files(self.root, files or {})
        for path in remove:
            (self.root / path).unlink()
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", f"--author={author}", "-m", message, date=date)
        return self.git("rev-parse", "HEAD")
