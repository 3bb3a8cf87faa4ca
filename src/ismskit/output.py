"""Write a rendered document to a file atomically, or to standard output."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TextIO

from ismskit.errors import IsmsError


def write_document(text: str, output: Path | None, stream: TextIO) -> None:
    if output is None:
        stream.write(text)
        return
    write_atomically(output, text.encode("utf-8"))


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target, flush to disk, then rename: never a half-written file."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as error:
        raise IsmsError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise IsmsError(f"cannot write {path}: {error.strerror}") from None
        raise
