"""What `isms soa` and `isms report` share: read, stop on errors, render, then write or compare."""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from ismskit.analysis import Analysis, analyse
from ismskit.cli.commands.common import ReadPoint, open_registers, report_blocking_findings
from ismskit.history.git import CommitInfo, RevisionStamp
from ismskit.messages import say
from ismskit.models.types import Language


@dataclass(frozen=True)
class DocumentRequest:
    root: Path
    language: Language | None
    output: Path | None
    at: str | None
    check: Path | None
    today: date
    unit: str | None = None  # --unit: one unit's share of the registers
    today_given: bool = False  # --today was given: a document of that day, to render again so

    def options(self) -> str:
        """The options that change the output, to repeat in the command a person is told to run."""
        language = f" --lang {self.language}" if self.language else ""
        unit = f" --unit {shlex.quote(self.unit)}" if self.unit else ""
        today = f" --today {self.today.isoformat()}" if self.today_given else ""
        return language + unit + (f" --at {self.at}" if self.at else "") + today


Version = tuple[RevisionStamp | None, list[CommitInfo]]
# Called while the registers' revision is open, so that a report may read more of git.
ContextBuilder = Callable[[Analysis, Language, ReadPoint], dict[str, Any]]


def run_document(
    request: DocumentRequest,
    command: str,
    template: str,
    build_context: ContextBuilder,
    streams: tuple[TextIO, TextIO],
    *,
    renders_with_errors: bool = False,
) -> int:
    """Render `template`; `command` (e.g. `isms soa`) is named when a check finds it stale.

    `renders_with_errors`: the document reports what is wrong (readiness), so only an unreadable
    isms.yaml stops it.
    """
    stream, errors = streams
    from ismskit.documents.rendering import TemplateFindingError, render_template
    from ismskit.editing.output import write_document

    with open_registers(request.root, request.at, use_git=True) as read_point:
        analysis = analyse(read_point.source, request.today)
        readable = renders_with_errors and analysis.isms.config is not None
        if not readable and report_blocking_findings(analysis, errors):
            return 1
        assert analysis.isms.config is not None
        language = request.language or analysis.isms.config.language
        context = build_context(analysis, language, read_point)
    try:
        text = render_template(request.root, template, context)
    except TemplateFindingError as error:
        from ismskit.reporters import ReportContext
        from ismskit.reporters.text import report_text

        report_text([error.finding], errors, ReportContext(files_checked=1, color=False))
        return 1
    if request.check is not None:
        return check_rendering(request.check, text, command + request.options(), errors)
    write_document(text, request.output, stream)
    return 0


def check_rendering(path: Path, text: str, command: str, errors: TextIO) -> int:
    """Exit 1 when the committed rendering differs from a fresh one (and say how to fix it)."""
    try:
        committed = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        errors.write(
            say(
                ("{path} does not exist: run '{command} --output {path}' and commit it.\n"),
                path=path,
                command=command,
            )
        )
        return 1
    except (OSError, UnicodeDecodeError) as error:
        errors.write(
            say(
                "isms: cannot read {path}: {value}\n",
                path=path,
                value=getattr(error, "strerror", None) or error,
            )
        )
        return 1
    if committed == text:
        errors.write(say("{path} is up to date.\n", path=path))
        return 0
    diff = difflib.unified_diff(
        committed.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=f"{path} (committed)",
        tofile=f"{path} (rendered now)",
        n=1,
    )
    errors.write("".join(list(diff)[:60]))
    errors.write(
        say(
            ("\n{path} is out of date: run '{command} --output {path}' and commit it.\n"),
            path=path,
            command=command,
        )
    )
    return 1
