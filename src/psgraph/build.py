"""Building the on-disk store from the Turtle sources, atomically.

Each build parses every file and runs the derivations in memory (psgraph.derive), then writes
the result into a fresh store directory under ``.psgraph/builds/``; only when
the whole load has succeeded is the ``.psgraph/store`` link swapped to it (``os.replace`` of a
symbolic link is atomic). A failed build removes its own directory and leaves the previous store
untouched.

One build runs at a time (``.psgraph/build.lock``; a second one waits), and a build directory is
complete once its ``manifest.json`` is written. Older builds are deleted, except the previous
*complete* one and any a running server has pinned; a directory left half-written by a build that
was killed is deleted by the next build, never kept in place of the last good one.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from psgraph import __version__
from psgraph.derive import derive
from psgraph.errors import InputError
from psgraph.forked import forked
from psgraph.intake.nameindex import write as write_names
from psgraph.intake.names import compute as compute_names
from psgraph.literals import check_literals
from psgraph.materialise import materialise_to_file
from psgraph.pins import pinned_builds
from psgraph.project import Project
from psgraph.search.index import INDEX_NAME, write_index
from psgraph.turtle import load_into

MANIFEST = "manifest.json"
LOCK = "build.lock"
KEEP_PREVIOUS_BUILDS = 1
log = logging.getLogger("psgraph.build")


@dataclass(frozen=True)
class BuildResult:
    location: Path
    files: int
    triples: int
    derived: int
    seconds: float
    steps: dict[str, float]  # seconds per step: parse, each derivation, write, index


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(project: Project) -> BuildResult:
    """Parse every graph file into a new store, add the derived triples, make it the current one."""
    files = project.graph_files()
    if not files:
        raise InputError(f"{project.root}: no Turtle files under ontology/ or data/.")
    builds = project.state_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    with _exclusive(project.state_dir / LOCK):
        return _build(project, files, builds)


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold the build lock; the kernel releases it if the process dies, so it never goes stale."""
    with open(path, "a", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("psgraph: warning: another build of this project is running; "
                        "waiting for it to finish.")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(project: Project, files: list[Path], builds: Path) -> BuildResult:
    display = {path: project.relative(path) for path in files}
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = builds / f"{stamp}-{os.getpid()}"
    started = time.perf_counter()
    steps: dict[str, float] = {}
    try:
        # Derivations run on an in-memory copy, an order of magnitude faster than updates on
        # disk; the result is then copied quad by quad, which keeps blank nodes identical (a
        # re-parse would rename them and cut derived facts about mandates and memberships off).
        memory = ox.Store()
        load_into(memory, files, display)
        check_literals([path for path in project.curated_files() if path in display], display)
        stated = len(memory)
        steps["parse"] = time.perf_counter() - started
        derived = derive(memory, project.derive_files(), steps, with_materialised=False)
        # The materialised nodes and the search index are computed in a forked child while this
        # process writes the store (two cores, each process holding its own interpreter's lock);
        # the nodes are IRIs, so the child's N-Triples load into the store as they are. The file is
        # written inside the build's directory, so that a killed build leaves nothing outside it.
        target.mkdir()
        materialised = target / "materialised.nt"
        with forked(partial(_beside_the_store, memory, materialised, target)) as pending:
            mark = time.perf_counter()
            store = ox.Store(str(target))
            store.bulk_extend(memory)
            steps["write to disk"] = time.perf_counter() - mark
            mark = time.perf_counter()
            count, indexed, child_steps = pending.result()
            steps["wait for the forked steps"] = time.perf_counter() - mark
        steps.update(child_steps)
        mark = time.perf_counter()
        store.bulk_load(path=str(materialised), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store
        materialised.unlink()
        steps["load the materialised nodes"] = time.perf_counter() - mark
        derived += count
        triples = len(memory) + count
        manifest = {
            "psgraph_version": __version__,
            "built_at": stamp,
            "triples": triples,
            "stated_triples": stated,
            "derived_triples": derived,
            "search_index_resources": indexed,
            "files": {display[path]: _sha256(path) for path in files},
        }
        del memory
        (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        _swap_link(project.store_link, target)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    _prune(builds, keep={target.name, *_recent(builds, target), *pinned_builds(project)})
    return BuildResult(target, len(files), triples, derived, time.perf_counter() - started, steps)


def _beside_the_store(memory: ox.Store, materialised: Path,
                      target: Path) -> tuple[int, int, dict[str, float]]:
    """The forked steps: the materialised nodes written to ``materialised``, the search index and
    the names that curators' workbooks and researchers' parameters are reconciled with."""
    count, steps = materialise_to_file(memory, materialised)
    mark = time.perf_counter()
    indexed = write_index(memory, target)
    steps["search index"] = time.perf_counter() - mark
    mark = time.perf_counter()
    write_names(compute_names(memory), target / INDEX_NAME)
    steps["reconciliation names"] = time.perf_counter() - mark
    return count, indexed, steps


def _swap_link(link: Path, target: Path) -> None:
    temporary = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(os.path.relpath(target, link.parent))
    os.replace(temporary, link)


def _recent(builds: Path, current: Path) -> list[str]:
    """The newest complete builds before ``current`` (a killed build has no manifest)."""
    others = sorted((p.name for p in builds.iterdir()
                     if p.is_dir() and p != current and (p / MANIFEST).is_file()), reverse=True)
    return others[:KEEP_PREVIOUS_BUILDS]


def _prune(builds: Path, keep: set[str]) -> None:
    for entry in builds.iterdir():
        if entry.is_dir() and entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)


def read_manifest(location: Path) -> dict[str, object]:
    path = location / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
