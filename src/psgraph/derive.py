"""Derived triples added to the store at build time, by the SPARQL updates in queries/derive/.

The derivations materialise what every query would otherwise recompute: activity periods
(``psg:activeFrom`` / ``psg:activeUntil``), the territory nesting closure (``psg:withinOrSelf``)
and coordination in either direction (``psg:coordinatedWith``). They run in file-name order,
because later ones read what earlier ones wrote.

They run on an in-memory copy of the sources, where updates are an order of magnitude faster
than on the on-disk store; what they produced — the triples of every property the ontology marks
``psg:derivedBy`` — is then bulk-loaded into the on-disk store beside the sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from psgraph.errors import InputError
from psgraph.turtle import load_into

DERIVED_TRIPLES = """
PREFIX psg: <https://w3id.org/psgraph/ontology#>
CONSTRUCT { ?subject ?property ?value }
WHERE { ?property psg:derivedBy ?derivation . ?subject ?property ?value }
"""


@dataclass(frozen=True)
class Derivation:
    ntriples: bytes
    count: int


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
    return len(store) - before


def derived_triples(files: Iterable[Path], display: dict[Path, str],
                    update_files: Iterable[Path]) -> Derivation:
    """Load the sources in memory, run the derivations there, return what they derived as N-Triples."""
    memory = ox.Store()
    load_into(memory, files, display)
    count = derive(memory, update_files)
    payload = memory.query(DERIVED_TRIPLES).serialize(format=ox.RdfFormat.N_TRIPLES)
    return Derivation(payload or b"", count)
