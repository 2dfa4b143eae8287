"""Latency of the reading surface of `psgraph serve`: search and resource pages, with concurrent
clients, in one run on one machine (run `psgraph build` first; build with `--include` the synthetic
layer of `psgraph synth` to measure at national scale).

    .venv/bin/python benchmarks/pages.py [--clients 4] [--seconds 10]

Each client is a process with one keep-alive HTTP connection that GETs, in turn, a search for a
name taken from the graph (a commune, a body, an office) and the HTML page of a body or a territory,
for the given number of seconds. Prints, per kind of page, requests, the median (p50) and the 99th
percentile (p99) latency. Targets (issue 17): p50 ≤ 50 ms and p99 ≤ 200 ms with 4 clients.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import random
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.serverkit import running_server  # noqa: E402

from psgraph.project import Project  # noqa: E402
from psgraph.server.resources import local_path  # noqa: E402
from psgraph.store import open_store  # noqa: E402

Sample = tuple[str, float]


def _client(args: tuple[str, list[tuple[str, str]], float]) -> list[Sample]:
    url, paths, seconds = args
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    samples: list[Sample] = []
    deadline = time.perf_counter() + seconds
    index = random.randrange(len(paths))
    while time.perf_counter() < deadline:
        kind, path = paths[index % len(paths)]
        index += 1
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept": "text/html"})
        response = connection.getresponse()
        payload = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}: {payload[:200]!r}")
        samples.append((kind, time.perf_counter() - started))
    connection.close()
    return samples


def _paths(project: Project, count: int) -> list[tuple[str, str]]:
    store = open_store(project)
    rnd = random.Random(7)
    names = [row["l"].value for row in store.query(
        "SELECT ?l WHERE { ?x a <https://w3id.org/psgraph/ontology#Territory> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(LANG(?l) = 'fr') }")]
    bodies = [row["b"].value for row in store.query(
        "SELECT DISTINCT ?b WHERE { ?b <https://w3id.org/psgraph/ontology#level> ?l }")]
    territories = [row["t"].value for row in store.query(
        "SELECT ?t WHERE { ?t <https://w3id.org/psgraph/ontology#territoryLevel> "
        "<https://w3id.org/psgraph/ontology#County> }")]
    paths = []
    for _ in range(count):
        paths.append(("search", "/search?" + urllib.parse.urlencode({"q": rnd.choice(names)[:12]})))
        paths.append(("body page", local_path(rnd.choice(bodies))))
        paths.append(("territory page", local_path(rnd.choice(territories))))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    project = Project.locate(REPO)
    paths = _paths(project, 300)
    with running_server(REPO, "--client-concurrency", str(args.clients * 2),
                        "--client-budget", "100000") as base:
        _client((base, paths, 1.0))  # warm-up
        with multiprocessing.Pool(args.clients) as pool:
            started = time.perf_counter()
            results = pool.map(_client, [(base, paths, args.seconds)] * args.clients)
            elapsed = time.perf_counter() - started
    samples = [sample for result in results for sample in result]
    print(f"{args.clients} clients, {args.seconds:g} s, {len(samples) / elapsed:.0f} pages/s in all")
    print(f"{'page':16} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for kind in ("search", "body page", "territory page"):
        latencies = sorted(seconds for name, seconds in samples if name == kind)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(f"{kind:16} {len(latencies):8d} {statistics.median(latencies) * 1000:8.1f} {p99 * 1000:8.1f}")


if __name__ == "__main__":
    main()
