"""`isms export`: one register as a sheet, with headers and values in the report language.

What an export writes, an import reads back: exporting a register and importing the file again
changes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from ismskit.analysis import Analysis
from ismskit.editing.headers import EXPORT_HEADERS, EXPORT_VALUES, field_labels_ja
from ismskit.editing.spreadsheet import Cell, Sheet
from ismskit.history.git import RevisionStamp
from ismskit.i18n.labels import labels
from ismskit.models.entries import REGISTER_MODELS
from ismskit.models.plain import Plain
from ismskit.models.types import Language

_LOCALISED = frozenset(("class", "treatment", "status", "affects", "classes", "applicable", "type"))
_SOA_DOCUMENT_COLUMNS = frozenset(("justification", "status", "evidence"))
_TITLES_EN = {"soa": "Statement of Applicability", "bcp_plans": "BCP plans"}


def build_sheet(
    analysis: Analysis, register: str, language: Language, stamp: RevisionStamp | None
) -> Sheet:
    """One row per entry; a register whose entries hold a list of findings, actions or
    measurements has one row per item of it, the entry's own columns repeated."""
    model = REGISTER_MODELS[register]
    entries = [entry.model for entry in analysis.isms.registers.entries(register)]
    headers = EXPORT_HEADERS[language].get(register) or _field_headers(model, language)
    computed = _computed(analysis, register, language)
    attributes = {info.alias or name: name for name, info in model.model_fields.items()}
    nested = _nested_list(model)
    columns = [
        name
        for name in headers
        if (name in computed or _is_used(name, attributes, entries, model))
        and (nested is None or name != nested[0])
    ]
    items = _NestedItems(nested, model, entries, language)
    rows = [
        [_value(entry, name, computed, attributes, language) for name in columns] + item
        for entry in entries
        for item in items.rows(entry)
    ]
    return Sheet(
        title=_title(register, language),
        headers=[headers[name] for name in columns] + items.headers(headers),
        rows=rows,
        commit=stamp.commit if stamp else None,
        dirty=stamp.dirty if stamp else False,
        stamp_date=_naive_utc(stamp.date) if stamp else None,
    )


def _field_headers(model: type[BaseModel], language: Language) -> dict[str, str]:
    return {
        info.alias or name: _label(info.alias or name, language)
        for name, info in model.model_fields.items()
    }


def _label(name: str, language: Language) -> str:
    if language == "ja":
        return field_labels_ja().get(name, name)
    return "ID" if name == "id" else name.replace("_", " ").capitalize()


def _nested_list(model: type[BaseModel]) -> tuple[str, type[BaseModel]] | None:
    """The field holding a list of entries of their own (findings, actions), if any."""
    for name, info in model.model_fields.items():
        arguments = get_args(info.annotation)
        if get_origin(info.annotation) is list and len(arguments) == 1:
            item = arguments[0]
            if isinstance(item, type) and issubclass(item, BaseModel):
                return info.alias or name, item
    return None


class _NestedItems:
    """The columns of the items of a nested list, and each entry's rows of them."""

    def __init__(
        self,
        nested: tuple[str, type[BaseModel]] | None,
        owner: type[BaseModel],
        entries: list[BaseModel],
        language: Language,
    ) -> None:
        self.language = language
        self.field = nested[0] if nested else ""
        self.model: type[BaseModel] | None = nested[1] if nested else None
        self.attribute = ""
        self.fields: list[str] = []
        self.attributes: dict[str, str] = {}
        if self.model is None:
            return
        # The register's model, not the entries' class: a warm run's entries are plain objects.
        self.attribute = next(
            (n for n, i in owner.model_fields.items() if (i.alias or n) == self.field),
            self.field,
        )
        items = [item for entry in entries for item in getattr(entry, self.attribute, [])]
        self.fields = [
            info.alias or name
            for name, info in self.model.model_fields.items()
            if any(getattr(item, name) not in (None, []) for item in items)
        ]
        self.attributes = {
            info.alias or name: name for name, info in self.model.model_fields.items()
        }

    def headers(self, parent: dict[str, str]) -> list[str]:
        label = parent.get(self.field) or _label(self.field, self.language)
        return [f"{label}: {_label(name, self.language)}" for name in self.fields]

    def rows(self, entry: BaseModel) -> list[list[Cell]]:
        items = getattr(entry, self.attribute, []) if self.fields else []
        if not items:
            return [[None] * len(self.fields)]
        return [
            [
                _cell(name, getattr(item, self.attributes[name]), self.language)
                for name in self.fields
            ]
            for item in items
        ]


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
    """A column is written when the field is required, some entry has a value for it, or the
    document the register feeds shows it (the SoA's justification, status and evidence)."""
    attribute = attributes.get(name)
    if attribute is None:
        return False
    if model is REGISTER_MODELS["soa"] and name in _SOA_DOCUMENT_COLUMNS:
        return True
    if model.model_fields[attribute].is_required():
        return True
    return any(getattr(entry, attribute) not in (None, []) for entry in entries)


def _computed(analysis: Analysis, register: str, language: Language) -> dict[str, Any]:
    if register == "soa":
        titles = {control.id: control.title(language) for control in analysis.catalogue.controls}
        treating: dict[str, list[str]] = {}
        for risk in analysis.isms.registers.risks:
            for control in dict.fromkeys(risk.model.controls):
                treating.setdefault(control, []).append(risk.model.id)
        return {
            "title": lambda entry: titles.get(entry.control),
            "risks": lambda entry: ", ".join(sorted(treating.get(entry.control, []))) or None,
        }
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
