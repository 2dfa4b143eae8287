"""A pool of confined query worker processes that can be killed, and that come back when they die.

A pyoxigraph query cannot be cancelled from another thread, and a thread running one keeps a core
busy after its client has gone (Oxigraph's own server shows this; see DESIGN.md). Each query
therefore runs in a worker process holding its own read-only handle on the store, confined by the
kernel (:mod:`psgraph.server.confinement`: no network, capped memory, a large stack). When a query
outlives its time limit the worker is killed; when a worker dies (memory cap, crash) the cause is
logged and told to the client; either way a fresh worker is started in the background, retried
with back-off while it cannot start, and ``/health`` reports a pool below its size.

Short queries keep a lane when long ones fill the pool (issue 33: with as many hostile clients as
workers, light queries fell to 9.6 req/s with a p99 of 5 s, every worker busy or restarting, a
restart taking about a second of CPU). Three things keep it:

* **warm spares** — ``spares`` workers are started beforehand and stand by; a worker that is
  killed or dies is replaced by one at once, and a new spare starts in the background;
* **a reserve** — a query may be asked to leave ``keep_idle`` workers idle (the server asks it of
  clients whose queries run long), so that the last idle workers stay for short queries;
* **preemption** — a query that may preempt (a client with nothing long-running) and finds no idle
  worker for ``PREEMPT_WAIT_S`` stops the query that has run longest, if it has run at least
  ``PREEMPT_AFTER_S`` and a spare is ready to take the stopped worker's place; the stopped query's
  client is told so (:class:`Preempted`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from psgraph.server.egress import Relay, Route
from psgraph.server.execution import QueryOutcome, QueryRequest

log = logging.getLogger("psgraph.serve")
_CONTEXT = multiprocessing.get_context("spawn")
START_TIMEOUT_S = 120.0
PREEMPT_WAIT_S = 0.05  # a short query waits this long for an idle worker before it preempts
PREEMPT_AFTER_S = 1.0  # only a query that has run this long may be stopped for a short one
WATCH_INTERVAL_S = 1.0
RESTART_DELAYS_S = (0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)


class QueryTimeout(Exception):
    """The query ran out of time and its worker was stopped."""


class PoolBusy(Exception):
    """No worker became free within the wait allowed."""


class Preempted(Exception):
    """The query was stopped to give its worker to a short query; ``seconds`` it had run."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"stopped after {seconds:.1f} s")
        self.seconds = seconds


class WorkerFailed(Exception):
    """The worker process died while answering; ``str()`` says why, for the client and the log."""


class WorkerStartError(Exception):
    """A worker could not open the store or be confined; ``str()`` says why."""


@dataclass(frozen=True)
class WorkerLimits:
    """What each worker may use. ``routes`` are for the federated worker only (``--allow-service``):
    the allowed hosts and ports, the only places its namespace leads to (:mod:`psgraph.server.egress`)."""

    memory_bytes: int | None = None
    routes: tuple[Route, ...] = ()
    lower_priority_after_s: float = 0.5


def _worker_main(location: str, connection: Connection, limits: WorkerLimits) -> None:
    from psgraph.server.confinement import ConfinementError, LargeStackRunner, cap_memory, take_network_away
    from psgraph.server.egress import EgressError, hosts_file, open_routes

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which stops the workers
    listeners: list[socket.socket] = []
    hosts = ""
    try:
        hosts = hosts_file(limits.routes) if limits.routes else ""
        take_network_away(own_mounts=bool(limits.routes))  # first: the process must have a single thread
        if limits.routes:
            listeners = open_routes(limits.routes, hosts)
        if limits.memory_bytes:
            cap_memory(limits.memory_bytes)
        import pyoxigraph as ox

        from psgraph.server.execution import execute

        store = ox.Store.read_only(location)
        size = len(store)
    except (OSError, ConfinementError, EgressError, MemoryError) as error:
        if hosts:  # open_routes removes it; not reached when the namespaces could not be made
            with contextlib.suppress(OSError):
                os.unlink(hosts)
        connection.send(("failed", str(error), 0))
        return
    connection.send(("ready", size, len(listeners)))
    if listeners:  # the server holds them and forwards what arrives; this process keeps none
        with socket.socket(fileno=os.dup(connection.fileno())) as channel:
            socket.send_fds(channel, [b"L"], [listener.fileno() for listener in listeners])
        for listener in listeners:
            listener.close()
    runner = LargeStackRunner(limits.lower_priority_after_s)
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        outcome = runner.run(lambda request=request: execute(store, request))
        connection.send(outcome)


def death_cause(exitcode: int | None, limits: WorkerLimits) -> str:
    """Why a worker process ended, in words for the client and the log."""
    if exitcode == -signal.SIGABRT and limits.memory_bytes:
        return (f"used more than {limits.memory_bytes / 2**30:.1f} GB of memory, "
                "this server's limit per query")
    if exitcode == -signal.SIGSEGV:
        return "crashed (segmentation fault; a query nested very deeply can cause this)"
    if exitcode == -signal.SIGKILL:
        return "was killed by the system (out of memory?)"
    if exitcode is not None and exitcode < 0:
        return f"was stopped by signal {signal.Signals(-exitcode).name}"
    if exitcode is None:
        return "closed its connection and had not ended 5 s later"
    return f"stopped with exit code {exitcode}"


@dataclass(eq=False)  # workers are compared and hashed by identity
class _Worker:
    process: BaseProcess
    connection: Connection
    relay: Relay | None = None
    busy_since: float | None = None  # when its current query was sent
    preempted: bool = False

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()
        if self.relay is not None:
            self.relay.close()


class WorkerPool:
    """``size`` worker processes on the store at ``location`` and ``spares`` standing by;
    :meth:`run` gives a query to one."""

    def __init__(self, location: Path, size: int, limits: WorkerLimits | None = None,
                 spares: int = 0) -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.location = location
        self.size = size
        self.spares = spares
        self.limits = limits or WorkerLimits()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._spare: list[_Worker] = []
        self.preemptions = 0
        self._ready = threading.Condition()
        self._closed = threading.Event()
        self.restarts = 0
        self._restarting = 0  # replacements being started
        self._failing = 0  # replacements whose last attempt to start failed
        self.deaths: dict[str, int] = {}
        self.last_start_error = ""
        try:
            for _ in range(size):
                self._add(self._start())
        except WorkerStartError:
            self.close()
            raise
        for _ in range(spares):  # in the background: the server answers meanwhile
            with self._ready:
                self._restarting += 1
            threading.Thread(target=self._start_again, name="psgraph-worker-spare", daemon=True).start()
        threading.Thread(target=self._watch, name="psgraph-worker-watch", daemon=True).start()

    def _start(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_worker_main, args=(str(self.location), child, self.limits),
                                   name="psgraph-query-worker", daemon=True)
        process.start()
        child.close()
        try:
            if not parent.poll(START_TIMEOUT_S):
                process.kill()
                process.join(timeout=5)
                parent.close()
                raise WorkerStartError(f"a query worker did not open the store {self.location} in time")
            status, detail, listening = parent.recv()
            relay = None
            if status == "ready" and listening:
                with socket.socket(fileno=os.dup(parent.fileno())) as channel:
                    _, fds, _, _ = socket.recv_fds(channel, 1, listening)
                relay = Relay([socket.socket(fileno=fd) for fd in fds], self.limits.routes)
        except (EOFError, OSError):
            process.join(timeout=5)
            parent.close()
            raise WorkerStartError(f"a query worker {death_cause(process.exitcode, self.limits)} "
                                   "while starting") from None
        if status != "ready":
            process.join(timeout=5)
            parent.close()
            raise WorkerStartError(f"a query worker could not start on the store {self.location}: {detail}")
        return _Worker(process, parent, relay)

    def _add(self, worker: _Worker) -> None:
        """A started worker joins the pool, or stands by as a spare when the pool is full."""
        with self._ready:
            if len(self._all) < self.size:
                self._all.add(worker)
                self._idle.append(worker)
                self._ready.notify()
            else:
                self._spare.append(worker)

    def _replace(self, worker: _Worker) -> None:
        """Take ``worker`` out and stop it; a spare takes its place at once, and a new worker starts."""
        with self._ready:
            self._all.discard(worker)
            self.restarts += 1
            self._restarting += 1
            while self._spare and len(self._all) < self.size:
                spare = self._spare.pop()
                if spare.process.is_alive():
                    self._all.add(spare)
                    self._idle.append(spare)
                    self._ready.notify()
        worker.stop()
        threading.Thread(target=self._start_again, name="psgraph-worker-restart", daemon=True).start()

    def _start_again(self) -> None:
        """Start a replacement, retrying with back-off and saying why in the log until it works."""
        attempt = 0
        try:
            while not self._closed.is_set():
                try:
                    worker = self._start()
                except WorkerStartError as error:
                    self.last_start_error = str(error)
                    if attempt == 0:
                        with self._ready:
                            self._failing += 1
                    delay = RESTART_DELAYS_S[min(attempt + 1, len(RESTART_DELAYS_S) - 1)]
                    log.error("psgraph serve: %s; the pool has %d of %d workers; trying again in %g s.",
                              error, self.live(), self.size, delay)
                    attempt += 1
                    if self._closed.wait(delay):
                        return
                    continue
                if self._closed.is_set():
                    worker.stop()
                    return
                if attempt:
                    log.warning("psgraph serve: a query worker started again after %d failed attempts.",
                                attempt)
                    with self._ready:
                        self._failing -= 1
                        if not self._failing:
                            self.last_start_error = ""
                self._add(worker)
                return
        finally:
            with self._ready:
                self._restarting -= 1

    def acquire(self, wait_s: float, keep_idle: int = 0, preempt: bool = False) -> _Worker:
        """An idle worker, leaving at least ``keep_idle`` others idle; PoolBusy after ``wait_s``. With
        ``preempt``, a wait past PREEMPT_WAIT_S stops the longest-running long query (once)."""
        started = time.monotonic()
        deadline = started + wait_s
        with self._ready:
            while True:
                while len(self._idle) <= keep_idle:
                    now = time.monotonic()
                    remaining = deadline - now
                    if remaining <= 0 or self._closed.is_set():
                        raise PoolBusy()
                    if preempt and now - started >= PREEMPT_WAIT_S and self._preempt_one(now):
                        preempt = False
                    self._ready.wait(min(remaining, PREEMPT_WAIT_S) if preempt else remaining)
                worker = self._idle.pop()
                if worker.process.is_alive():
                    worker.busy_since = time.monotonic()
                    return worker
                self._bury(worker, "while idle")

    def _preempt_one(self, now: float) -> bool:
        """Stop the query that has run longest, if it has run PREEMPT_AFTER_S and a spare is ready to
        take its worker's place (called with the lock held); whether one was stopped."""
        if not any(spare.process.is_alive() for spare in self._spare):
            return False
        running = [worker for worker in self._all if worker.busy_since is not None and not worker.preempted
                   and now - worker.busy_since >= PREEMPT_AFTER_S]
        if not running:
            return False
        oldest = min(running, key=lambda worker: worker.busy_since or now)
        oldest.preempted = True
        oldest.process.kill()  # its run() sees the end of the connection and raises Preempted
        self.preemptions += 1
        return True

    def _bury(self, worker: _Worker, when: str, query: str = "") -> str:
        """Log why ``worker`` died, count it and start its replacement; the cause, in words."""
        worker.process.join(timeout=5)
        cause = death_cause(worker.process.exitcode, self.limits)
        with self._ready:
            self.deaths[cause] = self.deaths.get(cause, 0) + 1
        log.error("psgraph serve: query worker %s %s %s%s; replacing it.", worker.process.pid, cause, when,
                  f" {query[:200]!r}" if query else "")
        self._replace(worker)
        return cause

    def _watch(self) -> None:
        """Notice workers that died while idle or standing by (killed from outside), without waiting
        for a query."""
        while not self._closed.wait(WATCH_INTERVAL_S):
            with self._ready:
                dead = [worker for worker in self._idle if not worker.process.is_alive()]
                for worker in dead:
                    self._idle.remove(worker)
                gone = [worker for worker in self._spare if not worker.process.is_alive()]
                for worker in gone:
                    self._spare.remove(worker)
                dead += gone
            for worker in dead:
                self._bury(worker, "while idle")

    def run(self, request: QueryRequest, timeout_s: float, wait_s: float | None = None,
            keep_idle: int = 0, preempt: bool = False) -> QueryOutcome:
        """The outcome of ``request``; raises QueryTimeout, PoolBusy, Preempted or WorkerFailed."""
        worker = self.acquire(timeout_s if wait_s is None else wait_s, keep_idle, preempt)
        started = time.monotonic()
        deadline = started + timeout_s
        try:
            worker.connection.send(request)
            if worker.connection.poll(max(0.0, deadline - time.monotonic())):
                outcome: QueryOutcome = worker.connection.recv()
                with self._ready:
                    worker.busy_since = None
                    stopped = worker.preempted  # stopped just after it answered: not idle, replaced
                    if not stopped:
                        self._idle.append(worker)
                        self._ready.notify()
                if stopped:
                    self._replace(worker)
                return dataclasses.replace(outcome, seconds=time.monotonic() - started)
        except (EOFError, OSError):
            if worker.preempted:
                self._replace(worker)
                raise Preempted(time.monotonic() - started) from None
            cause = self._bury(worker, "while answering", request.text)
            raise WorkerFailed(f"The query worker {cause} while answering this query; "
                               "it has been replaced.") from None
        self._replace(worker)
        raise QueryTimeout()

    def live(self) -> int:
        with self._ready:
            return sum(1 for worker in self._all if worker.process.is_alive())

    def pids(self, spares: bool = False) -> list[int]:
        """The processes of the pool's workers (or of its spares)."""
        with self._ready:
            return sorted(worker.process.pid for worker in (self._spare if spares else self._all)
                          if worker.process.pid is not None)

    def health(self) -> dict[str, object]:
        """"ok" while every worker is alive or being replaced normally (a spare standing by counts: it
        takes a dead worker's place at once); "degraded" when replacements fail to start (some workers
        left), "failing" when none is left."""
        live = self.live()
        with self._ready:
            restarting, failing = self._restarting, self._failing
            standing_by = sum(1 for spare in self._spare if spare.process.is_alive())
        healthy = not failing and live + restarting + standing_by >= self.size
        status = "ok" if healthy else "degraded" if live else "failing"
        report: dict[str, object] = {"status": status, "workers": self.size, "workers_live": live,
                                     "workers_restarting": restarting, "workers_idle": len(self._idle),
                                     "worker_restarts": self.restarts, "worker_deaths": dict(self.deaths),
                                     "spare_workers": len(self._spare), "spares_wanted": self.spares,
                                     "preemptions": self.preemptions, "worker_pids": self.pids(),
                                     "spare_pids": self.pids(spares=True)}
        if self.last_start_error:
            report["last_start_error"] = self.last_start_error
        return report

    def close(self) -> None:
        self._closed.set()
        with self._ready:
            workers = [*self._all, *self._spare]
            self._all.clear()
            self._idle.clear()
            self._spare.clear()
            self._ready.notify_all()
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.connection.send(None)
            worker.process.join(timeout=2)
            if worker.process.is_alive():
                worker.process.kill()
            worker.connection.close()
