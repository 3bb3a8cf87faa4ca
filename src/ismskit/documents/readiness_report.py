"""The readiness report: each item of documented information with its status and what to do."""

from __future__ import annotations

from datetime import date
from typing import Any

from ismskit.documents.base import ReportInput
from ismskit.documents.readiness import Note, assess_readiness


def readiness_report(request: ReportInput) -> dict[str, Any]:
    result = assess_readiness(request.analysis, request.today)
    text = request.text
    items = [
        {
            "clause": item.clause,
            "title": text[item.title_key],
            "status": item.status,
            "places": item.places,
            "notes": [_note(note, text) for note in item.notes],
        }
        for item in result.items
    ]
    parts = [
        text[f"readiness_count_{status}"].format(count=result.counts[status])
        for status in ("present", "attention", "missing")
        if result.counts[status]
    ]
    return {
        "summary": text["list_separator"].join(parts) + text["sentence_end"],
        "rows": items,
        "counts": result.counts,
        "errors": result.errors,
        "warnings": result.warnings,
    }


def _note(note: Note, text: dict[str, str]) -> str:
    values = {key: _shown(value, text) for key, value in note.values.items()}
    if "register" in note.values:
        values["register"] = text[f"register_{note.values['register']}"]
    return text[note.key].format(**values)


def _shown(value: Any, text: dict[str, str]) -> str:
    if value is None:
        return text["none"]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
