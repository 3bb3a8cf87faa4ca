"""Reading one spreadsheet cell as a register value: ids folded to half-width, words mapped."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from ismskit.editing import headers as vocabulary
from ismskit.editing.spreadsheet import Cell
from ismskit.models.registers import RISK_RATINGS
from ismskit.models.types import PROPERTIES, RatingScales, normalize_control_id

RATINGS = frozenset((*PROPERTIES, *RISK_RATINGS))
IDS = frozenset(("id", "asset", "threat", "control"))
ID_LISTS = frozenset(("controls", "existing_controls", "evidence", "risks", "records", "clauses"))
DATES = frozenset(
    ("accepted_on", "due", "reviewed_on", "identified_on", "planned_on", "done_on", "approved_on")
)
BOOLEANS = frozenset(("applicable", "climate_change", "relevant"))
_WORDS = {
    "class": vocabulary.CLASS_VALUES,
    "treatment": vocabulary.TREATMENT_VALUES,
    "status": vocabulary.STATUS_VALUES,
}
_CHOICES = {
    "class": ("information", "software", "physical", "service"),
    "treatment": ("reduce", "accept", "avoid", "transfer"),
    "status": ("implemented", "partial", "planned", "not-implemented"),
    "affects": ("confidentiality", "integrity", "availability"),
}
_SEPARATORS = re.compile(r"[\s,、，;；/／・]+")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


class CellError(Exception):
    """A cell that cannot be read as its field's value."""


class CellReader:
    """Reads cells on the rating scales of isms.yaml, with the rating words of --value-map."""

    def __init__(self, scales: RatingScales, value_map: dict[str, int], register: str = "") -> None:
        self.scales = scales
        self.value_map = {vocabulary.normalise(word): n for word, n in value_map.items()}
        # words of this register's own enumerations (a change's status is not a control's)
        self.words = {**_WORDS, **vocabulary.REGISTER_WORDS.get(register, {})}
        self.choices = {**_CHOICES, **vocabulary.REGISTER_CHOICES.get(register, {})}

    def read(self, name: str, cell: Cell) -> Any:
        """The value of a cell for a field; None when it is empty."""
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            return None
        if name in RATINGS:
            return self._rating(name, cell)
        if name in DATES:
            return _date(cell)
        if name == "accepted_score":
            return _whole_number(name, cell)
        if name in BOOLEANS:
            return _yes_no(cell, name)
        if name in self.words:
            return _word(name, cell, self.words[name], self.choices.get(name, ()))
        if name == "affects":
            return [_word(name, item, vocabulary.PROPERTY_VALUES) for item in _items(cell)]
        if name == "classes":
            return [_word("class", item, vocabulary.CLASS_VALUES) for item in _items(cell)]
        if name in ID_LISTS or name in IDS:
            return _ids(name, cell)
        return _text(cell)

    def _rating(self, name: str, cell: Cell) -> int:
        top, scale = self.scales.top_for(name)
        if isinstance(cell, bool):
            raise CellError(f"{name} must be a number 1..{top}, not {cell}")
        if isinstance(cell, float) and cell.is_integer():
            return int(cell)
        if isinstance(cell, int):
            return cell
        text = _folded(str(cell))
        if text.isdecimal() and text.isascii():
            return int(text)
        word = vocabulary.normalise(text)
        if word in self.value_map:
            return self.value_map[word]
        if top == 3 and word in _THREE_LEVELS:
            return _THREE_LEVELS[word]
        raise CellError(
            f"'{cell}' is not a rating on the {scale} scale 1..{top}: write the number, or map "
            f"the word with --value-map '{text}=N'"
        )


_THREE_LEVELS = {vocabulary.normalise(word): n for word, n in vocabulary.THREE_LEVELS.items()}
_YES = {vocabulary.normalise(word) for word in vocabulary.YES}
_NO = {vocabulary.normalise(word) for word in vocabulary.NO}


def _whole_number(name: str, cell: Cell) -> int:
    text = _folded(str(int(cell) if isinstance(cell, float) and cell.is_integer() else cell))
    if isinstance(cell, bool) or not (text.isdecimal() and text.isascii()) or int(text) < 1:
        raise CellError(f"{name} must be a whole number of 1 or more, not '{cell}'")
    return int(text)


def _ids(name: str, cell: Cell) -> str | list[str]:
    """An id, or a list of ids; control ids in their catalogue form (5.1 → A.5.1)."""
    if "control" in name and isinstance(cell, float):
        # 5.10 typed into a cell is the number 5.1: the control it meant is lost
        raise CellError(
            f"{cell:g} is a number, so a control such as 5.10 cannot be told from 5.1: format "
            "the cell as text and type the id (A.5.10)"
        )
    if name in ID_LISTS:
        items = [_folded(item) for item in _items(cell)]
        return [normalize_control_id(item) for item in items] if "controls" in name else items
    text = _folded(_text(cell))
    return normalize_control_id(text) if name == "control" else text


def _folded(text: str) -> str:
    """Full-width letters, digits and spaces made half-width; no surrounding space."""
    return unicodedata.normalize("NFKC", text).strip()


def _text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    return str(cell).strip()


def _items(cell: Cell) -> list[str]:
    return [item for item in _SEPARATORS.split(_folded(_text(cell))) if item]


def _word(name: str, cell: Cell, words: dict[str, str], choices: tuple[str, ...] = ()) -> str:
    choices = choices or _CHOICES.get(name, ())
    index = vocabulary.word_index({**words, **{choice: choice for choice in choices}})
    found = index.get(vocabulary.normalise(_text(cell)))
    if found is None:
        known = ", ".join(choices)
        local = ", ".join(word for word, value in words.items() if value in choices)
        raise CellError(f"'{cell}' is not a {name}: write one of {known} (or {local})")
    return found


def _yes_no(cell: Cell, name: str) -> bool:
    if isinstance(cell, bool):
        return cell
    word = vocabulary.normalise(_text(cell))
    if word in _YES:
        return True
    if word in _NO:
        return False
    if name != "applicable":
        raise CellError(f"'{cell}' is not a yes or a no: write はい / いいえ (or yes / no)")
    raise CellError(f"'{cell}' is not applicable or excluded: write 適用 / 除外 (or yes / no)")


def _date(cell: Cell) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    match = _DATE.fullmatch(_folded(_text(cell)))
    if match is not None:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(f"'{cell}' is not a date: write it as YYYY-MM-DD")
