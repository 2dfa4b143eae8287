"""Text that a spreadsheet would run as a formula, and how psgraph keeps it text.

Excel, LibreOffice and Google Sheets read a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``, ``@SUM(…)``), and a leading tab or carriage
return can hide such a start. psgraph writes labels, quotes and notes that others typed, so every
file meant for a spreadsheet writes those cells as text (OWASP, "CSV Injection"): in CSV with a
leading apostrophe, in XLSX as a string cell with the "quote prefix" that Excel itself sets when a
user types ``'=…``. A plain number (``-2``, ``+33``) is left alone: a spreadsheet reads it as the
number it is, which runs nothing.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)


def csv_cell(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows as text: a leading apostrophe when it is formula-like."""
    return "'" + text if formula_like(text) else text


def keep_as_text(cell: Any) -> None:
    """Make an openpyxl cell holding formula-like text a string cell with Excel's quote prefix
    (openpyxl itself stores any text that starts with ``=`` as a formula)."""
    if isinstance(cell.value, str) and formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
