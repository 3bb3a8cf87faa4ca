"""What `isms soa` and `isms report` share: read, stop on errors, render, then write or compare."""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ismskit.analysis import Analysis, analyse
from ismskit.cli.commands.common import (
    EVERY_REGISTER,
    Gate,
    ReadPoint,
    open_registers,
    review_findings,
)
from ismskit.documents.heat_map import Figure
from ismskit.messages import say
from ismskit.models.types import Language
from ismskit.rules.concerns import Reads

if TYPE_CHECKING:
    from ismskit.documents.control import DocumentControl


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
    output_format: str = "markdown"  # or json, for the reports that have it

    def options(self) -> str:
        """The options that change the output, to repeat in the command a person is told to run."""
        language = f" --lang {self.language}" if self.language else ""
        unit = f" --unit {shlex.quote(self.unit)}" if self.unit else ""
        today = f" --today {self.today.isoformat()}" if self.today_given else ""
        output_format = " --format json" if self.output_format == "json" else ""
        return language + unit + (f" --at {self.at}" if self.at else "") + today + output_format


# Called while the registers' revision is open, so that a report may read more of git.
ContextBuilder = Callable[[Analysis, Language, ReadPoint], dict[str, Any]]
# Turns the context into the document's text without a template (`--format json`).
Renderer = Callable[[dict[str, Any]], str]


def run_document(
    request: DocumentRequest,
    command: str,
    template: str,
    build_context: ContextBuilder,
    streams: tuple[TextIO, TextIO],
    *,
    renders_with_errors: bool = False,
    reads: Reads = EVERY_REGISTER,
    render: Renderer | None = None,
) -> int:
    """Render `template` (or the context through `render`); `command` (e.g. `isms soa`) is named
    when a check finds it stale.

    `renders_with_errors`: the document reports what is wrong (readiness), so only an unreadable
    isms.yaml stops it. `reads`: only errors in these registers stop it; some leave a draft,
    rendered and marked, with exit 1.
    """
    errors = streams[1]
    from ismskit.documents.rendering import TemplateFindingError, render_template

    with open_registers(request.root, request.at, use_git=True) as read_point:
        analysis = analyse(read_point.source, request.today)
        gate = Gate.GO
        if not (renders_with_errors and analysis.isms.config is not None):
            gate = review_findings(analysis, errors, reads)
        if gate is Gate.STOP:
            return 1
        assert analysis.isms.config is not None
        language = request.language or analysis.isms.config.language
        context = build_context(analysis, language, read_point)
    figures = figure_files(request, context)
    print_hints(context, errors)
    try:
        text = render(context) if render else render_template(request.root, template, context)
    except TemplateFindingError as error:
        from ismskit.reporters import ReportContext
        from ismskit.reporters.text import report_text

        report_text([error.finding], errors, ReportContext(files_checked=1, color=False))
        return 1
    draft = 1 if gate is Gate.DRAFT else 0
    return deliver(request, command, [(request.output, text), *figures], streams) or draft


def deliver(
    request: DocumentRequest,
    command: str,
    renderings: list[tuple[Path | None, str]],
    streams: tuple[TextIO, TextIO],
) -> int:
    """Write the document (first) and its images, or with --check compare them with the files."""
    from ismskit.editing.output import write_document

    stream, errors = streams
    if request.check is not None:
        again = f"{command}{request.options()} --output {request.check}"
        return max(
            check_rendering(path or request.check, content, again, errors)
            for path, content in renderings
        )
    for path, content in reversed(renderings):  # the images before the Markdown that shows them
        write_document(content, path, stream)
    return 0


def document_control(analysis: Analysis, document: str, read_point: ReadPoint) -> DocumentControl:
    """The control block of `document`: its record, approval and approved versions (from git)."""
    from ismskit.documents.assembly import document_control as control_of

    return control_of(analysis, document, read_point.version())


def print_hints(context: dict[str, Any], errors: TextIO) -> None:
    """What to do next goes to the terminal, never into the document."""
    data = context.get("data")
    for hint in data.get("hints", []) if isinstance(data, dict) else []:
        errors.write(say("note: {hint}\n", hint=hint))


def figure_files(
    request: DocumentRequest, context: dict[str, Any]
) -> list[tuple[Path | None, str]]:
    """The images of a document, as files next to its Markdown (`<stem>.<slug>.svg`).

    Sets `figure_files` (slug → file name) for the template: empty when the document goes to
    standard output, where the Markdown keeps its text tables only.
    """
    data = context.get("data")
    figures: list[Figure] = data.get("figures", []) if isinstance(data, dict) else []
    markdown = request.check or request.output
    if markdown is None or not figures:
        context["figure_files"] = {}
        return []
    names = {figure.slug: f"{markdown.stem}.{figure.slug}.svg" for figure in figures}
    context["figure_files"] = names
    return [(markdown.parent / names[figure.slug], figure.svg) for figure in figures]


def check_rendering(path: Path, text: str, command: str, errors: TextIO) -> int:
    """Exit 1 when the committed rendering differs from a fresh one (and say how to fix it).

    `command`: the full command that renders the file again, `--output` included.
    """
    try:
        committed = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        errors.write(
            say(
                "{path} does not exist: run '{command}' and commit it.\n",
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
        say("\n{path} is out of date: run '{command}' and commit it.\n", path=path, command=command)
    )
    return 1
