"""Reading one file of the repository: a regular file inside it, never more than a limit.

A pull request can add a symbolic link where a register should be: to `/dev/zero` (endless), to a
FIFO (reading waits for ever), or to a file of the CI runner (whose text a report would print).
So a register is read only when its real path lies inside the repository and it is a regular file,
and its size is checked before reading and again while reading (a file that grows is cut off).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ismskit.errors import IsmsError
from ismskit.yaml.limits import DEFAULT_LIMITS, size_message

REGISTER_PATH = "register-path"
SIZE_RULE = "yaml-limit"
DEFAULT_MAX_BYTES = DEFAULT_LIMITS.max_bytes


class FileRefusedError(IsmsError):
    """A file that is not read: where it leads, what it is, or its size. Carries the rule."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


def outside_message() -> str:
    return (
        "the file leads outside the repository (a link to a file elsewhere): it is not read; "
        "keep registers as files inside the repository"
    )


def not_regular_message() -> str:
    return (
        "the file is not a regular file (a device, a FIFO, a socket, a folder, or a link to "
        "one): it is not read; keep registers as plain files"
    )


def read_regular_file(
    root: Path, relative: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> bytes | None:
    """The bytes of `root/relative`; None when it does not exist or cannot be read.

    Raises FileRefusedError for a path that leads outside `root`, a file that is not regular,
    or one over `max_bytes`.
    """
    real = Path(os.path.realpath(root / relative))
    if not real.is_relative_to(Path(os.path.realpath(root))):
        raise FileRefusedError(REGISTER_PATH, outside_message())
    try:
        _check_status(os.stat(real), max_bytes)
        # Non-blocking: should the file have become a FIFO since, opening it does not wait.
        descriptor = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _BINARY)
    except FileNotFoundError:
        return None
    except OSError:  # no permission, a loop of links, gone: the loader says it is unreadable
        return None
    with os.fdopen(descriptor, "rb") as handle:
        _check_status(os.fstat(handle.fileno()), max_bytes)
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew after the check
        raise FileRefusedError(SIZE_RULE, size_message(len(data), max_bytes))
    return data


_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def _check_status(status: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise FileRefusedError(REGISTER_PATH, not_regular_message())
    if status.st_size > max_bytes:
        raise FileRefusedError(SIZE_RULE, size_message(status.st_size, max_bytes))
