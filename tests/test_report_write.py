"""`psgraph report` on the real graph: a self-contained HTML file and its PDF, whose pages (turned
into images with poppler's pdftoppm) show the charts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from psgraph.build import build
from psgraph.cli import main

SECTIONS = ("Body types by level of governance", "Who leads", "Bodies the law requires that the graph does "
            "not record", "Overlap and duplication", "What the literature finds", "About these data")
VEGA_BLUE, VEGA_ORANGE = (0x4C, 0x78, 0xA8), (0xF5, 0x85, 0x18)  # Vega's first two category colours


def _needs(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (`make test` installs Chromium and poppler-utils)"
        if os.environ.get("PSGRAPH_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def built(real_project):
    build(real_project)
    return real_project


@pytest.fixture(scope="module")
def written(built, tmp_path_factory) -> Path:
    _needs("chromium", "pdftoppm", "pdftotext")
    folder = tmp_path_factory.mktemp("report")
    code = main(["--root", str(built.root), "report", "--countries", "fr,uk", "--as-of", "2026-11-30",
                 "-o", str(folder / "report.html"), "--pdf"])
    assert code == 0
    return folder


def test_the_html_report_stands_alone(written) -> None:
    page = (written / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page and " src=" not in page
    assert not re.search(r"url\((?!#)", page), "nothing is fetched from a stylesheet"
    for section in ("levels", "leads", "gaps", "overlaps", "findings", "about"):
        assert f'<section id="{section}">' in page
    assert page.count("<svg") >= 3, "the timeline, who leads and the gap counts are drawn"
    assert "Situation on 30 November 2026" in page and "psgraph 0.1.0" in page


def test_the_pdf_has_every_section(written) -> None:
    pdf = written / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 50_000
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    for number, section in enumerate(SECTIONS, start=1):
        assert f"{number}. {section}" in flat
    assert "Community Safety Partnership" in flat and "Local Security and Crime Prevention Council" in flat


def test_the_pdf_pages_show_the_charts(written, tmp_path) -> None:
    subprocess.run(["pdftoppm", "-r", "40", str(written / "report.pdf"), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.ppm"))
    assert len(pages) >= 4
    coloured = [_count(page, VEGA_BLUE) for page in pages]
    orange = [_count(page, VEGA_ORANGE) for page in pages]
    assert sum(1 for blue in coloured if blue > 300) >= 2, f"bars on at least two pages, got {coloured}"
    assert max(orange) > 300, "the United Kingdom's bars (second colour) are drawn"


def _count(ppm: Path, colour: tuple[int, int, int], tolerance: int = 12) -> int:
    """Pixels of ``colour`` in a binary PPM image (P6, as pdftoppm writes it)."""
    data = ppm.read_bytes()
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert header is not None
    pixels = memoryview(data)[header.end():]
    red, green, blue = colour
    return sum(1 for i in range(0, len(pixels) - 2, 3)
               if abs(pixels[i] - red) <= tolerance and abs(pixels[i + 1] - green) <= tolerance
               and abs(pixels[i + 2] - blue) <= tolerance)


def test_a_french_report_is_in_french(built, tmp_path) -> None:
    assert main(["--root", str(built.root), "report", "--lang", "fr", "--countries", "fr,eu",
                 "-o", str(tmp_path / "rapport.html")]) == 0
    page = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "Ce que constate la littérature" in page
    assert "Union européenne" in page


@pytest.mark.parametrize(("arguments", "said"), [
    (["--as-of", "2026-13-01"], "--as-of '2026-13-01' is not a date"),
    (["--countries", "fr,zz"], "no body type for zz"),
    (["--countries", "fr;uk"], "countries='fr;uk' must list"),
    (["-o", "/nonexistent/folder/report.html"], "/nonexistent/folder"),
])
def test_bad_arguments_are_one_sentence_and_write_nothing(built, tmp_path, capsys, arguments, said) -> None:
    output = ["-o", str(tmp_path / "report.html")] if "-o" not in arguments else []
    assert main(["--root", str(built.root), "report", *output, *arguments]) == 2
    error = capsys.readouterr().err
    assert said in error and error.count("\n") == 1 and "Traceback" not in error
    assert not list(tmp_path.iterdir())


def test_pdf_without_chromium_is_said_before_anything_is_written(built, tmp_path, capsys,
                                                                monkeypatch) -> None:
    monkeypatch.setattr("psgraph.report.pdf.shutil.which", lambda name: None)
    assert main(["--root", str(built.root), "report", "-o", str(tmp_path / "r.html"), "--pdf"]) == 2
    assert "--pdf needs Chromium" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
