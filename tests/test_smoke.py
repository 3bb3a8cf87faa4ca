from pathlib import Path

from helpers import make_repo


def test_base_repository_is_clean(tmp_path: Path, isms) -> None:
    make_repo(tmp_path)
    result = isms("check", cwd=tmp_path)
    assert result.code == 0, result
