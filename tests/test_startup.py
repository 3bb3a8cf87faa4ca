"""`isms --help` and a warm `isms check` stay fast: no heavy library until a command needs it,
and a bounded number of modules."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import GitRepo

PROJECT = Path(__file__).resolve().parents[1]
HEAVY = ("git", "jinja2", "lxml", "openpyxl", "pydantic", "ruamel", "rich", "yaml")


def test_importing_the_cli_imports_nothing_heavy() -> None:
    code = (
        "import sys, ismskit.cli.app; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


# How many modules a command may import, with some room: a guard against an import creeping back
# into start-up (each costs a millisecond or more), not a timing. Raise a ceiling only knowingly.
MODULE_CEILINGS = {"--help": 175, "check": 260}
COUNT = (
    "import contextlib, io, sys\n"
    "from ismskit.cli.app import main\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    main(sys.argv[1:])\n"
    "print(len(sys.modules), ' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
)


def imported(args: list[str], cwd: Path) -> tuple[int, set[str]]:
    output = subprocess.run(
        [sys.executable, "-c", COUNT, *args], capture_output=True, text=True, check=True, cwd=cwd
    ).stdout.split()
    return int(output[0]), set(output[1:])


@pytest.fixture(scope="module")
def example_in_git(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("example")
    shutil.copy(PROJECT / "isms.yaml", root / "isms.yaml")
    shutil.copytree(PROJECT / "registers", root / "registers")
    GitRepo(root).commit("The example ISMS", "2026-01-05T09:00:00+09:00")
    return root


@pytest.mark.parametrize("command", sorted(MODULE_CEILINGS))
def test_a_command_imports_few_modules_and_nothing_heavy(
    example_in_git: Path, command: str
) -> None:
    args = [command]
    imported(args, example_in_git)  # the first check fills the cache; the second is measured
    count, packages = imported(args, example_in_git)
    assert packages & set(HEAVY) == set(), f"isms {command} imports {packages & set(HEAVY)}"
    assert count <= MODULE_CEILINGS[command], f"isms {command} imports {count} modules"
