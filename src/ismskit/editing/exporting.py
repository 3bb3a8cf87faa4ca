"""`isms export`: one register as a sheet, with headers and values in the report language.

What an export writes, an import reads back: exporting a register and importing the file again
changes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel

from ismskit.analysis import Analysis
from ismskit.editing.headers import EXPORT_HEADERS, EXPORT_VALUES
from ismskit.editing.spreadsheet import Cell, Sheet
from ismskit.history.git import RevisionStamp
from ismskit.i18n.labels import labels
from ismskit.models.entries import REGISTER_MODELS
from ismskit.models.plain import Plain
from ismskit.models.types import Language

_LOCALISED = frozenset(("class", "treatment", "status", "affects", "classes", "applicable", "type"))
_TITLES_EN = {"soa": "Statement of Applicability", "bcp_plans": "BCP plans"}


def build_sheet(
    analysis: Analysis, register: str, language: Language, stamp: RevisionStamp | None
) -> Sheet:
    model = REGISTER_MODELS[register]
    entries = [entry.model for entry in analysis.isms.registers.entries(register)]
    headers = EXPORT_HEADERS[language].get(register) or {
        info.alias or name: info.alias or name for name, info in model.model_fields.items()
    }
    computed = _computed(analysis, register, language)
    attributes = {info.alias or name: name for name, info in model.model_fields.items()}
    columns = [
        name for name in headers if name in computed or _is_used(name, attributes, entries, model)
    ]
    rows = [
        [_value(entry, name, computed, attributes, language) for name in columns]
        for entry in entries
    ]
    return Sheet(
        title=_title(register, language),
        headers=[headers[name] for name in columns],
        rows=rows,
        commit=stamp.commit if stamp else None,
        dirty=stamp.dirty if stamp else False,
        stamp_date=_naive_utc(stamp.date) if stamp else None,
    )


def _value(
    entry: BaseModel,
    name: str,
    computed: dict[str, Any],
    attributes: dict[str, str],
    language: Language,
) -> Cell:
    if name in computed:
        return computed[name](entry)
    return _cell(name, getattr(entry, attributes[name]), language)


def _is_used(
    name: str, attributes: dict[str, str], entries: list[BaseModel], model: type[BaseModel]
) -> bool:
    """A column is written when the field is required or some entry has a value for it."""
    attribute = attributes.get(name)
    if attribute is None:
        return False
    if model.model_fields[attribute].is_required():
        return True
    return any(getattr(entry, attribute) not in (None, []) for entry in entries)


def _computed(analysis: Analysis, register: str, language: Language) -> dict[str, Any]:
    if register == "soa":
        titles = {control.id: control.title(language) for control in analysis.catalogue.controls}
        return {"title": lambda entry: titles.get(entry.control)}
    if register != "risks":
        return {}
    scores = {item.model.id: item.score for item in analysis.assessed}
    return {
        "score": lambda entry: _score(scores.get(entry.id), "score"),
        "residual": lambda entry: _score(scores.get(entry.id), "residual"),
        "level": lambda entry: _score(scores.get(entry.id), "level"),
    }


def _score(score: Any, name: str) -> Any:
    return getattr(score, name) if score is not None else None


def _cell(name: str, value: Any, language: Language) -> Cell:
    words = EXPORT_VALUES[language]
    if value is None:
        return None
    if isinstance(value, bool):
        text = "true" if value else "false"
        return words.get(text, text) if name in _LOCALISED else text
    if isinstance(value, list):
        if any(isinstance(item, BaseModel | Plain) for item in value):
            return "; ".join(_flow(item) for item in value) or None
        items = [
            words.get(str(item), str(item)) if name in _LOCALISED else str(item) for item in value
        ]
        return ", ".join(items) if items else None
    if isinstance(value, BaseModel | Plain):
        dumped = value.model_dump(mode="json", exclude_none=True)
        return "; ".join(f"{key}: {_flow(item)}" for key, item in dumped.items())
    if isinstance(value, str) and name in _LOCALISED:
        return words.get(value, value)
    if isinstance(value, date | int | float | str):
        return value
    return str(value)


def _flow(value: Any) -> str:
    """Nested values as YAML flow style reads: {kind: stage-1, date: 2024-12-10}."""
    if isinstance(value, BaseModel | Plain):
        value = value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, dict):
        written = {key: item for key, item in value.items() if item != []}
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in written.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _title(register: str, language: Language) -> str:
    if language == "ja":
        return labels("ja").get(f"register_{register}", register)
    return _TITLES_EN.get(register, register.replace("_", " ").capitalize())


def _naive_utc(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment
