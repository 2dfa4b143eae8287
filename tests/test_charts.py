"""Charts declared in a canned query's header, as Vega-Lite specifications."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from psgraph.charts import Chart, spec
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
