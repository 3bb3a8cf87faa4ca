"""Words that must not mislead: what a command says when it cannot do what was asked."""

from __future__ import annotations

from pathlib import Path

from helpers import make_repo


def test_output_into_a_missing_folder_says_so(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(tmp_path)
    result = isms("soa", "-o", "missing/soa.md", cwd=root)
    assert result.code == 1
    assert "the folder missing does not exist" in result.stderr
    assert "No such file" not in result.stderr
    assert not (root / "missing").exists()
