"""Run one rendering in a child process with hard limits: memory, CPU time, and a wall clock.

The sandbox's own checks (sandbox.py) bound what a template does through Jinja; a single step
inside Python or C (a huge `replace`, a deep recursion) can still run long or allocate much. So
where the system can fork, the rendering runs in a forked child: its address space limited with
`resource`, killed when its time is up. The parent reads the result through a pipe.

Windows has neither fork nor `resource`: there the rendering runs in this process and only the
sandbox's checks bound it.
"""

from __future__ import annotations

import os
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass

# Exit codes of the child besides 0.
FAILED = 1
OUT_OF_MEMORY = 2
_CHUNK = 1 << 16


@dataclass(frozen=True)
class ChildOutcome:
    """What the child sent (its whole output), or why it sent nothing."""

    output: bytes | None
    timed_out: bool = False
    out_of_memory: bool = False  # a MemoryError, or killed by the system (past its limits)


def can_isolate() -> bool:
    if not hasattr(os, "fork"):
        return False
    try:
        import resource  # noqa: F401 - present on every POSIX system
    except ImportError:
        return False
    return True


def run_in_child(task: Callable[[], bytes], seconds: float, memory_bytes: int) -> ChildOutcome:
    """`task()` in a forked child under the limits; its bytes, or what stopped it."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        os.close(reader)
        os._exit(_child(task, writer, seconds, memory_bytes))
    os.close(writer)
    try:
        return _collect(reader, pid, time.monotonic() + seconds, memory_bytes)
    finally:
        os.close(reader)
        reap(pid)


def _child(task: Callable[[], bytes], writer: int, seconds: float, memory_bytes: int) -> int:
    try:
        limit_resources(seconds, memory_bytes)
        output = task()
        view = memoryview(output)
        while view:
            view = view[os.write(writer, view[:_CHUNK]) :]
    except MemoryError:
        return OUT_OF_MEMORY
    except BaseException:  # noqa: BLE001 - the parent reports a child that ends without output
        return FAILED
    return 0


def limit_resources(seconds: float, memory_bytes: int) -> None:
    """Cap the child's address space at what it has now plus `memory_bytes`, and its CPU time
    (a backstop should the parent be gone and unable to kill it)."""
    import resource

    _lower_limit(resource.RLIMIT_AS, _address_space() + memory_bytes)
    _lower_limit(resource.RLIMIT_CPU, int(seconds) + 2)


def _lower_limit(which: int, wanted: int) -> None:
    import resource

    soft, hard = resource.getrlimit(which)
    limit = min(value for value in (wanted, soft, hard) if value != resource.RLIM_INFINITY)
    try:
        resource.setrlimit(which, (limit, hard))
    except (ValueError, OSError):  # a system that does not enforce it (macOS and RLIMIT_AS)
        return


def _address_space() -> int:
    """The process's virtual memory size in bytes (Linux), else its peak resident size."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _collect(reader: int, pid: int, ends: float, memory_bytes: int) -> ChildOutcome:
    chunks: list[bytes] = []
    size = 0
    while True:
        remaining = ends - time.monotonic()
        ready = select.select([reader], [], [], max(remaining, 0))[0] if remaining > 0 else []
        if not ready:
            kill(pid)
            return ChildOutcome(None, timed_out=True)
        chunk = os.read(reader, _CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > memory_bytes:  # output past the memory budget: the child cannot have made it
            kill(pid)
            return ChildOutcome(None, out_of_memory=True)
        chunks.append(chunk)
    status = _wait(pid, ends)
    if status is None:
        return ChildOutcome(None, timed_out=True)
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        return ChildOutcome(b"".join(chunks))
    if code == -signal.SIGXCPU:
        return ChildOutcome(None, timed_out=True)
    return ChildOutcome(None, out_of_memory=code != FAILED)


def _wait(pid: int, ends: float) -> int | None:
    """The child's exit status; None when it does not end before the deadline (then killed)."""
    pause = 0.0002  # the child is leaving as its output ends: look again soon, then less often
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() > ends:
            kill(pid)
            return None
        time.sleep(pause)
        pause = min(pause * 2, 0.005)


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return


def reap(pid: int) -> None:
    """Never leave a child behind: killed if still running (an interrupt), then waited for."""
    try:
        done, _status = os.waitpid(pid, os.WNOHANG)
        if not done:
            kill(pid)
            os.waitpid(pid, 0)
    except ChildProcessError:
        return
