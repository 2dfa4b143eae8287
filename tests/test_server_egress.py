"""With --allow-service, the federated worker reaches the allowed host and port and nothing else,
whatever the query text (issue 33, defect 1): the reading of the query hid a second SERVICE behind
``….SERVICE`` or ``FILTER(?a<'x>#'||true)``, and the worker, which had the machine's network, then reached
any host and port.

One listener on loopback is allowed; others (another port of the same address, the same port of
another address) are not. The trick queries — the issue's two, the 40 of issue 15 and a fuzzer's —
go straight to a federated worker (the text guard skipped) and through `psgraph serve`; the
listeners count every connection they receive.
"""

from __future__ import annotations

import random
import urllib.error
import urllib.request
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.errors import InputError
from psgraph.server.egress import plan
from psgraph.server.execution import QueryRequest
from psgraph.server.workers import WorkerLimits, WorkerPool
from tests.serverkit import post_query, running_server
from tests.test_service_escape import Listener, queries


@pytest.fixture(scope="module")
def listeners() -> Iterator[dict[str, Listener]]:
    allowed = Listener()
    found = {"allowed": allowed, "other port": Listener(), "other address": Listener("127.0.0.2", allowed.port)}
    yield found
    for listener in found.values():
        listener.close()


def tricks(allowed: str, target: str) -> list[str]:
    """Queries that call the allowed endpoint and hide a call to ``target`` from a reading of the text."""
    call = "SERVICE <{}> {{ ?s ?p ?o }}"
    return [
        f"SELECT * WHERE {{ {call.format(allowed)} .{call.format(target)} }}",
        f"SELECT * WHERE {{ {call.format(allowed)} FILTER(?a<'x>#'||true) {call.format(target)} }}",
        f"SELECT * WHERE {{ {call.format(allowed)} FILTER(?a<'x>#'||true)\n{call.format(target)} }}",
        f"SELECT * WHERE {{ {call.format(allowed)} OPTIONAL {{ {{}} .{call.format(target)} }} }}",
        f"SELECT * WHERE {{ {call.format(allowed)} }} VALUES ?x {{ 1 }} #\n",
    ]


def fuzzed(allowed: str, target: str, count: int, seed: int = 33) -> list[str]:
    """Random mixes of what hides a call from a reader: separators, comments, strings, escapes, cases."""
    generator = random.Random(seed)
    hiders = ["", ".", " .", ";", "FILTER(?a<'x>#'||true)", "FILTER(?a<'x>#'||true)\n", "# ' \n", "BIND('#' AS ?h)",
              "BIND(<http://e/#> AS ?i)", "?s <p:p> ?o .", "{}", "MINUS {}", 'BIND("""\n#""" AS ?j)']
    keywords = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT"]
    wrappers = ["{}", "OPTIONAL {{ {} }}", "{{ {} }} UNION {{ }}", "FILTER EXISTS {{ {} }}",
                "{{ SELECT * WHERE {{ {} }} }}", "MINUS {{ {} }}"]
    escaped = target.replace("127", "\\u0031\\u00327", 1)
    targets = [f"<{target}>", f"<{escaped}>", "t:sparql"]
    made = []
    for _ in range(count):
        hidden = f"{generator.choice(keywords)} {generator.choice(targets)} {{ ?s ?p ?o }}"
        made.append(f"PREFIX t: <{target.removesuffix('sparql')}> SELECT * WHERE {{ SERVICE <{allowed}> "
                    f"{{ ?a ?b ?c }} {generator.choice(hiders)}{generator.choice(wrappers).format(hidden)} }}")
    return made


def all_tricks(listeners: dict[str, Listener], allowed_host: str = "127.0.0.1") -> list[str]:
    allowed = f"http://{allowed_host}:{listeners['allowed'].port}/sparql"
    made = []
    for name in ("other port", "other address"):
        other = listeners[name]
        target = f"http://{other.socket.getsockname()[0]}:{other.port}/sparql"
        made += tricks(allowed, target) + fuzzed(allowed, target, 60)
        made += [text.replace("SELECT * WHERE {", f"SELECT * WHERE {{ SERVICE <{allowed}> {{ ?a ?b ?c }}", 1)
                 for text in queries(other.port, 40)]
    return made


def _counts(listeners: dict[str, Listener]) -> dict[str, int]:
    return {name: listener.connections for name, listener in listeners.items()}


def test_the_tricks_would_reach_the_other_listeners_from_an_unconfined_process(listeners):
    """The control: without the namespace, the same queries reach the listeners that are not allowed."""
    before = _counts(listeners)
    store = ox.Store()
    for text in tricks(f"http://127.0.0.1:{listeners['allowed'].port}/sparql",
                       f"http://127.0.0.1:{listeners['other port'].port}/sparql")[:2]:
        list(store.query(text))
    assert listeners["other port"].connections - before["other port"] >= 2


@pytest.mark.parametrize("allowed_host", ["127.0.0.1", "localhost"])
def test_the_federated_worker_reaches_the_allowed_listener_only(listeners, tmp_path, allowed_host):
    location = tmp_path / "db"
    ox.Store(str(location)).flush()
    pool = WorkerPool(location, 1, WorkerLimits(routes=plan((f"{allowed_host}:{listeners['allowed'].port}",))))
    before = _counts(listeners)
    try:
        texts = all_tricks(listeners, allowed_host)
        outcomes = [pool.run(QueryRequest(text), timeout_s=20) for text in texts]
    finally:
        pool.close()
    after = _counts(listeners)
    assert after["other port"] == before["other port"] and after["other address"] == before["other address"]
    assert after["allowed"] - before["allowed"] >= len(texts) / 4  # the route works
    assert {outcome.status for outcome in outcomes} <= {200, 400, 403}, {o.body[:100] for o in outcomes}
    assert all(b"can reach no host but" in o.body for o in outcomes if o.status == 403)


def test_no_request_leaves_the_endpoint_for_a_host_that_is_not_allowed(listeners, real_project):
    build(real_project)
    allowed = f"127.0.0.1:{listeners['allowed'].port}"
    statuses = []
    before = _counts(listeners)
    with running_server(real_project.root, "--workers", "1", "--allow-service", allowed) as server:
        for text in all_tricks(listeners):
            statuses.append(post_query(server, text))
        ok = urllib.request.Request(f"{server}/sparql", f"SELECT * {{ SERVICE <http://{allowed}/s> {{ ?s ?p ?o }} }}"
                                    .encode(), {"Content-Type": "application/sparql-query"})
        with urllib.request.urlopen(ok, timeout=30) as response:
            assert b"LEAKED" in response.read()  # the allowed host's answer
    after = _counts(listeners)
    assert after["other port"] == before["other port"] and after["other address"] == before["other address"]
    assert set(statuses) <= {200, 400, 403}


@pytest.mark.parametrize(("entry", "words"), [
    ("no-such-host.invalid", "no-such-host.invalid cannot be resolved"),
    ("[::1]:80", "give a host name or an IPv4 address"),
    ("example.org:0", "the port must be a number between 1 and 65535"),
])
def test_an_allowed_host_that_cannot_be_routed_is_said_at_start(entry, words):
    with pytest.raises(InputError, match=words):
        plan((entry,))


def test_a_host_without_a_port_is_routed_on_its_web_ports():
    assert [(route.host, route.port, route.inside) for route in plan(("localhost", "127.0.0.1:8890"))] == [
        ("localhost", 80, "127.77.0.1"), ("localhost", 443, "127.77.0.1"), ("127.0.0.1", 8890, "127.0.0.1")]
