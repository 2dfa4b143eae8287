"""Similar memberships: pairs of bodies with a shared domain, on nested territories, that share members.

The inputs of the canned query similar-membership, computed once: two bodies whose territories
are the same or nested (``psg:withinOrSelf`` either way), that both hold an active mandate in the
same domain, and that share at least one active member. One ``psg:MembershipOverlap`` node per
maximal period in which the two member counts and the shared count stay the same, carrying the
three counts; the query computes the Jaccard similarity from them.

Only periods whose similarity reaches ``SIMILARITY_FLOOR`` are stored: in a national graph
the pairs of councils of one département share the prefect, the prosecutor and the police, and
storing every weak overlap would take about 150,000 periods (a million triples) for pairs no
reader of a "largely the same members" question asks about. The query's min_similarity starts at
the same floor, so every answer it gives is exact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from fractions import Fraction

import pyoxigraph as ox

from psgraph.materialise.facts import Facts, Node
from psgraph.materialise.output import genid, integer, node_quads, psg
from psgraph.materialise.timeline import Steps, active_sets, combine

SIMILARITY_FLOOR = Fraction(3, 10)
OVERLAP, FIRST, SECOND, FIRST_COUNT, SECOND_COUNT, SHARED_COUNT = (psg(name) for name in (
    "MembershipOverlap", "overlapFirst", "overlapSecond", "firstMemberCount", "secondMemberCount",
    "sharedMemberCount"))


def candidate_pairs(facts: Facts, bodies: set[Node]) -> set[tuple[Node, Node]]:
    """Pairs (a, b), a's IRI before b's, of ``bodies`` on the same or nested territories."""
    at: dict[ox.Term, set[Node]] = defaultdict(set)
    for body in bodies:
        for territory in facts.territories.get(body, ()):
            at[territory].add(body)
    pairs: set[tuple[Node, Node]] = set()
    for inner in bodies:
        for territory in facts.territories.get(inner, ()):
            for wider in facts.within.get(territory, ()):
                for outer in at.get(wider, ()):
                    if outer != inner:
                        pairs.add((inner, outer) if str(inner) < str(outer) else (outer, inner))
    return pairs


def membership_overlaps(facts: Facts) -> Iterator[ox.Quad]:
    domains: dict[Node, list[tuple[ox.Term, str | None, str | None]]] = defaultdict(list)
    for dated in facts.domains:
        domains[dated.body].append((dated.value, dated.start, dated.end))
    members: dict[Node, list[tuple[ox.Term, str | None, str | None]]] = defaultdict(list)
    for dated in facts.memberships:
        members[dated.body].append((dated.value, dated.start, dated.end))
    ever = {body: {member for member, _, _ in found} for body, found in members.items()}
    domain_steps = {body: active_sets(found) for body, found in domains.items()}
    member_steps: dict[Node, Steps[frozenset[ox.Term]]] = {}
    for first, second in candidate_pairs(facts, set(domains) & set(members)):
        if ever[first].isdisjoint(ever[second]):
            continue
        for body in (first, second):
            if body not in member_steps:
                member_steps[body] = active_sets(members[body])
        steps = [domain_steps[first], domain_steps[second], member_steps[first], member_steps[second]]
        for start, end, counts in combine(steps, _similar_counts):
            yield from _overlap(first, second, start, end, counts)


def _similar_counts(first_domains: frozenset[ox.Term], second_domains: frozenset[ox.Term],
                    first: frozenset[ox.Term], second: frozenset[ox.Term]) -> tuple[int, int, int] | None:
    if first_domains.isdisjoint(second_domains):
        return None
    shared = len(first & second)
    union = len(first) + len(second) - shared
    if not shared or shared * SIMILARITY_FLOOR.denominator < SIMILARITY_FLOOR.numerator * union:
        return None
    return len(first), len(second), shared


def _overlap(first: Node, second: Node, start: str | None, end: str | None,
             counts: tuple[int, int, int]) -> Iterator[ox.Quad]:
    node = genid("membership-overlap", first, second, start)
    values = [(FIRST, first), (SECOND, second), (FIRST_COUNT, integer(counts[0])),
              (SECOND_COUNT, integer(counts[1])), (SHARED_COUNT, integer(counts[2]))]
    yield from node_quads(node, OVERLAP, start, end, values)
