"""Charts a canned query declares in its ``#+`` header (``charts:``), as Vega-Lite specifications.

    #+ charts:
    #+   - type: bar            # bar: x categories, y summed; colour splits the bars into stacks
    #+     x: country
    #+     y: bodies
    #+     colour: authorityKind
    #+     title: Bodies by who leads them
    #+     title_fr: Instances selon qui les dirige

A ``bar`` chart with a ``facet`` column draws one panel per value (one level of governance per
panel), each with its own categories; ``nested: outermost`` (the x column holds territories) keeps
out of the chart the areas that lie inside another area of the same panel (England inside England
and Wales, inside the United Kingdom: their counts are counted again in the wider one), which the
table keeps — see ``outermost``. A ``timeline`` places each row at its date (column x) on the line
of its category (column y), coloured by ``colour``, with the ``details`` columns on hover.
``lifespans`` draws, one band per ``facet`` value (a country), each resource of the ``spans``
columns as a bar from its start to its end (to the ``until`` column's date while it lasts), and each
row as a mark at its date (x) on the line of its y resource, coloured by ``colour``; a row with
``names`` (before, after) is labelled "before → after". A ``heatmap`` has x and y categories and
sums the ``value`` column in each (x, y) cell. A ``network`` links the resource in column x to the
one in column y, weighted by ``value`` (drawn with Cytoscape.js rather than Vega-Lite: the
specification is then ``{"network": …}``). The charts are drawn from the whole answer, with labels
instead of identifiers, in the page's language; an answer longer than ``max_rows`` is left as a
table (the page says to narrow it).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from psgraph.errors import InputError
from psgraph.results import numeric_value

CHART_TYPES = ("bar", "heatmap", "lifespans", "network", "timeline")
MAX_ROWS = 150


@dataclass(frozen=True)
class Chart:
    type: str
    x: str
    y: str = ""
    colour: str = ""
    value: str = ""  # heatmap: the number in each cell; network: the weight of each link
    title: str = ""
    title_fr: str = ""
    max_rows: int = MAX_ROWS
    details: tuple[str, ...] = ()  # more columns shown when a mark is hovered
    facet: str = ""  # lifespans: one band per value
    spans: tuple[tuple[str, str, str], ...] = ()  # lifespans: (resource, start, end) columns
    until: str = ""  # lifespans: where an open span ends
    names: tuple[str, ...] = ()  # lifespans: (name before, name after) columns of a renaming
    grouped: bool = False  # bar: the colours side by side (comparing them) rather than stacked
    nested: str = ""  # bar: "outermost" draws only the areas (x) that lie in no other area of their panel
    # a column's title on the chart: its header in the page's language, else its name as words
    titles: Callable[[str], str] = lambda column: words(column)

    @classmethod
    def from_header(cls, entry: Any, where: str, columns: Sequence[str]) -> Chart:
        if not isinstance(entry, dict) or entry.get("type") not in CHART_TYPES or not entry.get("x"):
            raise InputError(
                f"{where}: each entry of charts needs a type ({' or '.join(CHART_TYPES)}) and an x column."
            )
        chart = cls(
            type=str(entry["type"]),
            x=str(entry["x"]),
            y=str(entry.get("y", "")),
            colour=str(entry.get("colour", "")),
            value=str(entry.get("value", "")),
            title=str(entry.get("title", "")),
            title_fr=str(entry.get("title_fr", "")),
            max_rows=int(entry.get("max_rows", MAX_ROWS)),
            details=tuple(str(c) for c in entry.get("details", ())),
            facet=str(entry.get("facet", "")),
            spans=tuple(tuple(str(c) for c in span) for span in entry.get("spans", ())),  # type: ignore[misc]
            until=str(entry.get("until", "")),
            names=tuple(str(c) for c in entry.get("names", ())),
            grouped=bool(entry.get("grouped", False)),
            nested=str(entry.get("nested", "")),
        )
        if chart.nested not in ("", "outermost") or (chart.nested and chart.type != "bar"):
            raise InputError(f"{where}: chart '{chart.title or chart.type}': nested takes one value, "
                             "outermost, on a bar chart whose x column holds territories.")
        if chart.type == "lifespans" and (not chart.spans or any(len(span) != 3 for span in chart.spans)
                                          or len(chart.names) not in (0, 2)):
            raise InputError(f"{where}: a lifespans chart needs spans, each [resource, start, end] columns, "
                             "and names as [before, after] columns if any.")
        needed = {
            "bar": (chart.x, chart.y),
            "heatmap": (chart.x, chart.y, chart.value),
            "network": (chart.x, chart.y, *((chart.value,) if chart.value else ())),
            "timeline": (chart.x, chart.y),
            "lifespans": (chart.x, chart.y, *(c for span in chart.spans for c in span)),
        }[chart.type]
        optional = (chart.colour, chart.facet, chart.until, *chart.names)
        for column in (*needed, *chart.details, *(c for c in optional if c)):
            if not column or column not in columns:
                raise InputError(
                    f"{where}: chart '{chart.title or chart.type}' names column {column or '(none)'!r}, "
                    f"which the query does not return."
                )
        return chart

    def title_in(self, lang: str) -> str:
        return (self.title_fr if lang == "fr" else "") or self.title


def spec(
    chart: Chart,
    variables: Sequence[str],
    rows: Sequence[Sequence[object]],
    labels: Mapping[str, str],
    order: Sequence[str] = (),
    titles: Mapping[str, str] | None = None,
    said: Callable[[str, str], str] | None = None,
) -> dict[str, Any] | None:
    """The Vega-Lite specification of the chart for an answer, or None when it has too many rows.
    An axis whose values are all in ``order`` (the levels of governance by rank, say) follows it.
    Axes, legends and tooltips are titled by ``titles`` (a column's header in the page's language),
    and a value the query writes itself is shown as ``said(column, value)`` translates it."""
    if not rows or len(rows) > chart.max_rows:
        return None
    values = [{name: _value(term, labels, said and functools.partial(said, name))
               for name, term in zip(variables, row, strict=True)} for row in rows]
    chart = _titled(chart, titles or {})
    base: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": values},
        "width": "container",
        # Vega's own descriptions of each mark for screen readers are written in English ("Bar chart
        # with …"); the chart's title says what it shows in the page's language.
        "config": {"view": {"stroke": None}, "axis": {"labelLimit": 220}, "legend": {"labelLimit": 320},
                   "aria": False},
    }
    if chart.type == "network":
        return {"network": _network(chart, variables, rows, labels)}
    if chart.type == "lifespans":
        return _lifespans(chart, values)
    if chart.type == "timeline":
        tooltip = [{"field": c, "title": chart.titles(c)}
                   for c in (chart.y, chart.x, chart.colour, *chart.details) if c]
        encoding = {
            "x": {"field": chart.x, "type": "temporal", "title": chart.titles(chart.x),
                  "axis": {"format": "%Y"}},
            "y": {
                "field": chart.y,
                "type": "nominal",
                "title": None,
                "sort": {"field": chart.x, "op": "min"},
            },
            "tooltip": tooltip,
        }
        if chart.colour:
            encoding["color"] = {"field": chart.colour, "type": "nominal",
                                 "title": chart.titles(chart.colour)}
        return {
            **base,
            "height": {"step": 22},
            "encoding": encoding,
            "layer": [
                {
                    "mark": {"type": "rule", "color": "#c5ccd6"},
                    "encoding": {
                        "x": {"field": chart.x, "aggregate": "min", "type": "temporal"},
                        "x2": {"field": chart.x, "aggregate": "max"},
                        "color": {"value": "#c5ccd6"},
                    },
                },
                {"mark": {"type": "point", "filled": True, "size": 90}},
            ],
        }
    sort = _sort(chart.x, variables, rows, labels, order)
    if chart.type == "bar" and chart.facet:
        return _faceted_bars(chart, values, sort, _sort(chart.facet, variables, rows, labels, order))
    if chart.type == "bar":
        y_field, colour = chart.y, chart.colour
        encoding: dict[str, Any] = {
            "x": {
                "field": chart.x,
                "type": "nominal",
                "sort": sort or "-y",
                "title": chart.titles(chart.x),
                "axis": {"labelAngle": -40 if len(values) > 8 else 0},
            },
            "y": {
                "field": y_field,
                "type": "quantitative",
                "aggregate": "sum",
                "title": chart.titles(chart.y),
                "axis": {"tickMinStep": 1},  # the bars sum counts: no tick at half a body
            },
            "tooltip": [{"field": chart.x, "title": chart.titles(chart.x)},
                        {"field": y_field, "aggregate": "sum", "title": chart.titles(y_field)}],
        }
        spec = {**base, "height": 280, "mark": "bar", "encoding": encoding}
        if colour:
            encoding["color"] = {"field": colour, "type": "nominal", "title": chart.titles(colour)}
            encoding["tooltip"].insert(1, {"field": colour, "title": chart.titles(colour)})
            if chart.grouped:
                encoding["xOffset"] = {"field": colour}
            # A row with no colour value (a state whose bodies hold no seat) has nothing to stack.
            spec["transform"] = [{"filter": f"isValid(datum[{json.dumps(colour)}])"}]
        return spec
    y_sort = _sort(chart.y, variables, rows, labels, order)
    cell = {
        "x": {"field": chart.x, "type": "nominal", "sort": sort or "ascending",
              "title": chart.titles(chart.x)},
        "y": {"field": chart.y, "type": "nominal", "sort": y_sort or "ascending",
              "title": chart.titles(chart.y)},
    }
    return {
        **base,
        "height": {"step": 34},
        "encoding": cell,
        "layer": [
            {
                "mark": "rect",
                "encoding": {
                    "color": {
                        "field": chart.value,
                        "aggregate": "sum",
                        "type": "quantitative",
                        "title": chart.titles(chart.value),
                        "scale": {"scheme": "blues"},
                    },
                    "tooltip": [
                        {"field": chart.x, "title": chart.titles(chart.x)},
                        {"field": chart.y, "title": chart.titles(chart.y)},
                        {"field": chart.value, "aggregate": "sum", "title": chart.titles(chart.value)},
                    ],
                },
            },
            {
                "mark": {"type": "text", "baseline": "middle"},
                "encoding": {"text": {"field": chart.value, "aggregate": "sum", "type": "quantitative"}},
            },
        ],
    }


def _titled(chart: Chart, titles: Mapping[str, str]) -> Chart:
    named = dict(titles)
    return dataclasses.replace(chart, titles=lambda column: named.get(column) or words(column))


def _faceted_bars(chart: Chart, values: Sequence[Mapping[str, Any]], sort: list[str],
                  panels: list[str]) -> dict[str, Any]:
    """Bars in one panel per facet value, each with its own categories: areas of different levels
    are never set side by side as if comparable."""
    encoding: dict[str, Any] = {
        "x": {"field": chart.x, "type": "nominal", "sort": sort or "-y", "title": None,
              "axis": {"labelAngle": -40, "labelLimit": 160}},
        "y": {"field": chart.y, "type": "quantitative", "aggregate": "sum", "title": chart.titles(chart.y),
              "axis": {"tickMinStep": 1}},
        "tooltip": [{"field": chart.x, "title": chart.titles(chart.x)},
                    {"field": chart.y, "aggregate": "sum", "title": chart.titles(chart.y)}],
    }
    if chart.colour:
        encoding["color"] = {"field": chart.colour, "type": "nominal", "title": chart.titles(chart.colour)}
        encoding["tooltip"].insert(1, {"field": chart.colour, "title": chart.titles(chart.colour)})
        if chart.grouped:
            encoding["xOffset"] = {"field": chart.colour}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": list(values)},
        "config": {"view": {"stroke": None}, "axis": {"labelLimit": 220}, "legend": {"labelLimit": 320},
                   "aria": False},
        "facet": {"row": {"field": chart.facet, "type": "nominal", "title": None,
                          "sort": panels or "ascending",
                          "header": {"labelAngle": 0, "labelAlign": "left", "labelFontWeight": "bold",
                                     "labelOrient": "top"}}},
        "resolve": {"scale": {"x": "independent"}},
        "spec": {"width": 760, "height": 200, "mark": "bar", "encoding": encoding},
    }


def outermost(chart: Chart, variables: Sequence[str], rows: Sequence[Sequence[object]],
              wider: Mapping[str, set[str]]) -> tuple[list[Sequence[object]], list[str]]:
    """The rows a ``nested: outermost`` chart draws, and the areas (IRIs) it leaves out: those that lie
    inside another area of the rows in the same panel (``wider``: each area's wider territories)."""
    x = variables.index(chart.x)
    panel = variables.index(chart.facet) if chart.facet else None

    def key(row: Sequence[object], area: str) -> tuple[str, str]:
        value = row[panel] if panel is not None else None
        return (value.value if isinstance(value, ox.NamedNode | ox.Literal) else "", area)

    drawn = {key(row, row[x].value) for row in rows if isinstance(row[x], ox.NamedNode)}  # type: ignore[attr-defined]
    kept, left = [], []
    for row in rows:
        area = row[x].value if isinstance(row[x], ox.NamedNode) else ""  # type: ignore[attr-defined]
        if any(key(row, outer) in drawn for outer in wider.get(area, ()) if outer != area):
            if area not in left:
                left.append(area)
        else:
            kept.append(row)
    return kept, left


def words(column: str) -> str:
    """A column's name as words for an axis or a legend: observedBodies → observed bodies, body_type →
    body type (a printed legend titled "authorityKind" reads as code)."""
    return " ".join(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", column).replace("_", " ").lower().split())


def _lifespans(chart: Chart, values: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Bars for the resources' lives and marks for the rows' events, one band per facet value."""
    facet = chart.facet or "_all"
    data: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for value in values:
        band = value.get(chart.facet, "") if chart.facet else ""
        for resource, start, end in chart.spans:
            if value.get(resource) is None or value.get(start) is None:
                continue
            finish = value.get(end) or (value.get(chart.until) if chart.until else None) or value.get(start)
            key = (band, value[resource], value[start], finish)
            if key not in seen:
                seen.add(key)
                data.append({"kind": "span", facet: band, "line": value[resource], "start": value[start],
                             "end": finish})
        if value.get(chart.x) is not None and value.get(chart.y) is not None:
            event = {"kind": "event", facet: band, "line": value[chart.y], "date": value[chart.x],
                     **{c: value.get(c) for c in (chart.colour, *chart.details) if c}}
            if chart.names and value.get(chart.names[0]) and value.get(chart.names[1]):
                event["renamed"] = f"{value[chart.names[0]]} → {value[chart.names[1]]}"
            data.append(event)
    tooltip = [{"field": "line", "title": chart.titles(chart.y)},
               {"field": "date", "type": "temporal", "title": chart.titles(chart.x)},
               *({"field": c, "title": chart.titles(c)} for c in (chart.colour, *chart.details) if c)]
    point: dict[str, Any] = {"mark": {"type": "point", "filled": True, "size": 90},
                             "transform": [{"filter": "datum.kind === 'event'"}],
                             "encoding": {"x": {"field": "date", "type": "temporal"}, "tooltip": tooltip}}
    if chart.colour:
        point["encoding"]["color"] = {"field": chart.colour, "type": "nominal",
                                      "title": chart.titles(chart.colour)}
    _, start, end = chart.spans[0]
    layers: list[dict[str, Any]] = [
        {"mark": {"type": "bar", "cornerRadius": 2, "color": "#c9d6e8"},
         "transform": [{"filter": "datum.kind === 'span'"}],
         "encoding": {"x": {"field": "start", "type": "temporal"}, "x2": {"field": "end"},
                      "tooltip": [{"field": "line", "title": chart.titles(chart.y)},
                                  {"field": "start", "type": "temporal", "title": chart.titles(start)},
                                  {"field": "end", "type": "temporal", "title": chart.titles(end)}]}},
        point,
    ]
    if chart.names:
        layers.append({"mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 11},
                       "transform": [{"filter": "datum.kind === 'event' && datum.renamed"}],
                       "encoding": {"x": {"field": "date", "type": "temporal"},
                                    "text": {"field": "renamed"}}})
    inner = {
        "width": 760,
        "height": {"step": 20},
        "encoding": {
            "y": {"field": "line", "type": "nominal", "title": None,
                  "sort": {"field": "start", "op": "min"}},
            "x": {"type": "temporal", "title": None, "axis": {"format": "%Y"}},
        },
        "layer": layers,
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": data},
        "config": {"view": {"stroke": None}, "axis": {"labelLimit": 320}, "aria": False},
        "facet": {"row": {"field": facet, "type": "nominal", "title": None,
                          "header": {"labelAngle": 0, "labelAlign": "left", "labelFontWeight": "bold"}}},
        "resolve": {"scale": {"y": "independent"}},
        "spec": inner,
    }


def _network(
    chart: Chart, variables: Sequence[str], rows: Sequence[Sequence[object]], labels: Mapping[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape.js elements: a node per resource (its side, x or y, as its class), an edge per row."""
    source, target = variables.index(chart.x), variables.index(chart.y)
    weight = variables.index(chart.value) if chart.value else None
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for number, row in enumerate(rows):
        ends = []
        for side, position in (("x", source), ("y", target)):
            term = row[position]
            key = term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)
            nodes.setdefault(key, {"data": {"id": key, "label": _value(term, labels)}, "classes": side})
            ends.append(key)
        size = _value(row[weight], labels) if weight is not None else 1
        edges.append(
            {
                "data": {
                    "id": f"e{number}",
                    "source": ends[0],
                    "target": ends[1],
                    "weight": size if isinstance(size, int | float) else 1,
                }
            }
        )
    return {"nodes": list(nodes.values()), "edges": edges}


def _value(term: object, labels: Mapping[str, str], said: Callable[[str], str] | None = None) -> object:
    if isinstance(term, ox.NamedNode):
        return labels.get(term.value, term.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
    if isinstance(term, ox.Literal):
        number = numeric_value(term)
        if number is not None:
            return number
        return said(term.value) if said is not None and term.language is None else term.value
    return None


def _sort(
    column: str,
    variables: Sequence[str],
    rows: Sequence[Sequence[object]],
    labels: Mapping[str, str],
    order: Sequence[str],
) -> list[str]:
    """The column's values in ``order`` when all of them are in it; else [] (as the engine sorts)."""
    position = list(variables).index(column)
    terms = {row[position].value for row in rows if isinstance(row[position], ox.NamedNode)}  # type: ignore[attr-defined]
    if terms and terms <= set(order):
        return [labels.get(iri, iri) for iri in order if iri in terms]
    return []
