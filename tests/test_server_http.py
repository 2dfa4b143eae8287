"""`psgraph serve` as researchers' scripts meet it: the SPARQL 1.1 protocol through SPARQLWrapper
and urllib, the limits, and the downloads. One real server process for the module."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.parse

import pyoxigraph as ox
import pytest
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    POST,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from psgraph.build import build
from psgraph.store import open_store
from tests.serverkit import fetch, running_server

PSG = "https://w3id.org/psgraph/ontology#"
BODIES = f"PREFIX psg: <{PSG}> SELECT DISTINCT ?body WHERE {{ ?body psg:classifiedAs ?type }} ORDER BY ?body"
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MAX_ROWS = 15
TIMEOUT_S = 2


@pytest.fixture(scope="module")
def server(real_project):
    build(real_project)
    with running_server(real_project.root, "--timeout", str(TIMEOUT_S), "--workers", "3",
                        "--max-rows", str(MAX_ROWS)) as url:
        yield url


@pytest.fixture(scope="module")
def store_bodies(real_project):
    store = open_store(real_project)
    return [s["body"].value for s in store.query(BODIES)]


def client(server: str, query: str, fmt: str | None = None) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(f"{server}/sparql")
    wrapper.setQuery(query)
    if fmt:
        wrapper.setReturnFormat(fmt)
    return wrapper




def test_select_in_every_results_format(server, store_bodies):
    query = BODIES + " LIMIT 10"
    expected = store_bodies[:10]
    payload = client(server, query, JSON).queryAndConvert()
    assert [b["body"]["value"] for b in payload["results"]["bindings"]] == expected
    document = client(server, query, XML).queryAndConvert()
    assert [node.firstChild.data for node in document.getElementsByTagName("uri")] == expected
    rows = list(csv.reader(io.StringIO(client(server, query, CSV).queryAndConvert().decode())))
    assert rows[0] == ["body"] and [row[0] for row in rows[1:]] == expected
    lines = client(server, query, TSV).queryAndConvert().decode().splitlines()
    assert lines[0] == "?body" and lines[1:] == [f"<{iri}>" for iri in expected]


def test_ask(server):
    assert client(server, f"ASK {{ ?b <{PSG}classifiedAs> ?t }}", JSON).queryAndConvert()["boolean"] is True
    document = client(server, "ASK { <http://e/nothing> ?p ?o }", XML).queryAndConvert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "false"


def test_construct_in_turtle_jsonld_and_ntriples(server, real_project):
    query = f"CONSTRUCT {{ ?b a <{PSG}Body> }} WHERE {{ ?b <{PSG}classifiedAs> ?t }} ORDER BY ?b LIMIT 10"
    turtle = client(server, query, TURTLE).queryAndConvert()
    graph_turtle = set(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    jsonld = client(server, query, JSONLD).queryAndConvert()
    graph_jsonld = set(ox.parse(jsonld.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES))
    wrapper = client(server, query)
    wrapper.addCustomHttpHeader("Accept", "application/n-triples")
    response = wrapper.query().response
    assert response.headers["Content-Type"].startswith("application/n-triples")
    graph_nt = set(ox.parse(response.read(), format=ox.RdfFormat.N_TRIPLES))
    assert len(graph_turtle) >= 5
    assert graph_turtle == graph_jsonld == graph_nt


def test_get_post_form_and_post_direct_agree(server):
    query = BODIES + " LIMIT 5"
    accept = {"Accept": "text/csv"}
    by_get = fetch(f"{server}/sparql?{urllib.parse.urlencode({'query': query})}", headers=accept)
    by_form = fetch(f"{server}/sparql", urllib.parse.urlencode({"query": query}).encode(),
                    {**accept, "Content-Type": "application/x-www-form-urlencoded"})
    direct = fetch(f"{server}/sparql", query.encode(), {**accept, "Content-Type": "application/sparql-query"})
    assert by_get[0] == by_form[0] == direct[0] == 200
    assert by_get[2] == by_form[2] == direct[2] and by_get[2].count(b"\r\n") == 6


def test_update_is_refused(server):
    wrapper = SPARQLWrapper(f"{server}/sparql", updateEndpoint=f"{server}/sparql")
    wrapper.setMethod(POST)
    wrapper.setRequestMethod(URLENCODED)
    wrapper.setQuery("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")
    with pytest.raises(urllib.error.HTTPError) as refused:
        wrapper.query()
    assert refused.value.code == 403
    status, _, body = fetch(f"{server}/sparql", b"LOAD <http://example.org/x.ttl>",
                            {"Content-Type": "application/sparql-query"})
    assert status == 403 and b"read-only" in body
    after = client(server, "ASK { <http://e/a> ?p ?o }", JSON).queryAndConvert()
    assert after["boolean"] is False


def test_malformed_query_gets_400_with_the_parser_message(server):
    with pytest.raises(QueryBadFormed, match="does not parse"):
        client(server, "SELECT ?x WHERE { ?x ", JSON).query()


def test_explosive_query_is_cut_while_another_client_is_served(server):
    outcome: dict[str, object] = {}

    def explode() -> None:
        started = time.monotonic()
        outcome["status"], _, outcome["body"] = fetch(f"{server}/sparql", EXPLOSIVE.encode(),
                                                      {"Content-Type": "application/sparql-query"})
        outcome["seconds"] = time.monotonic() - started

    heavy = threading.Thread(target=explode)
    heavy.start()
    time.sleep(0.5)
    started = time.monotonic()
    light = client(server, BODIES + " LIMIT 3", JSON).queryAndConvert()
    light_seconds = time.monotonic() - started
    heavy.join(timeout=30)
    assert len(light["results"]["bindings"]) == 3 and light_seconds < 1.5
    assert outcome["status"] == 503
    assert b"stopped after 2 s" in outcome["body"]  # type: ignore[operator]
    assert TIMEOUT_S <= outcome["seconds"] < TIMEOUT_S + 3  # type: ignore[operator]
    health = json.loads(fetch(f"{server}/health")[2])
    assert health["worker_restarts"] >= 1
    deadline = time.monotonic() + 20
    while len(json.loads(fetch(f"{server}/health")[2])["worker_pids"]) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(json.loads(fetch(f"{server}/health")[2])["worker_pids"]) == 3


def test_row_cap_is_announced(server, store_bodies):
    assert len(store_bodies) > MAX_ROWS
    status, headers, body = fetch(f"{server}/sparql?{urllib.parse.urlencode({'query': BODIES})}",
                                  headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and headers["X-SPARQL-MaxRows"] == str(MAX_ROWS)
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS


def test_service_is_refused_by_default(server):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    status, _, body = fetch(f"{server}/sparql", query.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 403 and b"not in the allow-list" in body


def test_service_to_an_allowed_host_is_run(server, real_project):
    query = (f"SELECT ?n WHERE {{ SERVICE <{server}/sparql> "
             f"{{ SELECT (COUNT(?b) AS ?n) WHERE {{ ?b <{PSG}classifiedAs> ?t }} }} }}")
    allowed = server.removeprefix("http://")  # host:port: a host alone is allowed on ports 80 and 443
    with running_server(real_project.root, "--allow-service", allowed, "--workers", "1") as federating:
        payload = client(federating, query, JSON).queryAndConvert()
    local = client(server, f"SELECT (COUNT(?b) AS ?n) WHERE {{ ?b <{PSG}classifiedAs> ?t }}", JSON).queryAndConvert()
    assert payload["results"]["bindings"][0]["n"]["value"] == local["results"]["bindings"][0]["n"]["value"]


def test_not_acceptable(server):
    status, _, body = fetch(f"{server}/sparql?{urllib.parse.urlencode({'query': 'ASK {}'})}",
                            headers={"Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body


def test_service_description(server):
    status, headers, body = fetch(f"{server}/sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    endpoints = [t.object.value for t in graph if t.predicate.value.endswith("#endpoint")]
    assert endpoints == [f"{server}/sparql"]
    assert not any(t.object.value.endswith("#BasicFederatedQuery") for t in graph)


def test_dumps_hold_the_whole_graph(server, real_project):
    expected = len(open_store(real_project))
    status, headers, body = fetch(f"{server}/dumps/psgraph.nt")
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))) == expected
    status, _, body = fetch(f"{server}/dumps/psgraph.ttl")
    assert status == 200 and len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == expected


def test_cors_for_scripts_in_other_origins(server):
    status, headers, _ = fetch(f"{server}/sparql?{urllib.parse.urlencode({'query': 'ASK {}'})}")
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
