"""`isms --help` stays fast: the CLI module imports no heavy library until a command needs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("git", "jinja2", "openpyxl", "pydantic", "ruamel", "rich")


def test_importing_the_cli_imports_nothing_heavy() -> None:
    code = (
        "import sys, ismskit.cli.app; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def _heavy_modules_of(arguments: list[str], cache: str) -> str:
    code = (
        "import sys\n"
        "from ismskit.cli.app import main\n"
        f"main({arguments!r})\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})), file=sys.stderr)"
    )
    project = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=project,
        env={**os.environ, "XDG_CACHE_HOME": cache},
    )
    return result.stderr.strip().splitlines()[-1]


def test_a_warm_check_of_the_example_imports_no_validation_git_or_rendering(tmp_path: Path) -> None:
    arguments = ["check", "--strict", "--today", "2026-12-04"]
    _heavy_modules_of(arguments, str(tmp_path))  # the cold run fills the cache
    assert _heavy_modules_of(arguments, str(tmp_path)) == "[]"
    assert _heavy_modules_of(["--help"], str(tmp_path)) == "[]"
