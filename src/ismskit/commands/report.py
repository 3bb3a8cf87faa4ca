"""`isms report NAME`: the documents an ISMS office hands to its committee and to auditors."""

from __future__ import annotations

from typing import Any, TextIO

from ismskit.analysis import Analysis
from ismskit.commands.document import DocumentRequest, Version, run_document
from ismskit.errors import UsageError
from ismskit.models.types import Language


def run_report(name: str, request: DocumentRequest, stream: TextIO, errors: TextIO) -> int:
    from ismskit.reports import REPORTS

    kind = REPORTS.get(name)
    if kind is None:
        raise UsageError(f"no report '{name}': choose one of {', '.join(REPORTS)}")

    def context(analysis: Analysis, language: Language, version: Version) -> dict[str, Any]:
        from ismskit.i18n import labels
        from ismskit.reports import DocumentInfo

        text = labels(language)
        config = analysis.isms.config
        assert config is not None
        stamp, revisions = version
        doc = DocumentInfo(
            text[kind.title_label], config.organization, config.scope, language, stamp, revisions
        )
        return {"doc": doc, "t": text, "data": kind.build(analysis, text, language)}

    return run_document(request, f"isms report {name}", kind.template, context, (stream, errors))
