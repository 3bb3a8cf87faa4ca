"""Write a rendered document to a file atomically, or to standard output."""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from ismskit.errors import IsmsError


def _mode_for(path: Path) -> int:
    """The mode the file has, or the one a plain new file gets (not mkstemp's private 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_document(text: str, output: Path | None, stream: TextIO) -> None:
    if output is None:
        stream.write(text)
        return
    write_atomically(output, text.encode("utf-8"))


LOCK_TIMEOUT_SECONDS = 10.0


@contextmanager
def exclusive_lock(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Lock the folder that holds `path` so that two isms commands never write there together.

    The lock is on the folder itself (flock on its descriptor): no lock file is left behind.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError as error:
        raise IsmsError(f"cannot write {path}: {error.strerror}") from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise IsmsError(
                        f"another isms command is writing in {folder}; try again when it has "
                        "finished"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


# Every temporary file of a write starts so: `isms init`'s .gitignore lists the pattern, and a
# later write in the same folder removes one that a killed process left behind.
TEMPORARY_PREFIX = ".isms-tmp-"


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target, flush to disk, then rename: never a half-written file."""
    with exclusive_lock(path):
        remove_stale_temporaries(path.parent if str(path.parent) else Path("."))
        _replace(path, data)


def remove_stale_temporaries(folder: Path) -> None:
    """Temporary files of writes in `folder` that never finished (a process killed mid-write).

    Called with the folder's lock held: no write of another isms command is under way there,
    so every temporary file present is stale.
    """
    try:
        names = [entry for entry in os.scandir(folder) if entry.name.startswith(TEMPORARY_PREFIX)]
    except OSError:
        return
    for entry in names:
        if entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)


def _replace(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f"{TEMPORARY_PREFIX}{path.name}.", dir=folder
        )
    except OSError as error:
        raise IsmsError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise IsmsError(f"cannot write {path}: {error.strerror}") from None
        raise
