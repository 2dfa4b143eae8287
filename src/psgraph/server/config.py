"""The operator's settings for ``psgraph serve``, with defaults from the machine."""

from __future__ import annotations

import ipaddress
import os
import urllib.parse
from dataclasses import dataclass, field

from psgraph.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_ROWS = 10_000
MAX_QUERY_BYTES = 1_000_000
MAX_WORKERS = 64
GB = 2**30
# A worker's private memory before any query: the Python runtime, pyoxigraph, the store's caches and
# the 128 MiB stack of its query thread (measured about 230 MiB on the real graph). Below this a
# worker could not start at all.
MIN_WORKER_MEMORY = 512 * 2**20
DEFAULT_CLIENT_CONCURRENCY = 2
DEFAULT_CLIENT_BUDGET_S = 60.0
DEFAULT_QUEUE_TIMEOUT_S = 5.0
DEFAULT_SPARE_WORKERS = 2
DEFAULT_CONNECTION_LIMIT = 0  # derived from the open-file limit (server.openfiles)
DEFAULT_CHANNEL_TIMEOUT_S = 30


def physical_memory() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def default_workers() -> int:
    # Two at least: a query being cut at its time limit must not stop another client's query; twice
    # the cores, so that the long queries of a few clients (each at the lowest priority once it runs
    # long) leave workers free for everyone else's short ones.
    return min(MAX_WORKERS, max(4, 2 * (os.cpu_count() or 2)))


def default_max_memory() -> int:
    """Half the machine's memory for all query workers together, rounded down to a tenth of a GB."""
    return int(physical_memory() / 2 / (GB / 10)) * (GB // 10)


def parse_size(text: str) -> int:
    """Bytes from ``"12G"``, ``"512M"`` or a plain number of bytes; ValueError otherwise."""
    units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    cleaned = text.strip().upper().removesuffix("B")
    factor = units.get(cleaned[-1:], 1)
    number = float(cleaned[:-1] if cleaned[-1:] in units else cleaned)
    if not number > 0 or number != number or number == float("inf"):
        raise ValueError(text)
    return int(number * factor)


@dataclass(frozen=True)
class ServerConfig:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = field(default_factory=default_workers)
    spare_workers: int = DEFAULT_SPARE_WORKERS
    allowed_service_hosts: tuple[str, ...] = ()
    max_query_bytes: int = MAX_QUERY_BYTES
    max_memory: int = field(default_factory=default_max_memory)  # bytes, all query workers together
    client_concurrency: int = DEFAULT_CLIENT_CONCURRENCY
    client_budget_s: float = DEFAULT_CLIENT_BUDGET_S
    queue_timeout_s: float = DEFAULT_QUEUE_TIMEOUT_S
    trusted_proxy: str = ""
    public_url: str = ""
    connection_limit: int = DEFAULT_CONNECTION_LIMIT
    channel_timeout_s: int = DEFAULT_CHANNEL_TIMEOUT_S

    @property
    def worker_memory(self) -> int:
        """Each worker's share of ``max_memory`` (the spares and the federated worker included)."""
        federated = 1 if self.allowed_service_hosts else 0
        return self.max_memory // (self.workers + self.spare_workers + federated)

    @property
    def reserved_workers(self) -> int:
        """Idle workers that the queries of clients with something long-running leave for the others
        (a quarter of the pool, at least one, none when there is only one worker)."""
        return min(max(1, self.workers // 4), self.workers - 1)

    def check(self) -> ServerConfig:
        """The settings, or an InputError naming the first bad option."""
        if not 0 <= self.port <= 65535:
            raise InputError(f"--port {self.port}: give a port between 0 and 65535 (0 picks a free one).")
        for option, value in (("--timeout", self.timeout_s), ("--client-budget", self.client_budget_s),
                              ("--queue-timeout", self.queue_timeout_s)):
            if not 0 < value < float("inf"):
                raise InputError(f"{option} {value:g}: give a number of seconds above 0.")
        if self.max_rows < 1:
            raise InputError(f"--max-rows {self.max_rows}: give a number of rows of at least 1.")
        if not 1 <= self.workers <= MAX_WORKERS:
            raise InputError(f"--workers {self.workers}: give between 1 and {MAX_WORKERS} worker processes "
                             "(each holds a handle on the store and a share of --max-memory).")
        if not 0 <= self.spare_workers <= MAX_WORKERS:
            raise InputError(f"--spare-workers {self.spare_workers}: give between 0 and {MAX_WORKERS}.")
        if self.worker_memory < MIN_WORKER_MEMORY:
            total = self.workers + self.spare_workers
            raise InputError(f"--max-memory {self.max_memory / GB:.2f}G gives each of the {total} "
                             f"workers (spares included) {self.worker_memory / 2**20:.0f} MB; give at least "
                             f"{MIN_WORKER_MEMORY // 2**20} MB per worker (raise --max-memory or lower "
                             "--workers).")
        if self.max_memory > physical_memory():
            raise InputError(f"--max-memory {self.max_memory / GB:.1f}G is more than this machine's "
                             f"{physical_memory() / GB:.1f} GB.")
        if self.client_concurrency < 1:
            raise InputError(f"--client-concurrency {self.client_concurrency}: give at least 1.")
        if not 0 <= self.connection_limit <= 100_000:
            raise InputError(f"--connection-limit {self.connection_limit}: give between 1 and 100000 (0: as "
                             "many as the open-file limit allows).")
        for host in self.allowed_service_hosts:
            if not host or "/" in host or " " in host:
                raise InputError(f"--allow-service {host!r}: give a host name, e.g. query.wikidata.org.")
        if self.trusted_proxy:
            try:
                ipaddress.ip_address(self.trusted_proxy)
            except ValueError:
                raise InputError(f"--trusted-proxy {self.trusted_proxy!r}: give the proxy's IP address, "
                                 "e.g. 127.0.0.1.") from None
        if self.public_url:
            address = urllib.parse.urlsplit(self.public_url)
            if address.scheme not in ("http", "https") or not address.hostname or address.query:
                raise InputError(f"--public-url {self.public_url!r}: give the address clients use, "
                                 "e.g. https://psgraph.example.org.")
        return self
