"""Charts drawn once, as SVG, for a report that must read the same on paper, in a PDF and in a browser
without scripts: the pages' Vega-Lite specifications rendered by vl-convert (the Vega project's own
renderer, which runs Vega in-process: no browser, and no data read from anywhere)."""

from __future__ import annotations

import copy
from typing import Any

import vl_convert

from psgraph.errors import PsgraphError

PRINT_WIDTH = 560  # px of plot at 96 dpi: an A4 page's text width once the axis labels are beside it
# A faceted chart (the timeline of body types, the gap counts per level) on A4: its band names go above
# the bands rather than beside them, its category names get 300 px (the French ones are long), its
# plot the rest of the 680 px of text width, and its year axis a tick every five years — drawn wider,
# it was scaled down to 6 px letters and its ticks ran together.
FACET_PLOT_WIDTH, FACET_LABELS = 360, 300
_LOCALES = {"en": "en-GB", "fr": "fr-FR"}


class FigureError(PsgraphError):
    """A chart that Vega could not draw (a bug of psgraph's, not of the reader's input)."""


def svg(specification: dict[str, Any], lang: str) -> str:
    """The chart as an SVG document, its numbers and dates written as ``lang`` writes them."""
    fixed = _printable(specification)
    locale = _LOCALES.get(lang, "en-GB")
    try:
        return vl_convert.vegalite_to_svg(fixed, vl_version="6.4", allowed_base_urls=[],
                                          format_locale=locale, time_format_locale=locale)
    except ValueError as error:
        raise FigureError(f"Vega could not draw the chart “{_title(specification)}”: "
                          f"{str(error).splitlines()[0]}.") from None


def _printable(specification: dict[str, Any]) -> dict[str, Any]:
    """A page's chart with a fixed width (a page's charts take their container's) and no tooltips."""
    fixed = copy.deepcopy(specification)
    fixed.pop("$schema", None)
    inner = fixed.get("spec", fixed)  # a faceted chart sizes its inner chart
    if inner.get("width") in (None, "container") or isinstance(inner.get("width"), int):
        inner["width"] = PRINT_WIDTH
    if "facet" in fixed:
        inner["width"] = FACET_PLOT_WIDTH
        for row in (value for value in fixed["facet"].values() if isinstance(value, dict)):
            row.setdefault("header", {}).update(
                {"labelOrient": "top", "labelAlign": "left", "labelAnchor": "start", "labelFontSize": 11})
        axis = fixed.setdefault("config", {}).setdefault("axis", {})
        axis.update({"labelLimit": FACET_LABELS, "labelFontSize": 9})
        x = inner.get("encoding", {}).get("x", {})
        if x.get("type") == "temporal":
            x.setdefault("axis", {}).update({"format": "%Y", "tickCount": {"interval": "year", "step": 5}})
    fixed.setdefault("background", "white")
    legend = fixed.setdefault("config", {}).setdefault("legend", {})
    legend.setdefault("labelLimit", 320)
    return fixed


def _title(specification: dict[str, Any]) -> str:
    title = specification.get("title", "")
    return title if isinstance(title, str) and title else "(untitled)"
