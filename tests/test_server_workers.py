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
from tests.serverkit import small_store, wait_for

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


@pytest.fixture()
def location(tmp_path):
    return small_store(tmp_path / "db", 2000)


def _wait_for(condition, seconds: float = 30) -> None:
    wait_for(condition, seconds, 0.05)


def test_a_spare_takes_a_stopped_workers_place_at_once(location):
    """A worker stopped at its time limit was replaced by one that took about a second to start;
    a spare now takes its place at once (issue 33, defect 4)."""
    pool = WorkerPool(location, 1, spares=1)
    try:
        _wait_for(lambda: pool.health()["spare_workers"] == 1)
        with pytest.raises(QueryTimeout):
            pool.run(QueryRequest(EXPLOSIVE), timeout_s=0.5)
        started = time.monotonic()
        assert pool.run(QueryRequest(LIGHT), timeout_s=5, wait_s=0.2).status == 200
        assert time.monotonic() - started < 0.2
        _wait_for(lambda: pool.health()["spare_workers"] == 1)  # a new spare stands by again
        assert pool.live() == 1 and pool.restarts == 1
    finally:
        pool.close()


def test_a_short_query_preempts_the_longest_query_when_every_worker_is_busy(location):
    from psgraph.server.workers import PREEMPT_AFTER_S, PoolBusy, Preempted

    pool = WorkerPool(location, 2, spares=1)
    outcomes: list[BaseException] = []

    def long_query() -> None:
        try:
            pool.run(QueryRequest(EXPLOSIVE), timeout_s=30)
        except BaseException as error:  # checked in the main thread
            outcomes.append(error)

    try:
        _wait_for(lambda: pool.health()["spare_workers"] == 1)
        threads = [threading.Thread(target=long_query) for _ in range(2)]
        for thread in threads:
            thread.start()
            time.sleep(0.3)  # the first runs longest
        with pytest.raises(PoolBusy):  # a query that may not preempt waits in vain
            pool.run(QueryRequest(LIGHT), timeout_s=5, wait_s=0.2)
        time.sleep(PREEMPT_AFTER_S)
        started = time.monotonic()
        assert pool.run(QueryRequest(LIGHT), timeout_s=5, wait_s=2, preempt=True).status == 200
        assert time.monotonic() - started < 0.5
        threads[0].join(timeout=10)
        assert len(outcomes) == 1 and isinstance(outcomes[0], Preempted) and outcomes[0].seconds > 1
        assert threads[1].is_alive() and pool.preemptions == 1  # the younger long query runs on
        _wait_for(lambda: pool.health()["spare_workers"] == 1 and pool.live() == 2)
    finally:
        pool.close()
        for thread in threads:
            thread.join(timeout=10)
