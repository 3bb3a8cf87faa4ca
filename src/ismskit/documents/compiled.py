"""Templates compiled ahead, on the other core: a command that renders many documents (`isms site`)
would otherwise spend most of its time compiling templates, after the registers are read.

As such a command starts, a forked child compiles every template the command may render (the
built-in ones, or the repository's own where it has them) while the parent reads and scores the
registers. It sends the compiled code back through a pipe, in memory only (nothing is written to
disk); the environments made for rendering take it from there (Jinja's bytecode cache, which
compiles anew any template whose source is not the one compiled). A template that fails to compile
here is left out: rendering compiles it under its budget and reports it.
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ismskit.documents import budget
from ismskit.documents.isolation import can_isolate, limit_resources, reap

# (templates folder, name, deadline, where to record compiled code) -> the environment for `name`
MakeEnvironment = Callable[[Path, str, budget.Deadline, Any], Any]

# Compiled code by Jinja's cache key (template name and file), once collected from the child.
_compiled: dict[str, bytes] = {}


@dataclass
class _Compiling:
    pid: int
    reader: int


_child: _Compiling | None = None


def start_compiling(own: Path, names: list[str], make: MakeEnvironment) -> None:
    """Fork the child that compiles `names` (with the partials they import), unless the system
    cannot fork or a child already runs."""
    global _child  # noqa: PLW0603 - one child for the command that runs
    if _child is not None or not can_isolate():
        return
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        os.close(reader)
        os._exit(_compile_and_send(own, names, make, writer))
    os.close(writer)
    _child = _Compiling(pid, reader)


def compiled_code() -> dict[str, bytes]:
    """What the child compiled (waiting for it to finish, within the time budget of a document);
    empty when no child was started or it did not finish."""
    global _child
    child, _child = _child, None
    if child is not None:
        _compiled.update(_collect(child, time.monotonic() + budget.time_budget()))
    return _compiled


def bytecode_cache(
    builtin: Path, recorded: dict[str, bytes] | None = None, flavour: str = "sandboxed"
) -> Any:
    """A Jinja bytecode cache: the code compiled ahead, then, for the built-in templates (in
    folder `builtin`), the code kept beside them (`__pycache__`, as Python keeps a module's).
    `recorded`: where to put what is compiled, for the child that compiles ahead."""
    from jinja2.bccache import Bucket, BytecodeCache

    ahead = compiled_code()
    kept = _kept_code_folder(builtin)

    class TemplateCode(BytecodeCache):
        def get_cache_key(self, name: str, filename: str | None = None) -> str:
            # The code differs between the sandbox and a plain environment (sandbox.py).
            key = f"{flavour}-{super().get_cache_key(name, filename)}"
            is_builtin = filename is not None and Path(filename).is_relative_to(builtin)
            return key if is_builtin else f"own-{key}"  # a repository's own: never kept

        def load_bytecode(self, bucket: Bucket) -> None:
            if bucket.key in ahead:
                bucket.bytecode_from_string(ahead[bucket.key])
            elif kept is not None and not bucket.key.startswith("own-"):
                _load_kept(bucket, kept / f"{bucket.key}.jinja")

        def dump_bytecode(self, bucket: Bucket) -> None:
            if recorded is not None:
                recorded[bucket.key] = bucket.bytecode_to_string()
            if kept is not None and not bucket.key.startswith("own-"):
                _keep(bucket.bytecode_to_string(), kept / f"{bucket.key}.jinja")

    return TemplateCode()


def _kept_code_folder(builtin: Path) -> Path | None:
    """Where the built-in templates' code is kept: beside them, only in a folder of this user that
    no one else may write (as Jinja's own cache), else nowhere (they are compiled each time)."""
    if not hasattr(os, "getuid"):
        return None
    folder = builtin / "__pycache__"
    try:
        folder.mkdir(mode=0o755, exist_ok=True)
        for checked in (builtin, folder):
            status = checked.lstat()
            if status.st_uid != os.getuid() or status.st_mode & 0o022 or checked.is_symlink():
                return None
    except OSError:
        return None
    return folder


def _load_kept(bucket: Any, path: Path) -> None:
    """The kept code, when its source is the template's (Jinja checks the checksum and its own
    and Python's versions; anything else is compiled anew)."""
    try:
        bucket.bytecode_from_string(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        bucket.reset()


def _keep(code: bytes, path: Path) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(code)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def _compile_and_send(own: Path, names: list[str], make: MakeEnvironment, writer: int) -> int:
    try:
        limit_resources(budget.time_budget(), budget.MEMORY_BYTES)
        payload = pickle.dumps(_compile(own, names, make))
        view = memoryview(payload)
        while view:
            view = view[os.write(writer, view[: 1 << 16]) :]
    except BaseException:  # noqa: BLE001 - the parent then compiles as it renders
        return 1
    return 0


def _compile(own: Path, names: list[str], make: MakeEnvironment) -> dict[str, bytes]:
    from ismskit.documents.sandbox import is_html

    recorded: dict[str, bytes] = {}
    environments: dict[bool, Any] = {}
    deadline = budget.Deadline(budget.time_budget())
    for name in names:
        kind = is_html(name)
        if kind not in environments:
            environments[kind] = make(own, name, deadline, recorded)
        try:
            environments[kind].get_template(name)
        except Exception:  # noqa: BLE001 - a broken template is reported as it renders
            continue
    return recorded


def _collect(child: _Compiling, ends: float) -> dict[str, bytes]:
    import select

    chunks: list[bytes] = []
    try:
        while (remaining := ends - time.monotonic()) > 0:
            if not select.select([child.reader], [], [], remaining)[0]:
                break
            chunk = os.read(child.reader, 1 << 16)
            if not chunk:
                return _loaded(b"".join(chunks))
            chunks.append(chunk)
        return {}
    finally:
        os.close(child.reader)
        reap(child.pid)


def _loaded(payload: bytes) -> dict[str, bytes]:
    if not payload:
        return {}
    code: dict[str, bytes] = pickle.loads(payload)
    return code
