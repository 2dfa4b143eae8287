from __future__ import annotations

import json

import pyoxigraph as ox

from psgraph.results import ResultTable, render

TABLE = ResultTable(("body", "n", "label"), (
    (ox.NamedNode("https://w3id.org/psgraph/id/body/fr/clspd-lyon"),
     ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
     ox.Literal("Lyon, CLSPD", language="en")),
    (None, None, None),
))


def test_table_compacts_iris_and_counts_rows() -> None:
    text = render(TABLE, "table")
    assert "bfr:clspd-lyon" in text and text.endswith("(2 rows)")


def test_csv_quotes_and_keeps_full_iris() -> None:
    assert render(TABLE, "csv").splitlines()[1] == 'https://w3id.org/psgraph/id/body/fr/clspd-lyon,2,"Lyon, CLSPD"'


def test_json_is_sparql_results_json_and_round_trips() -> None:
    payload = json.loads(render(TABLE, "json"))
    assert payload["head"]["vars"] == ["body", "n", "label"]
    assert payload["results"]["bindings"][1] == {}
    assert ResultTable.from_sparql_json(payload).records() == TABLE.records()
