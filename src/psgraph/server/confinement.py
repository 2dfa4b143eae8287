"""What a query worker may use, taken away by the kernel rather than checked in the query text.

* **Network.** pyoxigraph evaluates ``SERVICE`` by opening an HTTP connection to any host the query
  names. A worker therefore moves itself into a network namespace of its own before it reads a
  query: that namespace has no interface up, not even loopback, so every connection the engine
  tries fails with "Network is unreachable" — whatever the query text looks like to anyone else.
  Root may create the namespace directly; another user does it inside a user namespace of its own
  (unprivileged user namespaces, on by default in Debian and most distributions).
* **Memory.** ``RLIMIT_DATA`` caps the worker's private writable memory (heap, anonymous maps,
  thread stacks), so a query that grows without end makes an allocation fail and the worker abort
  — at the cap, not when the machine runs out. Core dumps are switched off: an aborted worker must
  not write gigabytes to disk.
* **Stack.** A deeply nested query recurses in the engine's parser and evaluator; on the 8 MiB main
  thread about 5,000 levels crash the process. Queries run on a thread with a large stack instead
  (measured in 128 MiB: 73,000 nested parentheses, 34,000 braces, 18,000 sub-SELECTs, 14,500 nested
  function calls, 148,000 chained ``!`` pass), and the server refuses, before they reach a worker,
  queries whose text could take the engine past half of it (:func:`psgraph.server.guard.check_levels`).
* **CPU.** A query still running after a moment is given the lowest scheduling priority, so that on
  a busy machine the short queries of other clients keep their share of the cores.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import queue
import resource
import threading
from collections.abc import Callable
from typing import TypeVar

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
CLONE_NEWNS = 0x00020000
QUERY_STACK_BYTES = 128 * 1024 * 1024
LOWEST_PRIORITY = 19
Result = TypeVar("Result")


class ConfinementError(Exception):
    """The kernel refused to confine the worker; ``str()`` tells the operator what to do."""


def take_network_away(own_mounts: bool = False) -> None:
    """Move the calling process, which must have a single thread, into an empty network namespace
    (and, with ``own_mounts``, a mount namespace of its own, for the federated worker's hosts file)."""
    libc = ctypes.CDLL(None, use_errno=True)
    flags = CLONE_NEWNET | (CLONE_NEWNS if own_mounts else 0)
    if libc.unshare(flags) == 0:
        return
    if libc.unshare(CLONE_NEWUSER | flags) == 0:
        return
    code = ctypes.get_errno()
    raise ConfinementError(
        f"a query worker could not leave the network ({os.strerror(code) or errno.errorcode.get(code)}): "
        "run psgraph serve as root or enable unprivileged user namespaces "
        "(sysctl kernel.unprivileged_userns_clone=1), so that queries cannot open connections")


def cap_memory(limit_bytes: int) -> None:
    """Cap the private writable memory of the calling process at ``limit_bytes``; no core dumps."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_DATA, (limit_bytes, limit_bytes))


_Job = tuple[Callable[[], object], list[object], threading.Event]


class LargeStackRunner:
    """Runs functions one at a time on a long-lived thread with a large stack.

    A function still running after ``lower_priority_after_s`` has its thread given the lowest
    priority (Linux schedules threads one by one, so only the query's thread is lowered). An
    unprivileged process cannot raise a priority again, so the next function runs on a fresh thread;
    the others reuse the thread, which saves starting one per query (120 µs, a quarter of a light
    query's round trip through a worker).
    """

    def __init__(self, lower_priority_after_s: float) -> None:
        self.lower_priority_after_s = lower_priority_after_s
        self._jobs: queue.SimpleQueue[_Job | None] | None = None
        self._thread: threading.Thread | None = None

    def _start(self) -> None:
        jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()

        def serve() -> None:
            while (job := jobs.get()) is not None:
                function, box, done = job
                try:
                    box.append(("result", function()))
                except BaseException as error:  # re-raised in the calling thread
                    box.append(("error", error))
                done.set()

        threading.stack_size(QUERY_STACK_BYTES)
        self._thread = threading.Thread(target=serve, name="psgraph-query", daemon=True)
        self._thread.start()
        self._jobs = jobs

    def run(self, function: Callable[[], Result]) -> Result:
        if self._thread is None or self._jobs is None:
            self._start()
        assert self._jobs is not None and self._thread is not None
        box: list[object] = []
        done = threading.Event()
        self._jobs.put((function, box, done))
        if not done.wait(self.lower_priority_after_s):
            if self._thread.native_id is not None:
                with contextlib.suppress(OSError):  # the thread may have ended meanwhile
                    os.setpriority(os.PRIO_PROCESS, self._thread.native_id, LOWEST_PRIORITY)
            done.wait()
            self._jobs.put(None)  # this thread stays lowered: let it end, the next query gets a new one
            self._thread = self._jobs = None
        kind, value = box[0]  # type: ignore[misc]
        if kind == "error":
            raise value  # type: ignore[misc]
        return value  # type: ignore[no-any-return]
