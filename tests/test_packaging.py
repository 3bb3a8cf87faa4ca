"""A new repository's first pull request passes: the workflow `isms init` writes is valid for GitHub
and installs a version of ismskit that exists, the one `isms --version` reports, built from here."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from ismskit import __version__

PROJECT = Path(__file__).resolve().parents[1]
WORKFLOW_SCHEMA = PROJECT / "tests" / "data" / "github-workflow.schema.json"
INSTALL = re.compile(r'pip install "\$\{ISMSKIT:-(?P<spec>[^}"]+)\}"')


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel of this checkout, as an index would serve them."""
    dist = tmp_path_factory.mktemp("dist")
    completed = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(PROJECT)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return dist


def _init_workflow(tmp_path: Path, isms) -> dict:  # type: ignore[no-untyped-def]
    result = isms("init", str(tmp_path / "city"), "--org", "Minato City", cwd=tmp_path)
    assert result.code == 0, result
    text = (tmp_path / "city" / ".github" / "workflows" / "isms.yml").read_text(encoding="utf-8")
    workflow: dict = YAML(typ="safe").load(text)
    return workflow


def _install_specs(workflow: dict) -> list[str]:
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    return [match["spec"] for run in runs for match in INSTALL.finditer(run)]


def test_the_workflow_init_writes_validates_against_githubs_schema(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(WORKFLOW_SCHEMA.read_text(encoding="utf-8"))
    workflow = _init_workflow(tmp_path, isms)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(workflow), key=str)
    assert [error.message for error in errors] == []


def test_the_schema_rejects_a_broken_workflow() -> None:
    """The validation above can fail: a job without runs-on is not a workflow."""
    schema = json.loads(WORKFLOW_SCHEMA.read_text(encoding="utf-8"))
    broken = {"on": "push", "jobs": {"check": {"steps": [{"run": "isms check"}]}}}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


def test_the_workflow_installs_the_version_isms_reports(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    workflow = _init_workflow(tmp_path, isms)
    specs = _install_specs(workflow)
    assert specs
    assert set(specs) == {f"ismskit=={__version__}"}
    version = isms("--version", cwd=tmp_path)
    assert version.stdout.strip() == f"isms {__version__}"
    # The documented override: the repository variable ISMSKIT reaches the shell.
    assert workflow["env"]["ISMSKIT"] == "${{ vars.ISMSKIT }}"


def test_the_workflow_checks_on_linux_windows_and_macos(tmp_path: Path, isms) -> None:  # type: ignore[no-untyped-def]
    workflow = _init_workflow(tmp_path, isms)
    matrix = workflow["jobs"]["check"]["strategy"]["matrix"]["os"]
    assert {name.split("-")[0] for name in matrix} == {"ubuntu", "windows", "macos"}


def test_the_spec_the_workflow_names_installs_from_the_built_wheel(
    tmp_path: Path,
    built: Path,
    isms,  # type: ignore[no-untyped-def]
) -> None:
    (spec,) = set(_install_specs(_init_workflow(tmp_path, isms)))
    target = tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps"]
    completed = subprocess.run(
        [*install, "--find-links", str(built), "--target", str(target), spec],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    # The installed copy (its dependencies from this environment) reports the same version.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), *sys.path])}
    script = "import ismskit, sys; from ismskit.cli.app import main; print(ismskit.__file__); main(['--version'])"
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    location, version = shown.stdout.splitlines()
    assert Path(location).is_relative_to(target)
    assert version == f"isms {__version__}"


def test_the_distributions_pass_twine_check(built: Path) -> None:
    files = sorted(str(path) for path in built.iterdir())
    assert any(name.endswith(".whl") for name in files)
    assert any(name.endswith(".tar.gz") for name in files)
    completed = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_version_is_written_once() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project
    assert "version" in project["dynamic"]
    for required in ("description", "readme", "license", "authors", "classifiers", "scripts"):
        assert project.get(required), required
    # The examples a person copies by hand pin the version too: the same one.
    for example in (PROJECT / "examples" / "ci").iterdir():
        pins = set(re.findall(r"ismskit==([\w.+!-]+)", example.read_text(encoding="utf-8")))
        assert pins == {__version__}, example.name
