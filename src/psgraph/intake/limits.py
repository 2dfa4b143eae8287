"""What a curator's workbook may weigh, checked before it is parsed.

Intake runs on workbooks from pull requests, so a workbook is untrusted input. Measured before
these checks: a 1 MB zipped workbook (one cell of 1 GB of text) took 2.2 GB and 19 s before being
refused, and a workbook of 1,000,000 rows was still being read after 60 s. Each check below reads
only what it needs — the file's size, the zip's central directory (its declared sizes, which
Python's zipfile never reads past), a count of the row and cell tags of each sheet streamed in
1 MB pieces — so that any workbook over a limit is refused in well under a second and 100 MB.
The limits are far above a real workbook's (the template's four sheets hold a few hundred rows).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import struct
import zipfile
from pathlib import Path

from psgraph.errors import InputError

MAX_FILE_BYTES = 20 * 2**20
MAX_UNPACKED_BYTES = 50 * 2**20  # every part of the workbook together, as its zip declares them
MAX_PARTS = 1_000
MAX_ROWS = 20_000  # per sheet
MAX_CELLS = 500_000  # per workbook
_CHUNK = 2**20
_END_OF_DIRECTORY = b"PK\x05\x06"
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


def check_size(path: Path) -> None:
    """Refuse a file larger than a workbook ever is."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"{path}: the file is {_mb(size)}, more than the {_mb(MAX_FILE_BYTES)} a "
                         "workbook may weigh here; split it into several workbooks.")


def check_xlsx(path: Path) -> None:
    """Refuse an XLSX workbook whose size, unpacked size, number of parts, rows or cells are over
    the limits, before openpyxl reads any of it."""
    try:
        check_size(path)
        _check_directory_size(path)
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise InputError(f"{path}: the workbook unpacks to {_mb(unpacked)}, more than the "
                                 f"{_mb(MAX_UNPACKED_BYTES)} allowed here; it is not a workbook of "
                                 "bodies, or it is too large: split it.")
            _check_sheets(path, archive)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise InputError(f"{path}: cannot be read as an XLSX workbook ({reason}).") from None


def _check_sheets(path: Path, archive: zipfile.ZipFile) -> None:
    cells = 0
    for part in archive.infolist():
        if not (part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")):
            continue
        rows, in_sheet = _count_tags(archive, part)
        cells += in_sheet
        if rows > MAX_ROWS:
            raise InputError(f"{path}: the sheet {_sheet_name(archive, part.filename)} has more than "
                             f"{MAX_ROWS:,} rows, the most a sheet may have here; split it.")
        if cells > MAX_CELLS:
            raise InputError(f"{path}: the workbook has more than {MAX_CELLS:,} cells, the most a "
                             "workbook may have here; split it.")


def check_csv(path: Path, text: str) -> None:
    """Refuse a CSV file over the size or row limit (counted without keeping the rows)."""
    rows = sum(1 for _ in itertools.islice(csv.reader(io.StringIO(text, newline="")), MAX_ROWS + 2))
    if rows > MAX_ROWS + 1:  # the header row is not a row of data
        raise InputError(f"{path}: the file has more than {MAX_ROWS:,} rows, the most a sheet may have "
                         "here; split it.")


def _check_directory_size(path: Path) -> None:
    """Refuse a zip whose central directory lists more parts than a workbook has: zipfile would
    read every entry into memory before anything else."""
    with path.open("rb") as stream:
        stream.seek(0, io.SEEK_END)
        size = stream.tell()
        stream.seek(max(0, size - 65_557))  # the end record, with a comment of at most 64 KiB
        tail = stream.read()
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) < at + 22:
        raise InputError(f"{path}: cannot be read as an XLSX workbook (it is not a zip file); save it "
                         "from the spreadsheet as .xlsx.")
    entries = struct.unpack("<H", tail[at + 10:at + 12])[0]
    if entries > MAX_PARTS:  # 0xFFFF, the ZIP64 mark, included
        raise InputError(f"{path}: the file holds {entries:,} parts, more than the {MAX_PARTS:,} a workbook "
                         "may have here; it is not a workbook of bodies.")


def _count_tags(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> tuple[int, int]:
    """The rows and cells of one sheet, counted on its XML streamed in pieces; stops past the limits."""
    rows = cells = 0
    carry = b""
    with archive.open(part) as stream:
        while piece := stream.read(_CHUNK):
            text = carry + piece
            cut = max(0, len(text) - 64)  # a tag split between two pieces is counted in the next
            rows += len(_ROW.findall(text, 0, cut))
            cells += len(_CELL.findall(text, 0, cut))
            carry = text[cut:]
            if rows > MAX_ROWS or cells > MAX_CELLS:
                return rows, cells
    return rows + len(_ROW.findall(carry)), cells + len(_CELL.findall(carry))


def _sheet_name(archive: zipfile.ZipFile, part: str) -> str:
    """The sheet's name as the spreadsheet shows it (its part's name if it cannot be found)."""
    try:
        relations = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except KeyError:
        return part
    target = part.removeprefix("xl/")
    for relation in re.finditer(r"<Relationship\b[^>]*>", relations):
        if re.search(rf'Target="/?(?:xl/)?{re.escape(target)}"', relation[0]):
            ident = re.search(r'Id="([^"]+)"', relation[0])
            named = rf'<sheet\b[^>]*name="([^"]+)"[^>]*r:id="{re.escape(ident[1])}"' if ident else ""
            sheet = re.search(named, book) if named else None
            if sheet:
                return sheet[1]
    return part


def _mb(size: int) -> str:
    return f"{size / 2**20:,.1f} MB"
