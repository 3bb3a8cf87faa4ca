"""Write a rendered document to a file atomically, or to standard output."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from ismskit.errors import IsmsError
from ismskit.messages import message


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

    The lock is a file lock (filelock: flock on POSIX, msvcrt on Windows, a soft lock where neither
    works) on a file in the temporary folder named by the folder's path, so that nothing is left
    in the repository or beside a document.
    """
    from filelock import FileLock, Timeout

    folder = (path.parent if str(path.parent) else Path(".")).resolve()
    digest = hashlib.sha256(os.fsencode(folder)).hexdigest()[:32]
    lock = FileLock(Path(tempfile.gettempdir()) / f"ismskit-{digest}.lock", timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise IsmsError(
            message(
                ("another isms command is writing in {value}; try again when it has finished"),
                value=folder.as_posix(),
            )
        ) from None
    except OSError as error:
        raise IsmsError(
            message(
                "cannot lock {value}: {value2}",
                value=folder.as_posix(),
                value2=error.strerror or error,
            )
        ) from None
    try:
        yield
    finally:
        lock.release()


# Every temporary file of a write starts so: `isms init`'s .gitignore lists the pattern, and a
# later write in the same folder removes one that a killed process left behind.
TEMPORARY_PREFIX = ".isms-tmp-"


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target, flush to disk, then rename: never a half-written file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        what = message("is not a folder") if folder.exists() else message("does not exist")
        raise IsmsError(
            message(
                (
                    "cannot write {value}: the folder {value2} {what}; create it first, or "
                    "name a file in an existing folder"
                ),
                value=path.as_posix(),
                value2=folder.as_posix(),
                what=what,
            )
        )
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
        raise IsmsError(
            message("cannot write {path}: {strerror}", path=path, strerror=error.strerror)
        ) from None
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
            raise IsmsError(
                message("cannot write {path}: {strerror}", path=path, strerror=error.strerror)
            ) from None
        raise
