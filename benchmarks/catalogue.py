"""Median time of every canned query on the built store (run `psgraph build` first).

    .venv/bin/python benchmarks/catalogue.py [--repeat N]

Prints one line per query: median and slowest of N runs, and the number of rows.
"""

from __future__ import annotations

import argparse
import statistics
import time

from psgraph.catalogue import load_catalogue
from psgraph.project import Project
from psgraph.querying import run_embedded
from psgraph.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    project = Project.locate()
    store = open_store(project)
    print(f"{'query':32} {'median ms':>10} {'max ms':>8} {'rows':>5}")
    for name, query in load_catalogue(project).items():
        bindings = query.bind({})
        times, count = [], 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            count = len(run_embedded(store, query, bindings).rows)
            times.append((time.perf_counter() - started) * 1000)
        print(f"{name:32} {statistics.median(times):10.1f} {max(times):8.1f} {count:5d}")


if __name__ == "__main__":
    main()
