from __future__ import annotations

import pytest

from psgraph.server.negotiation import BOOLEAN, GRAPH, SOLUTIONS, negotiate


@pytest.mark.parametrize(("accept", "expected"), [
    ("", "json"),
    (None, "json"),
    ("*/*", "json"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/sparql-results+xml", "xml"),
    # SPARQLWrapper's header for JSON
    ("application/sparql-results+json,application/json,text/javascript,application/javascript", "json"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "xml"),
    ("*/*, text/csv", "csv"),  # named beats reached through a wildcard
    ("text/*;q=0.5, text/tab-separated-values", "tsv"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "xml"),  # a browser
])
def test_solutions(accept, expected):
    offer = negotiate(accept, SOLUTIONS)
    assert offer is not None and offer.name == expected


@pytest.mark.parametrize(("accept", "expected"), [
    ("text/turtle", "turtle"),
    ("application/n-triples", "ntriples"),
    ("application/ld+json,application/x-json+ld", "jsonld"),
    ("application/rdf+xml", "rdfxml"),
    ("", "turtle"),
])
def test_graph(accept, expected):
    offer = negotiate(accept, GRAPH)
    assert offer is not None and offer.name == expected


@pytest.mark.parametrize("accept", ["image/png", "text/csv;q=0", "text/html"])
def test_nothing_acceptable(accept):
    assert negotiate(accept, BOOLEAN) is None


def test_malformed_quality_counts_as_refusal():
    assert negotiate("text/csv;q=abc", SOLUTIONS) is None
