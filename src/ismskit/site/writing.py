"""Write the site as a whole: into a new folder beside the target, then swapped in by renames, so
that a reader (or a web server) never sees half a site and an interrupted build leaves the old one.

A folder is replaced only when it is empty or holds a site that `isms site` wrote (its marker
file): `-o` pointed by mistake at a folder of other files is refused, not emptied.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ismskit.editing.output import exclusive_lock
from ismskit.errors import IsmsError
from ismskit.site.build import MARKER


def write_site(folder: Path, files: dict[str, bytes]) -> None:
    _check_replaceable(folder)
    parent = folder.parent if str(folder.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.isms-tmp-", dir=parent))
    except OSError as error:
        raise IsmsError(f"cannot write {folder}: {error.strerror}") from None
    try:
        _fill(staging, files)
        with exclusive_lock(folder):
            _swap(staging, folder)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise IsmsError(f"cannot write {folder}: {error.strerror}") from None
        raise


def _check_replaceable(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise IsmsError(f"{folder} is a file: -o names the folder the site is written to")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file():
        raise IsmsError(
            f"{folder} holds files that isms site did not write; name an empty or new folder "
            "(the site replaces the whole folder)"
        )


def _fill(staging: Path, files: dict[str, bytes]) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private: a site is for serving
    for name, data in sorted(files.items()):
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _swap(staging: Path, folder: Path) -> None:
    if not folder.exists():
        os.replace(staging, folder)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{folder.name}.isms-old-", dir=folder.parent))
    os.replace(folder, retired / "site")
    os.replace(staging, folder)
    shutil.rmtree(retired, ignore_errors=True)
