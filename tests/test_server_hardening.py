"""`psgraph serve` under hostile input (issue 15): nesting, fair sharing between clients told apart
by a trusted proxy's X-Forwarded-For, engine errors as 400, the Host header, request smuggling."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.cli import main
from tests.serverkit import fetch, running_server

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIGHT = "ASK { ?s ?p ?o }"
TIMEOUT_S = 2
BUDGET_S = 3


@pytest.fixture(scope="module")
def server(real_project):
    build(real_project)
    with running_server(real_project.root, "--timeout", str(TIMEOUT_S), "--workers", "3",
                        "--client-concurrency", "1", "--client-budget", str(BUDGET_S),
                        "--queue-timeout", "1", "--trusted-proxy", "127.0.0.1") as url:
        yield url


def post(server: str, query: str, client: str = ""):
    """POST a query as the client ``client`` (the X-Forwarded-For the trusted proxy would send)."""
    headers = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
    if client:
        headers["X-Forwarded-For"] = client
    return fetch(f"{server}/sparql", query.encode(), headers)


def health(server: str) -> tuple[int, dict]:
    status, _, body = fetch(f"{server}/health", timeout=10)
    return status, json.loads(body)


@pytest.mark.parametrize("query", [
    "SELECT ?x WHERE { BIND(" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) }",
    "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
    "SELECT * WHERE { " + "FILTER NOT EXISTS { " * 3000 + "}" * 3000 + " }",
    "SELECT * WHERE { ?s ?p " + "[ <p:p> " * 3000 + "1" + " ]" * 3000 + " }",
    "SELECT * WHERE { " + " ".join(["OPTIONAL { BIND(1 AS ?x) }"] * 5000) + " }",
])
def test_a_too_deep_query_is_refused_before_it_reaches_a_worker(server, query):
    pids = health(server)[1]["worker_pids"]
    status, _, body = post(server, query, "198.51.100.9")
    assert status == 400 and (b"levels deep" in body or b"at most 1000" in body or b"32,000 this endpoint" in body)
    assert health(server)[1]["worker_pids"] == pids


def test_an_engine_error_caused_by_the_query_is_a_400(server):
    status, _, body = post(server, "SELECT (<urn:nofn>(1) AS ?x) WHERE {}", "198.51.100.8")
    assert status == 400 and b"urn:nofn" in body


def test_heavy_clients_are_throttled_while_others_are_served(server):
    results: dict[str, list] = {"heavy": [], "light": [], "health": []}

    def heavy() -> None:
        for _ in range(3):
            results["heavy"].append(post(server, HEAVY, "192.0.2.1"))

    threads = [threading.Thread(target=heavy)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    # The heavy client's second query at once: over its concurrency.
    status, headers, body = post(server, HEAVY, "192.0.2.1")
    assert status == 503 and b"already has 1 query running" in body and headers["Retry-After"] == "1"
    while threads[0].is_alive():
        started = time.monotonic()
        results["light"].append((post(server, LIGHT, "203.0.113.5")[0], time.monotonic() - started))
        started = time.monotonic()
        results["health"].append((health(server)[0], time.monotonic() - started))
        time.sleep(0.05)
    statuses = [outcome[0] for outcome in results["heavy"]]
    # Two queries cut at the time limit (2 s each) exhaust the 3 s budget: the third is refused.
    assert statuses == [503, 503, 503]
    assert b"stopped after" in results["heavy"][0][2]
    assert b"of query time in the last 60 s" in results["heavy"][2][2]
    assert int(results["heavy"][2][1]["Retry-After"]) > 50
    assert all(status == 200 for status, _ in results["light"]) and len(results["light"]) > 10
    assert max(seconds for _, seconds in results["light"]) < 1.0
    assert max(seconds for _, seconds in results["health"]) < 0.5


def test_the_host_header_cannot_inject_triples(server):
    port = int(urllib.parse.urlsplit(server).port or 80)
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(b'GET /sparql HTTP/1.1\r\nHost: a> . <x:y> <x:z> "inj\r\nConnection: close\r\n\r\n')
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert not any(t.predicate.value == "x:z" for t in triples)
    endpoints = [t.object.value for t in triples if t.predicate.value.endswith("#endpoint")]
    assert endpoints == [f"http://127.0.0.1:{port}/sparql"] or endpoints[0].endswith(f":{port}/sparql")


def _answer_and_state(port: int, request: bytes) -> tuple[bytes, bool]:
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(request)
        connection.settimeout(3)
        data = b""
        try:
            while chunk := connection.recv(65536):
                data += chunk
            return data, True
        except TimeoutError:
            return data, False


def test_a_request_with_both_content_length_and_transfer_encoding_closes_the_connection(server):
    port = int(urllib.parse.urlsplit(server).port or 80)
    body = b"query=ASK%7B%7D"
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    both, closed = _answer_and_state(port, head + b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n"
                                     % len(body) + chunked)
    assert both.startswith(b"HTTP/1.1 200") and closed
    only_chunked, closed = _answer_and_state(port, head + b"Transfer-Encoding: chunked\r\n\r\n" + chunked)
    assert only_chunked.startswith(b"HTTP/1.1 200") and not closed  # keep-alive as usual


@pytest.mark.parametrize(("args", "words"), [
    (["--workers", "100000"], "give between 1 and 64 worker processes"),
    (["--max-memory", "1G", "--workers", "4"], "give at least 512 MB per worker"),
    (["--max-memory", "100T"], "is more than this machine's"),
    (["--client-concurrency", "0"], "give at least 1"),
    (["--host", "999.1.1.1"], "not an address this machine can listen on"),
    (["--trusted-proxy", "proxy.example"], "give the proxy's IP address"),
    (["--public-url", "ftp://x"], "give the address clients use"),
    (["--timeout", "nan"], "give a number of seconds above 0"),
    (["--queue-timeout", "inf"], "give a number of seconds above 0"),
])
def test_bad_serve_options_get_one_sentence_and_exit_2(real_project, capsys, args, words):
    assert main(["--root", str(real_project.root), "serve", "--port", "0", *args]) == 2
    error = capsys.readouterr().err
    assert words in error and "Traceback" not in error and error.count("\n") == 1


def test_a_size_that_is_not_one_is_refused_by_the_parser(real_project, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--root", str(real_project.root), "serve", "--max-memory", "lots"])
    assert stop.value.code == 2 and "is not a size" in capsys.readouterr().err


def test_with_a_public_url_a_request_for_another_host_is_refused(real_project):
    """A server that knows its public name never answers as another one (issue 33, defect 5)."""
    build(real_project)
    with running_server(real_project.root, "--workers", "1", "--public-url", "https://psgraph.example.org") as url:
        port = int(urllib.parse.urlsplit(url).port or 80)
        for host in ("evil.example", "psgraph.example.org.evil.example", "a@psgraph.example.org", "[::1"):
            status, _, body = fetch(f"{url}/dumps/void.ttl", headers={"Host": host})
            assert status == 421 and b"answers as https://psgraph.example.org" in body, host
        for host in ("psgraph.example.org", "PSGRAPH.example.org:443", f"127.0.0.1:{port}", "localhost"):
            status, _, body = fetch(f"{url}/dumps/void.ttl", headers={"Host": host})
            assert status == 200 and b"<https://psgraph.example.org/" in body and b"127.0.0.1" not in body, host
        assert fetch(f"{url}/health")[0] == 200
