"""The terminal: its real width, colour on a terminal only (NO_COLOR respected), and a pager for
output longer than the screen (on a terminal only; `isms --no-pager` turns it off)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

_settings = {"pager": True}


def use_pager(enabled: bool) -> None:
    _settings["pager"] = enabled


def width_of(stream: TextIO, piped: int) -> int:
    """The terminal's real width; COLUMNS where it is set; `piped` for a file or a pipe (CI logs
    keep a row on one line)."""
    if _is_terminal(stream):
        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else piped


def show(stream: TextIO, piped: int, draw: Callable[[Console], None]) -> None:
    """Draw with rich at the stream's width; through the pager when it fills more than a screen."""
    from io import StringIO

    from rich.console import Console

    terminal = _is_terminal(stream)
    buffer = StringIO()
    console = Console(
        file=buffer,
        highlight=False,
        width=width_of(stream, piped),
        force_terminal=terminal and not os.environ.get("NO_COLOR"),
        no_color=bool(os.environ.get("NO_COLOR")) or not terminal,
    )
    draw(console)
    text = buffer.getvalue()
    if terminal and _settings["pager"] and _is_long(text):
        _page(text)
    else:
        stream.write(text)


def page_or_write(stream: TextIO, text: str) -> None:
    """Text already laid out (cli/grid.py): through the pager when it fills more than a screen."""
    if _is_terminal(stream) and _settings["pager"] and _is_long(text):
        _page(text)
    else:
        stream.write(text)


def _is_long(text: str) -> bool:
    return text.count("\n") > shutil.get_terminal_size().lines - 1


def _page(text: str) -> None:
    import pydoc

    command = os.environ.get("PAGER") or ("more" if sys.platform == "win32" else "less -R -F -X")
    pydoc.pipepager(text, command)


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
