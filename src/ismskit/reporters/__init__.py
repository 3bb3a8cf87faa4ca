"""Reporters: each writes the same findings in one output format."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, TextIO

from ismskit.findings import Finding
from ismskit.messages import current_language, localise_findings

if TYPE_CHECKING:
    from ismskit.history.git import RevisionStamp


@dataclass(frozen=True)
class ReportContext:
    """What a reporter may say besides the findings."""

    files_checked: int
    color: bool | None = None
    stamp: RevisionStamp | None = None  # set when the registers were read at a revision
    language: str = field(default_factory=current_language)  # of messages and summaries
    # The ISMS folder from the root of its git repository, ending in '/' ('' at the root, or
    # outside git): CI formats name files from the repository's root.
    path_prefix: str = ""


Reporter = Callable[[list[Finding], TextIO, ReportContext], None]

# format → (module, function): imported only when asked for.
_REPORTERS = {
    "text": ("ismskit.reporters.text", "report_text"),
    "json": ("ismskit.reporters.json_reporter", "report_json"),
    "github": ("ismskit.reporters.github", "report_github"),
    "gitlab": ("ismskit.reporters.gitlab", "report_gitlab"),
    "sarif": ("ismskit.reporters.sarif", "report_sarif"),
    "markdown": ("ismskit.reporters.markdown", "report_markdown"),
}
FORMATS = tuple(_REPORTERS)


def resolve_format(name: str) -> str:
    """`auto`: GitHub annotations inside GitHub Actions, text elsewhere."""
    if name != "auto":
        return name
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def get_reporter(name: str) -> Reporter:
    """The reporter of a format; it shows the messages in the context's language."""
    module, function = _REPORTERS[resolve_format(name)]
    reporter: Reporter = getattr(import_module(module), function)

    def localised(findings: list[Finding], stream: TextIO, context: ReportContext) -> None:
        reporter(localise_findings(findings, context.language), stream, context)

    return localised
