"""Admitting one query to a worker: the guard, the client's share, the lane for short queries, then
a worker under the time limit; every refusal and limit an outcome with one sentence and a status.

Queries from the SPARQL protocol, the canned query pages and the resource pages all come this way.
A client with nothing long-running (server.fairness) may take the workers kept in reserve and stop
the longest-running query when none is idle (server.workers); the others leave a quarter of the
workers idle for them. The measured effect is in benchmarks/README.md (soak, issue 33).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from psgraph.server.config import ServerConfig
from psgraph.server.execution import QueryOutcome, QueryRequest
from psgraph.server.fairness import ClientLedger, Throttled
from psgraph.server.guard import Refused, TooComplex, check_query
from psgraph.server.workers import PoolBusy, Preempted, QueryTimeout, WorkerFailed, WorkerPool

log = logging.getLogger("psgraph.serve")
PREEMPTED_RETRY_S = 5


@dataclass
class Admission:
    config: ServerConfig
    ledger: ClientLedger
    pool: WorkerPool
    federated_pool: WorkerPool | None = None  # the federated worker, for allowed SERVICE hosts

    def run(self, request: QueryRequest, client: str) -> QueryOutcome:
        """Guard, share, then evaluate in a worker; limits become outcomes with one-sentence messages."""
        config = self.config
        try:
            federated = bool(check_query(request.text, config.allowed_service_hosts))
        except Refused as refusal:
            return plain(403, str(refusal))
        except TooComplex as error:
            return plain(400, str(error))
        pool = self.federated_pool if federated and self.federated_pool else self.pool
        light = self.ledger.light(client)
        try:
            ticket = self.ledger.admit(client)
        except Throttled as throttled:
            return plain(503, str(throttled), throttled.retry_after_s)
        # The client is charged the time a worker spent on its query, not the time it waited for one:
        # under load, waiting would otherwise eat the budget of clients whose queries are light.
        charge = 0.0
        try:
            # A client's second query never takes the last idle worker (unless there is only one); a
            # client with something long-running leaves the reserved workers to the others, whose
            # queries may also stop a long one when every worker is busy (server.workers).
            keep_idle = 1 if ticket.others_in_flight and pool.size > 1 else 0
            if not light and pool is self.pool:
                keep_idle = max(keep_idle, config.reserved_workers)
            outcome = pool.run(request, config.timeout_s, wait_s=config.queue_timeout_s, keep_idle=keep_idle,
                               preempt=light and pool is self.pool)
            charge = outcome.seconds
            return outcome
        except Preempted as stopped:
            charge = stopped.seconds
            return plain(503, f"The query was stopped after {stopped.seconds:.0f} s to give its worker to a "
                              "short query: every worker was busy with long ones. Try again in a moment, "
                              "or narrow it (a LIMIT, a more selective pattern).", PREEMPTED_RETRY_S)
        except QueryTimeout:
            charge = config.timeout_s
            log.warning("psgraph serve: a query of %s was stopped at the %g s time limit.", client,
                        config.timeout_s)
            return plain(503, f"The query was stopped after {config.timeout_s:g} s, this server's time "
                              "limit; narrow it (a LIMIT, a more selective pattern) and try again.",
                         max(1, math.ceil(config.timeout_s)))
        except PoolBusy:
            return plain(503, f"Every query worker stayed busy for {config.queue_timeout_s:g} s; "
                              "try again shortly.", 2)
        except WorkerFailed as failure:
            charge = config.timeout_s
            return plain(503, str(failure), 5)
        finally:
            self.ledger.release(ticket, charge)


def plain(status: int, message: str, retry_after_s: int = 0) -> QueryOutcome:
    return QueryOutcome(status, "text/plain; charset=utf-8", f"{message}\n".encode(),
                        retry_after_s=retry_after_s)
