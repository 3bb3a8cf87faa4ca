"""Labels of documents and tables, read from one data file per language (`en.json`, `ja.json`).

The Japanese file uses the standard Japanese ISMS terms (JIS Q 27001). A language's file is read
once per process, on first use: commands that print no labels never pay for it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from ismskit.models.types import Language


@cache
def labels(language: Language) -> dict[str, str]:
    """The labels of `language`, keyed by label name; callers must not mutate the returned dict."""
    # Beside this module, as the wheel installs it (importlib.resources costs 10 ms to import).
    text = Path(__file__).with_name(f"{language}.json").read_text("utf-8")
    table: dict[str, str] = json.loads(text)
    return table
