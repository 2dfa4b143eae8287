"""The report as one self-contained HTML file: no script, no stylesheet or image fetched from
anywhere, the charts inline as SVG — a file a researcher can attach to a paper, open offline, or
print."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from datetime import date
from typing import Any

import markupsafe

from psgraph.dataset import Dataset
from psgraph.i18n import day, text
from psgraph.report.content import Answer, Report
from psgraph.report.figures import svg
from psgraph.server.pages import build_time, environment

_ENVIRONMENT = environment("psgraph.report")


def html(report: Report, build: Dataset, made: date) -> str:
    lang = report.lang
    countries = ", ".join(report.country_names)
    figures = _Figures(lang)
    timeline = figures.inline(json.loads(report.comparison.timeline)) if report.comparison.timeline else ""
    title = text("Crime-prevention and security partnerships compared: {countries}", countries=countries)
    return _ENVIRONMENT.get_template("report.html").render(
        lang=lang, report=report, title=title.render(lang),
        countries=countries, day=day(report.as_of, lang), made=day(made, lang),
        build=build, built=build_time(build.built_at, lang),
        timeline=timeline, leads=figures.drawn(report.leads), gaps=figures.drawn(report.gaps),
        overlaps=[figures.drawn(answer) for answer in report.overlaps])


_ID = re.compile(r'\bid="([^"]+)"')


class _Figures:
    """Charts as inline SVG; each figure's element ids get a prefix of their own, since Vega numbers
    its clip paths and gradients the same way in every chart of the page."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.count = 0

    def inline(self, specification: dict[str, Any]) -> markupsafe.Markup:
        self.count += 1
        drawn = svg(specification, self.lang)
        prefix = f"f{self.count}-"
        for name in set(_ID.findall(drawn)):
            drawn = re.sub(rf'(id="|url\(#|href="#){re.escape(name)}(?=[")])', rf"\g<1>{prefix}{name}", drawn)
        # Drawn by Vega from the graph's data: Vega escapes the text it writes into the SVG.
        return markupsafe.Markup(drawn)

    def drawn(self, answer: Answer) -> dict[str, Any]:
        shown = asdict(answer)
        shown["rows"] = answer.rows  # Cells as they are
        shown["figures"] = [{"title": f.title, "svg": self.inline(f.spec), "note": f.note}
                            for f in answer.figures]
        return shown
