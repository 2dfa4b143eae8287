"""No SERVICE call leaves a query worker, however the query is written (issue 15, defect 1).

A listener on loopback counts every connection it receives. Queries that call it with every escape,
comment and string trick of the SPARQL grammar go (1) through `psgraph serve` with no allow-list and
(2) straight to a worker, with the text guard skipped, which proves that the barrier is the
worker's empty network namespace and not the reading of the text.
"""

from __future__ import annotations

import itertools
import random
import socket
import threading
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.server.execution import QueryRequest
from psgraph.server.guard import Refused, check_services
from psgraph.server.workers import WorkerPool
from tests.serverkit import post_query, running_server


class Listener:
    """A TCP listener on 127.0.0.1 that answers like a SPARQL endpoint and counts connections."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.socket = socket.create_server((host, port))
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self.socket.settimeout(0.2)
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            with connection:
                connection.recv(65536)
                body = (b'{"head":{"vars":["s","p","o"]},"results":{"bindings":[{'
                        + b",".join(b'"%s":{"type":"literal","value":"LEAKED"}' % v for v in (b"s", b"p", b"o"))
                        + b"}]}}")
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                   b"Content-Length: %d\r\n\r\n%s" % (len(body), body))

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


# What may stand before the SERVICE clause on its line: each trick made the old guard read the rest
# of the line as a comment or a string (``\#``, ``\'``), or hides the keyword from a naive reader.
LEADERS = [
    "BIND(ex:a\\#b AS ?x)",
    "BIND(ex:a\\'b AS ?x)",
    'BIND(ex:a\\"b AS ?x)',
    "BIND(ex:a\\~b AS ?x)",
    "BIND(ex:%23b AS ?x)",
    "BIND(ex:a\\.b AS ?x)",
    "BIND(ex:a\\(b AS ?x)",
    "BIND(ex:a\\?b AS ?x)",
    "BIND(ex:a.b AS ?x)",
    "BIND('\\'' AS ?x)",
    'BIND("\\"#" AS ?x)',
    "BIND('''#''' AS ?x)",
    'BIND("""\n#""" AS ?x)',
    "BIND(<http://e/#x> AS ?x)",
    "BIND(<http://e/\\u0023x> AS ?x)",
    "?s ex:p '#' .",
    "",
]
SERVICES = [
    "SERVICE <{url}> {{ ?s ?p ?o }}",
    "service <{url}> {{ ?s ?p ?o }}",
    "SeRvIcE SILENT <{url}> {{ ?s ?p ?o }}",
    "SERVICE ex2:sparql {{ ?s ?p ?o }}",
    "SERVICE <{url_escaped}> {{ ?s ?p ?o }}",
    "{{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
]
SEPARATORS = [" ", "\t", "\r", "\n#\n", " . "]


def queries(port: int, count: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    escaped = url.replace("127", "\\u0031\\u00327")
    prologue = f"PREFIX ex: <http://e/> PREFIX ex2: <http://127.0.0.1:{port}/> "
    combos = list(itertools.product(LEADERS, SERVICES, SEPARATORS))
    random.Random(15).shuffle(combos)
    return [f"{prologue}SELECT * WHERE {{ {leader}{separator}"
            f"{service.format(url=url, url_escaped=escaped)} }}"
            for leader, service, separator in combos[:count]]


def test_the_engine_would_call_the_listener_from_an_unconfined_process(listener):
    """The control: without confinement the very same queries do reach the listener."""
    before = listener.connections
    store = ox.Store()
    leaked = 0
    for text in queries(listener.port, 10):
        try:
            leaked += any(row["s"].value == "LEAKED" for row in store.query(text) if row["s"] is not None)
        except SyntaxError:
            continue
    assert listener.connections - before >= 5 and leaked >= 1


def test_no_request_leaves_a_worker_even_when_the_guard_is_skipped(listener, tmp_path):
    location = tmp_path / "db"
    ox.Store(str(location)).flush()
    pool = WorkerPool(location, 1)
    try:
        before = listener.connections
        outcomes = [pool.run(QueryRequest(text), timeout_s=10) for text in queries(listener.port, 40)]
    finally:
        pool.close()
    assert listener.connections == before
    assert not any(b"LEAKED" in outcome.body for outcome in outcomes)
    # Refused where the engine tried to connect; SILENT and EXISTS swallow the error (no rows from
    # the service); the rest are not SPARQL at all.
    refused = [outcome for outcome in outcomes if outcome.status == 403]
    assert len(refused) > len(outcomes) / 2
    assert all(b"can reach no host but the SERVICE hosts its operator allows" in outcome.body for outcome in refused)
    assert {outcome.status for outcome in outcomes} <= {200, 400, 403}


def test_the_guard_now_sees_every_service_call(listener):
    for text in queries(listener.port, len(LEADERS) * len(SERVICES) * len(SEPARATORS)):
        with pytest.raises(Refused):
            check_services(text, ())


def test_no_request_leaves_the_endpoint(listener, real_project):
    build(real_project)
    before = listener.connections
    statuses = []
    with running_server(real_project.root, "--workers", "2") as server:
        for text in queries(listener.port, 120):
            statuses.append(post_query(server, text))
    assert listener.connections == before
    assert set(statuses) == {403}
