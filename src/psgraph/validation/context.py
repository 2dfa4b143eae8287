"""The part of the graph that the shapes need to judge a few resources, cut out of the store.

For each resource (a body, a membership, a territory …) the unit is its description (its triples,
through its blank nodes: mandates, citations) plus the memberships that point at it
(``org:organization``). The context adds the description of every resource the unit refers to,
and of every resource those refer to (two hops: a body's territory and that territory's level,
with its rank; a citation's source and its class), the ontology, and the triples that point at
the unit's resources. That is exactly what the shapes in shapes/ read: their SPARQL constraints
follow at most two links out of the focus node and one link in (a membership's organisation).
Derived triples (properties marked ``psg:derivedBy``) are left out: validation judges the sources.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

import pyoxigraph as ox

ORG_ORGANIZATION = ox.NamedNode("http://www.w3.org/ns/org#organization")
DERIVED_BY = ox.NamedNode("https://w3id.org/psgraph/ontology#derivedBy")
HOPS = 2

Resource = ox.NamedNode | ox.BlankNode


class ContextCutter:
    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.derived = {q.subject for q in store.quads_for_pattern(None, DERIVED_BY, None)}

    def description(self, node: Resource) -> list[ox.Quad]:
        """The node's triples, following its blank nodes (a concise bounded description)."""
        quads: list[ox.Quad] = []
        seen = {node}
        queue: deque[Resource] = deque([node])
        while queue:
            current = queue.popleft()
            for quad in self.store.quads_for_pattern(current, None, None, ox.DefaultGraph()):
                if quad.predicate in self.derived:
                    continue
                quads.append(quad)
                if isinstance(quad.object, ox.BlankNode) and quad.object not in seen:
                    seen.add(quad.object)
                    queue.append(quad.object)
        return quads

    def unit_members(self, resource: ox.NamedNode) -> list[Resource]:
        """The resource and the memberships (named or blank) that name it as their organisation."""
        members: list[Resource] = [resource]
        members.extend(q.subject for q in self.store.quads_for_pattern(None, ORG_ORGANIZATION, resource)
                       if isinstance(q.subject, ox.NamedNode | ox.BlankNode))
        return members

    def cut(self, resources: Iterable[ox.NamedNode], schema: Iterable[ox.Quad],
            incoming: bool = True) -> ox.Store:
        """An in-memory store holding the units of ``resources`` and the context the shapes need
        (``incoming``: with the triples that point at them — not wanted when ``resources`` are only
        what new data refers to, such as the country every body names)."""
        context = ox.Store()
        quads: list[ox.Quad] = list(schema)
        described: set[Resource] = set()
        frontier: list[Resource] = []
        for resource in resources:
            frontier.extend(self.unit_members(resource))
            if incoming:
                quads.extend(q for q in self.store.quads_for_pattern(None, None, resource, ox.DefaultGraph())
                             if q.predicate not in self.derived)
        for _hop in range(HOPS + 1):
            referenced: list[Resource] = []
            for node in frontier:
                if node in described:
                    continue
                described.add(node)
                for quad in self.description(node):
                    quads.append(quad)
                    if isinstance(quad.object, ox.NamedNode) and quad.object not in described:
                        referenced.append(quad.object)
            frontier = referenced
        context.extend(quads)
        return context
