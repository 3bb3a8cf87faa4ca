"""Plain scalars typed by the YAML 1.2 core schema, and ISO dates (YYYY-MM-DD) as dates."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from ismskit.yaml.located import YamlFloat

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOT_TEXT_START = frozenset("0123456789-+.~nNtTfF")


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


_INT_RE = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")


_FLOAT_RE = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


_TIMESTAMP_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?"
)


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar under the YAML 1.2 core schema."""
    if text and text[0] not in _NOT_TEXT_START:
        return text
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    try:
        if _INT_RE.fullmatch(text):
            return _construct_int(text)
        if _FLOAT_RE.fullmatch(text):
            return _construct_float(text)
        if _TIMESTAMP_RE.fullmatch(text):
            return _construct_timestamp(text)
    except ValueError:
        pass
    return text


def _construct_int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    body = digits.lstrip("+-")
    for prefix, base in (("0o", 8), ("0x", 16), ("0b", 2)):
        if body.lower().startswith(prefix):
            return sign * int(body[2:], base)
    return sign * int(body, 10)


def _construct_float(text: str) -> float:
    lowered = text.replace("_", "").lower()
    if lowered.endswith((".inf", "infinity")):
        return YamlFloat(-math.inf if lowered.startswith("-") else math.inf, text)
    if lowered.endswith(".nan"):
        return YamlFloat(math.nan, text)
    return YamlFloat(float(lowered), text)


def _construct_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise ValueError(text)


def _construct_timestamp(text: str) -> date | datetime | str:
    if DATE_RE.match(text):
        return date.fromisoformat(text)
    return datetime.fromisoformat(text.replace(" ", "T", 1).replace("Z", "+00:00"))


def _construct_null(_text: str) -> None:
    return None


SCALAR_CONSTRUCTORS: dict[str, Any] = {
    "int": _construct_int,
    "float": _construct_float,
    "bool": _construct_bool,
    "null": _construct_null,
    "timestamp": _construct_timestamp,
}
