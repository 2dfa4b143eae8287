"""National-scale benchmark: the real backbone plus the synthetic layer of `psgraph synth`, in one run.

    .venv/bin/python benchmarks/national.py [--repeat 3] [--rdflib-timeout 60] [--skip-rdflib]

Works on a throw-away copy of the project (a git repository, so that `validate --changed` has a
revision to compare with) and measures, on the same machine in the same run:

* the raw pyoxigraph bulk load of the graph files into an on-disk store, and `psgraph build`,
  with the median seconds of each of its steps;
* every canned query embedded (pyoxigraph) and with rdflib's own SPARQL engine on the same
  triples (the built store, derived triples included, copied into an rdflib graph; parameters
  written into the text as for a remote endpoint; one run each, cut at
  --rdflib-timeout seconds: the ratio is then a lower bound), with
  a check that both engines return the same number of rows, and a check that the queries that read
  materialised inputs give the rows of the questions written from scratch
  (tests/fixtures/reference-queries/);
* full validation (SHACL, QC, OWL) and `validate --changed` on six seeded new bodies, with a
  check that both give the same findings on them.

Prints Markdown tables (medians of --repeat runs where stated) for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import rdflib

from psgraph.build import build
from psgraph.catalogue import load_catalogue, load_query
from psgraph.project import Project
from psgraph.querying import run_embedded
from psgraph.sparqltext import bind_text
from psgraph.store import open_store
from psgraph.synth import synthesise
from psgraph.validation.runner import validate, validate_changed
from psgraph.validation.shacl import rdflib_copy

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.answerkit import concatenated_columns, differences, on_columns_of  # noqa: E402
from tests.test_validate_changed import SEEDED  # noqa: E402  (the same seeded bodies as the test)

REFERENCE_QUERIES = REPO / "tests" / "fixtures" / "reference-queries"


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def copy_project(root: Path) -> Project:
    for name in ("ontology", "shapes", "queries", "data"):
        shutil.copytree(REPO / name, root / name)
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-qm", "base"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    return Project(root)


def raw_load(files: list[Path], scratch: Path) -> None:
    shutil.rmtree(scratch, ignore_errors=True)
    store = ox.Store(str(scratch))
    for path in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    store.flush()


class Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise Timeout


def rdflib_run(graph: rdflib.Graph, text: str, bindings: dict, limit: int
               ) -> tuple[float | None, int | str]:
    """Seconds and row count with rdflib's engine; (None, -1) past the limit, (None, error) on failure."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(limit)
    started = time.perf_counter()
    try:
        rows = len(list(graph.query(bind_text(text, bindings))))
        return time.perf_counter() - started, rows
    except Timeout:
        return None, -1
    except Exception as error:  # rdflib's engine fails on some valid queries; report, go on
        return None, f"{type(error).__name__}: {error}"
    finally:
        signal.alarm(0)


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=int, default=60)
    parser.add_argument("--skip-rdflib", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="psgraph-national-"))
    try:
        real = copy_project(work / "project")
        build(real)
        synthetic = work / "synthetic"
        layer = synthesise(open_store(real), synthetic)
        project = real.including([str(synthetic)])
        files = project.graph_files()

        raw = median_seconds(lambda: raw_load(files, work / "raw"), args.repeat)
        results = []
        built = median_seconds(lambda: results.append(build(project)), args.repeat)
        store = open_store(project)
        print(f"Graph: {len(store):,} triples ({layer.triples:,} synthetic; {layer.bodies:,} "
              f"synthetic bodies, {layer.memberships:,} memberships)\n")
        print("| step | median | ratio |\n| --- | ---: | ---: |")
        print(f"| raw pyoxigraph bulk load ({len(files)} files) | {raw:.2f} s | 1.00 |")
        print(f"| `psgraph build` | {built:.2f} s | {built / raw:.2f}× |\n")
        print("| build step | median |\n| --- | ---: |")
        for step in results[0].steps:
            print(f"| {step} | {statistics.median(r.steps[step] for r in results):.2f} s |")
        print()

        catalogue = load_catalogue(project)
        graph = None
        if not args.skip_rdflib:
            started = time.perf_counter()
            graph = rdflib_copy(store)  # the built triples, derived ones included
            print(f"rdflib graph of the built store's {len(graph):,} triples: "
                  f"{time.perf_counter() - started:.1f} s\n")
        print("| query | pyoxigraph median | rows | rdflib | ratio |\n| --- | ---: | ---: | ---: | ---: |")
        total_ox = total_rdflib = 0.0
        lower_bound = False
        for name, query in catalogue.items():
            bindings = query.bind({})
            rows = len(run_embedded(store, query, bindings).rows)
            seconds = median_seconds(lambda q=query, b=bindings: run_embedded(store, q, b),
                                     max(args.repeat, 5))
            total_ox += seconds
            if graph is None:
                print(f"| {name} | {seconds * 1000:.0f} ms | {rows} | – | – |")
                continue
            slow, slow_rows = rdflib_run(graph, query.text, bindings, args.rdflib_timeout)
            if isinstance(slow_rows, str):
                print(f"| {name} | {seconds * 1000:.0f} ms | {rows} | fails ({slow_rows}) | – |")
                continue
            if slow is None:
                lower_bound = True
                total_rdflib += args.rdflib_timeout
                print(f"| {name} | {seconds * 1000:.0f} ms | {rows} | > {args.rdflib_timeout} s | "
                      f"> {args.rdflib_timeout / seconds:.0f}× |")
            else:
                total_rdflib += slow
                same = "" if slow_rows == rows else f" (rdflib: {slow_rows} rows)"
                print(f"| {name} | {seconds * 1000:.0f} ms | {rows}{same} | {slow:.2f} s | "
                      f"{slow / seconds:.0f}× |")
        for path in sorted(REFERENCE_QUERIES.glob("*.rq")):
            query, reference = catalogue[path.stem], load_query(path)
            started = time.perf_counter()
            before = run_embedded(store, reference, reference.bind({}))
            seconds = time.perf_counter() - started
            after = on_columns_of(run_embedded(store, query, query.bind({})), before)
            differ = differences(after, before, concatenated_columns(query.text))
            same = f"no: {differ}" if differ else "yes"
            print(f"| {path.stem}, written from scratch (reference) | {seconds * 1000:.0f} ms | "
                  f"{len(before.rows)} | same rows as the canned query: {same} | |")
        if graph is not None:
            bound = "≥ " if lower_bound else ""
            print(f"| whole catalogue | {total_ox:.2f} s | | {bound}{total_rdflib:.0f} s | "
                  f"{bound}{total_rdflib / total_ox:.0f}× |\n")
            del graph

        started = time.perf_counter()
        full = validate(project)
        full_seconds = time.perf_counter() - started
        (project.root / "data" / "fr" / "seeded-councils.ttl").write_text(SEEDED, encoding="utf-8")
        build(project)
        changed = validate_changed(project, "HEAD")
        incremental = median_seconds(lambda: validate_changed(project, "HEAD"), args.repeat)
        reference = validate(project, ["shacl", "qc"])
        scope = set(changed.scope)

        def keys(findings: list) -> list[tuple[str, ...]]:
            return sorted((f.check, f.owner, f.focus, f.rule, f.message)
                          for f in findings if f.owner in scope)

        agree = keys(changed.findings) == keys(reference.findings)
        print("| validation | time |\n| --- | ---: |")
        print(f"| full (`psgraph validate`: SHACL, QC, OWL), one run | {full_seconds:.1f} s "
              f"({len(full.findings)} findings) |")
        print(f"| `validate --changed HEAD`, {len(scope)} new bodies, median | {incremental:.2f} s "
              f"(agrees with full validation: {'yes' if agree else 'NO'}) |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
