"""Reading and writing sheets: .xlsx through openpyxl (imported only here, only when used), and
.csv (UTF-8 with a byte order mark, as Excel on Japanese Windows expects; Shift_JIS is read too)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ismskit.errors import UsageError
from ismskit.escaping import FORMULA_STARTS, csv_text, csv_text_read
from ismskit.messages import message
from ismskit.progress import tracked
from ismskit.text_width import display_width

Cell = Any  # str, int, float, bool, datetime or None, as the sheet holds it


@dataclass(frozen=True)
class Table:
    """The rows of one sheet; `numbers[i]` is the sheet's row number of `rows[i]`."""

    file: str
    sheet: str | None
    rows: list[tuple[Cell, ...]]
    numbers: list[int]

    def where(self, row: int, column: int, header: str | None = None) -> str:
        letter = column_letter(column)
        named = f" ({header})" if header else ""
        if self.sheet:
            return message(
                "sheet {sheet}, row {row}, column {column}{named}",
                sheet=self.sheet,
                row=row,
                column=letter,
                named=named,
            )
        return message("row {row}, column {column}{named}", row=row, column=letter, named=named)


def column_letter(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_table(path: Path, sheet: str | None) -> Table:
    if not path.is_file():
        raise UsageError(message("{path} does not exist", path=path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    if suffix in (".csv", ".txt"):
        if sheet is not None:
            raise UsageError(message("--sheet names a sheet of an .xlsx file; a CSV file has none"))
        return _read_csv(path)
    raise UsageError(message("{name}: import reads .xlsx or .csv files", name=path.name))


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - a damaged or foreign file is a user error
        raise UsageError(
            message(
                "{name} cannot be read as an Excel workbook ({error})", name=path.name, error=error
            )
        ) from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise UsageError(
                message(
                    "{name} has no sheet '{sheet}'; its sheets: {value}",
                    name=path.name,
                    sheet=sheet,
                    value=", ".join(workbook.sheetnames),
                )
            )
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        rows, numbers = [], []
        try:
            with tracked(f"Reading {path.name}", worksheet.max_row) as advance:
                for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
                    if any(_has_value(cell) for cell in row):
                        rows.append(tuple(row))
                        numbers.append(number)
                    advance(1)
        except Exception as error:  # noqa: BLE001 - damaged sheet data is the file's fault
            raise UsageError(
                message(
                    (
                        "{name}: sheet {title} cannot be read after row {count_numbers} "
                        "({__name__}); save the workbook again from Excel"
                    ),
                    name=path.name,
                    title=worksheet.title,
                    count_numbers=len(numbers),
                    __name__=type(error).__name__,
                )
            ) from None
        return Table(path.name, worksheet.title, rows, numbers)
    finally:
        workbook.close()


def _read_csv(path: Path) -> Table:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp932")  # Excel's CSV on Japanese Windows (Shift_JIS)
        except UnicodeDecodeError:
            raise UsageError(
                message("{name} is neither UTF-8 nor Shift_JIS text", name=path.name)
            ) from None
    rows, numbers = [], []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for number, row in enumerate(reader, start=1):
            if any(_has_value(cell) for cell in row):
                rows.append(tuple(_unguarded(cell) for cell in row))
                numbers.append(number)
    except csv.Error as error:
        raise UsageError(
            message(
                "{name}: line {line_num} cannot be read as CSV ({error})",
                name=path.name,
                line_num=reader.line_num,
                error=error,
            )
        ) from None
    return Table(path.name, None, rows, numbers)


# Exported text that a spreadsheet program would read as a formula is guarded with a leading
# apostrophe (escaping.csv_text), which import takes off again.
_guarded = csv_text
_unguarded = csv_text_read


def _has_value(cell: Cell) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


@dataclass(frozen=True)
class Sheet:
    """What an export writes: a titled table, and the version of the registers it came from."""

    title: str
    headers: list[str]
    rows: list[list[Cell]]
    commit: str | None = None
    dirty: bool = False
    stamp_date: datetime | None = None


def write_csv(sheet: Sheet) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return stream.getvalue().encode("utf-8-sig")


def _csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, str):
        return _guarded(cell)
    return str(cell)


FIXED_DATE = datetime(2000, 1, 1)
_MAX_WIDTH = 60


def write_xlsx(sheet: Sheet) -> bytes:
    """A workbook of one sheet: bold frozen header row, filters, fitted widths, the commit id in
    its properties. The same registers give the same bytes (no timestamp of the moment).

    Written in openpyxl's write-only mode: each row goes out as it is made, not kept as a grid
    of cell objects (a sheet of 20,000 risks would take seconds and hundreds of MB)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet.title[:31])
    for index, width in enumerate(_widths(sheet.headers, sheet.rows), start=1):
        worksheet.column_dimensions[column_letter(index)].width = width
    worksheet.freeze_panes = "A2"
    last = column_letter(max(len(sheet.headers), 1))
    extent = f"A1:{last}{len(sheet.rows) + 1}"
    worksheet.auto_filter.ref = extent
    bold = Font(bold=True)

    def header(text: str) -> Any:
        cell = WriteOnlyCell(worksheet, text)
        cell.font = bold
        return cell

    worksheet.append([header(text) for text in sheet.headers])
    with tracked(f"Writing {sheet.title}", len(sheet.rows)) as advance:
        for row in sheet.rows:
            worksheet.append([_xlsx_cell(worksheet, cell, WriteOnlyCell) for cell in row])
            advance(1)
    _stamp(workbook, sheet, StringProperty)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _without_timestamps(buffer.getvalue(), extent)


def _xlsx_cell(worksheet: Any, value: Cell, cell_type: Any) -> Any:
    """A cell as export writes it: dates as dates, text as text (never a formula Excel would run,
    and still text when someone edits the cell: Excel's leading apostrophe)."""
    value = _xlsx_value(value)
    if isinstance(value, date):
        cell = cell_type(worksheet, value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, "#")):
        cell = cell_type(worksheet, value)
        cell.data_type = "s"  # not a formula, nor an error value like #N/A
        cell.quotePrefix = value.startswith(FORMULA_STARTS)
        return cell
    return value  # other text is text to openpyxl as it is: no cell object for it


def _xlsx_value(cell: Cell) -> Cell:
    """Control characters that XML cannot hold (a YAML "\\x01" can) are shown as U+FFFD."""
    if not isinstance(cell, str):
        return cell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", cell)


def _stamp(workbook: Any, sheet: Sheet, string_property: Any) -> None:
    properties = workbook.properties
    properties.title = sheet.title
    properties.creator = "ismskit"
    properties.created = properties.modified = sheet.stamp_date or FIXED_DATE
    if sheet.commit is None:
        properties.description = "registers not in git"
        return
    version = sheet.commit + (" with uncommitted changes" if sheet.dirty else "")
    properties.description = f"registers at commit {version}"
    properties.keywords = f"commit {sheet.commit}"
    workbook.custom_doc_props.append(string_property(name="ismskit commit", value=version))


def _widths(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> list[float]:
    widths = [_display_width(header) for header in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], _display_width(_csv_cell(cell)))
    return [min(width + 2, _MAX_WIDTH) for width in widths]


def _display_width(text: str) -> int:
    """Columns the widest line of a text takes: wide (East Asian) characters count two."""
    if "\n" not in text:
        return display_width(text)
    return max((display_width(line) for line in text.split("\n")), default=0)


def _without_timestamps(data: bytes, extent: str) -> bytes:
    """The archive again with a fixed time on every member, so that the bytes are reproducible;
    the sheet says its extent (write-only mode leaves it out, and a reader then reads the whole
    sheet once more to find it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml" and b"<dimension " not in content:
                dimension = f'<dimension ref="{extent}"/><sheetViews>'.encode()
                content = content.replace(b"<sheetViews>", dimension, 1)
            target.writestr(member, content)
    return buffer.getvalue()
