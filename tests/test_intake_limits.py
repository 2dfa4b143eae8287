"""A workbook over the limits is refused before it is parsed, in one sentence, quickly and in little
memory (issue 33, defect 7: a 1 MB zip bomb took 2.2 GB and 19 s, a 1,000,000-row workbook was
still being read after 60 s). The hostile workbooks are made here, small on disk."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from psgraph.errors import InputError
from psgraph.intake import layout, limits
from psgraph.intake.workbook import read_workbook
from tests.conftest import FIXTURES

HEADER = b"<row>" + b"".join(b'<c t="inlineStr"><is><t>%s</t></is></c>' % column.name.encode()
                             for column in layout.BODIES.columns) + b"</row>"
SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main"><sheetData>' + HEADER)
SHEET_TAIL = b"</sheetData></worksheet>"
PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                           b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                           b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
                           b'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
                           b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
                           b'"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                           b'officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
                       b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                       b'relationships"><sheets><sheet name="bodies" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                                  b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
                                  b'"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
                                  b' Target="worksheets/sheet1.xml"/></Relationships>',
}


def _deflated(head: bytes, chunk: bytes, times: int, tail: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of head + chunk × times + tail, its CRC-32 and size, made in a moment: after a full
    flush the compressor starts afresh, so every copy of the chunk compresses to the same bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return start + block * times + end, crc, len(head) + len(chunk) * times + len(tail)


def _zip(path: Path, sheet: tuple[bytes, int, int], declared: int | None = None) -> Path:
    """An XLSX file of PARTS and the given deflated sheet (its size in the zip's directory may lie)."""
    entries = [(name, zlib.compress(data, 9)[2:-4], zlib.crc32(data), len(data)) for name, data in PARTS.items()]
    entries.append(("xl/worksheets/sheet1.xml", sheet[0], sheet[1], sheet[2] if declared is None else declared))
    body, directory = b"", b""
    for name, data, crc, size in entries:
        encoded = name.encode()
        local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0)
        directory += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), size,
                                 len(encoded), 0, 0, 0, 0, 0, len(body)) + encoded
        body += local + encoded + data
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    path.write_bytes(body + directory + end)
    return path


def zip_bomb(path: Path) -> Path:
    """About 1 MB on disk: one cell holding 1 GB of text."""
    cell_head = SHEET_HEAD + b'<row><c t="inlineStr"><is><t>'
    return _zip(path, _deflated(cell_head, b"A" * 2**20, 1024, b"</t></is></c></row>" + SHEET_TAIL))


def million_rows(path: Path) -> Path:
    """1,000,000 rows of bodies (26 MB of XML, a few hundred kB on disk)."""
    return _zip(path, _deflated(SHEET_HEAD, b"<row><c><v>1</v></c></row>" * 1000, 1000, SHEET_TAIL))


def lying_bomb(path: Path) -> Path:
    """The zip bomb, its directory claiming the sheet is 1 kB."""
    cell_head = SHEET_HEAD + b'<row><c t="inlineStr"><is><t>'
    return _zip(path, _deflated(cell_head, b"A" * 2**20, 1024, b"</t></is></c></row>" + SHEET_TAIL), declared=1000)


MEASURE = """
import json, resource, sys, time
from pathlib import Path
from psgraph.errors import InputError
from psgraph.intake.workbook import read_workbook
def peak_mb():
    try:  # the peak since the reset below: a forked child inherits its parent's high-water mark
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:
    Path("/proc/self/clear_refs").write_text("5")  # Linux: reset the peak to the current size
except OSError:
    pass
started = time.monotonic()
try:
    read_workbook(Path(sys.argv[1]))
    said = ""
except InputError as error:
    said = str(error)
print(json.dumps({"seconds": time.monotonic() - started, "said": said,
                  "peak_mb": peak_mb()}))
"""


def _refusal(path: Path) -> dict:
    """How reading ``path`` ended, in a process of its own: what it said, its time and peak memory."""
    try:
        done = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True,
                              timeout=60, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{path.name} was still being read after 60 s")
    return json.loads(done.stdout)


@pytest.mark.parametrize(("make", "words"), [
    (zip_bomb, "the workbook unpacks to 1,024.0 MB, more than the 50.0 MB allowed here"),
    (million_rows, "the sheet bodies has more than 20,000 rows, the most a sheet may have here"),
    (lying_bomb, "cannot be read as an XLSX workbook"),
])
def test_a_hostile_workbook_is_refused_in_one_sentence_quickly_and_in_little_memory(tmp_path, make, words):
    path = make(tmp_path / "councils.xlsx")
    assert path.stat().st_size < 2 * 2**20
    outcome = _refusal(path)
    assert outcome["said"].startswith(f"{path}: ") and words in outcome["said"], outcome["said"]
    assert outcome["said"].count(". ") == 0 and "\n" not in outcome["said"]
    assert outcome["peak_mb"] <= 300 and outcome["seconds"] <= 2, outcome


def test_a_workbook_with_too_many_parts_is_refused_before_its_directory_is_read(tmp_path):
    path = _zip(tmp_path / "parts.xlsx", _deflated(SHEET_HEAD, b"", 0, SHEET_TAIL))
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + 8:end + 12] = struct.pack("<HH", 0xFFFF, 0xFFFF)  # what a zip of 65,535+ parts declares
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="holds 65,535 parts, more than the 1,000"):
        read_workbook(path)


def test_too_many_cells_and_too_large_files_are_refused(tmp_path, monkeypatch):
    wide = SHEET_HEAD + b"<row>" + b"<c><v>1</v></c>" * 600_000 + b"</row>" + SHEET_TAIL
    path = _zip(tmp_path / "wide.xlsx", (zlib.compress(wide)[2:-4], zlib.crc32(wide), len(wide)))
    with pytest.raises(InputError, match="more than 500,000 cells"):
        read_workbook(path)
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputError, match=r"the file is 0\.0 MB, more than the 0\.0 MB"):
        read_workbook(path)


def test_a_csv_sheet_over_the_row_limit_is_refused(tmp_path):
    header, row = (FIXTURES / "intake" / "valid" / "bodies.csv").read_text(encoding="utf-8").splitlines()[:2]
    (tmp_path / "bodies.csv").write_text("\n".join([header, *[row] * (limits.MAX_ROWS + 1)]), encoding="utf-8")
    with pytest.raises(InputError, match=r"bodies.csv: the file has more than 20,000 rows"):
        read_workbook(tmp_path)
    (tmp_path / "bodies.csv").write_text("\n".join([header, *[row] * limits.MAX_ROWS]), encoding="utf-8")
    assert len(read_workbook(tmp_path)["bodies"]) == limits.MAX_ROWS
