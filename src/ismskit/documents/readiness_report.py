"""The readiness report: each item with its clause, status, what is there or missing, and where."""

from __future__ import annotations

from datetime import date
from typing import Any

from ismskit.catalogue.clauses import load_clauses
from ismskit.documents.base import ReportInput
from ismskit.documents.readiness import Readiness, ReadinessItem, assess_readiness
from ismskit.documents.readiness_facts import Note

STATUSES = ("ok", "attention", "missing")


def readiness_report(request: ReportInput) -> dict[str, Any]:
    result = assess_readiness(request.analysis, request.today)
    text = request.text
    rows = [_row(item, request) for item in result.items]
    parts = [
        text[f"readiness_count_{status}"].format(count=result.counts[status])
        for status in STATUSES
        if result.counts[status]
    ]
    return {
        "summary": text["list_separator"].join(parts) + text["sentence_end"],
        "rows": rows,
        "counts": result.counts,
        "errors": result.errors,
        "warnings": result.warnings,
    }


def readiness_json(request: ReportInput) -> dict[str, Any]:
    """`{"items": [{"clause", "title", "status", "detail"}]}`: the same content, for machines."""
    result: Readiness = assess_readiness(request.analysis, request.today)
    items = []
    for item in result.items:
        row = _row(item, request)
        detail = request.text["note_separator"].join(row["notes"])
        if item.status == "ok" and item.places:
            detail += request.text["in_parens"].format(value=", ".join(item.places))
        items.append(
            {"clause": item.clause, "title": row["title"], "status": item.status, "detail": detail}
        )
    return {"items": items}


def _row(item: ReadinessItem, request: ReportInput) -> dict[str, Any]:
    text = request.text
    return {
        "clause": item.clause,
        "title": load_clauses().title(item.clause, request.language),
        "item": text[item.item_key],
        "status": item.status,
        "places": item.places,
        "notes": [note_text(note, text) for note in item.notes],
    }


def note_text(note: Note, text: dict[str, str]) -> str:
    values = {key: _shown(key, value, text) for key, value in note.values.items()}
    return text[note.key].format(**values)


def _shown(key: str, value: Any, text: dict[str, str]) -> str:
    if value is None:
        return text["none"]
    if isinstance(value, date):
        return value.isoformat()
    if key == "fields":
        return text["list_separator"].join(text[f"field_{name}"] for name in value)
    if isinstance(value, list):
        return text["list_separator"].join(str(item) for item in value)
    return str(value)
