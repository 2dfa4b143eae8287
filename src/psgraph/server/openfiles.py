"""How many HTTP connections ``psgraph serve`` may hold: what its open-file limit leaves room for.

Every connection is a file descriptor. waitress's default loop is ``select()``, which cannot watch a
descriptor numbered 1,024 or more: about 1,100 idle connections made the server exit with
"filedescriptor out of range in select()" — under the shipped systemd unit's 65,536 open files,
where nothing else stopped them. The server now uses ``poll()`` (waitress's
``asyncore_use_poll``), which has no such ceiling, and holds at most as many connections as its
open-file limit leaves room for once its own files are counted; past that it stops accepting
(the kernel queues the rest) instead of failing in ``accept()`` with "too many open files" in a
loop, as it did under a limit of 1,024.
"""

from __future__ import annotations

import os
import resource

from psgraph.errors import InputError

MOST_CONNECTIONS = 10_000  # the default's ceiling: enough for any proxy in front, bounded memory
# Descriptors the server opens while it answers, besides its connections: up to two per HTTP
# thread (the search index, a dump being read), and a pipe and a process handle per worker, twice
# while a worker is being replaced.
RESERVE_PER_THREAD = 2
RESERVE_PER_WORKER = 4
RESERVE = 64
LEAST_CONNECTIONS = 16


def raise_soft_limit() -> int:
    """Raise the soft open-file limit to the hard one (any process may); the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    return soft


def connection_limit(asked: int, threads: int, workers: int) -> int:
    """The connections to hold: ``asked`` (0: as many as there is room for, at most
    MOST_CONNECTIONS), once the files already open and those the server will need are counted;
    InputError if ``asked`` does not fit."""
    limit = raise_soft_limit()
    if limit == resource.RLIM_INFINITY:
        limit = 2**20
    in_use = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 64
    room = limit - in_use - RESERVE - RESERVE_PER_THREAD * threads - RESERVE_PER_WORKER * workers
    if room < max(asked, LEAST_CONNECTIONS):
        wanted = max(asked, LEAST_CONNECTIONS)
        raise InputError(f"The open-file limit ({limit:,}, `ulimit -n` or LimitNOFILE=) leaves room for "
                         f"{max(room, 0):,} connections, fewer than the {wanted:,} asked: raise it, or lower "
                         "--connection-limit.")
    return asked or min(room, MOST_CONNECTIONS)
