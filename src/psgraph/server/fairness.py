"""Sharing the query workers fairly between clients, the way public endpoints do.

The Wikidata Query Service gives each client a number of concurrent queries and a budget of query
time per minute; psgraph does the same. A client is its address (behind a reverse proxy, the
address the proxy reports, see ``--trusted-proxy``). A client over either limit is told so at once
with 503 and ``Retry-After`` — it never waits for a worker, and never holds an HTTP thread that
``/health`` or a page needs. A worker that dies on a client's query (memory cap, crash) costs that
client a full time limit, since replacing it costs the server about as much.

A client is *light* while it has nothing long-running: no query of it in flight for more than
``LONG_QUERY_S``, none in the window that ran that long or cost a worker. Light clients' queries may
take the workers kept in reserve and preempt a long query (:mod:`psgraph.server.workers`); the
others' may not.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

# A query that runs this long is long: lowered in priority (confinement), and its client is no
# longer light. The light queries of the soak benchmark take 2 to 5 ms.
LONG_QUERY_S = 0.5


class Throttled(Exception):
    """The client is over its share; ``str()`` says which, ``retry_after_s`` when to come back."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


@dataclass
class _Account:
    in_flight: int = 0
    spent: deque[tuple[float, float]] = field(default_factory=deque)  # (when it ended, seconds)
    admitted: list[float] = field(default_factory=list)  # when each query in flight was admitted
    long_until: float = float("-inf")  # a query of this long ran long: not light until then


@dataclass(frozen=True)
class Ticket:
    client: str
    started: float
    others_in_flight: int  # the client's queries already running when this one was admitted


class ClientLedger:
    """Per-client concurrency and query time over a sliding window."""

    def __init__(self, max_concurrent: int, budget_s: float, window_s: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_concurrent = max_concurrent
        self.budget_s = budget_s
        self.window_s = window_s
        self._clock = clock
        self._accounts: dict[str, _Account] = {}
        self._purged = clock()
        self._lock = threading.Lock()
        self.refused = 0

    def _spent(self, account: _Account, now: float) -> float:
        while account.spent and account.spent[0][0] <= now - self.window_s:
            account.spent.popleft()
        return sum(seconds for _, seconds in account.spent)

    def admit(self, client: str) -> Ticket:
        """A ticket for one query of ``client``, or Throttled."""
        now = self._clock()
        with self._lock:
            if now - self._purged > self.window_s:
                self._purge(now)
            account = self._accounts.setdefault(client, _Account())
            spent = self._spent(account, now)
            if account.in_flight >= self.max_concurrent:
                self.refused += 1
                queries = "query" if account.in_flight == 1 else "queries"
                raise Throttled(f"This client already has {account.in_flight} {queries} running, the most "
                                "this server runs at once for one client; wait for one to finish.", 1)
            if spent >= self.budget_s:
                self.refused += 1
                raise Throttled(f"This client used {spent:.0f} s of query time in the last "
                                f"{self.window_s:.0f} s, this server's budget per client; "
                                "try again later.", self._retry_after(account, spent, now))
            account.in_flight += 1
            account.admitted.append(now)
            return Ticket(client, now, account.in_flight - 1)

    def light(self, client: str) -> bool:
        """Whether ``client`` has nothing long-running: no query in flight for LONG_QUERY_S, and none
        in the window that ran that long (a query that cost a worker is charged the time limit)."""
        now = self._clock()
        with self._lock:
            account = self._accounts.get(client)
            if account is None:
                return True
            return now >= account.long_until and all(now - at < LONG_QUERY_S for at in account.admitted)

    def _retry_after(self, account: _Account, spent: float, now: float) -> int:
        """Seconds until enough of the window's time has expired to bring the client under budget."""
        for ended, seconds in account.spent:
            spent -= seconds
            if spent < self.budget_s:
                return max(1, math.ceil(ended + self.window_s - now))
        return 1

    def release(self, ticket: Ticket, charge_s: float | None = None) -> None:
        """The query ended; charge ``charge_s`` seconds (the time a worker spent on it, the full limit
        for a query that cost a worker), or by default the time since it was admitted."""
        now = self._clock()
        seconds = now - ticket.started if charge_s is None else charge_s
        with self._lock:
            account = self._accounts[ticket.client]
            account.in_flight -= 1
            account.admitted.remove(ticket.started)
            account.spent.append((now, seconds))
            if seconds >= LONG_QUERY_S:
                account.long_until = now + self.window_s

    def _purge(self, now: float) -> None:
        """Forget clients with nothing running and nothing spent in the window (bounded memory)."""
        self._purged = now
        for client in [client for client, account in self._accounts.items()
                       if not account.in_flight and not self._spent(account, now)]:
            del self._accounts[client]

    def clients(self) -> int:
        with self._lock:
            return len(self._accounts)
