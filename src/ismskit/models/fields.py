"""The pydantic field types of the models: ids, text, dates, control and clause references, and
the bound of a rating by its scale."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from ismskit.models.types import CLAUSES, RatingScales, normalize_control_id


def _as_written(value: Any) -> Any:
    """A YAML number such as 5.10 stands for the text it was written as."""
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else value


def _to_control_id(value: Any) -> Any:
    value = _as_written(value)
    return normalize_control_id(value) if isinstance(value, str) else value


def _to_clause(value: Any) -> Any:
    """A clause of ISO/IEC 27001 (4 to 10), as `9.2` or `"6.1.2"`; `10` may be a bare number."""
    value = _as_written(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value.strip() not in CLAUSES:
        raise PydanticCustomError(
            "clause",
            "'{value}' is not a clause of ISO/IEC 27001:2022: write a clause number from 4 to "
            '10.2, such as "6.1.2" or "9.2.2" (quoted, without list letters)',
            {"value": value},
        )
    return value.strip() if isinstance(value, str) else value


def _to_date(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "iso_date", "'{value}' is not a date; write it as YYYY-MM-DD", {"value": value}
            ) from None
    return value


Text = Annotated[str, Field(min_length=1)]
Identifier = Annotated[str, Field(min_length=1)]
ControlRef = Annotated[str, BeforeValidator(_to_control_id), Field(min_length=1)]
IsoDate = Annotated[date, BeforeValidator(_to_date)]
ClauseRef = Annotated[str, BeforeValidator(_to_clause)]


def check_rating(value: int | None, info: ValidationInfo) -> int | None:
    """Bound a rating by its scale from isms.yaml (passed as validation context)."""
    if value is None:
        return None
    scales = info.context.get("scales") if isinstance(info.context, dict) else None
    top, scale_name = (scales or RatingScales()).top_for(info.field_name or "")
    if not 1 <= value <= top:
        raise PydanticCustomError(
            "out_of_scale",
            "{field} {value} is outside the {scale} scale 1..{top}",
            {"field": info.field_name, "value": value, "scale": scale_name, "top": top},
        )
    return value
