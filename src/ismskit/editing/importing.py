"""`isms import`: the rows of a sheet become register entries.

Every row is read and checked (through the register's model) before anything is planned; a row
is matched to an existing entry by id (or by `--key`), only the fields that differ are changed,
and new rows are added at the end of the register. Importing the same sheet again changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from ismskit.editing import headers as vocabulary
from ismskit.editing.cells import CellError, CellReader
from ismskit.editing.spreadsheet import Cell, Table, column_letter
from ismskit.editing.writer import EditSession, field_order
from ismskit.editing.yaml_text import REMOVE, plain
from ismskit.errors import UsageError
from ismskit.findings import Finding, Severity
from ismskit.models.entries import ID_FIELDS, REGISTER_MODELS, SINGULAR_NAMES
from ismskit.models.types import RatingScales, normalize_control_id
from ismskit.repository.validation import translate_errors
from ismskit.yaml.located import LocatedDocument

HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class ImportOptions:
    register: str
    mapping: dict[str, str] = field(default_factory=dict)  # header or column letter → field
    value_map: dict[str, int] = field(default_factory=dict)  # rating word → number
    key: str | None = None  # the field (or header) rows are matched by; default the id
    file: str | None = None  # where new entries go


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    header: str
    field: str


@dataclass
class ImportPlan:
    """The checked rows, ready to apply; `findings` non-empty means nothing may be applied."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    updates: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    additions: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0  # rows read below the header
    sources: dict[str, int] = field(default_factory=dict)  # entry id → the row it comes from


def plan_import(session: EditSession, table: Table, options: ImportOptions) -> ImportPlan:
    """Read and check every row; when all are right, plan them on the session."""
    reader = _RowReader(session, table, options)
    plan = reader.read()
    if not plan.findings:
        for identifier, changes in plan.updates:
            session.update(options.register, identifier, changes)
        for fields in plan.additions:
            session.add(options.register, fields, options.file)
    return plan


class _RowReader:
    def __init__(self, session: EditSession, table: Table, options: ImportOptions) -> None:
        self.session = session
        self.table = table
        self.options = options
        self.register = options.register
        self.model: type[BaseModel] = REGISTER_MODELS[options.register]
        config = session.before.isms.config
        self.scales = config.risk.scales.rating_scales() if config else RatingScales()
        self.cells = CellReader(self.scales, options.value_map, options.register)
        self.plan = ImportPlan()
        self.sheet_ids: set[str] = set()
        self.attributes = {
            info.alias or name: name for name, info in self.model.model_fields.items()
        }

    def read(self) -> ImportPlan:
        found = self._header()
        if found is None:
            return self.plan
        header_row, columns = found
        key_field = self._key_field(columns)
        if key_field is None:
            return self.plan
        existing = self._existing(key_field)
        self.sheet_ids = self._ids_in_sheet(header_row, columns)
        seen: dict[str, int] = {}
        for position in range(header_row + 1, len(self.table.rows)):
            self._row(position, columns, key_field, existing, seen)
        self.plan.rows = len(self.table.rows) - header_row - 1
        return self.plan

    # The header row and the columns

    def _header(self) -> tuple[int, list[Column]] | None:
        recognised = vocabulary.header_index(self.register)
        for field_name in self.options.mapping.values():
            if field_name not in vocabulary.HEADERS[self.register]:
                known = ", ".join(vocabulary.HEADERS[self.register])
                raise UsageError(
                    f"--map: '{field_name}' is not a field of {self.register}; fields: {known}"
                )
        best: tuple[int, list[Column]] | None = None
        for position, row in enumerate(self.table.rows[:HEADER_SEARCH_ROWS]):
            columns = self._columns(row, recognised)
            if len(columns) >= 2 and (best is None or len(columns) > len(best[1])):
                best = (position, columns)
        if best is None:
            self._finding(
                self.table.numbers[0] if self.table.numbers else 1,
                1,
                "no header row found (a row naming at least two columns, such as ID and "
                "name): name the columns with --map HEADER=field",
            )
            return None
        self._check_columns(*best)
        return None if self.plan.findings else best

    def _columns(self, row: tuple[Cell, ...], recognised: dict[str, str]) -> list[Column]:
        mapping = {vocabulary.normalise(key): value for key, value in self.options.mapping.items()}
        columns = []
        for index, cell in enumerate(row):
            header = "" if cell is None else str(cell).strip()
            letter = column_letter(index + 1).lower()
            name = vocabulary.normalise(header) if header else ""
            chosen = (
                mapping.get(name) or mapping.get(letter) or (recognised.get(name) if name else None)
            )
            if chosen is not None:
                columns.append(Column(index, header or letter.upper(), chosen))
        return columns

    def _check_columns(self, position: int, columns: list[Column]) -> None:
        number = self.table.numbers[position]
        by_field: dict[str, Column] = {}
        for column in columns:
            if column.field in by_field:
                first = by_field[column.field]
                self._finding(
                    number,
                    column.index + 1,
                    f"columns {column_letter(first.index + 1)} ({first.header}) and "
                    f"{column_letter(column.index + 1)} ({column.header}) both read as "
                    f"'{column.field}': map one of them elsewhere with --map",
                    header=column.header,
                )
            by_field.setdefault(column.field, column)
        used = {column.index for column in columns}
        computed = {vocabulary.normalise(name) for name in vocabulary.COMPUTED}
        for index, cell in enumerate(self.table.rows[position]):
            header = "" if cell is None else str(cell).strip()
            if index in used or not header or vocabulary.normalise(header) in computed:
                continue
            self.plan.notes.append(
                f"column {column_letter(index + 1)} ({header}) is not imported; "
                f"--map '{header}=FIELD' reads it"
            )

    def _key_field(self, columns: list[Column]) -> str | None:
        key = self.options.key
        id_field = ID_FIELDS[self.register]
        if key is None:
            chosen = id_field
        else:
            recognised = vocabulary.header_index(self.register)
            chosen = (
                key
                if key in vocabulary.HEADERS[self.register]
                else recognised.get(vocabulary.normalise(key), "")
            )
            if not chosen:
                raise UsageError(f"--key {key}: not a field or header of {self.register}")
        if chosen != id_field and chosen not in {column.field for column in columns}:
            raise UsageError(f"--key {key}: the sheet has no column for '{chosen}'")
        mapped = {column.field for column in columns}
        if chosen == id_field and id_field not in mapped:
            if self.register == "soa":
                raise UsageError("the sheet has no column of controls (管理策番号, control)")
            # Rows without ids would be added again on every import of the same sheet.
            raise UsageError(
                "the sheet has no id column (ID, 管理番号): add one, or name the column that "
                f"tells its rows apart with --key (such as --key {self._name_header()}), so "
                "that importing it again changes nothing"
            )
        return chosen

    def _name_header(self) -> str:
        return "name" if "name" in vocabulary.HEADERS[self.register] else "id"

    def _existing(self, key_field: str) -> dict[str, tuple[str, dict[str, Any]]]:
        existing: dict[str, tuple[str, dict[str, Any]]] = {}
        for identifier, entry in self.session.raw_entries(self.register):
            value = entry.get(key_field)
            if value is not None:
                existing.setdefault(self._key_text(key_field, value), (identifier, entry))
        return existing

    def _key_text(self, key_field: str, value: Any) -> str:
        text = unicodedata.normalize("NFKC", str(getattr(value, "text", value))).strip()
        return normalize_control_id(text) if key_field == "control" else text

    # One row

    def _row(
        self,
        position: int,
        columns: list[Column],
        key_field: str,
        existing: dict[str, tuple[str, dict[str, Any]]],
        seen: dict[str, int],
    ) -> None:
        row = self.table.rows[position]
        number = self.table.numbers[position]
        values = self._values(row, number, columns)
        if values is None:
            return
        key_value = values.get(key_field)
        key_text = self._key_text(key_field, key_value) if key_value is not None else None
        if key_text is not None and key_text in seen:
            column = next(c for c in columns if c.field == key_field)
            self._finding(
                number,
                column.index + 1,
                f"'{key_text}' is on row {seen[key_text]} as well: each entry once",
                header=column.header,
            )
            return
        if key_text is not None:
            seen[key_text] = number
        match = existing.get(key_text) if key_text is not None else None
        if match is not None:
            self._update(number, columns, values, *match)
        else:
            self._addition(number, columns, values, key_field)

    def _values(
        self, row: tuple[Cell, ...], number: int, columns: list[Column]
    ) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        failed = False
        for column in columns:
            cell = row[column.index] if column.index < len(row) else None
            try:
                values[column.field] = self.cells.read(column.field, cell)
            except CellError as error:
                self._finding(number, column.index + 1, str(error), header=column.header)
                failed = True
        return None if failed else values

    def _update(
        self,
        number: int,
        columns: list[Column],
        values: dict[str, Any],
        identifier: str,
        entry: dict[str, Any],
    ) -> None:
        id_field = ID_FIELDS[self.register]
        merged = dict(entry)
        for name, value in values.items():
            if name == id_field:
                continue
            if value is None:
                merged.pop(name, None)
            else:
                merged[name] = value
        new = self._validated(number, columns, merged)
        if new is None:
            return
        old = self._quietly_validated(entry)
        changes = {}
        for name, value in values.items():
            if name == id_field:
                continue
            if not self._same(name, old, new, entry.get(name), value):
                changes[name] = REMOVE if value is None else value
        if changes:
            self.plan.updates.append((identifier, changes))
            self.plan.sources[identifier] = number

    def _same(
        self, name: str, old: BaseModel | None, new: BaseModel, written: Any, value: Any
    ) -> bool:
        if old is not None:
            attribute = self.attributes[name]
            return bool(getattr(old, attribute) == getattr(new, attribute))
        return bool(plain(written) == plain(value))

    def _addition(
        self, number: int, columns: list[Column], values: dict[str, Any], key_field: str
    ) -> None:
        id_field = ID_FIELDS[self.register]
        fields = {name: value for name, value in values.items() if value is not None}
        if key_field != id_field and key_field not in fields:
            column = next(c for c in columns if c.field == key_field)
            self._finding(number, column.index + 1, "the key is empty", header=column.header)
            return
        if id_field not in fields:
            fields[id_field] = self._next_id()
        if self._validated(number, columns, fields) is not None:
            ordered = {name: fields[name] for name in field_order(self.register) if name in fields}
            self.plan.additions.append(ordered)
            self.plan.sources[str(fields[id_field])] = number

    def _ids_in_sheet(self, header_row: int, columns: list[Column]) -> set[str]:
        """The ids the sheet itself gives: a number made up for another row must not be one."""
        column = next((c for c in columns if c.field == ID_FIELDS[self.register]), None)
        if column is None:
            return set()
        ids = set()
        for row in self.table.rows[header_row + 1 :]:
            cell = row[column.index] if column.index < len(row) else None
            if cell is not None and str(cell).strip():
                ids.add(self._key_text(column.field, cell))
        return ids

    def _next_id(self) -> str:
        taken = {str(fields[ID_FIELDS[self.register]]) for fields in self.plan.additions}
        try:
            identifier = self.session.next_id(self.register)
        except UsageError:
            raise UsageError(
                f"rows without an id need one, and {self.register} have no numbered id to "
                "follow: fill in the id column"
            ) from None
        prefix = re.fullmatch(r"(.*?)(\d+)", identifier)
        assert prefix is not None
        digits, number = len(prefix.group(2)), int(prefix.group(2))
        while identifier in taken or identifier in self.sheet_ids:
            number += 1
            identifier = f"{prefix.group(1)}{number:0{digits}d}"
        return identifier

    def _validated(
        self, number: int, columns: list[Column], candidate: dict[str, Any]
    ) -> BaseModel | None:
        try:
            return self.model.model_validate(candidate, context={"scales": self.scales})
        except ValidationError as error:
            document = LocatedDocument(self.table.file, candidate)
            subject = f"this {SINGULAR_NAMES.get(self.register, self.register)} row"
            for detail in error.errors():
                name = str(detail["loc"][0]) if detail["loc"] else ""
                column = next((c for c in columns if c.field == name), None)
                for finding in translate_errors([detail], document, (), self.model, subject):
                    self._finding(
                        number,
                        column.index + 1 if column else 1,
                        finding.message,
                        header=column.header if column else None,
                        rule=finding.rule,
                    )
            return None

    def _quietly_validated(self, entry: dict[str, Any]) -> BaseModel | None:
        try:
            return self.model.model_validate(entry, context={"scales": self.scales})
        except ValidationError:
            return None

    def _finding(
        self,
        row: int,
        column: int,
        message: str,
        *,
        header: str | None = None,
        rule: str = "import-value",
    ) -> None:
        where = self.table.where(row, column, header)
        self.plan.findings.append(
            Finding(Severity.ERROR, rule, self.table.file, row, column, f"{where}: {message}")
        )
