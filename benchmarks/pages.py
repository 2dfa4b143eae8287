"""Latency of the reading surface of `psgraph serve`: search and resource pages, with concurrent
clients, in one run on one machine (run `psgraph build` first; build with `--include` the synthetic
layer of `psgraph synth` to measure at national scale).

    .venv/bin/python benchmarks/pages.py [--clients 1,4,16] [--seconds 10] [--root PROJECT] [--include DIR]

Each client is a process with one keep-alive HTTP connection, from a loopback address of its own,
that GETs, in turn, a search for a name taken from the graph (a commune, a body, an office), the
HTML page of a body or a territory and the page of a canned query with its default parameters (the
answer with labels; the catalogue in turn), for the given number of seconds. Prints, per kind of
page, requests, the median (p50) and the 99th percentile (p99) latency. Targets (issue 17): p50 ≤
50 ms and p99 ≤ 200 ms with 4 clients for search and body pages.
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

from psgraph.catalogue import load_catalogue  # noqa: E402
from psgraph.project import Project  # noqa: E402
from psgraph.server.resources import local_path  # noqa: E402
from psgraph.store import open_store  # noqa: E402

Sample = tuple[str, float]


def _client(args: tuple[str, list[tuple[str, str]], float, int]) -> list[Sample]:
    url, paths, seconds, number = args
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60,
                                            source_address=(f"127.0.0.{2 + number}", 0))
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
        if response.status not in (200, 503):
            raise RuntimeError(f"{path} answered {response.status}: {payload[:200]!r}")
        # a 503 is the server saying it is full (its workers busy past the wait it allows)
        samples.append((kind if response.status == 200 else f"{kind} (503)", time.perf_counter() - started))
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
    queries = sorted(load_catalogue(project))
    paths = []
    for number in range(count):
        paths.append(("search", "/search?" + urllib.parse.urlencode({"q": rnd.choice(names)[:12]})))
        paths.append(("body page", local_path(rnd.choice(bodies))))
        paths.append(("territory page", local_path(rnd.choice(territories))))
        paths.append(("query page", f"/queries/{queries[number % len(queries)]}"))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="1,4,16", help="comma-separated client counts")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--root", type=Path, default=REPO, help="the project to serve")
    parser.add_argument("--include", action="append", default=[], help="as psgraph --include")
    args = parser.parse_args()
    project = Project.locate(args.root).including(args.include)
    paths = _paths(project, 300)
    counts = [int(c) for c in args.clients.split(",")]
    with running_server(args.root, "--client-budget", "100000", include=tuple(args.include)) as base:
        _client((base, paths, 1.0, 0))  # warm-up
        print(f"{len(open_store(project)):,} triples; {args.seconds:g} s per run")
        print("| clients | page | requests | p50 ms | p99 ms |\n| ---: | --- | ---: | ---: | ---: |")
        for clients in counts:
            with multiprocessing.Pool(clients) as pool:
                results = pool.map(_client, [(base, paths, args.seconds, n) for n in range(clients)])
            samples = [sample for result in results for sample in result]
            for kind in ("search", "body page", "territory page", "query page"):
                latencies = sorted(seconds for name, seconds in samples if name == kind)
                refused = sum(1 for name, _ in samples if name == f"{kind} (503)")
                p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
                p50 = statistics.median(latencies)
                busy = f" (+{refused} answered 503)" if refused else ""
                print(f"| {clients} | {kind} | {len(latencies)}{busy} | {p50 * 1000:.1f} | "
                      f"{p99 * 1000:.1f} |", flush=True)


if __name__ == "__main__":
    main()
