"""Cells that intake refuses whatever their column: text a spreadsheet would run as a formula.

psgraph writes the names it takes in back to spreadsheets (``export --format xlsx``, the pages'
CSV for Excel, the data package), so a name such as ``=HYPERLINK("http://…","CLSPD")`` would run
on the computer of whoever opens them. Such a cell is refused where it is read, by sheet, row and
column, in the curator's terms.
"""

from __future__ import annotations

from psgraph.errors import InputError
from psgraph.spreadsheet import formula_like

_STARTS = {"\t": "a tab", "\r": "a line break"}


def check_cell(where: str, sheet: str, row: int, column: str, text: str) -> None:
    """InputError naming the cell if ``text`` would be a formula in a spreadsheet."""
    if formula_like(text):
        start = _STARTS.get(text[0], f"'{text[0]}'")
        shown = text if len(text) <= 60 else text[:60] + "…"
        raise InputError(f"{where}, sheet {sheet}, row {row}, column {column}: {shown.strip()!r} begins with "
                         f"{start}, which a spreadsheet runs as a formula; remove it (write the name as it "
                         "is spelled, e.g. without a leading '=' or '-').")
