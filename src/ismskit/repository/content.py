"""What each rendered document shows, declared once: the content an approval is bound to.

An approval (`isms approve`) records the digest of the values a document shows, not of its bytes:
the same values written with other comments, key order, quoting or file layout, rendered in another
language, through another template or by another version of isms, have the same digest; any value
the document shows (a justification, a status, a rating, an owner, a date) changes it.

`SHOWN` says, per document, which fields of isms.yaml and which fields of which registers it
shows (scores and levels are shown through the ratings and the risk settings they are computed
from). When a document starts to show another field, add it here: tests/test_content.py renders
every document with each field changed and fails when the table and the rendering disagree.

The digest is "sha256:" + the SHA-256 of the canonical JSON of those values: keys sorted, entries
sorted by id, dates as YYYY-MM-DD, text with line ends normalised and outer whitespace trimmed,
absent and empty values left out.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ismskit.models.plain import Plain
from ismskit.models.registers import ID_FIELDS, REGISTER_NAMES
from ismskit.repository.approval import DIGEST_PREFIX
from ismskit.repository.loader import LoadedIsms
from ismskit.repository.units import holds_file
from ismskit.yaml import cache as parse_cache

# Every field of an entry (documents that summarise whole registers).
ALL: tuple[str, ...] = ("*",)
_RATINGS = (
    "vulnerability",
    "frequency",
    "likelihood",
    "impact",
    "residual_vulnerability",
    "residual_frequency",
    "residual_likelihood",
    "residual_impact",
)
_RISK_SETTINGS = (
    "risk.method",
    "risk.asset_value",
    "risk.acceptance",
    "risk.levels",
    "risk.scales",
)
# The risk criteria the risk assessment states (6.1.2 a, b; 8.2) beyond the settings the scores
# are computed from.
_RISK_CRITERIA = ("risk.acceptance_authority", "risk.reassessment", "risk.criteria")
_ASSET_VALUES = ("id", "name", "confidentiality", "integrity", "availability")
_THREAT_RATING = ("id", "name", "frequency", "affects")
# What names a risk where it has no asset and threat, or describes it (scenario, else
# description, else name).
_RISK_WORDS = ("name", "description", "scenario")


Derived = Callable[[LoadedIsms], Any]


@dataclass(frozen=True)
class ShownContent:
    """The values one document shows: isms.yaml fields (dotted paths), register fields, and values
    that the registers do not hold as such (which unit an asset belongs to follows its file)."""

    config: tuple[str, ...]
    registers: Mapping[str, tuple[str, ...]]
    derived: Mapping[str, Derived] = field(default_factory=dict)


def _assets_by_unit(isms: LoadedIsms) -> dict[str, int]:
    details = isms.config.scope_details if isms.config else None
    units = details.units if details else []
    assets = isms.registers.assets
    return {unit.id: sum(1 for entry in assets if holds_file(unit, entry.file)) for unit in units}


def _reassessment_interval(isms: LoadedIsms) -> int | None:
    """When risks are reassessed, where risk.reassessment does not say: review_interval_months."""
    config = isms.config
    if config is None or config.risk.reassessment is not None:
        return None
    return config.review_interval_months.get("risks")


_PDCA_REGISTERS = (
    "bcp_plans",
    "exercises",
    "training",
    "audits",
    "nonconformities",
    "reviews",
    "objectives",
    "people",
    "certifications",
    "issues",
    "interested_parties",
    "roles",
    "changes",
    "competences",
    "communications",
    "measurements",
)

SHOWN: dict[str, ShownContent] = {
    "soa": ShownContent(
        config=("organization", "scope"),
        registers={
            "soa": (
                *("control", "applicable", "justification", "status", "requirements"),
                "evidence",
            ),
            "controls": ("id", "title"),
            "risks": ("id", "controls", "existing_controls"),
            "records": ("id", "title"),  # the titles of the evidence
        },
    ),
    "risk-assessment": ShownContent(
        config=("organization", *_RISK_SETTINGS, *_RISK_CRITERIA),
        registers={
            "risks": (
                *("id", "asset", "threat", *_RATINGS, "treatment", "owner", *_RISK_WORDS),
                *("vulnerability_description", "existing_controls", "assessed_on"),
            ),
            "assets": (*_ASSET_VALUES, "class", "owner"),
            "threats": _THREAT_RATING,
        },
        derived={"reassessment_months": _reassessment_interval},
    ),
    "risk-treatment-plan": ShownContent(
        config=("organization", *_RISK_SETTINGS, "risk.acceptance_authority"),
        registers={
            "risks": (
                *("id", "asset", "threat", "name", *_RATINGS, "treatment", "controls", "owner"),
                *("due", "actions", "plan_approved_on"),
                *("accepted_by", "accepted_on", "accepted_score"),
            ),
            "assets": _ASSET_VALUES,
            "threats": _THREAT_RATING,
            "soa": ("control", "applicable", "status"),
            "controls": ("id", "title"),
        },
    ),
    "assets": ShownContent(
        config=("organization",),
        registers={
            "assets": (*_ASSET_VALUES, "class", "owner", "location"),
            "risks": ("id", "asset"),
        },
    ),
    "records": ShownContent(
        config=("organization",),
        registers={
            "records": ("id", "title", "kind", "owner", "location", "retention", "last_reviewed")
        },
    ),
    "scope": ShownContent(
        config=("organization", "scope", "scope_details"),
        registers={"soa": ("control", "applicable", "justification"), "controls": ("id", "title")},
        derived={"assets_by_unit": _assets_by_unit},
    ),
    "internal-audit": ShownContent(
        config=("organization", "scope_details"),
        registers={
            "audits": ALL,
            "nonconformities": ALL,
            "people": ALL,
            "controls": ("id", "title"),
        },
    ),
    "management-review": ShownContent(
        config=("organization", "scope_details", *_RISK_SETTINGS),
        registers={
            **dict.fromkeys(_PDCA_REGISTERS, ALL),
            "risks": ALL,
            "assets": _ASSET_VALUES,
            "threats": _THREAT_RATING,
            "soa": ("control", "applicable", "status"),
        },
    ),
    "context": ShownContent(
        config=("organization", "scope", "scope_details"),
        registers={
            "issues": ALL,
            "interested_parties": ALL,
            "risks": ("id",),
            "controls": ("id", "title"),
        },
    ),
    "roles": ShownContent(
        config=("organization", "scope_details"),
        registers={
            "roles": ALL,
            "people": ALL,
            "competences": ALL,
            "communications": ALL,
            "training": ALL,
            "controls": ("id", "title"),
        },
    ),
    "objectives": ShownContent(
        config=("organization",),
        registers={"objectives": ALL, "measurements": ALL, "people": ALL},
    ),
    "changes": ShownContent(
        config=("organization",),
        registers={"changes": ALL, "risks": ("id",), "records": ("id", "title")},
    ),
    "audit-programme": ShownContent(
        config=("organization", "scope_details"),
        registers={
            "audits": ALL,
            "people": ALL,
            "roles": ALL,
            "training": ALL,
            "certifications": ALL,
        },
    ),
    "readiness": ShownContent(
        config=("organization", "scope", "scope_details", *_RISK_SETTINGS),
        registers=dict.fromkeys(ID_FIELDS, ALL),
    ),
}

DOCUMENT_NAMES: tuple[str, ...] = tuple(SHOWN)


def shown_values(isms: LoadedIsms, document: str) -> dict[str, Any]:
    """The canonical values `document` shows, as plain JSON-ready data."""
    shown = SHOWN[document]
    config: dict[str, Any] = {}
    if isms.config is not None:
        for path in shown.config:
            config[path] = canonical(_attribute(isms.config, path))
    registers = {
        register: _entries(isms, register, fields) for register, fields in shown.registers.items()
    }
    derived = {name: canonical(compute(isms)) for name, compute in shown.derived.items()}
    return {"config": config, "registers": registers, "derived": derived}


def content_digest(isms: LoadedIsms, document: str) -> str:
    """The digest; kept in the cache under the keys of every file read (what it is computed
    from), and the number of entries of each register (a unit's share is another content)."""
    key = _digest_key(isms, document)
    cached = parse_cache.load_entry(DIGEST, key) if key is not None else None
    if isinstance(cached, str):
        return cached
    text = json.dumps(
        shown_values(isms, document), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    digest = DIGEST_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()
    if key is not None:
        parse_cache.store_entry(DIGEST, key, digest)
    return digest


DIGEST = "content-digest"


def _digest_key(isms: LoadedIsms, document: str) -> str | None:
    if isms.content_key is None:
        return None
    registers = isms.registers
    counts = [len(registers.entries(name)) for name in REGISTER_NAMES]
    return f"{isms.content_key}\0{document}\0{counts}"


def _attribute(model: Any, path: str) -> Any:
    value = model
    for name in path.split("."):
        value = getattr(value, name, None)
    return value


# The approval of a document isms renders is that document's control, not content of another one
# (else approving the SoA would turn every document that lists records into a draft).
_APPROVAL_FIELDS = frozenset({"version", "approved_by", "approved_on", "content_digest"})


def _entries(isms: LoadedIsms, register: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    id_field = ID_FIELDS[register]
    rows = []
    for entry in isms.registers.entries(register):
        model = entry.model
        if fields == ALL:
            values: dict[str, Any] = canonical(model)
        else:
            names = _attribute_names(type(model), fields)
            values = _without_empty(
                {name: canonical(getattr(model, attribute)) for name, attribute in names}
            )
        if register == "records" and getattr(model, "renders", None):
            values = {key: value for key, value in values.items() if key not in _APPROVAL_FIELDS}
        rows.append(values)
    rows.sort(key=lambda row: str(row.get(id_field, "")))
    return _ordered_ties(rows, id_field)


_NAMES: dict[tuple[type[Plain], tuple[str, ...]], tuple[tuple[str, str], ...]] = {}


def _attribute_names(model: type[Plain], fields: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(name as written, attribute) of each field of a model class: `class` is `class_`.
    Worked out once per model and fields: a digest reads every entry."""
    key = (model, fields)
    if key not in _NAMES:
        infos = model.model_fields.items()
        by_name = {info.alias or attribute: attribute for attribute, info in infos}
        by_name.update({attribute: attribute for attribute in model.model_fields})
        written = {attribute: info.alias or attribute for attribute, info in infos}
        _NAMES[key] = tuple((written.get(name, name), by_name[name]) for name in fields)
    return _NAMES[key]


def _ordered_ties(rows: list[dict[str, Any]], id_field: str) -> list[dict[str, Any]]:
    """Entries sharing an id (an error of its own) in an order that does not follow the files."""
    ids = [str(row.get(id_field, "")) for row in rows]
    if len(set(ids)) == len(ids):
        return rows
    return sorted(
        rows,
        key=lambda row: (str(row.get(id_field, "")), json.dumps(row, sort_keys=True)),
    )


def canonical(value: Any) -> Any:
    """Plain JSON values: models as mappings by field alias, dates as ISO text, trimmed text."""
    kind = type(value)
    if value is None or kind is int or kind is bool or kind is float:
        return value  # the most frequent values first: a digest reads every entry
    if kind is str or isinstance(value, str):
        text = str(value)
        return (text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text).strip()
    if isinstance(value, Plain):
        names = _attribute_names(kind, tuple(kind.model_fields))
        return _without_empty({name: canonical(getattr(value, a)) for name, a in names})
    if isinstance(value, dict):
        return _without_empty({str(key): canonical(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _without_empty(values: dict[str, Any]) -> dict[str, Any]:
    """Absent, null and empty are one: a field left out shows as nothing, as an empty one does."""
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}
