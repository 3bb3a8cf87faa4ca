"""Reading one spreadsheet cell as a register value: ids folded to half-width, words mapped."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from ismskit.editing import headers as vocabulary
from ismskit.editing.headers import normalise
from ismskit.editing.spreadsheet import Cell
from ismskit.editing.vocabulary import (
    RATINGS,
    WORD_LISTS,
    VocabularyError,
    fold,
    names_for,
    rating_words,
    read_rating,
    read_word,
    read_words,
    split_items,
)
from ismskit.editing.vocabulary import WORD_FIELDS as WORD_FIELD_KINDS
from ismskit.messages import message
from ismskit.models.types import RatingScales, normalize_control_id

IDS = frozenset(("id", "asset", "threat", "control"))
ID_LISTS = frozenset(("controls", "existing_controls", "evidence", "risks", "records", "clauses"))
DATES = frozenset(
    ("accepted_on", "due", "reviewed_on", "identified_on", "planned_on", "done_on", "approved_on")
)
BOOLEANS = frozenset(("applicable", "climate_change", "relevant"))
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
# Hyphens, dashes and the long-vowel mark that ledgers type inside ids (Ａ‐００１, A−001, Aー001).
_DASHES = re.compile("[\u2010-\u2015\u2212\u30fc\uff70]")
# The fields whose cells hold words, where a --value-map WORD=VALUE without a column applies.
WORD_FIELDS = frozenset((*RATINGS, *WORD_FIELD_KINDS, *WORD_LISTS, *BOOLEANS, "type"))


class CellError(Exception):
    """A cell that cannot be read as its field's value."""


class CellReader:
    """Reads cells on the rating scales of isms.yaml: a rating is a number, a level name of its
    scale (isms.yaml's names, else 高/中/低 on a three-level scale) or a word of --value-map."""

    def __init__(
        self,
        scales: RatingScales,
        value_map: Mapping[str, str],
        level_names: Mapping[str, Mapping[int, str]] | None = None,
        register: str = "",
    ) -> None:
        self.scales = scales
        self.value_map = {normalise(word): value for word, value in value_map.items()}
        self.level_names = level_names or {}
        # words of this register's own enumerations (a change's status is not a control's)
        choices = vocabulary.REGISTER_CHOICES.get(register, {})
        self.register_words = {
            name: (words, choices.get(name, ()))
            for name, words in vocabulary.REGISTER_WORDS.get(register, {}).items()
        }

    def read(self, name: str, cell: Cell, words: Mapping[str, str] | None = None) -> Any:
        """The value of a cell for a field; None when it is empty. `words` maps this column's
        words to values (--value-map COLUMN:WORD=VALUE); the map without a column applies to
        the columns of word fields."""
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            return None
        mapped = {**(self.value_map if name in WORD_FIELDS else {}), **(words or {})}
        if mapped:
            cell = _mapped(name, cell, mapped)
        try:
            return self._read(name, cell)
        except VocabularyError as error:
            raise CellError(error.args[0]) from None

    def _read(self, name: str, cell: Cell) -> Any:
        if name in RATINGS:
            return self._rating(name, cell)
        if name in DATES:
            return _date(cell)
        if name == "accepted_score":
            return _whole_number(name, cell)
        if name in BOOLEANS:
            return _yes_no(cell, name)
        if name in self.register_words:
            words, choices = self.register_words[name]
            return _word(name, cell, words, choices)
        if name in WORD_FIELD_KINDS:
            return read_word(_text(cell), WORD_FIELD_KINDS[name], name)
        if name in WORD_LISTS:
            return read_words([_text(cell)], WORD_LISTS[name], name)
        if name in ID_LISTS or name in IDS:
            return _ids(name, cell)
        return _text(cell)

    def _rating(self, name: str, cell: Cell) -> int:
        top = self.scales.top_for(name)[0]
        if isinstance(cell, bool):
            raise CellError(
                message(
                    "{name} must be a number 1..{top}, not {cell}", name=name, top=top, cell=cell
                )
            )
        words = rating_words(top, names_for(name, self.level_names))
        try:
            return read_rating(
                cell if isinstance(cell, int | float) else _text(cell), name, self.scales, words
            )
        except VocabularyError as error:
            if _number_of(cell) is not None:
                raise
            raise CellError(
                message(
                    "{error}; or map the word with --value-map '{value}=N'",
                    error=error.args[0],
                    value=fold(_text(cell)),
                )
            ) from None


def _number_of(cell: Cell) -> int | None:
    text = fold(str(cell))
    return int(text) if text.isascii() and text.isdecimal() else None


def _mapped(name: str, cell: Cell, words: Mapping[str, str]) -> Cell:
    """The cell with its words replaced by their values (each item of a list)."""
    if not isinstance(cell, str):
        found = words.get(normalise(_text(cell)))
        return cell if found is None else found
    whole = words.get(normalise(cell))
    if whole is not None:
        return whole
    if name in WORD_LISTS or name in ID_LISTS:
        items = split_items([cell])
        return ", ".join(words.get(normalise(item), item) for item in items)
    return cell


_YES = {vocabulary.normalise(word) for word in vocabulary.YES}
_NO = {vocabulary.normalise(word) for word in vocabulary.NO}


def _ids(name: str, cell: Cell) -> str | list[str]:
    """An id, or a list of ids; control ids in their catalogue form (5.1 → A.5.1)."""
    if "control" in name and isinstance(cell, float):
        # 5.10 typed into a cell is the number 5.1: the control it meant is lost
        raise CellError(
            message(
                (
                    "{cell} is a number, so a control such as 5.10 cannot be told from "
                    "5.1: format the cell as text and type the id (A.5.10)"
                ),
                cell=f"{cell:g}",
            )
        )
    if name in ID_LISTS:
        items = [_DASHES.sub("-", fold(item)) for item in _items(cell)]
        return [normalize_control_id(item) for item in items] if "controls" in name else items
    text = _DASHES.sub("-", fold(_text(cell)))
    return normalize_control_id(text) if name == "control" else text


def _text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    return str(cell).strip()


def _items(cell: Cell) -> list[str]:
    return split_items([_text(cell)])


def _word(name: str, cell: Cell, words: Mapping[str, str], choices: tuple[str, ...]) -> str:
    """A word of a register's own enumeration (a change's status, an issue's type)."""
    index = vocabulary.word_index({**words, **{choice: choice for choice in choices}})
    found = index.get(normalise(_text(cell)))
    if found is None:
        raise CellError(
            message(
                "'{cell}' is not a {name}: write one of {known} (or {local})",
                cell=cell,
                name=name,
                known=", ".join(choices),
                local=", ".join(word for word, value in words.items() if value in choices),
            )
        )
    return found


def _whole_number(name: str, cell: Cell) -> int:
    text = fold(str(int(cell) if isinstance(cell, float) and cell.is_integer() else cell))
    if isinstance(cell, bool) or not (text.isdecimal() and text.isascii()) or int(text) < 1:
        raise CellError(
            message(
                "{name} must be a whole number of 1 or more, not '{cell}'", name=name, cell=cell
            )
        )
    return int(text)


def _yes_no(cell: Cell, name: str) -> bool:
    if isinstance(cell, bool):
        return cell
    word = vocabulary.normalise(_text(cell))
    if word in _YES:
        return True
    if word in _NO:
        return False
    if name != "applicable":
        raise CellError(
            message("'{cell}' is not a yes or a no: write はい / いいえ (or yes / no)", cell=cell)
        )
    raise CellError(
        message(
            ("'{cell}' is not applicable or excluded: write 適用 / 除外 (or yes / no)"), cell=cell
        )
    )


def _date(cell: Cell) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    match = _DATE.fullmatch(fold(_text(cell)))
    if match is not None:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(message("'{cell}' is not a date: write it as YYYY-MM-DD", cell=cell))
