"""Validate a parsed file with the pydantic models, into what it contributes (contributions.py).

The only place that validates registers and isms.yaml; imported when a file is not in the cache,
so a warm run never imports pydantic.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from ismskit.findings import Finding
from ismskit.messages import message
from ismskit.models.base import Entry
from ismskit.models.config import IsmsConfig
from ismskit.models.entries import ID_FIELDS, REGISTER_MODELS, SINGULAR_NAMES
from ismskit.models.plain import MODEL_TAG, model_tag
from ismskit.models.types import RatingScales, normalize_control_id
from ismskit.repository.contributions import ConfigContribution, FileContribution, RegisterPart
from ismskit.repository.validation import suggest, translate_errors
from ismskit.yaml.located import LocatedDocument

CONFIG_FILE = "isms.yaml"
EMPTY_CONFIG_MESSAGE = message(
    "isms.yaml must be a mapping with at least organization, scope and risk.acceptance"
)


def validate_config(
    document: LocatedDocument | None, parse_findings: list[Finding]
) -> ConfigContribution:
    from ismskit.yaml.limits import file_finding

    findings = list(parse_findings)
    if document is None:
        if not parse_findings:
            findings.append(file_finding(CONFIG_FILE, "missing-field", EMPTY_CONFIG_MESSAGE))
        return ConfigContribution(False, findings, None)
    if document.data is None:
        findings.append(document.finding((), "missing-field", EMPTY_CONFIG_MESSAGE))
        return ConfigContribution(True, findings, None)
    if not isinstance(document.data, dict):
        findings.append(document.finding((), "file-structure", EMPTY_CONFIG_MESSAGE))
        return ConfigContribution(True, findings, None)
    try:
        config = IsmsConfig.model_validate(document.data)
    except ValidationError as error:
        findings.extend(translate_errors(error.errors(), document, (), IsmsConfig, CONFIG_FILE))
        return ConfigContribution(True, findings, None)
    return ConfigContribution(True, findings, encoded(config))


def validate_file(
    document: LocatedDocument | None, parse_findings: list[Finding], scales: RatingScales
) -> FileContribution:
    if document is None:
        return FileContribution(False, list(parse_findings))
    parts: list[RegisterPart] = []
    findings = [*parse_findings, *_collect_registers(document, parts, scales)]
    return FileContribution(True, findings, parts)


def _collect_registers(
    document: LocatedDocument, parts: list[RegisterPart], scales: RatingScales
) -> Iterator[Finding]:
    data = document.data
    if data is None:
        return
    if not isinstance(data, dict):
        yield document.finding(
            (),
            "file-structure",
            message(
                "a register file must be a mapping of register names (assets, risks, "
                "soa, ...) to lists of entries"
            ),
        )
        return
    for name, entries in data.items():
        model = REGISTER_MODELS.get(name)
        if model is None:
            hint = (
                suggest(name, REGISTER_MODELS) or f"; known registers: {', '.join(REGISTER_MODELS)}"
            )
            yield document.finding(
                (name,),
                "unknown-register",
                message("unknown register '{name}'{hint}", name=name, hint=hint),
                at_key=True,
                entry=name,
            )
            continue
        if entries is not None and not isinstance(entries, list):
            yield document.finding(
                (name,),
                "file-structure",
                message(
                    ("'{name}' must hold a list of entries (each starting with '- ')"), name=name
                ),
            )
        if not isinstance(entries, list):
            parts.append(_part(name, model, {}, {}))
            continue
        yield from _validate_register(document, parts, name, model, entries, scales)


def _validate_register(
    document: LocatedDocument,
    parts: list[RegisterPart],
    name: str,
    model: type[Entry],
    entries: list[Any],
    scales: RatingScales,
) -> Iterator[Finding]:
    subject = message("this {kind} entry", kind=message(SINGULAR_NAMES.get(name, name)))
    try:
        valid = _list_adapter(model).validate_python(entries, context={"scales": scales})
        parts.append(_part(name, model, dict(enumerate(valid)), {}))
        return
    except ValidationError as error:
        details = error.errors()
    yield from translate_errors(details, document, (name,), model, subject)
    # Keep the valid entries of a list with some bad ones, so that the rules still see them.
    bad = {detail["loc"][0] for detail in details if detail["loc"]}
    invalid = {index: _declared_id(name, entries[index]) for index in bad if isinstance(index, int)}
    kept = {
        index: entry
        for index, item in enumerate(entries)
        if index not in bad and (entry := _validate_one(model, item, scales)) is not None
    }
    parts.append(_part(name, model, kept, invalid))


def _part(
    name: str, model: type[Entry], valid: dict[int, Entry], invalid: dict[int, str]
) -> RegisterPart:
    total = max([*valid, *invalid], default=-1) + 1
    nested = _model_fields(model)
    return RegisterPart(
        name,
        model.__name__,
        _defaults(model),
        _entries([valid[index] for index in sorted(valid)], nested),
        [index for index in range(total) if index not in valid],
        sorted(set(invalid.values())),
        nested,
        _date_fields(model),
        _field_names(model),
    )


def _entries(models: list[Entry], nested: tuple[str, ...]) -> list[dict[str, Any]]:
    """The fields written of each entry (the others read as defaults): as JSON values (dates as
    ISO text, read back as dates when read), fields that hold models tagged with their class."""
    if not models:
        return []
    dumped: list[dict[str, Any]] = _list_adapter(type(models[0])).dump_python(
        models, mode="json", exclude_unset=True
    )
    for fields, model in zip(dumped, models, strict=True):
        for name in nested:
            if name in fields:
                fields[name] = _encoded_value(getattr(model, name))
    return dumped


def encoded(model: BaseModel) -> dict[str, Any]:
    """Every field of a model as plain data; nested models tagged with their class."""
    fields = {name: _encoded_value(getattr(model, name)) for name in type(model).model_fields}
    return {MODEL_TAG: model_tag(type(model).__name__), **fields}


def _encoded_value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return encoded(value)
    if isinstance(value, list):
        return [_encoded_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _encoded_value(item) for key, item in value.items()}
    return value


@cache
def _defaults(model: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    return tuple(
        (name, _encoded_value(info.get_default(call_default_factory=True)))
        for name, info in model.model_fields.items()
        if not info.is_required()
    )


@cache
def _field_names(model: type[BaseModel]) -> tuple[tuple[str, str | None], ...]:
    return tuple((name, info.alias) for name, info in model.model_fields.items())


@cache
def _date_fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(
        name for name, info in model.model_fields.items() if _names_type(info.annotation, date)
    )


def _names_type(annotation: Any, wanted: type) -> bool:
    if annotation is wanted:
        return True
    return any(_names_type(argument, wanted) for argument in get_args(annotation))


@cache
def _model_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields that may hold models (written tagged, read back by models/plain.py)."""
    return tuple(name for name, info in model.model_fields.items() if _names_model(info.annotation))


def _names_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_names_model(argument) for argument in get_args(annotation))


@cache
def _list_adapter(model: type[Entry]) -> TypeAdapter[list[Entry]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _declared_id(register: str, entry: Any) -> str:
    """The id an invalid entry was meant to have, as far as it can be read."""
    value = entry.get(ID_FIELDS[register]) if isinstance(entry, dict) else None
    text = str(getattr(value, "text", value)) if value is not None else ""
    return normalize_control_id(text) if register == "soa" else text


def _validate_one(model: type[Entry], entry: Any, scales: RatingScales) -> Entry | None:
    try:
        return model.model_validate(entry, context={"scales": scales})
    except ValidationError:
        return None
