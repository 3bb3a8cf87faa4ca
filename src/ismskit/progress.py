"""Progress of long work (parsing many files, walking a long history, big sheets), told to
whoever listens: the command line draws it on a terminal (cli/progress_display.py); nobody
listens otherwise, and then reporting costs nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol


class Listener(Protocol):
    def start(self, label: str, total: int | None) -> None: ...
    def advance(self, amount: int) -> None: ...
    def stop(self) -> None: ...


_listener: Listener | None = None


def listen(listener: Listener | None) -> None:
    """Who hears of progress from now on (None: nobody)."""
    global _listener  # noqa: PLW0603 - one display for the process, set by the command line
    _listener = listener


def _ignore(_amount: int = 1) -> None:
    return


@contextmanager
def tracked(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """`advance(n)` as the work goes: `with tracked("Reading registers", 46) as advance: ...`."""
    listener = _listener
    if listener is None:
        yield _ignore
        return
    listener.start(label, total)
    try:
        yield listener.advance
    finally:
        listener.stop()
