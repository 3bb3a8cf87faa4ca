"""Translate pydantic's validation errors into located findings written for a person."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from ismskit.findings import Finding
from ismskit.messages import message
from ismskit.models.registers import ID_FIELDS
from ismskit.models.types import normalize_control_id
from ismskit.yaml.located import LocatedDocument, PathKey

if TYPE_CHECKING:
    from pydantic import BaseModel
    from pydantic_core import ErrorDetails

_KIND_NAMES = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields (name: value)",
    "model_attributes_type": "a mapping of fields",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
}


def suggest(word: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean X?)' suffix, or ''. Case is the first thing to look past (kita, KITA)."""
    candidates = list(candidates)
    folded = [candidate for candidate in candidates if candidate.casefold() == word.casefold()]
    matches = folded or difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return message(" (did you mean '{value}'?)", value=matches[0]) if matches else ""


def describe_value(value: Any) -> str:
    if value is None:
        return message("nothing (null)")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return message("the text '{value}'", value=value)
    if isinstance(value, dict):
        return message("a mapping")
    if isinstance(value, list):
        return message("a list")
    if isinstance(value, date):
        return message("the date {value}", value=value.isoformat())
    return f"{getattr(value, 'text', value)}"


def field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def translate_errors(
    errors: list[ErrorDetails],
    document: LocatedDocument,
    base: PathKey,
    model: type[BaseModel],
    subject: str,
) -> Iterator[Finding]:
    """One finding per error; `base` is where the validated value sits in the document.

    A misspelt field is one mistake: its did-you-mean finding stands, and the "missing" finding
    for the field it was meant to be is left out.
    """
    misspelt = _misspelt_fields(errors, model)
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "missing" and loc in misspelt:
            continue
        path = (*base, *loc)
        message, rule, at_key = _describe(error, loc, model, subject)
        yield document.finding(path, rule, message, at_key=at_key, entry=entry_key(document, path))


def entry_key(document: LocatedDocument, path: PathKey) -> str | None:
    """`register/id` of the entry that `path` (register, index, ...) lies in, as written."""
    if len(path) < 2 or not isinstance(path[0], str) or not isinstance(path[1], int):
        return None
    register, index = path[0], path[1]
    entries = document.data.get(register) if isinstance(document.data, dict) else None
    field = ID_FIELDS.get(register)
    if field is None or not isinstance(entries, list) or not 0 <= index < len(entries):
        return None
    value = entries[index].get(field) if isinstance(entries[index], dict) else None
    if value is None or isinstance(value, dict | list):
        return None
    text = str(getattr(value, "text", value))
    return f"{register}/{normalize_control_id(text) if register == 'soa' else text}"


def _misspelt_fields(errors: list[ErrorDetails], model: type[BaseModel]) -> set[tuple[Any, ...]]:
    """Locations of missing fields that an unknown field of the same mapping was meant to be."""
    missing = {tuple(error["loc"]) for error in errors if error["type"] == "missing"}
    meant = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] != "extra_forbidden":
            continue
        owner = _model_at(model, loc[:-1])
        matches = difflib.get_close_matches(
            str(loc[-1]), field_names(owner) if owner else [], 1, 0.6
        )
        if matches and (*loc[:-1], matches[0]) in missing:
            meant.add((*loc[:-1], matches[0]))
    return meant


def _describe(
    error: ErrorDetails, loc: tuple[str | int, ...], model: type[BaseModel], subject: str
) -> tuple[str, str, bool]:
    kind = error["type"]
    field = _field_label(loc)
    value = error.get("input")
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        known = field_names(owner) if owner else []
        hint = suggest(str(loc[-1]), known) or message(
            "; known fields: {value}", value=", ".join(known)
        )
        return (
            message(
                "unknown field '{value}' in {subject}{hint}",
                value=loc[-1],
                subject=subject,
                hint=hint,
            ),
            "unknown-field",
            True,
        )
    if kind == "missing":
        return (
            message("{subject} lacks the required field '{field}'", subject=subject, field=field),
            "missing-field",
            False,
        )
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        options = [option.strip(" '") for option in expected.replace(" or ", ", ").split(",")]
        hint = suggest(str(value), options) if isinstance(value, str) else ""
        text = message(
            "{field} must be one of {options}; not {value}{hint}",
            field=field,
            options=", ".join(options),
            value=describe_value(value),
            hint=hint,
        )
        return text, "invalid-value", False
    if kind in _KIND_NAMES:
        if field == "entry":  # the entry itself is not a mapping: the shape of the file
            label = subject.replace("this", "each", 1)
            return _type_message(label, _KIND_NAMES[kind], value), "file-structure", False
        return _type_message(field, _KIND_NAMES[kind], value), "invalid-type", False
    if kind in _OWN_TEMPLATES:
        rule = "out-of-scale" if kind == "out_of_scale" else "invalid-value"
        return _own_message(kind, error), rule, False
    return _value_message(kind, field, error), "invalid-value", False


def _own_message(kind: str, error: ErrorDetails) -> str:
    """An error of ismskit's own types, from its template: shown in any language."""
    values = dict(error.get("ctx", {}))
    if "scale" in values:
        values["scale"] = message(str(values["scale"]))  # a noun: shown in the language
    return message(_OWN_TEMPLATES[kind], **values)


def _type_message(field: str, expected: str, value: Any) -> str:
    return message(
        "{field} must be {expected}, not {value}{hint}",
        field=field,
        expected=message(expected),
        value=describe_value(value),
        hint=_type_hint(expected, value),
    )


def _type_hint(expected: str, value: Any) -> str:
    if not isinstance(value, str):
        return message("; put it in quotes") if expected == "text" and value is not None else ""
    text = value.strip()
    if expected == "true or false":
        if text.lower() in ("true", "false"):
            return message("; remove the quotes")
        return message("; YAML 1.2 reads yes/no/on/off as text: write true or false")
    if "number" in expected and text.isdigit():
        if not text.isascii():
            return message("; write the digits half-width (半角数字)")
        return message("; remove the quotes")
    return ""


def _value_message(kind: str, field: str, error: ErrorDetails) -> str:
    ctx = error.get("ctx", {})
    if kind == "greater_than_equal":
        return message(
            "{field} must be at least {value}, not {value2}",
            field=field,
            value=ctx.get("ge"),
            value2=describe_value(error.get("input")),
        )
    if kind == "greater_than":
        return message(
            "{field} must be more than {value}, not {value2}",
            field=field,
            value=ctx.get("gt"),
            value2=describe_value(error.get("input")),
        )
    if kind == "string_too_short":
        return message("{field} must not be empty", field=field)
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return message(
            "{field} must be at most {bound}, not {value}",
            field=field,
            bound=bound,
            value=describe_value(error.get("input")),
        )
    if kind in ("too_short", "too_long", "string_too_long"):
        return message(
            "{field} has the wrong length: {value}",
            field=field,
            value=describe_value(error.get("input")),
        )
    if kind not in _OWN_KINDS:
        # pydantic's own wording ("Input should be ...") is not shown to people
        return message(
            "{field} cannot be read: {value}", field=field, value=describe_value(error.get("input"))
        )
    raised = ctx.get("error")  # the validator's exception: its message keeps its template
    if isinstance(raised, Exception) and raised.args and isinstance(raised.args[0], str):
        text: str = raised.args[0]
    else:
        text = error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return text if field == "entry" else message("{field}: {text}", field=field, text=text)


# Errors whose message ismskit wrote (validators), shown as they are.
_OWN_KINDS = frozenset(("value_error", "assertion_error"))
# ismskit's own error types (models/types.py): their templates, to show them in any language.
_OWN_TEMPLATES = {
    "out_of_scale": "{field} {value} is outside the {scale} scale 1..{top}",
    "iso_date": "'{value}' is not a date; write it as YYYY-MM-DD",
    "clause": "'{value}' is not a clause of ISO/IEC 27001:2022: write a clause number from 4 to "
    '10.2, such as "6.1.2" or "9.2.2" (quoted, without list letters)',
}


def _field_label(loc: tuple[str | int, ...]) -> str:
    names = [str(part) for part in loc if isinstance(part, str)]
    return ".".join(names) if names else "entry"


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The nested model class that a loc points into (for did-you-mean on its fields)."""
    from pydantic import BaseModel

    current: type[BaseModel] | None = model
    for part in loc:
        if current is None or isinstance(part, int):
            continue
        info = next(
            (f for n, f in current.model_fields.items() if (f.alias or n) == part),
            None,
        )
        annotation = info.annotation if info else None
        current = (
            annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel)
            else None
        )
    return current
