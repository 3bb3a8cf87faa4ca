"""`isms import`: the rows of a sheet become register entries.

Every row is read and checked (through the register's model) before anything is planned; a row
is matched to an existing entry by id (or by `--key`), only the fields that differ are changed,
and new rows are added at the end of the register (in the file of their unit with `--unit-by`).
Importing the same sheet again changes nothing. A row with neither an id nor a name (a note, a
total, a blank line of the ledger) is skipped and named in the summary.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from ismskit.editing import headers as vocabulary
from ismskit.editing.cells import CellError, CellReader
from ismskit.editing.routing import RoutingError, UnitRouter, build_router
from ismskit.editing.sheet_columns import (
    Column,
    Header,
    check_columns,
    find_header,
    key_field_of,
    missing_column,
)
from ismskit.editing.spreadsheet import Cell, Table
from ismskit.editing.vocabulary import next_free_id, scale_level_names
from ismskit.editing.writer import EditSession, field_order
from ismskit.editing.yaml_text import REMOVE, plain
from ismskit.errors import UsageError
from ismskit.findings import Finding, Severity
from ismskit.messages import message
from ismskit.models.entries import ID_FIELDS, REGISTER_MODELS, SINGULAR_NAMES
from ismskit.models.types import RatingScales, normalize_control_id
from ismskit.repository.validation import translate_errors
from ismskit.yaml.located import LocatedDocument


@dataclass(frozen=True)
class ImportOptions:
    register: str
    mapping: dict[str, str] = field(default_factory=dict)  # header or column letter → field
    value_map: dict[str, str] = field(default_factory=dict)  # word → value, in word columns
    column_values: dict[str, dict[str, str]] = field(default_factory=dict)  # column → word → value
    key: str | None = None  # the field (or header) rows are matched by; default the id
    file: str | None = None  # where new entries go
    unit_by: str | None = None  # the column whose value names the unit (file) of a new row
    unit_map: dict[str, str] = field(default_factory=dict)  # value → unit or file


@dataclass
class ImportPlan:
    """The checked rows, ready to apply; `findings` non-empty means nothing may be applied."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    updates: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    additions: list[tuple[dict[str, Any], str | None]] = field(default_factory=list)
    rows: int = 0  # rows read below the header
    unchanged: int = 0  # rows that match an entry as it is
    skipped: list[tuple[int, str]] = field(default_factory=list)  # row number, why
    sources: dict[str, int] = field(default_factory=dict)  # entry id → the row it comes from


def plan_import(session: EditSession, table: Table, options: ImportOptions) -> ImportPlan:
    """Read and check every row; when all are right, plan them on the session."""
    reader = _RowReader(session, table, options)
    plan = reader.read()
    if not plan.findings:
        for identifier, changes in plan.updates:
            session.update(options.register, identifier, changes)
        for fields, file in plan.additions:
            session.add(options.register, fields, file)
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
        self.cells = CellReader(
            self.scales, options.value_map, scale_level_names(config), options.register
        )
        self.plan = ImportPlan()
        self.sheet_ids: set[str] = set()
        # The values of each entry's first row: an export repeats them on the row of each item of
        # the entry's list (findings, actions), which is not imported.
        self._first_values: dict[str, dict[str, Any]] = {}
        self.attributes = {
            info.alias or name: name for name, info in self.model.model_fields.items()
        }
        self.column_words: dict[int, dict[str, str]] = {}
        self.unit_column: int | None = None
        self.router: UnitRouter | None = None
        self.header = Header(0, [])
        self.missing: set[str] = set()

    def read(self) -> ImportPlan:
        header = find_header(self.table, self.register, self.options.mapping, self._report)
        if header is None:
            return self.plan
        self.header = header
        self.plan.notes += check_columns(self.table, header, self._report)
        if self.plan.findings:
            return self.plan
        key_field = key_field_of(self.register, self.options.key, header.columns)
        self._prepare(header)
        existing = self._existing(key_field)
        self.sheet_ids = self._ids_in_sheet(header)
        seen: dict[str, int] = {}
        for position in range(header.position + 1, len(self.table.rows)):
            self._row(position, header.columns, key_field, existing, seen)
        self.plan.rows = len(self.table.rows) - header.position - 1
        return self.plan

    # The columns that --value-map COLUMN:WORD=VALUE and --unit-by name

    def _prepare(self, header: Header) -> None:
        for column_name, words in self.options.column_values.items():
            index = header.index_of(column_name)
            if index is None:
                raise UsageError(
                    f"--value-map {column_name}:...: the sheet has no column '{column_name}' "
                    "(name a column by its header, its letter or its field)"
                )
            mapped = {vocabulary.normalise(word): value for word, value in words.items()}
            self.column_words.setdefault(index, {}).update(mapped)
        if self.options.unit_by is not None:
            self.unit_column = header.index_of(self.options.unit_by)
            if self.unit_column is None:
                raise UsageError(f"--unit-by {self.options.unit_by}: the sheet has no such column")
            self.router = self._router()

    def _router(self) -> UnitRouter:
        config = self.session.before.isms.config
        documents = [(d.file, d.data) for d in self.session.before.isms.documents]
        scope = config.scope_details if config else None
        return build_router(self.register, scope, self.options.unit_map, documents)

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
        if values is None or self._skipped(number, values):
            return
        key_value = values.get(key_field)
        key_text = self._key_text(key_field, key_value) if key_value is not None else None
        if key_text is not None and self._first_values.get(key_text) == values:
            return  # the entry again, for the next item of its list (findings, actions): exported
        if key_text is not None and key_text in seen:
            column = next(c for c in columns if c.field == key_field)
            self._finding(
                number,
                column.index + 1,
                message(
                    "'{key_text}' is on row {value} as well: each entry once (a sheet that "
                    "isms export wrote repeats an entry on the row of each item of its list: "
                    "make the entry's own columns the same on all of its rows)",
                    key_text=key_text,
                    value=seen[key_text],
                ),
                header=column.header,
            )
            return
        if key_text is not None:
            seen[key_text] = number
            self._first_values[key_text] = values
        match = existing.get(key_text) if key_text is not None else None
        if match is not None:
            self._update(number, columns, values, *match)
        else:
            self._addition(number, row, columns, values, key_field)

    def _skipped(self, number: int, values: dict[str, Any]) -> bool:
        """A row with neither id nor name is not an entry (a note, a total, a blank line)."""
        names = (ID_FIELDS[self.register], "name", "title")
        if any(values.get(name) is not None for name in names):
            return False
        self.plan.skipped.append(
            (number, message("no id and no name: not an entry of the register"))
        )
        return True

    def _values(
        self, row: tuple[Cell, ...], number: int, columns: list[Column]
    ) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        failed = False
        for column in columns:
            cell = row[column.index] if column.index < len(row) else None
            try:
                words = self.column_words.get(column.index)
                values[column.field] = self.cells.read(column.field, cell, words)
            except CellError as error:
                self._finding(number, column.index + 1, error.args[0], header=column.header)
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
        else:
            self.plan.unchanged += 1

    def _same(
        self, name: str, old: BaseModel | None, new: BaseModel, written: Any, value: Any
    ) -> bool:
        if old is not None:
            attribute = self.attributes[name]
            return bool(getattr(old, attribute) == getattr(new, attribute))
        return bool(plain(written) == plain(value))

    def _addition(
        self,
        number: int,
        row: tuple[Cell, ...],
        columns: list[Column],
        values: dict[str, Any],
        key_field: str,
    ) -> None:
        id_field = ID_FIELDS[self.register]
        fields = {name: value for name, value in values.items() if value is not None}
        if key_field != id_field and key_field not in fields:
            column = next(c for c in columns if c.field == key_field)
            self._finding(
                number, column.index + 1, message("the key is empty"), header=column.header
            )
            return
        routed, file = self._file_of(number, row)
        if id_field not in fields:
            fields[id_field] = self._next_id()
        if self._validated(number, columns, fields) is not None and routed:
            ordered = {name: fields[name] for name in field_order(self.register) if name in fields}
            self.plan.additions.append((ordered, file or self.options.file))
            self.plan.sources[str(fields[id_field])] = number

    def _file_of(self, number: int, row: tuple[Cell, ...]) -> tuple[bool, str | None]:
        """Whether the row's unit is known, and its file (absolute, as --file takes it)."""
        if self.router is None or self.unit_column is None:
            return True, None
        cell = row[self.unit_column] if self.unit_column < len(row) else None
        text = "" if cell is None else str(cell).strip()
        try:
            if not text:
                raise RoutingError("empty: the row's unit cannot be told (--unit-by)")
            return True, str(self.session.root / self.router.file_for(text))
        except RoutingError as error:
            self._finding(number, self.unit_column + 1, error.args[0])
            return False, None

    def _ids_in_sheet(self, header: Header) -> set[str]:
        """The ids the sheet itself gives: a number made up for another row must not be one."""
        column = next((c for c in header.columns if c.field == ID_FIELDS[self.register]), None)
        if column is None:
            return set()
        ids = set()
        for row in self.table.rows[header.position + 1 :]:
            cell = row[column.index] if column.index < len(row) else None
            if cell is not None and str(cell).strip():
                ids.add(self._key_text(column.field, cell))
        return ids

    def _next_id(self) -> str:
        taken = {str(fields[ID_FIELDS[self.register]]) for fields, _file in self.plan.additions}
        try:
            identifier = self.session.next_id(self.register)
        except UsageError:
            raise UsageError(
                f"rows without an id need one, and {self.register} have no numbered id to "
                "follow: fill in the id column"
            ) from None
        return next_free_id(identifier, taken | self.sheet_ids)

    def _validated(
        self, number: int, columns: list[Column], candidate: dict[str, Any]
    ) -> BaseModel | None:
        try:
            return self.model.model_validate(candidate, context={"scales": self.scales})
        except ValidationError as error:
            document = LocatedDocument(self.table.file, candidate)
            kind = message(SINGULAR_NAMES.get(self.register, self.register))
            subject = message("this {kind} row", kind=kind)
            for detail in error.errors():
                name = str(detail["loc"][0]) if detail["loc"] else ""
                column = next((c for c in columns if c.field == name), None)
                if column is None and detail["type"] == "missing":
                    self._no_column(name)
                    continue
                for finding in translate_errors([detail], document, (), self.model, subject):
                    self._finding(
                        number,
                        column.index + 1 if column else 1,
                        finding.message,
                        header=column.header if column else None,
                        rule=finding.rule,
                    )
            return None

    def _no_column(self, name: str) -> None:
        """A field no column holds: one finding at the header row, not one per row."""
        if name in self.missing:
            return
        self.missing.add(name)
        number = self.table.numbers[self.header.position]
        self._finding(number, len(self.header.cells) + 1, missing_column(self.register, name))

    def _quietly_validated(self, entry: dict[str, Any]) -> BaseModel | None:
        try:
            return self.model.model_validate(entry, context={"scales": self.scales})
        except ValidationError:
            return None

    def _report(self, row: int, column: int, message: str, header: str | None) -> None:
        self._finding(row, column, message, header=header)

    def _finding(
        self,
        row: int,
        column: int,
        text: str,
        *,
        header: str | None = None,
        rule: str = "import-value",
    ) -> None:
        where = self.table.where(row, column, header)
        self.plan.findings.append(
            Finding(
                Severity.ERROR,
                rule,
                self.table.file,
                row,
                column,
                message("{where}: {text}", where=where, text=text),
            )
        )
