"""The rendering child forked before the registers are read: same document, no child left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import make_repo
from ismskit.documents.prepared import fork_prepared, run_prepared


def no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_a_command_that_renders_nothing_leaves_no_child(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path, {"registers/a.yaml": "assets: [\n"})
    result = isms("soa", cwd=repo)
    assert result.code == 1
    assert "fix them first" in result.stderr
    assert no_child_left()


def test_the_soa_renders_the_same_through_a_prepared_child(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path)
    prepared = isms("soa", cwd=repo)
    again = isms("soa", cwd=repo)
    assert prepared.code == again.code == 0
    assert prepared.stdout == again.stdout
    assert no_child_left()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_the_clock_of_a_prepared_child_starts_with_its_task() -> None:
    child = fork_prepared(lambda: None, _sleep)
    assert child is not None
    outcome = run_prepared(child, 0.05, seconds=2, memory_bytes=64 * 1024 * 1024)
    assert outcome is not None
    assert outcome.output == b"slept"
    late = fork_prepared(lambda: None, _sleep)
    assert late is not None
    outcome = run_prepared(late, 5, seconds=0.5, memory_bytes=64 * 1024 * 1024)
    assert outcome is not None
    assert outcome.timed_out
    assert no_child_left()


def _sleep(seconds: float) -> bytes:
    import time

    time.sleep(seconds)
    return b"slept"
