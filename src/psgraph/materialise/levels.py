"""Level overlaps: bodies at nested levels that hold the same domain at the same time.

The inputs of the canned query vertical-overlap, computed once: a lower body (with a country,
a level and a territory) and a higher one (a level with a smaller rank, on a territory that is
the lower one's or contains it) that both hold an active mandate in the same domain. One
``psg:LevelOverlap`` node per maximal period in which the set of shared domains stays the same.
Whether a coordination link joins the two (the point of the query) stays in the query: the links
are few and undated, and the question reads better where it is asked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pyoxigraph as ox

from psgraph.materialise.facts import Dated, Facts, Node
from psgraph.materialise.output import genid, node_quads, psg
from psgraph.materialise.timeline import intersection, periods

LEVEL_OVERLAP, LOWER, HIGHER, DOMAIN = (psg(name) for name in (
    "LevelOverlap", "lowerBody", "higherBody", "sharedDomain"))


def level_overlaps(facts: Facts) -> Iterator[ox.Quad]:
    ranked = {body: facts.ranks[level] for body, level in facts.levels.items() if level in facts.ranks}
    held: dict[Node, list[Dated]] = defaultdict(list)
    for dated in facts.domains:
        if dated.body in ranked and dated.body in facts.territories:
            held[dated.body].append(dated)
    at: dict[ox.Term, set[Node]] = defaultdict(set)
    for body in held:
        for territory in facts.territories[body]:
            at[territory].add(body)
    for lower, mandates in held.items():
        if lower not in facts.jurisdictions:
            continue
        higher_bodies = {higher for territory in facts.territories[lower]
                         for wider in facts.within.get(territory, ()) for higher in at.get(wider, ())
                         if ranked[higher] < ranked[lower]}
        for higher in higher_bodies:
            shared = []
            for mine in mandates:
                for theirs in held[higher]:
                    if mine.value == theirs.value and (
                            both := intersection((mine.start, mine.end), (theirs.start, theirs.end))):
                        shared.append((mine.value, *both))
            if shared:
                for start, end, domains in periods(shared):
                    node = genid("level-overlap", lower, higher, start)
                    values = [(LOWER, lower), (HIGHER, higher),
                              *((DOMAIN, domain) for domain in sorted(domains, key=str))]
                    yield from node_quads(node, LEVEL_OVERLAP, start, end, values)
