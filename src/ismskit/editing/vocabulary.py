"""One vocabulary for what a person writes, on the command line or in a spreadsheet cell.

Ratings are numbers or the names of their levels (高/中/低, high/medium/low, or the names
isms.yaml gives a scale); asset classes, security properties, treatments and SoA statuses are
written in English or Japanese; full-width letters and digits read as their ASCII forms; lists are
repeats or comma lists. `isms import` (cells.py) and the editing commands read through this module,
so that every option accepts what import accepts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from ismskit.editing.headers import THREE_LEVELS, normalise
from ismskit.editing.value_words import (
    CLASS_VALUES,
    PROPERTY_VALUES,
    STATUS_VALUES,
    TREATMENT_VALUES,
)
from ismskit.messages import message
from ismskit.models.registers import RISK_RATINGS
from ismskit.models.types import PROPERTIES, RatingScales

RATINGS = frozenset((*PROPERTIES, *RISK_RATINGS))
CHOICES: dict[str, tuple[str, ...]] = {
    "class": ("information", "software", "physical", "service"),
    "treatment": ("reduce", "accept", "avoid", "transfer"),
    "status": ("implemented", "partial", "planned", "not-implemented"),
    "property": PROPERTIES,
}
WORDS: dict[str, dict[str, str]] = {
    "class": CLASS_VALUES,
    "treatment": TREATMENT_VALUES,
    "status": STATUS_VALUES,
    "property": PROPERTY_VALUES,
}
# The fields whose value is one word, or a list of words, of a kind above.
WORD_FIELDS = {"class": "class", "treatment": "treatment", "status": "status"}
WORD_LISTS = {"affects": "property", "classes": "class"}

# The first id of a register that has none yet: the numbering its examples (isms init) show.
FIRST_IDS: dict[str, str] = {
    "assets": "A-001",
    "threats": "T-01",
    "risks": "R-001",
    "controls": "ORG-01",
    "records": "DOC-001",
    "bcp_plans": "BCP-01",
    "exercises": "EX-01",
    "training": "TR-01",
    "audits": "IA-01",
    "nonconformities": "NC-001",
    "reviews": "MR-01",
    "objectives": "OBJ-01",
    "people": "P-01",
    "certifications": "CERT-01",
    "issues": "ISS-01",
    "changes": "CH-01",
    "interested_parties": "IP-01",
}

_SEPARATORS = re.compile(r"[\s,、，;；/／・]+")


class VocabularyError(ValueError):
    """A value that is not a word or a number of its field: the message says what is."""


def fold(text: str) -> str:
    """Full-width letters, digits and spaces made half-width; no surrounding space."""
    return unicodedata.normalize("NFKC", text).strip()


def split_items(values: Iterable[str]) -> list[str]:
    """`--affects a --affects b` or `--affects a,b` (also 、 ， ; / ・ and spaces), as one list."""
    return [item for value in values for item in _SEPARATORS.split(fold(value)) if item]


def rating_words(top: int, names: Mapping[int, str] | None = None) -> dict[str, int]:
    """The words a rating may be written as: the scale's own level names (from isms.yaml), and
    high/medium/low (高/中/低, H/M/L) on a three-level scale, high/low (高/低) on a two-level
    one."""
    words = {normalise(name): level for level, name in (names or {}).items() if name}
    if top == 3:
        for word, level in THREE_LEVELS.items():
            words.setdefault(normalise(word), level)
    if top == 2:  # as many municipalities rate integrity and availability: 高 or 低
        for word, level in THREE_LEVELS.items():
            if level != 2:
                words.setdefault(normalise(word), 2 if level == 3 else 1)
    return words


def read_rating(value: Any, name: str, scales: RatingScales, words: Mapping[str, int]) -> int:
    """A rating from a number, a numeral (full-width too) or a level name; within its scale."""
    top, scale = scales.top_for(name)
    number = _number(value)
    if number is None:
        number = words.get(normalise(str(value)))
    if number is None:
        named = sorted(words.items(), key=lambda item: -item[1])
        known = ", ".join(f"{word}={level}" for word, level in named)
        also = message(", or a level name ({known})", known=known) if known else ""
        raise VocabularyError(
            message(
                ("'{value}' is not a rating on the {scale} scale: write a number 1..{top}{also}"),
                value=value,
                scale=message(scale),
                top=top,
                also=also,
            )
        )
    if not 1 <= number <= top:
        raise VocabularyError(
            message(
                "{number} is outside the {scale} scale 1..{top}",
                number=number,
                scale=message(scale),
                top=top,
            )
        )
    return number


def _number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = fold(str(value))
    return int(text) if text.isascii() and text.isdecimal() else None


def read_word(value: Any, kind: str, field: str | None = None) -> str:
    """One word of a kind (class, property, treatment, status) in English or Japanese."""
    choices = CHOICES[kind]
    index = {normalise(word): target for word, target in WORDS[kind].items()}
    index |= {normalise(choice): choice for choice in choices}
    found = index.get(normalise(str(value)))
    if found is None:
        local = ", ".join(word for word, target in WORDS[kind].items() if target in choices)
        raise VocabularyError(
            message(
                ("'{value}' is not a {field}: write one of {choices} (or {local})"),
                value=value,
                field=field or kind,
                choices=", ".join(choices),
                local=local,
            )
        )
    return found


def read_words(values: Iterable[str], kind: str, field: str | None = None) -> list[str]:
    """A list of words, each once, in the order written."""
    found: list[str] = []
    for item in split_items(values):
        word = read_word(item, kind, field)
        if word not in found:
            found.append(word)
    return found


def next_free_id(identifier: str, taken: set[str]) -> str:
    """`identifier`, or the first number after it that no entry has (A-009 → A-010)."""
    match = re.fullmatch(r"(.*?)(\d+)", identifier)
    if match is None:
        return identifier
    prefix, digits = match.groups()
    number = int(digits)
    while identifier in taken:
        number += 1
        identifier = f"{prefix}{number:0{len(digits)}d}"
    return identifier


def scale_level_names(config: Any) -> dict[str, dict[int, str]]:
    """Level names per scale that isms.yaml may give (risk criteria: scale → level → name).

    Read by shape, not by model, so that it works whichever way the criteria are written:
    `{scale: {3: 高, ...}}`, `{scale: [{level: 3, name: 高}, ...]}` or models of the same.
    """
    risk = getattr(config, "risk", None)
    criteria = next(
        (
            found
            for name in ("criteria", "scale_levels", "scale_names", "level_names")
            if (found := getattr(risk, name, None)) is not None
        ),
        None,
    )
    if criteria is None:
        return {}
    if hasattr(criteria, "model_dump"):
        criteria = criteria.model_dump()
    if isinstance(criteria, Mapping) and isinstance(criteria.get("scales"), Mapping):
        criteria = criteria["scales"]
    names: dict[str, dict[int, str]] = {}
    for scale, levels in dict(criteria).items() if isinstance(criteria, Mapping) else ():
        named = _level_names(levels)
        if named:
            names[str(scale)] = named
    return names


def _level_names(levels: Any) -> dict[int, str]:
    if hasattr(levels, "model_dump"):
        levels = levels.model_dump()
    if isinstance(levels, Mapping) and "levels" in levels:
        levels = levels["levels"]
    if isinstance(levels, Mapping):
        items = [(key, value) for key, value in levels.items()]
    elif isinstance(levels, list):
        items = [(_get(level, "level", "value", "rating"), level) for level in levels]
    else:
        return {}
    named = {}
    for key, value in items:
        name = value if isinstance(value, str) else _get(value, "name", "label")
        number = _number(key) if key is not None else None
        if number is not None and isinstance(name, str) and name.strip():
            named[number] = name.strip()
    return named


def _get(item: Any, *keys: str) -> Any:
    for key in keys:
        value = item.get(key) if isinstance(item, Mapping) else getattr(item, key, None)
        if value is not None:
            return value
    return None


def names_for(rating: str, names: Mapping[str, Mapping[int, str]]) -> Mapping[int, str]:
    """The level names of the scale a rating field is on (C/I/A: their own, else `value`)."""
    scale = rating.removeprefix("residual_")
    return names.get(scale) or (names.get("value", {}) if scale in PROPERTIES else {})


def read_fields(
    fields: Mapping[str, Any],
    scales: RatingScales,
    names: Mapping[str, Mapping[int, str]] | None = None,
) -> dict[str, Any]:
    """What a command was given, as register values; a VocabularyError names the option."""
    read: dict[str, Any] = {}
    for name, value in fields.items():
        try:
            read[name] = read_field(name, value, scales, names or {})
        except VocabularyError as error:
            raise VocabularyError(
                message("--{option}: {error}", option=name.replace("_", "-"), error=error.args[0])
            ) from None
    return read


def read_field(
    name: str, value: Any, scales: RatingScales, names: Mapping[str, Mapping[int, str]]
) -> Any:
    """One field's value: ratings, words and word lists read; anything else as it is."""
    if value is None or isinstance(value, bool):
        return value
    if name in RATINGS and isinstance(value, str | int | float):
        words = rating_words(scales.top_for(name)[0], names_for(name, names))
        return read_rating(value, name, scales, words)
    if name in WORD_FIELDS and isinstance(value, str):
        return read_word(value, WORD_FIELDS[name], name)
    if name in WORD_LISTS and isinstance(value, str | list | tuple):
        items = [value] if isinstance(value, str) else [str(item) for item in value]
        return read_words(items, WORD_LISTS[name], name)
    return value
