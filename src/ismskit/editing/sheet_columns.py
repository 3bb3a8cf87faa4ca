"""Which columns of a sheet are which fields: the header row, found by the headers it names.

A ledger often opens with a title (merged cells), a date or a note above its header row; the
header row is the one of the first rows that names the most known columns. Each column is then
known by its header, its letter and its field, which is how --map, --value-map COLUMN:WORD=VALUE,
--key and --unit-by name a column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ismskit.editing import headers as vocabulary
from ismskit.editing.headers import normalise
from ismskit.editing.spreadsheet import Cell, Table, column_letter
from ismskit.errors import UsageError
from ismskit.messages import message
from ismskit.models.entries import ID_FIELDS

HEADER_SEARCH_ROWS = 10

# (row number, column number, message, header) → a finding of the import
Report = Callable[[int, int, str, str | None], None]


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    header: str
    field: str

    @property
    def letter(self) -> str:
        return column_letter(self.index + 1)


@dataclass(frozen=True)
class Header:
    """The header row (its position in the table) and what each of its cells names."""

    position: int
    columns: list[Column]
    cells: tuple[Cell, ...] = field(default=())

    def index_of(self, name: str) -> int | None:
        """The column a header text, a column letter or a field names (0-based), if any."""
        wanted = normalise(name)
        for column in self.columns:
            if wanted in (normalise(column.header), column.letter.lower(), normalise(column.field)):
                return column.index
        for index, cell in enumerate(self.cells):
            text = "" if cell is None else str(cell).strip()
            if wanted in (normalise(text), column_letter(index + 1).lower()) and text:
                return index
        return None

    def field_of(self, index: int) -> str | None:
        return next((column.field for column in self.columns if column.index == index), None)


def find_header(
    table: Table, register: str, mapping: Mapping[str, str], report: Report
) -> Header | None:
    """The row among the first ones that names the most columns (two at least)."""
    recognised = vocabulary.header_index(register)
    for field_name in mapping.values():
        if field_name not in vocabulary.HEADERS[register]:
            known = ", ".join(vocabulary.HEADERS[register])
            raise UsageError(
                message(
                    ("--map: '{field_name}' is not a field of {register}; fields: {known}"),
                    field_name=field_name,
                    register=register,
                    known=known,
                )
            )
    mapped = {normalise(key): value for key, value in mapping.items()}
    best: Header | None = None
    for position, row in _header_candidates(table):
        columns = _columns(row, recognised, mapped)
        if len(columns) >= 2 and (best is None or len(columns) > len(best.columns)):
            best = Header(position, columns, row)
    if best is None:
        report(
            table.numbers[0] if table.numbers else 1,
            1,
            message(
                "no header row found (a row naming at least two columns, such as ID and name): "
                "name the columns with --map HEADER=field"
            ),
            None,
        )
    return best


def _header_candidates(table: Table) -> list[tuple[int, tuple[Cell, ...]]]:
    """Each of the first rows, and each pair of rows read as one header: a ledger often heads a
    group of columns in one row (評価値) and names them in the next (機密性, 完全性, 可用性). The
    position is the header's last row: the data begins below it."""
    rows = table.rows[:HEADER_SEARCH_ROWS]
    candidates = list(enumerate(rows))
    for position in range(1, len(rows)):
        upper, lower = rows[position - 1], rows[position]
        width = max(len(upper), len(lower))
        joined = tuple(
            _cell_at(lower, index) if _has_text(_cell_at(lower, index)) else _cell_at(upper, index)
            for index in range(width)
        )
        candidates.append((position, joined))
    return candidates


def _cell_at(row: tuple[Cell, ...], index: int) -> Cell:
    return row[index] if index < len(row) else None


def _has_text(cell: Cell) -> bool:
    return cell is not None and bool(str(cell).strip())


def _columns(
    row: tuple[Cell, ...], recognised: Mapping[str, str], mapped: Mapping[str, str]
) -> list[Column]:
    columns = []
    for index, cell in enumerate(row):
        header = "" if cell is None else str(cell).strip()
        letter = column_letter(index + 1).lower()
        name = normalise(header) if header else ""
        chosen = mapped.get(name) or mapped.get(letter) or (recognised.get(name) if name else None)
        if chosen is not None:
            columns.append(Column(index, header or letter.upper(), chosen))
    return _without_row_counters(columns, mapped)


_COUNTERS = frozenset(normalise(name) for name in vocabulary.ROW_COUNTERS)


def _without_row_counters(columns: list[Column], mapped: Mapping[str, str]) -> list[Column]:
    """A "No." column beside a 管理番号 column numbers the rows: the id is the other one."""
    counted = Counter(column.field for column in columns)

    def is_counter(column: Column) -> bool:
        name = normalise(column.header)
        return counted[column.field] > 1 and name in _COUNTERS and name not in mapped

    return [column for column in columns if not is_counter(column)]


def check_columns(table: Table, header: Header, report: Report) -> list[str]:
    """Two columns read as one field are a finding; the notes name the columns that are not
    imported."""
    number = table.numbers[header.position]
    by_field: dict[str, Column] = {}
    for column in header.columns:
        first = by_field.setdefault(column.field, column)
        if first is not column:
            report(
                number,
                column.index + 1,
                message(
                    (
                        "columns {letter} ({header}) and {letter2} ({header2}) both read as "
                        "'{field}': map one of them elsewhere with --map"
                    ),
                    letter=first.letter,
                    header=first.header,
                    letter2=column.letter,
                    header2=column.header,
                    field=column.field,
                ),
                column.header,
            )
    return _unimported(header)


def key_field_of(register: str, key: str | None, columns: list[Column]) -> str:
    """The field rows are matched by: --key (a field or a header), else the id."""
    id_field: str = ID_FIELDS[register]
    chosen: str
    if key is None:
        chosen = id_field
    else:
        recognised = vocabulary.header_index(register)
        chosen = (
            key
            if key in vocabulary.HEADERS[register]
            else recognised.get(vocabulary.normalise(key), "")
        )
        if not chosen:
            raise UsageError(
                message(
                    "--key {key}: not a field or header of {register}", key=key, register=register
                )
            )
    if chosen != id_field and chosen not in {column.field for column in columns}:
        raise UsageError(
            message("--key {key}: the sheet has no column for '{chosen}'", key=key, chosen=chosen)
        )
    mapped = {column.field for column in columns}
    if chosen == id_field and id_field not in mapped:
        if register == "soa":
            raise UsageError(message("the sheet has no column of controls (管理策番号, control)"))
        # Rows without ids would be added again on every import of the same sheet.
        raise UsageError(
            message(
                (
                    "the sheet has no id column (ID, 管理番号): add one, or name the column "
                    "that tells its rows apart with --key (such as --key {value}), so that "
                    "importing it again changes nothing"
                ),
                value=_name_field(register),
            )
        )
    return chosen


def _name_field(register: str) -> str:
    return "name" if "name" in vocabulary.HEADERS[register] else "id"


def missing_column(register: str, name: str) -> str:
    """What to say when a new row needs a field that no column of the sheet holds."""
    headers = ", ".join(vocabulary.HEADERS[register].get(name, ())[:4])
    return message(
        (
            "the sheet has no column for '{name}' ({headers}), which a new entry "
            "needs: add one, or name the column that holds it with --map "
            "HEADER={name}"
        ),
        name=name,
        headers=headers,
    )


def _unimported(header: Header) -> list[str]:
    used = {column.index for column in header.columns}
    computed = {normalise(name) for name in vocabulary.COMPUTED}
    notes: list[str] = []
    for index, cell in enumerate(header.cells):
        text = "" if cell is None else str(cell).strip()
        if index in used or not text or normalise(text) in computed | _COUNTERS:
            continue
        notes.append(
            message(
                ("column {column} ({text}) is not imported; --map '{text}=FIELD' reads it"),
                column=column_letter(index + 1),
                text=text,
            )
        )
    return notes
