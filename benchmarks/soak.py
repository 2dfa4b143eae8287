"""Soak test of the production recipe: `psgraph serve` behind nginx (deploy/nginx) under mixed,
partly hostile load, bounded in time, on loopback only (run `psgraph build` first).

    .venv/bin/python benchmarks/soak.py [--seconds 600] [--mix workers|classic|none] [--light-clients 16]

Clients, each from its own loopback address (127.0.0.0/8) so that nginx and psgraph tell them apart:
16 light clients (a label lookup, an ASK, a small SELECT; each paced at --light-rate requests/s on
a keep-alive connection), hostile clients, 100 slow connections that trickle their headers, and a
/health poller. Every group runs in its own process, so that one group's Python does not slow
another's measurements. Server and workers' memory (RSS) is sampled from /proc. The hostile mix:

* ``classic`` (issue 15): 2 clients sending heavy queries that run into the time limit, 1 sending
  memory bombs, 1 sending deeply nested queries;
* ``workers`` (issue 33, the default): as many hostile addresses as workers, each within its own
  budget (the server's default 60 s of query time a minute: enough to keep a worker busy), in turn
  a heavy cross join, a heavy cross join, a memory bomb, a crasher (400,000 chained ``!``, which
  crashed a worker before), and again;
* ``none``: the light clients alone (and the slow connections and the poller), for the unloaded
  throughput the others are compared with.

Prints one table and writes the figures as JSON (--json). Targets — issue 15: light queries
>= 300 req/s, p99 <= 100 ms, 0 errors; heavy clients answered 503 with Retry-After; peak RSS of
server + workers <= --max-memory + 10 %; the pool at full size at the end; /health p99 <= 50 ms.
Issue 33 (``workers``): light queries >= 50 % of their unloaded req/s, p99 <= 250 ms, 0 errors, the
pool full at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.serverkit import running_nginx, running_server  # noqa: E402

from psgraph.server.config import parse_size  # noqa: E402

PSG = "https://w3id.org/psgraph/ontology#"
LIGHT = [
    "SELECT ?label WHERE { <https://w3id.org/psgraph/id/body/fr/clspd-lyon> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?label }",
    f"ASK {{ ?b a <{PSG}CLSPD> }}",
    f"SELECT ?b WHERE {{ ?b <{PSG}classifiedAs> ?t }} LIMIT 10",
]
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MEMORY_BOMB = "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
NESTED = "SELECT ?x WHERE { BIND(" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) }"
CRASHER = "ASK { FILTER(" + "!" * 400_000 + "true) }"
# The issue 33 mix: one hostile address per worker, these in turn.
HOSTILE_TURN = (("heavy", HEAVY, 0.5), ("heavy", HEAVY, 0.5), ("memory bomb", MEMORY_BOMB, 0.5),
                ("crasher", CRASHER, 0.2))


def _connection(base: str, source: str) -> http.client.HTTPConnection:
    address = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(address.hostname, address.port, timeout=60, source_address=(source, 0))


def _post(connection: http.client.HTTPConnection, query: str) -> tuple[int, str]:
    connection.request("POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query",
                                                           "Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    response.read()
    return response.status, response.getheader("Retry-After") or ""


def _light_client(base: str, source: str, rate: float, until: float, results: list) -> None:
    connection = _connection(base, source)
    interval = 1.0 / rate
    next_at = time.monotonic()
    number = 0
    while True:
        now = time.monotonic()
        if now >= until:
            break
        if next_at > now:
            time.sleep(next_at - now)
        next_at += interval
        started = time.monotonic()
        try:
            status, _ = _post(connection, LIGHT[number % len(LIGHT)])
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = _connection(base, source)
        results.append((status, time.monotonic() - started))
        number += 1


def light_group(args: tuple[str, int, float, float]) -> list[tuple[int, float]]:
    import threading

    base, clients, rate, until = args
    results: list[tuple[int, float]] = []
    threads = [threading.Thread(target=_light_client, args=(base, f"127.0.10.{i + 1}", rate, until, results))
               for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def hostile_client(args: tuple[str, str, str, float, float]) -> list[tuple[int, str]]:
    """A client that keeps sending one kind of bad query, ignoring Retry-After."""
    base, source, query, pause, until = args
    connection = _connection(base, source)
    outcomes: list[tuple[int, str]] = []
    while time.monotonic() < until:
        try:
            outcomes.append(_post(connection, query))
        except (OSError, http.client.HTTPException):
            outcomes.append((0, ""))
            connection.close()
            connection = _connection(base, source)
        time.sleep(pause)
    return outcomes


def slow_connections(args: tuple[str, int, float]) -> int:
    """Connections that send a request's headers a byte every few seconds; reopened when closed."""
    base, count, until = args
    address = urllib.parse.urlsplit(base)
    opened = 0
    sockets: list[socket.socket | None] = [None] * count
    header = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Slow: "
    while time.monotonic() < until:
        for index in range(count):
            sock = sockets[index]
            try:
                if sock is None:
                    sock = socket.create_connection((address.hostname, address.port), timeout=2,
                                                    source_address=(f"127.0.50.{index % 250 + 1}", 0))
                    sock.sendall(header)
                    opened += 1
                else:
                    sock.sendall(b"a")
                sockets[index] = sock
            except OSError:
                if sock is not None:
                    sock.close()
                sockets[index] = None
        time.sleep(min(2.0, max(0.0, until - time.monotonic())))
    for sock in sockets:
        if sock is not None:
            sock.close()
    return opened


def health_poller(args: tuple[str, float, float]) -> list[tuple[int, float, dict]]:
    base, interval, until = args
    connection = _connection(base, "127.0.60.1")
    samples: list[tuple[int, float, dict]] = []
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            connection.request("GET", "/health")
            response = connection.getresponse()
            body = json.loads(response.read())
            samples.append((response.status, time.monotonic() - started, body))
        except (OSError, http.client.HTTPException, ValueError):
            samples.append((0, time.monotonic() - started, {}))
            connection.close()
            connection = _connection(base, "127.0.60.1")
        time.sleep(interval)
    return samples


def _tree_rss(root_pid: int) -> int:
    """RSS in bytes of ``root_pid`` and all its descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * page
        except (OSError, ValueError, IndexError):
            continue
    total, pending = 0, [root_pid]
    while pending:
        pid = pending.pop()
        total += rss.get(pid, 0)
        pending.extend(children.get(pid, []))
    return total


def _server_pid(base: str) -> int:
    """The server's process: the parent of its query workers (listed by /health)."""
    worker = json.loads(_get_health(base))["worker_pids"][0]
    stat = Path(f"/proc/{worker}/stat").read_text()
    return int(stat[stat.rindex(")") + 2:].split()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--mix", choices=("workers", "classic", "none"), default="workers",
                        help="the hostile clients: as many as workers (issue 33), issue 15's four, or none")
    parser.add_argument("--light-clients", type=int, default=16)
    parser.add_argument("--light-rate", type=float, default=25.0, help="requests/s of each light client")
    parser.add_argument("--slow", type=int, default=100, help="slow connections")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--spare-workers", type=int, default=2,
                        help="-1: leave the option out (to measure a psgraph that has none)")
    parser.add_argument("--max-memory", default="6G")
    parser.add_argument("--timeout", type=float, default=10)
    parser.add_argument("--client-budget", type=float, default=60)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    cap = parse_size(args.max_memory)
    root = REPO
    options = ["--trusted-proxy", "127.0.0.1", "--workers", str(args.workers),
               *(["--spare-workers", str(args.spare_workers)] if args.spare_workers >= 0 else []),
               "--max-memory", args.max_memory, "--timeout", str(args.timeout),
               "--client-budget", str(args.client_budget)]
    with tempfile.TemporaryDirectory() as work, running_server(root, *options) as upstream, \
            running_nginx(upstream, Path(work) / "nginx") as proxy:
        server_pid = _server_pid(upstream)
        until = time.monotonic() + args.seconds
        hostile = _hostile(args.mix, args.workers)
        pool = multiprocessing.get_context("spawn").Pool(len(hostile) + 4)
        light = pool.apply_async(light_group, ((proxy, args.light_clients, args.light_rate, until),))
        attacks = [(kind, pool.apply_async(hostile_client, ((proxy, f"127.0.20.{number + 1}", query, pause,
                                                             until),)))
                   for number, (kind, query, pause) in enumerate(hostile)]
        slow = pool.apply_async(slow_connections, ((proxy, args.slow, until),))
        health = pool.apply_async(health_poller, ((proxy, 0.1, until),))
        peak = 0
        while time.monotonic() < until:
            peak = max(peak, _tree_rss(server_pid))
            time.sleep(0.5)
        light_results = light.get()
        hostile_results: dict[str, list[tuple[int, str]]] = {}
        for kind, result in attacks:
            hostile_results.setdefault(kind, []).extend(result.get())
        slow_opened, health_samples = slow.get(), health.get()
        pool.close()
        time.sleep(3)  # let a worker killed in the last seconds come back
        final = json.loads(_get_health(upstream))
    latencies = [seconds for status, seconds in light_results if status == 200]
    errors = sum(1 for status, _ in light_results if status != 200)
    figures = {
        "seconds": args.seconds,
        "light_requests": len(light_results), "light_errors": errors,
        "light_error_statuses": _count(status for status, _ in light_results if status != 200),
        "light_rps": len(latencies) / args.seconds,
        "light_p50_ms": 1000 * statistics.median(latencies) if latencies else None,
        "light_p99_ms": 1000 * percentile(latencies, 0.99),
        "mix": args.mix, "hostile_addresses": len(hostile),
        **{f"{kind.replace(' ', '_')}_statuses": _count(status for status, _ in outcomes)
           for kind, outcomes in hostile_results.items()},
        "hostile_503_with_retry_after": sum(1 for outcomes in hostile_results.values()
                                            for status, retry in outcomes if status == 503 and retry),
        "slow_connections_opened": slow_opened,
        "health_p99_ms": 1000 * percentile([s for _, s, _ in health_samples], 0.99),
        "health_non_200": _count(status for status, _, _ in health_samples if status != 200),
        "peak_rss_gb": peak / 2**30, "memory_cap_gb": cap / 2**30,
        "final_workers_live": final["workers_live"], "workers": final["workers"],
        "worker_deaths": final["worker_deaths"], "worker_restarts": final["worker_restarts"],
        "preemptions": final.get("preemptions", 0), "spares_at_end": final.get("spare_workers", 0),
    }
    for name, value in figures.items():
        print(f"{name:28} {value:.2f}" if isinstance(value, float) else f"{name:28} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")


def _hostile(mix: str, workers: int) -> list[tuple[str, str, float]]:
    """The hostile clients of a mix: (kind, query, pause between queries)."""
    if mix == "classic":
        return [("heavy", HEAVY, 0.5), ("heavy", HEAVY, 0.5), ("memory bomb", MEMORY_BOMB, 0.5),
                ("nested", NESTED, 0.2)]
    if mix == "workers":
        return [HOSTILE_TURN[number % len(HOSTILE_TURN)] for number in range(workers)]
    return []


def _get_health(base: str) -> str:
    connection = _connection(base, "127.0.0.1")
    connection.request("GET", "/health")
    return connection.getresponse().read().decode()


def _count(values: Iterable[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


if __name__ == "__main__":
    main()
