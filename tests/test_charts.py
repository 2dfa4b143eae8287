"""Charts declared in a canned query's header, as Vega-Lite specifications."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from psgraph.charts import Chart, outermost, spec, words
from psgraph.errors import InputError

PSG = "https://w3id.org/psgraph/ontology#"
FR, UK = "https://w3id.org/psgraph/id/territory/fr", "https://w3id.org/psgraph/id/territory/uk"


def _number(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


ROWS = [(ox.NamedNode(FR), ox.NamedNode(PSG + "Municipal"), _number(4)),
        (ox.NamedNode(FR), ox.NamedNode(PSG + "National"), _number(2)),
        (ox.NamedNode(UK), ox.NamedNode(PSG + "County"), _number(41))]
LABELS = {FR: "France", UK: "Royaume-Uni", PSG + "Municipal": "communal", PSG + "National": "national",
          PSG + "County": "départemental"}


def test_a_chart_naming_a_column_the_query_does_not_return_is_refused() -> None:
    with pytest.raises(InputError, match="names column 'bodyz', which the query does not return"):
        Chart.from_header({"type": "bar", "x": "country", "y": "bodyz"}, "q.rq", ["country", "bodies"])
    with pytest.raises(InputError, match="needs a type"):
        Chart.from_header({"type": "pie", "x": "country"}, "q.rq", ["country"])


def test_a_bar_chart_shows_labels_and_stacks_by_colour() -> None:
    chart = Chart.from_header({"type": "bar", "x": "country", "y": "bodies", "colour": "level"}, "q.rq",
                              ["country", "level", "bodies"])
    figure = spec(chart, ["country", "level", "bodies"], ROWS, LABELS)
    assert figure["mark"] == "bar" and figure["encoding"]["color"]["field"] == "level"
    assert figure["data"]["values"][0] == {"country": "France", "level": "communal", "bodies": 4}
    assert figure["encoding"]["y"]["aggregate"] == "sum"


def test_a_level_axis_reads_from_the_widest_level_down() -> None:
    chart = Chart.from_header({"type": "heatmap", "x": "country", "y": "level", "value": "bodies"}, "q.rq",
                              ["country", "level", "bodies"])
    levels = [PSG + name for name in ("Supranational", "National", "Regional", "County", "Municipal")]
    figure = spec(chart, ["country", "level", "bodies"], ROWS, LABELS, levels)
    assert figure["encoding"]["y"]["sort"] == ["national", "départemental", "communal"]
    assert figure["encoding"]["x"]["sort"] == "ascending"  # countries are not levels: as the engine sorts
    assert [layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]
            for layer in figure["layer"]] == ["rect", "text"]


def test_an_answer_longer_than_the_chart_allows_is_not_drawn() -> None:
    chart = Chart.from_header({"type": "bar", "x": "country", "y": "bodies", "max_rows": 2}, "q.rq",
                              ["country", "bodies"])
    assert spec(chart, ["country", "level", "bodies"], ROWS, LABELS) is None


def test_a_network_has_a_node_per_resource_and_an_edge_per_row() -> None:
    chart = Chart.from_header({"type": "network", "x": "country", "y": "level", "value": "bodies"}, "q.rq",
                              ["country", "level", "bodies"])
    network = spec(chart, ["country", "level", "bodies"], ROWS, LABELS)["network"]
    assert sorted(node["data"]["label"] for node in network["nodes"]) == [
        "France", "Royaume-Uni", "communal", "départemental", "national"]
    assert [edge["data"]["weight"] for edge in network["edges"]] == [4, 2, 41]
    assert {node["classes"] for node in network["nodes"] if node["data"]["id"] == FR} == {"x"}


def test_a_timeline_places_each_row_at_its_date_on_its_lineage() -> None:
    chart = Chart.from_header({"type": "timeline", "x": "date", "y": "country", "colour": "level",
                               "details": ["bodies"]}, "q.rq", ["date", "country", "level", "bodies"])
    dated = [(ox.Literal("2002-07-17", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")), *row)
             for row in ROWS]
    figure = spec(chart, ["date", "country", "level", "bodies"], dated, LABELS)
    assert figure["encoding"]["x"]["type"] == "temporal" and figure["data"]["values"][0]["date"] == "2002-07-17"
    assert [field["field"] for field in figure["encoding"]["tooltip"]] == ["country", "date", "level", "bodies"]
    assert figure["layer"][1]["mark"]["type"] == "point"


def test_lifespans_draw_a_bar_per_resource_and_a_mark_per_change_per_country() -> None:
    columns = ["date", "from", "to", "change", "country", "fromStart", "fromEnd", "toStart", "toEnd",
               "before", "after", "as_of"]
    chart = Chart.from_header({"type": "lifespans", "x": "date", "y": "from", "colour": "change",
                               "facet": "country", "spans": [["from", "fromStart", "fromEnd"],
                                                             ["to", "toStart", "toEnd"]],
                               "until": "as_of", "names": ["before", "after"]}, "q.rq", columns)

    def day(text: str) -> ox.Literal:
        return ox.Literal(text, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))

    ccpd, clspd, cipdr = (ox.NamedNode(f"{PSG}{n}") for n in ("CCPD", "CLSPD", "CIPDR"))
    rows = [
        (day("2002-07-17"), ccpd, clspd, ox.Literal("replaced"), ox.NamedNode(FR), day("1983-06-08"), day("2002-10-01"),
         day("2002-07-17"), None, None, None, day("2026-11-30")),
        (day("2016-05-06"), cipdr, cipdr, ox.Literal("renamed"), ox.NamedNode(FR), day("2006-01-17"), None,
         day("2006-01-17"), None, ox.Literal("CIPD"), ox.Literal("CIPDR"), day("2026-11-30")),
    ]
    figure = spec(chart, columns, rows, {**LABELS, str(ccpd.value): "CCPD", str(clspd.value): "CLSPD",
                                         str(cipdr.value): "CIPDR"})
    values = figure["data"]["values"]
    spans = sorted((v["line"], v["start"], v["end"]) for v in values if v["kind"] == "span")
    assert spans == [("CCPD", "1983-06-08", "2002-10-01"), ("CIPDR", "2006-01-17", "2026-11-30"),
                     ("CLSPD", "2002-07-17", "2026-11-30")]
    events = [v for v in values if v["kind"] == "event"]
    assert [e["line"] for e in events] == ["CCPD", "CIPDR"] and events[1]["renamed"] == "CIPD → CIPDR"
    assert {v["country"] for v in values} == {"France"}
    assert figure["facet"]["row"]["field"] == "country"
    assert [layer["mark"]["type"] for layer in figure["spec"]["layer"]] == ["bar", "point", "text"]


def test_a_lifespans_chart_needs_its_spans() -> None:
    with pytest.raises(InputError, match="needs spans"):
        Chart.from_header({"type": "lifespans", "x": "date", "y": "from"}, "q.rq", ["date", "from"])


UK_NATIONS = {name: f"https://w3id.org/psgraph/id/territory/{name}" for name in ("uk", "uk-england-wales", "uk-england")}


def test_axes_and_legends_are_titled_in_words() -> None:
    assert words("observedBodies") == "observed bodies" and words("body_type") == "body type"
    chart = Chart.from_header({"type": "bar", "x": "country", "y": "observedBodies", "colour": "authorityKind"},
                              "q.rq", ["country", "authorityKind", "observedBodies"])
    figure = spec(chart, ["country", "authorityKind", "observedBodies"], ROWS, LABELS)
    assert (figure["encoding"]["y"]["title"], figure["encoding"]["color"]["title"]) == ("observed bodies",
                                                                                       "authority kind")


def test_areas_inside_another_area_of_their_panel_are_left_to_the_table() -> None:
    chart = Chart.from_header({"type": "bar", "x": "area", "y": "missing", "facet": "level", "nested": "outermost"},
                              "q.rq", ["area", "level", "missing"])
    national = ox.NamedNode(PSG + "National")
    rows = [(ox.NamedNode(FR), national, _number(2248)), *((ox.NamedNode(iri), national, _number(3))
                                                          for iri in UK_NATIONS.values()),
            (ox.NamedNode(UK_NATIONS["uk-england"]), ox.NamedNode(PSG + "Regional"), _number(1))]
    wider = {UK_NATIONS["uk-england"]: {UK_NATIONS["uk-england"], UK_NATIONS["uk-england-wales"], UK_NATIONS["uk"]},
             UK_NATIONS["uk-england-wales"]: {UK_NATIONS["uk-england-wales"], UK_NATIONS["uk"]}}
    kept, left = outermost(chart, ["area", "level", "missing"], rows, wider)
    assert [row[0].value for row in kept] == [FR, UK_NATIONS["uk"], UK_NATIONS["uk-england"]]  # the last: alone in its panel
    assert left == [UK_NATIONS["uk-england-wales"], UK_NATIONS["uk-england"]]
    figure = spec(chart, ["area", "level", "missing"], kept, LABELS)
    assert figure["facet"]["row"]["field"] == "level" and figure["resolve"]["scale"]["x"] == "independent"
    with pytest.raises(InputError, match="nested takes one value, outermost"):
        Chart.from_header({"type": "heatmap", "x": "a", "y": "b", "value": "c", "nested": "outermost"}, "q.rq",
                          ["a", "b", "c"])
