"""Shared fixtures: hermetic git and caches, and an in-process `isms` runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ismskit.cli.app import main


@pytest.fixture(autouse=True)
def _hermetic_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No user or system git config, fixed identities, caches outside the work tree."""
    home = tmp_path_factory.mktemp("home")
    saved = dict(os.environ)
    os.environ.update(
        {
            "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Test Author",
            "GIT_AUTHOR_EMAIL": "author@example.test",
            "GIT_COMMITTER_NAME": "Test Committer",
            "GIT_COMMITTER_EMAIL": "committer@example.test",
            # ISMS_TEST_CACHE: one cache for the whole run; a second run reads every file warm.
            "XDG_CACHE_HOME": os.environ.get("ISMS_TEST_CACHE") or str(home / "cache"),
            "NO_COLOR": "1",
        }
    )
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "ISMS_DEBUG"):
        os.environ.pop(name, None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


@pytest.fixture
def isms(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run `isms ARGS...` in process, in folder `cwd`; the result prints readably on failure."""

    def run(*args: str, cwd: Path) -> Result:
        capsys.readouterr()
        monkeypatch.chdir(cwd)
        code = main(list(args))
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run
