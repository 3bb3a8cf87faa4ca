"""`isms init`: a new ISMS repository a person can start from, committed to a new git repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from ismskit.editing.output import write_atomically
from ismskit.errors import UsageError
from ismskit.messages import message, say
from ismskit.models.types import Language
from ismskit.repository.location import CONFIG_FILE


def run_init(directory: Path, *, language: Language, organization: str, stream: TextIO) -> int:
    from ismskit.editing.scaffold import repository_files
    from ismskit.models.schema import SCHEMA_FILES, config_schema, register_file_schema

    files = repository_files(organization, language)
    for name, kind in SCHEMA_FILES.items():
        schema = config_schema() if kind == "config" else register_file_schema()
        files[f"schemas/{name}"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    _refuse_existing(directory, files)
    for relative, text in files.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"))
    committed = _commit(directory, sorted(files))
    stream.write(
        say(
            "Created an ISMS repository in {directory}{committed}.\n",
            directory=directory,
            committed=committed,
        )
    )
    stream.write(
        say(
            "Next: write the scope in isms.yaml, add assets, threats and risks "
            "under registers/, decide each control in registers/soa.yaml, and run "
            "'isms check'.\n"
        )
    )
    return 0


def _refuse_existing(directory: Path, files: dict[str, str]) -> None:
    if (directory / CONFIG_FILE).exists():
        raise UsageError(
            message(
                ("{directory} already holds an ISMS repository ({CONFIG_FILE}): nothing written"),
                directory=directory,
                CONFIG_FILE=CONFIG_FILE,
            )
        )
    clashes = sorted(name for name in files if (directory / name).exists())
    if clashes:
        raise UsageError(
            message(
                ("{directory} already has {value}: nothing written; choose an empty folder"),
                directory=directory,
                value=", ".join(clashes),
            )
        )


def _commit(directory: Path, paths: list[str]) -> str:
    """`git init` and a first commit; where git cannot, the files are still there."""
    from ismskit.history.git import open_repository

    try:
        from git import Repo
        from git.exc import GitError
    except ImportError:
        return message(" (git is not installed: no commit made)")
    if open_repository(directory) is not None:
        return message(" inside an existing git repository (not committed: review and commit it)")
    try:
        with Repo.init(directory) as repo:
            repo.index.add(paths)
            commit = repo.index.commit("Start the ISMS registers (isms init)")
            configured = repo.config_reader().has_option("user", "name")
    except (GitError, OSError, ValueError) as error:
        return message(" (no commit made: {error})", error=str(error))
    if not configured:
        return message(
            " and committed it as {name} <{email}>: git has no user.name or user.email yet; set "
            "them with 'git config --global user.name ...'",
            name=commit.author.name,
            email=commit.author.email,
        )
    return message(" and committed it to a new git repository")
