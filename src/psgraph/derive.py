"""Derived triples added to the store at build time, by the SPARQL updates in queries/derive/.

The derivations materialise what every query would otherwise recompute: activity periods
(``psg:activeFrom`` / ``psg:activeUntil``), the territory nesting closure (``psg:withinOrSelf``)
and coordination in either direction (``psg:coordinatedWith``). They run in file-name order,
because later ones read what earlier ones wrote. Then the highest level each body reaches
through coordination links (``psg:highestLevelReached``) is computed in Python (psgraph.reach):
a graph search that SPARQL property paths would repeat for every body.

The properties they write are marked ``psg:derivedBy`` in the ontology; a QC check keeps them
out of the sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from psgraph.errors import InputError
from psgraph.reach import derive_highest_levels


def derive(store: ox.Store, update_files: Iterable[Path]) -> int:
    """Run each update on ``store`` in order; return the number of triples they added."""
    before = len(store)
    for path in sorted(update_files, key=lambda p: p.name):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise InputError(f"{path}: cannot be read ({error.strerror or error}).") from None
        try:
            store.update(text)
        except SyntaxError as error:
            raise InputError(f"{path}: the derivation does not parse ({error}).") from None
    derive_highest_levels(store)
    return len(store) - before
