"""Charts drawn as SVG for the printed report, with no browser."""

from __future__ import annotations

import re

from psgraph.report.figures import svg
from psgraph.report.render import _Figures

BARS = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "data": {"values": [{"country": "France", "bodies": 2251}, {"country": "United Kingdom", "bodies": 41},
                        {"country": "European Union", "bodies": 3}]},
    "width": "container",
    "mark": "bar",
    "encoding": {"x": {"field": "country", "type": "nominal"},
                 "y": {"field": "bodies", "type": "quantitative"}},
}


def test_a_bar_chart_is_an_svg_with_one_bar_per_row() -> None:
    drawn = svg(BARS, "en")
    assert drawn.lstrip().startswith("<svg")
    assert len(re.findall(r'role="graphics-symbol"[^>]*aria-roledescription="bar"', drawn)) == 3
    assert "United Kingdom" in drawn


def test_numbers_follow_the_language() -> None:
    assert "2,000" in svg(BARS, "en")
    assert "2\u202f000" in svg(BARS, "fr") or "2\u00a0000" in svg(BARS, "fr")


def test_a_page_chart_gets_a_printable_width() -> None:
    width = re.search(r'<svg[^>]*width="(\d+)"', svg(BARS, "en"))
    assert width and 500 < int(width[1]) < 800


HEAT = {
    "data": {"values": [{"a": "x", "b": "y", "v": 3}, {"a": "z", "b": "y", "v": 5}]},
    "mark": "rect",
    "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "nominal"},
                 "color": {"field": "v", "type": "quantitative"}},  # a gradient legend: an element id
}


def test_two_charts_of_one_report_share_no_element_id() -> None:
    figures = _Figures("en")
    first, second = figures.inline(HEAT), figures.inline(HEAT)
    ids = re.findall(r'\bid="([^"]+)"', first) + re.findall(r'\bid="([^"]+)"', second)
    assert ids and len(ids) == len(set(ids))
    for drawn in (first, second):
        for reference in re.findall(r"url\(#([^)]+)\)", drawn):
            assert f'id="{reference}"' in drawn, "every reference points into its own chart"


def test_a_chart_that_reads_data_from_a_url_is_refused() -> None:
    import pytest

    from psgraph.report.figures import FigureError

    remote = {**BARS, "data": {"url": "http://203.0.113.1/data.json"}}
    with pytest.raises(FigureError, match="could not draw"):
        svg(remote, "en")


def test_a_faceted_timeline_fits_a4_with_its_bands_named_above_and_a_tick_every_five_years() -> None:
    from psgraph.report.figures import FACET_PLOT_WIDTH, _printable

    timeline = {"data": {"values": [{"type": "CLSPD", "country": "France", "from": "2002-07-17",
                                     "until": "2026-12-07"}]},
                "facet": {"row": {"field": "country", "type": "nominal"}},
                "spec": {"width": 760, "mark": "bar",
                         "encoding": {"x": {"field": "from", "type": "temporal"}, "x2": {"field": "until"},
                                      "y": {"field": "type", "type": "nominal"}}}}
    fixed = _printable(timeline)
    assert fixed["spec"]["width"] == FACET_PLOT_WIDTH
    assert fixed["facet"]["row"]["header"]["labelOrient"] == "top"
    assert fixed["spec"]["encoding"]["x"]["axis"]["tickCount"] == {"interval": "year", "step": 5}
    assert "France" in svg(timeline, "en")


def test_table_headers_break_between_words_never_inside_one() -> None:
    from pathlib import Path

    import psgraph.report

    template = (Path(psgraph.report.__file__).parent / "templates" / "report.html").read_text(encoding="utf-8")
    header_rule = next(line for line in template.splitlines() if line.strip().startswith("thead th {"))
    assert "overflow-wrap: normal" in header_rule and "anywhere" not in header_rule
    assert "header | breakable" in template  # <wbr> between the words of a column name
