"""What the materialisations read from the store: memberships, mandates, bodies and territories.

Read once, with one pattern scan per property (on the in-memory store of the build, a fraction of
a second for a national graph), into plain dictionaries that the pairwise computations index.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from psgraph.materialise.timeline import Date
from psgraph.prefixes import PREFIXES

PSG = PREFIXES["psg"]
ORG = PREFIXES["org"]
Node = ox.NamedNode | ox.BlankNode


@dataclass(frozen=True)
class Dated:
    """Something that holds for a while: a membership's member, a mandate's domain."""

    body: Node
    value: ox.Term
    start: Date
    end: Date


@dataclass
class Facts:
    memberships: list[Dated] = field(default_factory=list)  # value: the member
    domains: list[Dated] = field(default_factory=list)  # a mandate's domain, dated as the mandate
    territories: dict[Node, list[ox.Term]] = field(default_factory=dict)
    within: dict[ox.Term, set[ox.Term]] = field(default_factory=dict)  # psg:withinOrSelf
    levels: dict[Node, ox.Term] = field(default_factory=dict)
    ranks: dict[ox.Term, int] = field(default_factory=dict)
    jurisdictions: dict[Node, ox.Term] = field(default_factory=dict)


def _objects(store: ox.Store, predicate: str) -> dict[ox.Term, list[ox.Term]]:
    found: dict[ox.Term, list[ox.Term]] = defaultdict(list)
    for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
        found[quad.subject].append(quad.object)
    return found


def _dates(store: ox.Store, predicate: str) -> dict[ox.Term, str]:
    return {quad.subject: quad.object.value
            for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, None)
            if isinstance(quad.object, ox.Literal)}


def read_facts(store: ox.Store) -> Facts:
    starts, ends = _dates(store, PSG + "activeFrom"), _dates(store, PSG + "activeUntil")
    facts = Facts()
    members = _objects(store, ORG + "member")
    for membership, bodies in _objects(store, ORG + "organization").items():
        for body in bodies:
            for member in members.get(membership, ()):
                facts.memberships.append(Dated(body, member, starts.get(membership), ends.get(membership)))  # type: ignore[arg-type]
    domains = _objects(store, PSG + "domain")
    for body, mandates in _objects(store, PSG + "hasMandate").items():
        for mandate in mandates:
            for domain in domains.get(mandate, ()):
                facts.domains.append(Dated(body, domain, starts.get(mandate), ends.get(mandate)))  # type: ignore[arg-type]
    facts.territories = dict(_objects(store, PSG + "territory"))  # type: ignore[arg-type]
    closure = _objects(store, PSG + "withinOrSelf")
    facts.within = {territory: set(wider) for territory, wider in closure.items()}
    facts.levels = {node: found[0] for node, found in _objects(store, PSG + "level").items()}  # type: ignore[misc]
    facts.ranks = {node: int(found[0].value) for node, found in _objects(store, PSG + "levelRank").items()
                   if isinstance(found[0], ox.Literal)}
    facts.jurisdictions = {node: found[0] for node, found in _objects(store, PSG + "jurisdiction").items()}  # type: ignore[misc]
    return facts
