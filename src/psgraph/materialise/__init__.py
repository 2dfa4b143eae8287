"""Answers that need a pass over every membership or mandate, computed once at build time.

Three canned questions — who sits on many bodies in one place (partnership-load), which bodies
share most of their members (similar-membership), which levels hold the same domain without a
link (vertical-overlap) — compare every membership or mandate with many others. Written in SPARQL
they cost seconds at national scale on every request; computed here over Python sets, once per
build, they become a few thousand derived nodes that the queries read in milliseconds. Each node
holds for a period (``psg:activeFrom`` / ``psg:activeUntil``) in which its values do not change,
so an answer on any date is the one the question computed from scratch would give (the tests
compare both on the fixture world and the real graph). The classes and properties are declared
in the ontology with ``psg:derivedBy``; every store that loads the dumps receives them.
"""

from __future__ import annotations

import pyoxigraph as ox

from psgraph.materialise.facts import read_facts
from psgraph.materialise.levels import level_overlaps
from psgraph.materialise.loads import seat_loads
from psgraph.materialise.pairs import membership_overlaps


def materialise(store: ox.Store) -> int:
    """Add the seat loads, membership overlaps and level overlaps to ``store``; the quads added."""
    facts = read_facts(store)
    before = len(store)
    for derivation in (seat_loads, membership_overlaps, level_overlaps):
        store.extend(list(derivation(facts)))
    return len(store) - before
