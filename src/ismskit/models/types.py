"""Plain types shared by the models and everything that reads them: languages, properties,
control ids, clauses and rating scales. No pydantic here: the commands that only read validated
data (from the cache) never import it. The pydantic field types are in models/fields.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Language = Literal["ja", "en"]
Property = Literal["confidentiality", "integrity", "availability"]
PROPERTIES: tuple[Property, ...] = ("confidentiality", "integrity", "availability")
AssetClass = Literal["information", "software", "physical", "service"]

_CATALOGUE_ID_RE = re.compile(r"^(?:A\.)?([5-8])\.(\d{1,2})$")


def normalize_control_id(value: str) -> str:
    """`5.1` and `A.5.1` name the same catalogue control; other ids pass unchanged."""
    match = _CATALOGUE_ID_RE.match(value.strip())
    if match is None:
        return value
    return f"A.{match.group(1)}.{int(match.group(2))}"


# The numbered clauses of ISO/IEC 27001:2022 that hold requirements (4 to 10).
CLAUSES = frozenset(
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
