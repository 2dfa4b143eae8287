"""Light-query throughput of `psgraph serve` with concurrent clients, beside Oxigraph's own server
on the same data, in one run on one machine (run `psgraph build` first).

    .venv/bin/python benchmarks/endpoint.py [--clients 1,4,16] [--seconds 10] [--workers N]
                                            [--root PROJECT] [--include DIR]

--root and --include measure another built project (the national-scale copy of benchmarks/
national.py, with its synthetic layer).

Each client is a process with one keep-alive HTTP connection that POSTs a light query (the label of
one body, a different body each time) and reads the JSON results, for the given number of seconds.
Prints requests per second, the median (p50) and the 99th percentile (p99) latency.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.serverkit import running_oxigraph, running_server  # noqa: E402

from psgraph.project import Project  # noqa: E402
from psgraph.store import open_store  # noqa: E402

LABEL = "SELECT ?label WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"


def _client(args: tuple[str, list[str], float, int]) -> list[float]:
    url, iris, seconds, number = args
    address = urllib.parse.urlsplit(url)
    # each client from its own loopback address, as distinct users would be: psgraph serve limits
    # how many queries one client address runs at once
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30,
                                            source_address=(f"127.0.0.{2 + number}", 0))
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    index = 0
    while time.perf_counter() < deadline:
        body = LABEL.format(iri=iris[index % len(iris)]).encode()
        index += 1
        started = time.perf_counter()
        connection.request("POST", address.path, body, {"Content-Type": "application/sparql-query",
                                                        "Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        payload = response.read()
        if response.status != 200 or b"label" not in payload:
            raise RuntimeError(f"{url} answered {response.status}: {payload[:200]!r}")
        latencies.append(time.perf_counter() - started)
    connection.close()
    return latencies


def measure(url: str, iris: list[str], clients: int, seconds: float) -> tuple[float, float, float]:
    _client((url, iris, 0.5, 0))  # warm-up
    with multiprocessing.Pool(clients) as pool:
        started = time.perf_counter()
        results = pool.map(_client, [(url, iris, seconds, number) for number in range(clients)])
        elapsed = time.perf_counter() - started
    latencies = sorted(value for result in results for value in result)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / elapsed, statistics.median(latencies) * 1000, p99 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="1,4,16", help="comma-separated client counts")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=None, help="psgraph serve --workers")
    parser.add_argument("--root", type=Path, default=REPO, help="the project to serve")
    parser.add_argument("--include", action="append", default=[], help="as psgraph --include")
    args = parser.parse_args()
    project = Project.locate(args.root).including(args.include)
    store = open_store(project)
    iris = [s["b"].value for s in store.query(
        "SELECT DISTINCT ?b WHERE { ?b <https://w3id.org/psgraph/ontology#level> ?level ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")]
    print(f"{len(store)} triples; light query: the label of one of {len(iris)} bodies; "
          f"{args.seconds:g} s per run")
    print(f"{'server':28} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    options = ["--workers", str(args.workers)] if args.workers else []
    with (tempfile.TemporaryDirectory() as work, running_oxigraph(project, Path(work)) as oxigraph_url,
          running_server(args.root, *options, include=tuple(args.include)) as base):
        for clients in (int(c) for c in args.clients.split(",")):
            servers = (("psgraph serve", f"{base}/sparql"), ("oxigraph serve-read-only", oxigraph_url))
            for name, url in servers:
                rps, p50, p99 = measure(url, iris, clients, args.seconds)
                print(f"{name:28} {clients:7d} {rps:8.0f} {p50:8.2f} {p99:8.2f}", flush=True)


if __name__ == "__main__":
    main()
