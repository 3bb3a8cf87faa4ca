"""Progress of long work: told to a listener; drawn only on a terminal, never for machines."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers import GitRepo, make_repo
from ismskit import progress
from ismskit.cli import progress_display
from ismskit.history.git import GitHistory
from ismskit.history.log import iter_log
from ismskit.repository.loader import load_isms
from ismskit.repository.location import WorkingTree


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def start(self, label: str, total: int | None) -> None:
        self.events.append(("start", (label, total)))

    def advance(self, amount: int) -> None:
        self.events.append(("advance", amount))

    def stop(self) -> None:
        self.events.append(("stop", None))


@pytest.fixture
def recorder() -> object:
    listener = Recorder()
    progress.listen(listener)
    yield listener
    progress.listen(None)


def test_reading_the_registers_reports_each_file(tmp_path: Path, recorder: Recorder) -> None:
    repo = make_repo(
        tmp_path, {"registers/a.yaml": "assets: []\n", "registers/b.yaml": "risks: []\n"}
    )
    load_isms(WorkingTree(repo))
    assert recorder.events[0] == ("start", ("Reading the registers", 3))
    assert recorder.events.count(("advance", 1)) == 3
    assert recorder.events[-1] == ("stop", None)


def test_a_history_walk_reports_each_commit(tmp_path: Path, recorder: Recorder) -> None:
    git = GitRepo(make_repo(tmp_path, {"registers/a.yaml": "assets: []\n"}))
    git.commit("first", "2026-01-05T09:00:00+09:00")
    git.commit(
        "second", "2026-01-06T09:00:00+09:00", {"registers/a.yaml": "assets: []\nrisks: []\n"}
    )
    with GitHistory.open(git.root, "log") as history:
        list(iter_log(history))
    assert ("start", ("Reading the history", 2)) in recorder.events


def test_the_display_listens_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CI", "GITHUB_ACTIONS", "GITLAB_CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    progress_display.show_progress(quiet=False)
    assert isinstance(progress._listener, progress_display.TerminalProgress)
    progress_display.show_progress(quiet=True)
    assert progress._listener is None
    monkeypatch.setenv("CI", "true")
    progress_display.show_progress(quiet=False)
    assert progress._listener is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    monkeypatch.delenv("CI")
    progress_display.show_progress(quiet=False)
    assert progress._listener is None


def test_machine_formats_of_check_show_no_progress(
    tmp_path: Path, isms, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("CI", "GITHUB_ACTIONS", "GITLAB_CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    heard: list[object] = []
    monkeypatch.setattr(progress, "listen", heard.append)
    repo = make_repo(tmp_path)
    isms("check", "--format", "json", cwd=repo)
    assert isinstance(heard[0], progress_display.TerminalProgress)
    assert heard[-1] is None
