"""Answers that need a pass over every membership or mandate, computed once at build time.

Three canned questions — who sits on many bodies in one place (partnership-load), which bodies
share most of their members (similar-membership), which levels hold the same domain without a
link (vertical-overlap) — compare every membership or mandate with many others. Written in SPARQL
they cost seconds at national scale on every request; computed here over Python sets, once per
build, they become derived nodes (62,000 at national scale, about 3,000 on the real graph) that the
queries read in a fraction of that time. Each node holds for a period (``psg:periodStart`` /
``psg:periodEnd``, the rule of ``psg:activeFrom`` / ``psg:activeUntil``) in which its values do not change,
so an answer on any date is the one the question computed from scratch would give (the tests
compare both on the fixture world and the real graph). The classes and properties are declared
in the ontology with ``psg:derivedBy``; every store that loads the dumps receives them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from psgraph.materialise.facts import read_facts
from psgraph.materialise.levels import level_overlaps
from psgraph.materialise.loads import seat_loads
from psgraph.materialise.pairs import membership_overlaps


def materialised_quads(store: ox.Store, timings: dict[str, float] | None = None) -> Iterator[ox.Quad]:
    """The seat loads, membership overlaps and level overlaps of ``store``."""
    timings = {} if timings is None else timings
    started = time.perf_counter()
    facts = read_facts(store)
    timings["materialise: read"] = time.perf_counter() - started
    for derivation in (seat_loads, membership_overlaps, level_overlaps):
        started = time.perf_counter()
        yield from derivation(facts)
        timings[f"materialise: {derivation.__name__}"] = time.perf_counter() - started


def materialise(store: ox.Store) -> int:
    """Add the materialised nodes to ``store``; the quads added."""
    before = len(store)
    store.extend(list(materialised_quads(store)))
    return len(store) - before


def materialise_to_file(store: ox.Store, path: Path) -> tuple[int, dict[str, float]]:
    """Write the materialised nodes of ``store`` to ``path`` as N-Triples (they hold no blank node,
    so they can be loaded into any store built from the same sources); their number and timings."""
    timings: dict[str, float] = {}
    quads = list(materialised_quads(store, timings))
    started = time.perf_counter()
    ox.serialize((quad.triple for quad in quads), str(path), ox.RdfFormat.N_TRIPLES)
    timings["materialise: write"] = time.perf_counter() - started
    return len(quads), timings
