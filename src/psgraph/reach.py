"""The highest level of governance each body reaches through chains of coordination links.

A body is coupled to the levels above it when a chain of ``psg:coordinatedWith`` links leads
from it to a body or body type at a higher level; each step may leave from the node itself or
from its type (a link the law states between two body types holds for their bodies). In SPARQL
this is the path ``(rdf:type?/psg:coordinatedWith)+`` per body, which walks the same network
again for every body: minutes in a national graph where thousands of councils share it. Here it
is one breadth-first search per level over the reversed network, so that the build writes, for
each body, ``psg:highestLevelReached`` — the level with the smallest rank reached in one step or
more (absent when none is).
"""

from __future__ import annotations

from collections import defaultdict, deque

import pyoxigraph as ox

from psgraph.prefixes import PREFIXES

PSG = PREFIXES["psg"]
COORDINATED_WITH = ox.NamedNode(PSG + "coordinatedWith")
HIGHEST_LEVEL_REACHED = ox.NamedNode(PSG + "highestLevelReached")
LEVEL = ox.NamedNode(PSG + "level")
TYPE_LEVEL = ox.NamedNode(PSG + "typeLevel")
LEVEL_RANK = ox.NamedNode(PSG + "levelRank")
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")

Node = ox.NamedNode | ox.BlankNode


def _objects(store: ox.Store, predicate: ox.NamedNode) -> dict[Node, list[ox.Term]]:
    found: dict[Node, list[ox.Term]] = defaultdict(list)
    for quad in store.quads_for_pattern(None, predicate, None, None):
        found[quad.subject].append(quad.object)  # type: ignore[index]
    return found


def _steps(store: ox.Store) -> dict[Node, set[Node]]:
    """Each node's one-step successors: its own coordination partners and its types' partners."""
    partners = _objects(store, COORDINATED_WITH)
    steps: dict[Node, set[Node]] = defaultdict(set)
    for node, targets in partners.items():
        steps[node].update(t for t in targets if isinstance(t, ox.NamedNode | ox.BlankNode))
    for kind, targets in list(partners.items()):
        for quad in store.quads_for_pattern(None, RDF_TYPE, kind, None):
            steps[quad.subject].update(  # type: ignore[index]
                t for t in targets if isinstance(t, ox.NamedNode | ox.BlankNode))
    return steps


def highest_levels_reached(store: ox.Store) -> dict[Node, ox.NamedNode]:
    """For every node with a level, the highest level (smallest rank) it reaches in ≥ 1 step."""
    ranks = {quad.subject: int(quad.object.value)
             for quad in store.quads_for_pattern(None, LEVEL_RANK, None, None)
             if isinstance(quad.object, ox.Literal)}
    levels: dict[Node, list[ox.NamedNode]] = defaultdict(list)
    for predicate in (LEVEL, TYPE_LEVEL):
        for node, objects in _objects(store, predicate).items():
            levels[node].extend(o for o in objects if isinstance(o, ox.NamedNode) and o in ranks)
    predecessors: dict[Node, set[Node]] = defaultdict(set)
    for node, targets in _steps(store).items():
        for target in targets:
            predecessors[target].add(node)
    reached: dict[Node, ox.NamedNode] = {}
    for level in sorted({lv for found in levels.values() for lv in found}, key=lambda lv: ranks[lv]):
        seen: set[Node] = set()
        queue = deque(node for node, found in levels.items() if level in found)
        while queue:
            for predecessor in predecessors.get(queue.popleft(), ()):
                if predecessor not in seen:
                    seen.add(predecessor)
                    queue.append(predecessor)
        for node in seen:
            if node in levels:
                reached.setdefault(node, level)
    return reached


def derive_highest_levels(store: ox.Store) -> int:
    """Add ``psg:highestLevelReached`` for every body and body type that reaches a level."""
    reached = highest_levels_reached(store)
    store.extend(ox.Quad(node, HIGHEST_LEVEL_REACHED, level) for node, level in reached.items())
    return len(reached)
