"""The operator's settings for ``psgraph serve``."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from psgraph.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_ROWS = 10_000
MAX_QUERY_BYTES = 1_000_000


def default_workers() -> int:
    # Two at least: a query being cut at its time limit must not stop another client's query.
    return max(2, os.cpu_count() or 2)


@dataclass(frozen=True)
class ServerConfig:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = field(default_factory=default_workers)
    allowed_service_hosts: tuple[str, ...] = ()
    max_query_bytes: int = MAX_QUERY_BYTES

    def check(self) -> ServerConfig:
        """The settings, or an InputError naming the first bad option."""
        if not 0 <= self.port <= 65535:
            raise InputError(f"--port {self.port}: give a port between 0 and 65535 (0 picks a free one).")
        if not self.timeout_s > 0:
            raise InputError(f"--timeout {self.timeout_s:g}: give a number of seconds above 0.")
        if self.max_rows < 1:
            raise InputError(f"--max-rows {self.max_rows}: give a number of rows of at least 1.")
        if self.workers < 1:
            raise InputError(f"--workers {self.workers}: give at least 1 worker process.")
        for host in self.allowed_service_hosts:
            if not host or "/" in host or " " in host:
                raise InputError(f"--allow-service {host!r}: give a host name, e.g. query.wikidata.org.")
        return self
