"""The worker pool stops a query at its time limit by killing its process, and keeps serving."""

from __future__ import annotations

import json
import threading
import time

import pyoxigraph as ox
import pytest

from psgraph.pins import process_alive
from psgraph.server.execution import QueryRequest
from psgraph.server.workers import QueryTimeout, WorkerPool

EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIGHT = "SELECT ?s WHERE { ?s <http://example.org/p> '7' }"


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    location = tmp_path_factory.mktemp("store") / "db"
    store = ox.Store(str(location))
    store.extend(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"),
                         ox.Literal(str(i))) for i in range(2000))
    store.flush()
    del store
    pool = WorkerPool(location, 2)
    yield pool
    pool.close()


def test_a_light_query_answers(pool):
    outcome = pool.run(QueryRequest(LIGHT), timeout_s=10)
    assert json.loads(outcome.body)["results"]["bindings"][0]["s"]["value"] == "http://example.org/s7"


def test_explosive_query_is_killed_while_another_client_is_served(pool):
    before = set(pool.pids())
    restarts = pool.restarts
    failure: list[BaseException] = []

    def explode() -> None:
        try:
            pool.run(QueryRequest(EXPLOSIVE), timeout_s=1.5)
        except BaseException as error:  # the assertion is in the main thread
            failure.append(error)

    started = time.monotonic()
    heavy = threading.Thread(target=explode)
    heavy.start()
    time.sleep(0.3)
    light = pool.run(QueryRequest(LIGHT), timeout_s=5)  # the other worker answers meanwhile
    assert light.status == 200 and time.monotonic() - started < 1.5
    heavy.join(timeout=10)
    assert len(failure) == 1 and isinstance(failure[0], QueryTimeout)
    assert time.monotonic() - started < 3
    deadline = time.monotonic() + 20
    while len(pool.pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    after = set(pool.pids())
    killed = before - after
    assert len(killed) == 1 and not any(process_alive(pid) for pid in killed)
    assert pool.restarts == restarts + 1 and len(after) == 2
    assert pool.run(QueryRequest(LIGHT), timeout_s=5).status == 200
