"""What rendering one document may spend: time and memory, whatever its template computes.

Templates come with pull requests, and CI renders them. The time budget is set on the command line
only (`isms --template-timeout SECONDS`), never in the repository: a pull request that changes a
template must not be able to lift the limits it runs under. Like the parse cache switch, it is one
setting for the process, which the command line sets before each command.
"""

from __future__ import annotations

import time

from ismskit.messages import message

DEFAULT_SECONDS = 10.0
# On top of what the process already uses: a document of ten thousand risks needs a few MB.
MEMORY_BYTES = 512 * 1024 * 1024
# The largest string, list or number of digits a template may build in one step; far beyond any
# document, far below what could exhaust memory. Ranges stay capped by Jinja's sandbox (100,000).
LARGEST_VALUE = 10_000_000

_seconds = DEFAULT_SECONDS


def set_time_budget(seconds: float | None) -> None:
    """The time budget of each document from now on (None: the default)."""
    global _seconds  # noqa: PLW0603 - one setting for the process, set by the command line
    _seconds = DEFAULT_SECONDS if seconds is None else seconds


def time_budget() -> float:
    return _seconds


class TemplateLimitError(Exception):
    """A template went past its time or memory budget."""


class Deadline:
    """The moment rendering must have finished by; checked from the sandbox's hooks."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise TemplateLimitError(time_message(self.seconds))


def time_message(seconds: float) -> str:
    return message(
        "rendering took longer than {seconds} s, the time budget of a document: a template lays "
        "out the registers and needs far less; look for loops that run too long (the budget is "
        "set with isms --template-timeout SECONDS)",
        seconds=f"{seconds:g}",
    )


def memory_message() -> str:
    return message(
        "rendering needed more than {megabytes} MB of memory, the budget of a document: look for "
        "values the template makes too large (repeated or joined text, large powers)",
        megabytes=MEMORY_BYTES // 1024 // 1024,
    )


def size_message(what: str, limit: str = f"{LARGEST_VALUE:,}") -> str:
    return message(
        "the template makes {what} larger than {limit}: a document never needs one so large",
        what=what,
        limit=limit,
    )


def cannot_render(reason: str) -> str:
    """The message of a template that could not be rendered, for `reason`."""
    return message("the template cannot be rendered: {reason}", reason=reason)
