"""Git through its plumbing commands, one process each, and one `git cat-file --batch` for blobs.

Spawning git costs about a millisecond; importing gitpython costs 60–90 ms and runs `git version`
before anything is asked. The history commands need only a handful of plumbing commands, so they
run git themselves. `repo.git.<command>(...)` is kept in gitpython's spelling for code that uses it.
"""

from __future__ import annotations

import os
import subprocess
import weakref
from functools import cache
from pathlib import Path
from typing import IO, Any

from ismskit.errors import IsmsError
from ismskit.yaml import cache as parse_cache

# No pager, no prompt for credentials, no locale in messages, and no repository discovery
# above the folder named (the ISMS may sit anywhere in a bigger work tree).
_ENVIRONMENT = {"GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


class GitCommandError(IsmsError):
    """A git command that failed (a revision that does not resolve, a repository without HEAD)."""

    def __init__(self, command: list[str], status: int, stderr: str) -> None:
        super().__init__(f"git {' '.join(command)}: {stderr.strip() or f'exit {status}'}")
        self.status = status
        self.stderr = stderr


class GitRepository:
    """One git work tree: `run` a command in it, `read_blob` through a persistent cat-file."""

    def __init__(self, working_tree_dir: str, bare: bool = False) -> None:
        self.working_tree_dir = working_tree_dir
        self.bare = bare
        self.git = _Commands(self)
        self._batch: subprocess.Popen[bytes] | None = None
        self._check: subprocess.Popen[bytes] | None = None
        self._started: dict[tuple[str, ...], subprocess.Popen[bytes]] = {}
        _open_repositories.add(self)

    def run(self, *arguments: str, check: bool = True) -> str:
        """The standard output of `git ARGUMENTS` (text, last line end removed)."""
        return self.run_bytes(*arguments, check=check).decode("utf-8", "replace").removesuffix("\n")

    def run_bytes(self, *arguments: str, check: bool = True) -> bytes:
        command = list(arguments)
        started = self._started.pop(arguments, None) or self._spawn(arguments)
        stdout, stderr = started.communicate()
        if check and started.returncode != 0:
            raise GitCommandError(command, started.returncode, stderr.decode("utf-8", "replace"))
        return stdout

    def start(self, *arguments: str) -> None:
        """Start `git ARGUMENTS` now, to run beside other work; `run` with the same arguments
        then takes its output."""
        if arguments not in self._started:
            self._started[arguments] = self._spawn(arguments)

    def _spawn(self, arguments: tuple[str, ...]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            ["git", *arguments],
            cwd=self.working_tree_dir,
            env={**os.environ, **_ENVIRONMENT},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def read_blob(self, blob: str) -> bytes:
        """One blob's bytes, through one `git cat-file --batch` kept open for the command."""
        self._batch = _running(self._batch, self.working_tree_dir, "--batch")
        stdout, size = _ask(self._batch, blob)
        data = stdout.read(size)
        stdout.read(1)  # the line end after the content
        return data

    def blob_size(self, blob: str) -> int:
        """A blob's size without reading it (`git cat-file --batch-check`, kept open)."""
        self._check = _running(self._check, self.working_tree_dir, "--batch-check")
        return _ask(self._check, blob)[1]

    def close(self) -> None:
        for started in self._started.values():  # started, then not needed
            started.communicate()
        self._started.clear()
        for process in (self._batch, self._check):
            if process is not None:
                stdin, stdout = _pipes(process)
                stdin.close()
                process.wait()
                stdout.close()
        self._batch = self._check = None

    def forget_processes(self) -> None:
        """In a forked child: the git processes are the parent's. The child lets go of its copies
        of their pipes (a cat-file still open here would never see the parent's end of input)
        and starts its own when it needs one."""
        for process in (self._batch, self._check, *self._started.values()):
            if process is None:
                continue
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
            _forgotten.append(process)  # never collected here: it would wait for another's child
        self._batch = self._check = None
        self._started = {}

    def __enter__(self) -> GitRepository:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


_open_repositories: weakref.WeakSet[GitRepository] = weakref.WeakSet()
_forgotten: list[subprocess.Popen[bytes]] = []


def _forget_processes_in_child() -> None:
    for repository in list(_open_repositories):
        repository.forget_processes()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_processes_in_child)


def _running(
    process: subprocess.Popen[bytes] | None, folder: str, mode: str
) -> subprocess.Popen[bytes]:
    if process is not None and process.poll() is None:
        return process
    return subprocess.Popen(
        ["git", "cat-file", mode],
        cwd=folder,
        env={**os.environ, **_ENVIRONMENT},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def _ask(process: subprocess.Popen[bytes], blob: str) -> tuple[IO[bytes], int]:
    """Ask cat-file about one object: its output stream and the object's size."""
    stdin, stdout = _pipes(process)
    stdin.write(blob.encode("ascii") + b"\n")
    stdin.flush()
    header = stdout.readline().split()
    if len(header) != 3:
        raise GitCommandError(["cat-file"], 1, f"no object {blob}")
    return stdout, int(header[2])


def _pipes(process: subprocess.Popen[bytes]) -> tuple[IO[bytes], IO[bytes]]:
    assert process.stdin is not None
    assert process.stdout is not None
    return process.stdin, process.stdout


class _Commands:
    """`repo.git.ls_tree("-r", "HEAD")` runs `git ls-tree -r HEAD`, as in gitpython."""

    def __init__(self, repository: GitRepository) -> None:
        self._repository = repository

    def __getattr__(self, name: str) -> Any:
        command = name.replace("_", "-")

        def run(*arguments: Any) -> str:
            return self._repository.run(command, *(str(argument) for argument in arguments))

        return run


def find_repository(folder: Path) -> GitRepository | None:
    """The git work tree holding `folder`, or None (not in a repository, or git not installed)."""
    found = _work_tree(str(folder))
    return None if found is None else GitRepository(*found)


@cache
def _work_tree(folder: str) -> tuple[str, bool] | None:
    """(top folder, bare) of the repository holding `folder`: asked of git once per process."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--is-bare-repository", "--show-toplevel"],
            cwd=folder,
            env={**os.environ, **_ENVIRONMENT},
            capture_output=True,
            check=False,
        )
    except OSError:  # no git, or the folder is gone
        return None
    if result.returncode != 0:
        return None
    lines = result.stdout.decode("utf-8", "replace").splitlines()
    bare = bool(lines) and lines[0] == "true"
    return (lines[1] if len(lines) > 1 else folder), bare


# A later command of the same process (tests, a server) may find a repository made since.
parse_cache.forget_with_each_command(_work_tree.cache_clear)
