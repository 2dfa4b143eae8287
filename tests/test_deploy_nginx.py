"""The production recipe (issue 15, defect 5): `psgraph serve` behind Debian's nginx with the
project's own deploy/nginx configuration — clients told apart by their real address, slow
connections held by nginx, rate limits with Retry-After, compressed and cached dumps.

Clients use distinct loopback source addresses (127.0.0.0/8), so each is a different client."""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.parse

import pytest

from psgraph.build import build
from tests.serverkit import NGINX_SERVER_NAME, running_nginx, running_server

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIGHT = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def stack(real_project, tmp_path_factory):
    build(real_project)
    with running_server(real_project.root, "--trusted-proxy", "127.0.0.1", "--workers", "3",
                        "--timeout", "3", "--client-concurrency", "1") as upstream, \
            running_nginx(upstream, tmp_path_factory.mktemp("nginx")) as proxy:
        yield upstream, proxy


def request(base: str, method: str, path: str, body: bytes | None = None, source: str = "127.0.0.1",
            headers: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=timeout,
                                            source_address=(source, 0))
    try:
        connection.request(method, path, body, headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def query(base: str, text: str, source: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    return request(base, "POST", "/sparql", text.encode(), source,
                   {"Content-Type": "application/sparql-query", **headers})


def test_clients_are_told_apart_by_their_real_address(stack):
    _, proxy = stack
    outcome: list[int] = []
    heavy = threading.Thread(target=lambda: outcome.append(query(proxy, HEAVY, "127.0.0.2")[0]))
    heavy.start()
    time.sleep(0.5)
    # The same client, pretending to be another: nginx overwrites X-Forwarded-For.
    status, headers, body = query(proxy, LIGHT, "127.0.0.2", **{"X-Forwarded-For": "198.51.100.7"})
    assert status == 503 and b"already has 1 query running" in body and headers["Retry-After"] == "1"
    # Another client is served at once.
    started = time.monotonic()
    assert query(proxy, LIGHT, "127.0.0.3")[0] == 200 and time.monotonic() - started < 1
    heavy.join()
    assert outcome == [503]


def _slow_connections(host: str, port: int, count: int, source: str) -> list[socket.socket]:
    """Connections that send half a request line and then nothing (slowloris)."""
    sockets = []
    for _ in range(count):
        connection = socket.create_connection((host, port), timeout=5, source_address=(source, 0))
        connection.sendall(b"GET /sparql?query=ASK HTTP/1.1\r\nHost: x\r\n")
        sockets.append(connection)
    return sockets


@pytest.mark.parametrize("through", ["proxy", "direct"])
def test_slow_connections_do_not_stop_others(stack, through):
    base = stack[1] if through == "proxy" else stack[0]
    address = urllib.parse.urlsplit(base)
    held = _slow_connections(address.hostname, address.port, 100, "127.0.0.4")
    try:
        for number in range(20):
            started = time.monotonic()
            status, _, _ = query(base, LIGHT, f"127.0.1.{number + 1}")
            assert status == 200 and time.monotonic() - started < 1
        started = time.monotonic()
        assert request(base, "GET", "/health", source="127.0.0.5")[0] == 200
        assert time.monotonic() - started < 0.5
    finally:
        for connection in held:
            connection.close()


def test_a_client_over_the_request_rate_gets_429_with_retry_after(stack):
    _, proxy = stack
    address = urllib.parse.urlsplit(proxy)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30,
                                            source_address=("127.0.0.6", 0))
    statuses: dict[int, int] = {}
    retry_after = set()
    try:
        for _ in range(400):
            connection.request("GET", "/static/site.css")
            response = connection.getresponse()
            response.read()
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.status == 429:
                retry_after.add(response.getheader("Retry-After"))
    finally:
        connection.close()
    assert statuses.get(200, 0) >= 200 and statuses.get(429, 0) > 0 and retry_after == {"1"}


def test_dumps_are_compressed_and_cached(stack):
    _, proxy = stack
    first = request(proxy, "GET", "/dumps/psgraph.nt", headers={"Accept-Encoding": "gzip"})
    second = request(proxy, "GET", "/dumps/psgraph.nt", headers={"Accept-Encoding": "gzip"})
    assert first[0] == second[0] == 200
    assert first[1]["Content-Encoding"] == "gzip" and second[1]["X-Cache-Status"] == "HIT"


def test_an_oversized_query_is_refused_by_the_proxy(stack):
    _, proxy = stack
    status, _, _ = query(proxy, "SELECT * WHERE { ?s ?p ?o } #" + "x" * 2_000_000, "127.0.0.7")
    assert status == 413


def test_a_foreign_host_cannot_poison_the_cached_description(stack):
    """Without --public-url psgraph names itself after the Host it is sent; nginx passed the
    client's and cached the answer: `Host: evil.example` once put 265 foreign IRIs in everyone's
    /dumps/void.ttl (issue 33, defect 5). nginx now sends the site's own name."""
    _, proxy = stack
    status, _, poisoned = request(proxy, "GET", "/dumps/void.ttl?poison=1", headers={"Host": "evil.example"})
    assert status == 200 and b"evil.example" not in poisoned and f"http://{NGINX_SERVER_NAME}/".encode() in poisoned
    status, headers, body = request(proxy, "GET", "/dumps/void.ttl?poison=1")
    assert status == 200 and headers["X-Cache-Status"] == "HIT" and b"evil.example" not in body
    status, _, body = request(proxy, "GET", "/sparql", headers={"Host": "evil.example"})
    assert status == 200 and b"evil.example" not in body and f"http://{NGINX_SERVER_NAME}/sparql".encode() in body


def test_the_cache_keeps_each_language_and_format_apart(stack):
    """/ontology was served in the first reader's language for 10 minutes (issue 33, defect 5)."""
    _, proxy = stack
    french = request(proxy, "GET", "/ontology?cache=1", headers={"Cookie": "psgraph_lang=fr"})
    english = request(proxy, "GET", "/ontology?cache=1")
    again = request(proxy, "GET", "/ontology?cache=1", headers={"Cookie": "psgraph_lang=fr"})
    assert b'<html lang="fr">' in french[2] and b'<html lang="fr">' in again[2]
    assert b'<html lang="en">' in english[2]
    assert again[1]["X-Cache-Status"] == "HIT"
    turtle = request(proxy, "GET", "/ontology/CLSPD?cache=1", headers={"Accept": "text/turtle"})
    page = request(proxy, "GET", "/ontology/CLSPD?cache=1", headers={"Accept": "text/html"})
    assert turtle[1]["Content-Type"].startswith("text/turtle")
    assert page[1]["Content-Type"].startswith("text/html")
