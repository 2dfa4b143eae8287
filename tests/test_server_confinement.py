"""What a query worker may use is taken away by the kernel (issue 15, defects 2, 4 and 6): memory
beyond its cap, the stack a deep query needs, and a pool that cannot restart says so."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import time

import pytest

from psgraph.server.execution import QueryRequest
from psgraph.server.workers import PoolBusy, WorkerFailed, WorkerLimits, WorkerPool, death_cause
from tests.serverkit import small_store, wait_for

MEMORY_BOMB = "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
LIGHT = "SELECT ?s WHERE { ?s <http://example.org/p> '7' }"
CAP = 600 * 2**20


def nested(levels: int, opening: str = "(", closing: str = ")") -> str:
    return "SELECT ?x WHERE { BIND(" + opening * levels + "1" + closing * levels + " AS ?x) }"


@pytest.fixture()
def location(tmp_path):
    return small_store(tmp_path / "db", 3000)


def _wait_for(condition, seconds: float = 30) -> None:
    wait_for(condition, seconds, 0.1)


def test_a_query_over_the_memory_cap_stops_its_worker_only(location, caplog):
    pool = WorkerPool(location, 2, WorkerLimits(memory_bytes=CAP))
    try:
        started = time.monotonic()
        with caplog.at_level(logging.ERROR, logger="psgraph.serve"), \
                pytest.raises(WorkerFailed, match=r"used more than 0\.6 GB of memory"):
            pool.run(QueryRequest(MEMORY_BOMB), timeout_s=60)
        assert time.monotonic() - started < 30
        assert any("used more than 0.6 GB" in record.getMessage() and "ORDER BY" in record.getMessage()
                   for record in caplog.records)
        assert json.loads(pool.run(QueryRequest(LIGHT), timeout_s=10).body)["results"]["bindings"]
        _wait_for(lambda: pool.live() == 2)
        assert pool.health()["status"] == "ok" and pool.restarts == 1
    finally:
        pool.close()


def test_a_deeply_nested_query_runs_on_the_large_stack(location):
    """5,000 levels crashed a worker's 8 MiB main thread; its 128 MiB query thread takes 20,000."""
    pool = WorkerPool(location, 1)
    try:
        outcome = pool.run(QueryRequest(nested(20_000)), timeout_s=60)
        assert outcome.status == 200 and pool.restarts == 0
    finally:
        pool.close()


def test_a_crash_is_logged_with_its_cause_and_the_worker_replaced(location, caplog):
    pool = WorkerPool(location, 1)
    try:
        with caplog.at_level(logging.ERROR, logger="psgraph.serve"), \
                pytest.raises(WorkerFailed, match="segmentation fault"):
            pool.run(QueryRequest(nested(40_000, "COALESCE(", ")")), timeout_s=60)
        assert any("segmentation fault" in record.getMessage() for record in caplog.records)
        assert pool.run(QueryRequest(LIGHT), timeout_s=30).status == 200
    finally:
        pool.close()


def test_a_pool_that_cannot_restart_says_so_and_keeps_trying(location, caplog):
    """The store's folder removed under a running server: restarts fail, with back-off, and
    /health says "failing" instead of "ok" with no workers."""
    pool = WorkerPool(location, 2)
    try:
        shutil.rmtree(location)
        with caplog.at_level(logging.ERROR, logger="psgraph.serve"):
            for pid in pool.pids():
                os.kill(pid, signal.SIGKILL)
            _wait_for(lambda: pool.live() == 0)
            _wait_for(lambda: pool.health()["status"] == "failing")
            with pytest.raises(PoolBusy):
                pool.run(QueryRequest(LIGHT), timeout_s=5, wait_s=1)
            _wait_for(lambda: any("trying again in" in r.getMessage() for r in caplog.records))
        health = pool.health()
        assert health["status"] == "failing" and "could not start" in str(health["last_start_error"])
        assert health["workers_live"] == 0 and health["workers_restarting"] == 2
    finally:
        pool.close()


def test_a_worker_killed_while_idle_is_noticed_before_a_query_is_lost(location):
    pool = WorkerPool(location, 2)
    try:
        os.kill(pool.pids()[0], signal.SIGKILL)
        _wait_for(lambda: pool.restarts == 1)  # the watcher noticed, without any query
        assert pool.health()["status"] == "ok"  # being replaced normally is not a degraded pool
        for _ in range(4):
            assert pool.run(QueryRequest(LIGHT), timeout_s=30).status == 200
        _wait_for(lambda: pool.health()["status"] == "ok")
    finally:
        pool.close()


@pytest.mark.parametrize(("exitcode", "words"), [
    (-signal.SIGABRT, "used more than 1.0 GB"), (-signal.SIGSEGV, "segmentation fault"),
    (-signal.SIGKILL, "killed by the system"), (3, "exit code 3"),
])
def test_death_causes_are_told_in_words(exitcode, words):
    assert words in death_cause(exitcode, WorkerLimits(memory_bytes=2**30))


def test_the_query_thread_is_kept_until_a_query_runs_long_and_is_lowered() -> None:
    import os
    import threading
    import time

    from psgraph.server.confinement import LOWEST_PRIORITY, LargeStackRunner

    runner = LargeStackRunner(lower_priority_after_s=0.2)
    first = runner.run(lambda: threading.get_native_id())
    assert runner.run(lambda: threading.get_native_id()) == first  # reused: no thread per query

    def slow() -> tuple[int, int]:
        time.sleep(0.5)
        return threading.get_native_id(), os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    lowered, priority = runner.run(slow)
    assert lowered == first and priority == LOWEST_PRIORITY
    after = runner.run(lambda: (threading.get_native_id(), os.getpriority(os.PRIO_PROCESS, 0)))
    assert after[0] != first  # a fresh thread, at the normal priority again
    assert after[1] < LOWEST_PRIORITY


def test_the_query_thread_has_a_large_stack_and_passes_errors_back() -> None:
    import sys

    import pytest

    from psgraph.server.confinement import LargeStackRunner

    runner = LargeStackRunner(lower_priority_after_s=5)

    def deep(n: int) -> int:
        return 0 if n == 0 else 1 + deep(n - 1)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200_000)
    try:
        assert runner.run(lambda: deep(100_000)) == 100_000  # far past an 8 MiB stack
    finally:
        sys.setrecursionlimit(limit)
    with pytest.raises(ZeroDivisionError):
        runner.run(lambda: 1 / 0)
    assert runner.run(lambda: "still serving") == "still serving"
