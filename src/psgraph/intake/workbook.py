"""Reading a curator's workbook (XLSX, or one CSV per sheet) into rows of text, by sheet and row."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from psgraph.errors import InputError
from psgraph.intake.formulas import check_cell
from psgraph.intake.layout import SHEETS, Sheet
from psgraph.intake.limits import check_csv, check_size, check_xlsx
from psgraph.intake.reconcile import normal


@dataclass(frozen=True)
class Row:
    sheet: str
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: dict[str, str]  # column name → text, stripped; empty cells left out

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


Workbook = dict[str, list[Row]]


def read_workbook(path: Path) -> Workbook:
    """The rows of every sheet of the layout; a sheet left out is empty, except bodies."""
    if path.is_dir():
        return _from_csv_folder(path)
    if path.suffix.lower() == ".csv":
        return _from_csv_folder(path.parent, only=path)
    if path.suffix.lower() != ".xlsx":
        raise InputError(
            f"{path}: give an .xlsx workbook, a .csv file or a folder of .csv files "
            "(bodies.csv, members.csv, mandates.csv, sources.csv)."
        )
    return _from_xlsx(path)


def _from_xlsx(path: Path) -> Workbook:
    import openpyxl

    check_xlsx(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise InputError(f"{path}: cannot be read as an XLSX workbook ({error}).") from None
    found: Workbook = {}
    for sheet in SHEETS:
        if sheet.name not in book.sheetnames:
            found[sheet.name] = []
            continue
        table = [[_text(value) for value in row] for row in book[sheet.name].iter_rows(values_only=True)]
        found[sheet.name] = _rows(sheet, table, path.name)
    book.close()
    _require_bodies(found, path)
    return found


def _from_csv_folder(folder: Path, only: Path | None = None) -> Workbook:
    found: Workbook = {}
    for sheet in SHEETS:
        file = folder / f"{sheet.name}.csv"
        if only is not None and only.stem not in {s.name for s in SHEETS}:
            file = only if sheet.name == "bodies" else folder / "-"
        if not file.is_file():
            found[sheet.name] = []
            continue
        try:
            check_size(file)
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(
                f"{file}: cannot be read as UTF-8 text ({error}); save it as CSV UTF-8."
            ) from None
        check_csv(file, text)
        delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        table = [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
        found[sheet.name] = _rows(sheet, table, file.name)
    _require_bodies(found, folder)
    return found


def _require_bodies(found: Workbook, where: Path) -> None:
    if not any(found.values()):
        raise InputError(
            f"{where}: no rows found: the workbook needs a sheet named bodies with a header row "
            "(run `psgraph template` for one)."
        )


def _rows(sheet: Sheet, table: list[list[str]], where: str) -> list[Row]:
    if not table:
        return []
    header = [normal(name).replace(" ", "_") for name in table[0]]
    for position, name in enumerate(header):
        if name and sheet.column(name) is None:
            known = ", ".join(c.name for c in sheet.columns)
            raise InputError(
                f"{where}, sheet {sheet.name}, column {_letter(position)}: '{table[0][position]}' "
                f"is not a column of this sheet; its columns are {known}."
            )
    for column in sheet.columns:
        if column.required and column.name not in header:
            raise InputError(
                f"{where}, sheet {sheet.name}: the column {column.name} is missing from the header "
                "row (row 1)."
            )
    rows = []
    for number, values in enumerate(table[1:], start=2):
        cells = {
            header[i]: value.strip()
            for i, value in enumerate(values)
            if i < len(header) and header[i] and value.strip()
        }
        for column, value in cells.items():
            check_cell(where, sheet.name, number, column, value)
        if cells:
            rows.append(Row(sheet.name, number, cells))
    return rows


def _text(value: object) -> str:
    """A cell as text: a date as YYYY-MM-DD (a spreadsheet's own date cells are real dates), a whole
    number without ".0", yes/no for a boolean."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
