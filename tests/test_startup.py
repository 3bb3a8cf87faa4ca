"""`isms --help` stays fast: the CLI module imports no heavy library until a command needs it."""

from __future__ import annotations

import subprocess
import sys

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
