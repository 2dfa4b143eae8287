"""What a name costs in place of an IRI in a canned query's parameter (issue 32: at most 20 ms more
for a canned-query page), on the real graph (run `psgraph build` first).

    .venv/bin/python benchmarks/names.py [--samples 40] [--root PROJECT]

Measures, in one run on one machine:
- reading each name with the build's reconciliation (psgraph.paramnames, in process), median;
- the page of partnership-load for the Rhône over HTTP on `psgraph serve`, given as tfrd:69 and as
  « Rhône » (answered with a redirect to the tfrd:69 address, which the client follows): medians
  with the page already drawn (the server keeps a canned page for the day, so this is what the name
  adds: the reading and one more round trip), and with a new as_of date on every pair of requests
  (the page drawn each time; the two requests of a pair in turn, first one then the other).
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import time
import urllib.parse
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.serverkit import running_server  # noqa: E402

from psgraph.catalogue import load_catalogue  # noqa: E402
from psgraph.paramnames import ParamNames  # noqa: E402
from psgraph.project import Project  # noqa: E402

NAMES = (("partnership-load", "territory", "Rhône"), ("partnership-load", "territory", "69"),
         ("partnership-load", "territory", "Saint-Denis (93)"), ("vertical-overlap", "country", "France"),
         ("statutory-gaps", "body_type", "CLSPD"), ("findings", "kind", "duplication"))


def _resolving(project: Project, samples: int) -> list[tuple[str, float]]:
    catalogue = load_catalogue(project)
    names = ParamNames.of_build(project.store_link.resolve())
    names.resolve(catalogue["partnership-load"], {"territory": "Rhône"})  # opens the index once
    timed = []
    for query, param, name in NAMES:
        times = []
        for _ in range(samples):
            started = time.perf_counter()
            names.resolve(catalogue[query], {param: name})
            times.append(time.perf_counter() - started)
        timed.append((f"{param}={name}", statistics.median(times)))
    return timed


def _get(connection: http.client.HTTPConnection, path: str) -> float:
    """Seconds to the page, following one redirect on the same connection."""
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept": "text/html"})
    response = connection.getresponse()
    response.read()
    if response.status == 303:
        connection.request("GET", response.getheader("Location") or "", headers={"Accept": "text/html"})
        response = connection.getresponse()
        response.read()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return time.perf_counter() - started


def _pages(url: str, samples: int) -> dict[str, float]:
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)

    def path(territory: str, as_of: date) -> str:
        return "/queries/partnership-load?" + urllib.parse.urlencode(
            {"territory": territory, "as_of": as_of.isoformat()})

    today = date.today()
    _get(connection, path("tfrd:69", today))
    warm = {"iri": [_get(connection, path("tfrd:69", today)) for _ in range(samples)],
            "name": [_get(connection, path("Rhône", today)) for _ in range(samples)]}
    cold: dict[str, list[float]] = {"iri": [], "name": []}
    for number in range(samples):
        # each request its own date (two neighbouring days), so that neither finds a page or an
        # answer the server kept; the two kinds in turn first
        order = ("iri", "name") if number % 2 == 0 else ("name", "iri")
        for step, kind in enumerate(order):
            day = today - timedelta(days=1 + 2 * number + step)
            cold[kind].append(_get(connection, path("tfrd:69" if kind == "iri" else "Rhône", day)))
    connection.close()
    return {f"{state} {kind}": statistics.median(times)
            for state, timed in (("kept", warm), ("drawn", cold)) for kind, times in timed.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--root", type=Path, default=REPO)
    args = parser.parse_args()
    project = Project(args.root)
    print("| name read | median |\n|---|---|")
    for name, seconds in _resolving(project, args.samples):
        print(f"| {name} | {seconds * 1000:.2f} ms |")
    with running_server(project.root, "--workers", "2") as url:
        medians = _pages(url, args.samples)
    print("\n| partnership-load page, Rhône | tfrd:69 | « Rhône » | added by the name |\n|---|---|---|---|")
    for state in ("kept", "drawn"):
        iri, name = medians[f"{state} iri"], medians[f"{state} name"]
        print(f"| {state} | {iri * 1000:.1f} ms | {name * 1000:.1f} ms | {(name - iri) * 1000:+.1f} ms |")


if __name__ == "__main__":
    main()
