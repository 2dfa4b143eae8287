"""Canned answers downloaded for spreadsheets from `psgraph serve`: XLSX and CSV for a French
spreadsheet, on the real graph."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from psgraph.build import build
from tests.serverkit import fetch, running_server


@pytest.fixture(scope="module")
def server(real_project):
    build(real_project)
    with running_server(real_project.root, "--workers", "2") as url:
        yield url


def test_the_xlsx_of_statutory_gap_counts_has_codes_as_text_and_counts_as_numbers(server):
    status, headers, body = fetch(f"{server}/queries/statutory-gap-counts.xlsx?body_type=psg%3ACLSPD&lang=fr")
    assert status == 200 and headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="statutory-gap-counts.xlsx"' in headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(body))["statutory-gap-counts"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["territoire englobant", "territoire englobant (nom)", "niveau du territoire",
                          "niveau du territoire (nom)"]
    rows = [{name: cell for name, cell in zip(header, row, strict=True)} for row in sheet.iter_rows(min_row=2)]
    rhone = next(r for r in rows if r["territoire englobant (nom)"].value == "Rhône")
    assert rhone["territoire englobant"].value == "69" and rhone["territoire englobant"].data_type == "s"
    ain = next(r for r in rows if r["territoire englobant (nom)"].value == "Ain")
    assert ain["territoire englobant"].value == "01"  # an INSEE code keeps its leading zero
    for name in ("territoires soumis", "sans instance recensée", "% sans"):
        assert all(r[name].data_type == "n" for r in rows), name
    assert isinstance(rhone["territoires soumis"].value, int) and rhone["territoires soumis"].value > 0
    assert rhone["type d'instance (nom)"].value.startswith("Conseil local de sécurité")
    assert rhone["date"].is_date
    # the English download names its columns in English
    _, _, english = fetch(f"{server}/queries/statutory-gap-counts.xlsx?body_type=psg%3ACLSPD")
    first = [cell.value for cell in load_workbook(io.BytesIO(english)).active[1]]
    assert first[:2] == ["area", "area (name)"] and "territories obliged" in first


def test_statutory_gaps_keeps_the_zero_of_insee_codes_in_xlsx(server):
    _, _, body = fetch(f"{server}/queries/statutory-gaps.xlsx?body_type=psg%3ACLSPD")
    sheet = load_workbook(io.BytesIO(body)).active
    header = [cell.value for cell in sheet[1]]
    codes = [row[header.index("official code")] for row in sheet.iter_rows(min_row=2)]
    assert any(cell.value.startswith("0") for cell in codes) and all(cell.data_type == "s" for cell in codes)


def test_the_csv_for_a_french_spreadsheet_writes_decimal_commas(server):
    status, _, body = fetch(f"{server}/queries/statutory-gap-counts.csv?body_type=psg%3ACLSPD&excel=1&lang=fr")
    lines = body.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    assert status == 200 and header[0] == "territoire englobant" and "% sans" in header
    shares = [line.split(";")[header.index("% sans")] for line in lines[1:]]
    assert any("," in share for share in shares) and not any("." in share for share in shares)


def test_every_canned_query_downloads_as_xlsx(server, real_project):
    from psgraph.catalogue import load_catalogue

    for name in load_catalogue(real_project):
        status, _, body = fetch(f"{server}/queries/{name}.xlsx?lang=fr")
        assert status == 200, name
        assert load_workbook(io.BytesIO(body)).active.max_column >= 1, name
    _, _, page = fetch(f"{server}/queries/who-leads?lang=fr")
    assert 'href="/queries/who-leads.xlsx?lang=fr" id="xlsx-link"' in page.decode()
