"""Every canned query on the embedded engine and on Debian's Virtuoso 7.2, in one run.

    .venv/bin/python benchmarks/stores.py [--repeat N] [--as-of YYYY-MM-DD]

Builds the store, starts Virtuoso on loopback loaded with the export (tests/serverkit.py), and prints
a Markdown table: per query, the median of N runs on each store (Virtuoso's includes the HTTP
exchange, as a team querying its own store would pay it), the rows, and whether the answers agree
(tests/answerkit.py). Needs `make virtuoso`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.answerkit import concatenated_columns, differences
from tests.serverkit import running_virtuoso, virtuoso_missing

from psgraph.build import build
from psgraph.catalogue import load_catalogue
from psgraph.project import Project
from psgraph.querying import run_embedded, run_remote
from psgraph.store import open_store


def _median_ms(run, repeat: int) -> tuple[float, object]:
    times, answer = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        answer = run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--as-of", default="2026-11-30")
    args = parser.parse_args()
    if virtuoso_missing():
        sys.exit(f"stores.py: {virtuoso_missing()}")
    project = Project.locate()
    build(project)
    store = open_store(project)
    with tempfile.TemporaryDirectory() as work, running_virtuoso(project, Path(work)) as endpoint:
        print(f"{len(store):,} triples, as_of {args.as_of}, median of {args.repeat} runs\n")
        print("| query | embedded ms | Virtuoso ms | rows | same rows |")
        print("| --- | ---: | ---: | ---: | --- |")
        for name, query in load_catalogue(project).items():
            bindings = query.bind({"as_of": args.as_of} if query.param("as_of") else {})
            local_ms, local = _median_ms(lambda q=query, b=bindings: run_embedded(store, q, b), args.repeat)
            try:
                remote_ms, remote = _median_ms(
                    lambda q=query, b=bindings: run_remote(endpoint, q, b, 600), args.repeat)
            except Exception as error:  # a store's refusal is a result of the benchmark
                print(f"| {name} | {local_ms:.1f} | fails: {str(error)[:80]} | {len(local.rows)} | no |")
                continue
            same = "yes" if not differences(local, remote, concatenated_columns(query.text)) else "no"
            print(f"| {name} | {local_ms:.1f} | {remote_ms:.1f} | {len(local.rows)} | {same} |")


if __name__ == "__main__":
    main()
