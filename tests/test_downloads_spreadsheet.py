"""Answers as spreadsheets: XLSX cells typed as what they hold, and CSV for a French spreadsheet."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pyoxigraph as ox
from openpyxl import load_workbook

from psgraph.downloads.spreadsheet import Headed, columns, french_csv, xlsx
from psgraph.results import ResultTable

XSD = "http://www.w3.org/2001/XMLSchema#"
COMMUNE = "https://w3id.org/psgraph/id/territory/fr/commune/01004"
CLSPD = "https://w3id.org/psgraph/ontology#CLSPD"


def _typed(value: str, kind: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + kind))


TABLE = ResultTable(
    ("territory", "territoryLabel", "code", "body_type", "missing", "share", "since", "informal", "layer"),
    ((ox.NamedNode(COMMUNE), ox.Literal("Ambérieu-en-Bugey", language="fr"), ox.Literal("01004"),
      ox.NamedNode(CLSPD), _typed("12", "integer"), _typed("12.5", "decimal"), _typed("2007-03-05", "date"),
      _typed("true", "boolean"), ox.Literal("body type")),
     (ox.NamedNode(COMMUNE), None, ox.Literal("01004"), None, _typed("0", "integer"), None, None, None,
      ox.Literal("body"))))
FRENCH = Headed("fr", lambda name, lang: {"territory": "territoire", "missing": "manquants"}.get(name, name),
                lambda column, value, lang: {"body type": "type d'instance"}.get(value, value))


def test_an_iri_column_becomes_its_code_and_its_name_and_other_columns_keep_their_type() -> None:
    layout = columns(TABLE, FRENCH)
    assert [(c.header, c.kind) for c in layout][:4] == [
        ("territoire", "code"), ("territoire (nom)", "name"), ("code", "value"), ("body_type", "code")]
    book = load_workbook(io.BytesIO(xlsx(TABLE, {CLSPD: "Conseil local (CLSPD)"}, FRENCH, "gaps",
                                         [("question", "Q")])))
    sheet = book["gaps"]
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["territoire", "territoire (nom)", "code", "body_type", "body_type (nom)"]
    first = [cell for cell in sheet[2]]
    assert first[0].value == "01004" and first[0].data_type == "s"
    assert first[1].value == "Ambérieu-en-Bugey"  # the query's own label column
    assert first[2].value == "01004" and first[2].data_type == "s"  # a code as text keeps its zero
    assert first[4].value == "Conseil local (CLSPD)"  # a label looked up for an IRI without one
    assert first[5].value == 12 and first[5].data_type == "n"
    assert first[6].value == Decimal("12.5") or first[6].value == 12.5
    assert first[7].value.date() == date(2007, 3, 5) and first[7].number_format == "yyyy-mm-dd"
    assert first[8].value is True and first[8].data_type == "b"
    assert first[9].value == "type d'instance"  # a value the query writes, in the reader's language
    second = [cell.value for cell in sheet[3]]
    assert second[3] is None and second[4] is None and second[5] == 0  # empty stays empty, 0 stays 0
    assert sheet.freeze_panes == "A2" and book["à propos"]["B1"].value == "Q"


def test_the_csv_for_a_french_spreadsheet_has_decimal_commas_and_french_headers() -> None:
    body = french_csv(TABLE, FRENCH)
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("territoire;territoryLabel;code;body_type;manquants;share")
    assert lines[1].split(";")[4:9] == ["12", "12,5", "2007-03-05", "oui", "type d'instance"]
    assert lines[1].split(";")[0] == COMMUNE
