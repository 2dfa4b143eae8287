"""The results writers give what the W3C formats say: checked by parsing them back with pyoxigraph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from psgraph.sparqlresults import csv_text, tsv_text, write_boolean, write_solutions

XSD = "http://www.w3.org/2001/XMLSchema#"
VARIABLES = ("s", "label", "n", "missing")
ROWS = [
    (ox.NamedNode("https://example.org/a?x=1&y=2"), ox.Literal('tab\there, "quoted" <b> & é', language="fr"),
     ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")), None),
    (ox.BlankNode("b0"), ox.Literal("line\nbreak"), ox.Literal("2026-11-22", datatype=ox.NamedNode(XSD + "date")),
     None),
]


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_solutions_round_trip_through_pyoxigraph(fmt):
    parsed = ox.parse_query_results(write_solutions(fmt, VARIABLES, ROWS), format=getattr(ox.QueryResultsFormat,
                                                                                           fmt.upper()))
    assert [v.value for v in parsed.variables] == list(VARIABLES)
    back = [tuple(solution[name] for name in VARIABLES) for solution in parsed]
    assert back[0] == ROWS[0]
    assert back[1][1:] == ROWS[1][1:]
    assert isinstance(back[1][0], ox.BlankNode)


def test_csv_carries_values_only_with_crlf_rows():
    text = csv_text(VARIABLES, ROWS)
    lines = text.split("\r\n")
    assert lines[0] == "s,label,n,missing"
    assert lines[1].startswith('https://example.org/a?x=1&y=2,"tab\there, ""quoted"" <b> & é",3,')
    assert '_:b0,"line\nbreak",2026-11-22,' in text


def test_tsv_writes_terms_escaped_on_one_line_each():
    lines = tsv_text(VARIABLES, ROWS).splitlines()
    assert lines[0] == "?s\t?label\t?n\t?missing"
    assert len(lines) == 3
    assert lines[2].split("\t")[1] == '"line\\nbreak"'


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("value", [True, False])
def test_boolean_round_trip(fmt, value):
    parsed = ox.parse_query_results(write_boolean(fmt, value), format=getattr(ox.QueryResultsFormat, fmt.upper()))
    assert bool(parsed) is value


def test_boolean_has_no_csv_form():
    with pytest.raises(ValueError):
        write_boolean("csv", True)
