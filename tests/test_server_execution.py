from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from psgraph.server.execution import QueryRequest, execute, wire_term

EX = "http://example.org/"


@pytest.fixture(scope="module")
def store():
    store = ox.Store()
    for index in range(5):
        store.add(ox.Quad(ox.NamedNode(f"{EX}s{index}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(index))))
    store.add(ox.Quad(ox.NamedNode(f"{EX}g"), ox.NamedNode(f"{EX}p"), ox.Literal("in g"), ox.NamedNode(f"{EX}graph")))
    return store


def test_select_is_capped_and_says_so(store):
    outcome = execute(store, QueryRequest("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", max_rows=3))
    assert (outcome.status, outcome.form, outcome.rows, outcome.truncated) == (200, "select", 3, True)
    assert outcome.media_type == "application/sparql-results+json; charset=utf-8"
    assert len(json.loads(outcome.body)["results"]["bindings"]) == 3


def test_select_under_the_cap_is_whole(store):
    outcome = execute(store, QueryRequest("SELECT ?s WHERE { ?s ?p ?o }", accept="text/csv", max_rows=5))
    assert (outcome.rows, outcome.truncated) == (5, False)
    assert outcome.body.decode().count("\r\n") == 6


def test_construct_formats(store):
    text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    turtle = execute(store, QueryRequest(text, accept="text/turtle"))
    assert turtle.media_type.startswith("text/turtle") and b"<http://example.org/s1>" in turtle.body
    lines = execute(store, QueryRequest(text, accept="application/n-triples")).body.decode().splitlines()
    assert len(lines) == 5
    jsonld = json.loads(execute(store, QueryRequest(text, accept="application/ld+json")).body)
    assert len(jsonld) == 5


def test_ask_and_its_formats(store):
    assert json.loads(execute(store, QueryRequest("ASK { ?s ?p '3' }")).body)["boolean"] is True
    outcome = execute(store, QueryRequest("ASK { ?s ?p '3' }", accept="text/csv"))
    assert outcome.status == 406 and b"application/sparql-results+json" in outcome.body


def test_dataset_parameters(store):
    text = "SELECT ?o WHERE { ?s ?p ?o }"
    body = execute(store, QueryRequest(text, default_graphs=(f"{EX}graph",))).body
    assert [b["o"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["in g"]
    named = execute(store, QueryRequest("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                        named_graphs=(f"{EX}other",))).body
    assert json.loads(named)["results"]["bindings"] == []


def test_substitutions_bind_projected_variables(store):
    request = QueryRequest("SELECT ?s ?o WHERE { ?s ?p ?o }",
                           substitutions={"o": wire_term(ox.Literal("2"))})
    rows = json.loads(execute(store, request).body)["results"]["bindings"]
    assert [row["s"]["value"] for row in rows] == [f"{EX}s2"]


def test_parse_errors_are_400_with_the_parser_message(store):
    outcome = execute(store, QueryRequest("SELECT ?s WHERE { ?s ?p }"))
    assert outcome.status == 400
    assert outcome.body.decode().startswith("The query does not parse: error at 1:")


@pytest.fixture(scope="module")
def awkward():
    """Values and predicates XML cannot carry (issue 15, defect 8)."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}label"), ox.Literal("a\x01b")))
    store.add(ox.Quad(ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}slash/"), ox.Literal("plain")))
    return store


@pytest.mark.parametrize(("query", "fmt", "words"), [
    (f"SELECT ?o WHERE {{ ?s <{EX}label> ?o }}", "xml", b"U+0001, which XML 1.0 cannot carry"),
    (f"CONSTRUCT WHERE {{ ?s <{EX}label> ?o }}", "rdfxml", b"U+0001, which XML 1.0 cannot carry"),
    (f"CONSTRUCT WHERE {{ ?s <{EX}slash/> ?o }}", "rdfxml", b"cannot write the predicate"),
])
def test_what_xml_cannot_carry_is_refused_not_written_invalid(awkward, query, fmt, words):
    outcome = execute(awkward, QueryRequest(query, format=fmt))
    assert outcome.status == 406 and words in outcome.body


def test_the_same_values_in_json_and_turtle_are_answered(awkward):
    assert execute(awkward, QueryRequest(f"SELECT ?o WHERE {{ ?s <{EX}label> ?o }}", format="json")).status == 200
    outcome = execute(awkward, QueryRequest("CONSTRUCT WHERE { ?s ?p ?o }", format="turtle"))
    assert outcome.status == 200 and len(list(ox.parse(outcome.body, format=ox.RdfFormat.TURTLE))) == 2


def test_an_evaluation_error_of_the_query_is_a_400(store):
    outcome = execute(store, QueryRequest("SELECT (<urn:nofn>(1) AS ?x) WHERE {}"))
    assert outcome.status == 400 and b"The custom function <urn:nofn> is not supported" in outcome.body


def test_the_project_prefixes_are_predeclared_and_a_query_may_redeclare_them():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://w3id.org/psgraph/id/body/fr/x"),
                      ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode("https://w3id.org/psgraph/ontology#CLSPD")))
    plain = execute(store, QueryRequest("SELECT ?b WHERE { ?b a psg:CLSPD }", accept="text/csv"))
    assert plain.status == 200 and b"body/fr/x" in plain.body
    own = execute(store, QueryRequest("PREFIX psg: <http://example.org/> SELECT ?b WHERE { ?b a psg:CLSPD }",
                                      accept="text/csv"))
    assert own.status == 200 and b"body/fr/x" not in own.body
