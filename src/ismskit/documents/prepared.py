"""A rendering child forked before the registers are read, so that the slow part of its start
(importing Jinja, about 35 ms) runs on the other core while the parent reads and scores the
registers. It then waits for its one task: the rendering's arguments, pickled over a pipe from
the parent, run under the same limits and clock as a child forked at the moment of rendering
(isolation.py); the clock starts when the task is sent.
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from ismskit.documents.isolation import ChildOutcome, _child, _collect, can_isolate, reap


@dataclass
class PreparedChild:
    pid: int
    inbox: int  # the parent writes the task here, then closes it
    outbox: int  # the parent reads the output here


def fork_prepared(
    warm_up: Callable[[], None], task: Callable[[Any], bytes]
) -> PreparedChild | None:
    """A child that has run `warm_up` and waits for the argument of `task`; None without fork."""
    if not can_isolate():
        return None
    inbox_read, inbox = os.pipe()
    outbox, outbox_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code, whatever happens
        code = 1
        try:
            os.close(inbox)
            os.close(outbox)
            code = _serve(warm_up, task, inbox_read, outbox_write)
        finally:
            os._exit(code)
    os.close(inbox_read)
    os.close(outbox_write)
    return PreparedChild(pid, inbox, outbox)


def _serve(
    warm_up: Callable[[], None], task: Callable[[Any], bytes], inbox: int, outbox: int
) -> int:
    with suppress(Exception):  # the task imports what it needs itself
        warm_up()
    chunks = []
    while chunk := os.read(inbox, 1 << 16):
        chunks.append(chunk)
    if not chunks:
        return 0  # cancelled: the parent rendered nothing, or elsewhere
    seconds, memory_bytes, argument = pickle.loads(b"".join(chunks))
    return _child(lambda: task(argument), outbox, seconds, memory_bytes)


def run_prepared(
    child: PreparedChild, argument: Any, seconds: float, memory_bytes: int
) -> ChildOutcome | None:
    """The outcome of the task; None when the argument cannot be sent (then nothing ran)."""
    try:
        payload = pickle.dumps((seconds, memory_bytes, argument))
        view = memoryview(payload)
        while view:
            view = view[os.write(child.inbox, view[: 1 << 16]) :]
    except (pickle.PicklingError, TypeError, AttributeError, OSError):
        cancel(child)
        return None
    os.close(child.inbox)
    try:
        return _collect(child.outbox, child.pid, time.monotonic() + seconds, memory_bytes)
    finally:
        os.close(child.outbox)
        reap(child.pid)


def cancel(child: PreparedChild) -> None:
    """End a child that got no task: it reads the end of its inbox and leaves."""
    for descriptor in (child.inbox, child.outbox):
        try:
            os.close(descriptor)
        except OSError:
            continue
    reap(child.pid)
