"""A pool of query worker processes that can be killed.

A pyoxigraph query cannot be cancelled from another thread, and a thread running one keeps a core
busy after its client has gone (Oxigraph's own server shows this; see DESIGN.md). Each query
therefore runs in a worker process holding its own read-only handle on the store; when a query
outlives its time limit the worker is killed, the client gets an error at once, and a fresh worker
is started in the background, so other clients keep being served.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from psgraph.server.execution import QueryOutcome, QueryRequest

log = logging.getLogger("psgraph.serve")
_CONTEXT = multiprocessing.get_context("spawn")
START_TIMEOUT_S = 120.0


class QueryTimeout(Exception):
    """The query ran out of time and its worker was stopped."""


class PoolBusy(Exception):
    """Every worker stayed busy for the whole time limit."""


class WorkerFailed(Exception):
    """The worker process stopped while answering (killed by the system, or crashed)."""


def _worker_main(location: str, connection: Connection) -> None:
    import pyoxigraph as ox

    from psgraph.server.execution import execute

    try:
        store = ox.Store.read_only(location)
    except OSError as error:
        connection.send(("failed", str(error)))
        return
    connection.send(("ready", len(store)))
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        connection.send(execute(store, request))


@dataclass(eq=False)  # workers are compared and hashed by identity
class _Worker:
    process: BaseProcess
    connection: Connection

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class WorkerPool:
    """``size`` worker processes on the store at ``location``; :meth:`run` gives a query to one."""

    def __init__(self, location: Path, size: int) -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.location = location
        self.size = size
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self.restarts = 0
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_worker_main, args=(str(self.location), child),
                                   name="psgraph-query-worker", daemon=True)
        process.start()
        child.close()
        if not parent.poll(START_TIMEOUT_S):
            process.kill()
            raise RuntimeError(f"a query worker did not open the store {self.location} in time")
        status, detail = parent.recv()
        if status != "ready":
            process.join(timeout=5)
            raise RuntimeError(f"a query worker could not open the store {self.location}: {detail}")
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
            self.restarts += 1
        worker.stop()

        def start_again() -> None:
            if self._closed.is_set():
                return
            try:
                self._idle.put(self._start())
            except RuntimeError as error:
                log.error("psgraph serve: %s; the pool now has fewer workers.", error)

        threading.Thread(target=start_again, name="psgraph-worker-restart", daemon=True).start()

    def run(self, request: QueryRequest, timeout_s: float) -> QueryOutcome:
        """The outcome of ``request``; raises QueryTimeout, PoolBusy or WorkerFailed."""
        deadline = time.monotonic() + timeout_s
        try:
            worker = self._idle.get(timeout=timeout_s)
        except queue.Empty:
            raise PoolBusy() from None
        try:
            worker.connection.send(request)
            if worker.connection.poll(max(0.0, deadline - time.monotonic())):
                outcome: QueryOutcome = worker.connection.recv()
                self._idle.put(worker)
                return outcome
        except (EOFError, OSError):
            self._replace(worker)
            raise WorkerFailed() from None
        self._replace(worker)
        raise QueryTimeout()

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(worker.process.pid for worker in self._all if worker.process.pid is not None)

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.connection.send(None)
            worker.process.join(timeout=2)
            if worker.process.is_alive():
                worker.process.kill()
            worker.connection.close()
