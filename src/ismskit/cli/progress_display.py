"""Progress drawn with rich on standard error: only on a terminal, never in a pipe, in CI, with
`--quiet` or a machine format; and only for work still running after half a second (rich is
imported then, so a quick command pays nothing for it)."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from ismskit import progress

_DELAY_SECONDS = 0.5


class TerminalProgress:
    """A `progress.Listener` that shows a bar once the work has taken longer than the delay."""

    def __init__(self) -> None:
        self._display: Any = None
        self._task: Any = None
        self._label = ""
        self._total: int | None = None
        self._done = 0
        self._started = 0.0

    def start(self, label: str, total: int | None) -> None:
        self._label, self._total, self._done = label, total, 0
        self._started = time.monotonic()

    def advance(self, amount: int) -> None:
        self._done += amount
        if self._display is None and time.monotonic() - self._started < _DELAY_SECONDS:
            return
        if self._display is None:
            self._show()
        self._display.update(self._task, completed=self._done)

    def stop(self) -> None:
        if self._display is not None:
            self._display.stop()
        self._display = self._task = None

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        self._display = Progress(*columns, console=Console(stderr=True), transient=True)
        self._task = self._display.add_task(self._label, total=self._total)
        self._display.start()


def show_progress(*, quiet: bool) -> None:
    """Listen to progress when standard error is a terminal and nothing says not to."""
    wanted = not quiet and sys.stderr.isatty() and not _in_ci()
    progress.listen(TerminalProgress() if wanted else None)


def hide_progress() -> None:
    """For output read by machines (CI formats, JSON): no display, even on a terminal."""
    progress.listen(None)


def _in_ci() -> bool:
    return any(os.environ.get(name) for name in ("CI", "GITHUB_ACTIONS", "GITLAB_CI"))
