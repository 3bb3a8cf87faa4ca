"""Entry-level changes between two sets of register files, matched by register and id."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ismskit.models.registers import ID_FIELDS
from ismskit.models.types import normalize_control_id
from ismskit.ordering import natural_key
from ismskit.yaml.located import LocatedDocument

EntryKey = tuple[str, str]

ADDED, REMOVED, MODIFIED, MOVED = "added", "removed", "modified", "moved"


@dataclass(frozen=True, slots=True)
class EntrySnapshot:
    file: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": plain(self.old), "new": plain(self.new)}


@dataclass(frozen=True, slots=True)
class EntryChange:
    register: str
    id: str
    change: str
    fields: tuple[FieldChange, ...]
    file: str
    previous_file: str | None = None


def entry_id(register: str, value: Any) -> str | None:
    """An entry's id as the registers read it: a number written 5.10 reads as the text 5.10."""
    text = getattr(value, "text", value)
    if isinstance(text, int | float) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        return None
    return normalize_control_id(text) if register == "soa" else text


def entries_of(
    documents: Iterable[LocatedDocument | None], registers: set[str] | None = None
) -> dict[EntryKey, EntrySnapshot]:
    """Every entry with an id in the documents (invalid entries included: history shows all),
    or only those of `registers`."""
    entries: dict[EntryKey, EntrySnapshot] = {}
    for document in documents:
        if document is None or not isinstance(document.data, dict):
            continue
        for register, items in document.data.items():
            id_field = ID_FIELDS.get(register)
            if id_field is None or not isinstance(items, list):
                continue
            if registers is not None and register not in registers:
                continue
            for item in items:
                if isinstance(item, dict):
                    key = entry_id(register, item.get(id_field))
                    if key is not None:
                        entries.setdefault((register, key), EntrySnapshot(document.file, item))
    return entries


def plain(value: Any) -> Any:
    """JSON-ready values: dates as ISO text, numbers as written."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float):
        return float(value)
    return value


def diff_entries(
    old: dict[EntryKey, EntrySnapshot], new: dict[EntryKey, EntrySnapshot]
) -> list[EntryChange]:
    changes = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (k[0], natural_key(k[1]))):
        register, identifier = key
        before, after = old.get(key), new.get(key)
        if before is None and after is not None:
            changes.append(EntryChange(register, identifier, ADDED, (), after.file))
        elif after is None and before is not None:
            changes.append(EntryChange(register, identifier, REMOVED, (), before.file))
        elif before is not None and after is not None:
            fields = field_changes(before.data, after.data)
            if before.file != after.file:
                changes.append(
                    EntryChange(register, identifier, MOVED, fields, after.file, before.file)
                )
            elif fields:
                changes.append(EntryChange(register, identifier, MODIFIED, fields, after.file))
    return changes


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    names = list(old) + [name for name in new if name not in old]
    return tuple(
        FieldChange(name, old.get(name), new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    )
