"""`isms soa`: render the Statement of Applicability as Markdown."""

from __future__ import annotations

from typing import Any, TextIO

from ismskit.analysis import Analysis
from ismskit.cli.commands.common import ReadPoint
from ismskit.cli.commands.document import DocumentRequest, run_document
from ismskit.models.types import Language

TEMPLATE = "soa.md.j2"


def run_soa(request: DocumentRequest, stream: TextIO, errors: TextIO) -> int:
    from ismskit.documents.reports import SOA_DRAFT_RULES
    from ismskit.rules.concerns import Reads

    # Undecided controls are the work still to do: the SoA shows them, marked, and exits 1.
    reads = Reads(frozenset({"soa", "controls", "risks", "records"}), SOA_DRAFT_RULES)
    return run_document(request, "isms soa", TEMPLATE, _context, (stream, errors), reads=reads)


def _context(analysis: Analysis, language: Language, read_point: ReadPoint) -> dict[str, Any]:
    from ismskit.cli.commands.document import document_control
    from ismskit.documents.soa import as_context, build_soa
    from ismskit.i18n.labels import labels

    text = labels(language)
    control = document_control(analysis, "soa", read_point)
    document = build_soa(analysis, language, read_point.stamp, control, text["soa_title"])
    return as_context(document, text)
