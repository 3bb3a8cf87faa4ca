"""Field types shared by the models: ids, dates, control references, rating scales."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationInfo
from pydantic_core import PydanticCustomError

Language = Literal["ja", "en"]
Property = Literal["confidentiality", "integrity", "availability"]
PROPERTIES: tuple[Property, ...] = ("confidentiality", "integrity", "availability")
AssetClass = Literal["information", "software", "physical", "service"]

_CATALOGUE_ID_RE = re.compile(r"^(?:A\.)?([5-8])\.(\d{1,2})$")


def _as_written(value: Any) -> Any:
    """A YAML number such as 5.10 stands for the text it was written as."""
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else value


def normalize_control_id(value: str) -> str:
    """`5.1` and `A.5.1` name the same catalogue control; other ids pass unchanged."""
    match = _CATALOGUE_ID_RE.match(value.strip())
    if match is None:
        return value
    return f"A.{match.group(1)}.{int(match.group(2))}"


def _to_control_id(value: Any) -> Any:
    value = _as_written(value)
    return normalize_control_id(value) if isinstance(value, str) else value


# The numbered clauses of ISO/IEC 27001:2022 that hold requirements (4 to 10).
_CLAUSES = frozenset(
    {
        *("4", "4.1", "4.2", "4.3", "4.4", "5", "5.1", "5.2", "5.3"),
        *("6", "6.1", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3"),
        *(
            "7",
            "7.1",
            "7.2",
            "7.3",
            "7.4",
            "7.5",
            "7.5.1",
            "7.5.2",
            "7.5.3",
            "8",
            "8.1",
            "8.2",
            "8.3",
        ),
        *(
            "9",
            "9.1",
            "9.2",
            "9.2.1",
            "9.2.2",
            "9.3",
            "9.3.1",
            "9.3.2",
            "9.3.3",
            "10",
            "10.1",
            "10.2",
        ),
    }
)


def _to_clause(value: Any) -> Any:
    """A clause of ISO/IEC 27001 (4 to 10), as `9.2` or `"6.1.2"`; `10` may be a bare number."""
    value = _as_written(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value.strip() not in _CLAUSES:
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


@dataclass(frozen=True, slots=True)
class RatingScales:
    """The top of each rating scale, passed to validation as context."""

    confidentiality: int = 3
    integrity: int = 3
    availability: int = 3
    frequency: int = 3
    vulnerability: int = 3
    likelihood: int = 5
    impact: int = 5

    def top_for(self, field_name: str) -> tuple[int, str]:
        """The top of the scale a field is rated on, with the scale's name."""
        scale = _FIELD_SCALES.get(field_name, field_name)
        top: int = getattr(self, scale)
        return top, _SCALE_NAMES.get(scale, scale)


_FIELD_SCALES = {
    "residual_frequency": "frequency",
    "residual_vulnerability": "vulnerability",
    "residual_likelihood": "likelihood",
    "residual_impact": "impact",
}
_SCALE_NAMES = {
    "confidentiality": "confidentiality value",
    "integrity": "integrity value",
    "availability": "availability value",
}


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
