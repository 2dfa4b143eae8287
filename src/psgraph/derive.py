"""Derived triples added to the store at build time, by the SPARQL updates in queries/derive/.

The derivations materialise what every query would otherwise recompute: activity periods
(``psg:activeFrom`` / ``psg:activeUntil``), the territory nesting closure (``psg:withinOrSelf``)
and coordination in either direction (``psg:coordinatedWith``). They run in file-name order,
because later ones read what earlier ones wrote. Then the highest level each body reaches
through coordination links (``psg:highestLevelReached``) is computed in Python (psgraph.reach):
a graph search that SPARQL property paths would repeat for every body. Last, the inputs of the
pairwise and load questions are materialised (psgraph.materialise).

The properties they write are marked ``psg:derivedBy`` in the ontology; a QC check keeps them
out of the sources.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from psgraph.errors import InputError
from psgraph.materialise import materialise
from psgraph.reach import derive_highest_levels


def derive(store: ox.Store, update_files: Iterable[Path], timings: dict[str, float] | None = None,
           with_materialised: bool = True) -> int:
    """Run each update on ``store`` in order; return the number of triples they added.

    ``timings``, when given, receives the seconds each step took, by file or module name. The build
    leaves out the materialised nodes (``with_materialised=False``) to compute them beside the
    write to disk."""
    before = len(store)
    timings = {} if timings is None else timings
    for path in sorted(update_files, key=lambda p: p.name):
        started = time.perf_counter()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise InputError(f"{path}: cannot be read ({error.strerror or error}).") from None
        try:
            store.update(text)
        except SyntaxError as error:
            raise InputError(f"{path}: the derivation does not parse ({error}).") from None
        timings[path.name] = time.perf_counter() - started
    started = time.perf_counter()
    derive_highest_levels(store)
    timings["reach.py"] = time.perf_counter() - started
    if with_materialised:
        started = time.perf_counter()
        materialise(store)
        timings["materialise/"] = time.perf_counter() - started
    return len(store) - before
