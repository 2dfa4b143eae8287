"""Seat loads: per member and seat, the bodies it sits on there and when.

The inputs of the canned query partnership-load, computed once. A *seat* of a member (an office
or an organisation) is a territory where the member itself sits on a body; its *load* there is the
set of bodies on the seat or inside it (``psg:withinOrSelf``) on which the member has a
membership. For every member and seat with at least ``LOAD_FLOOR`` such bodies over time (one
body is no load: the query's min_bodies starts there), one ``psg:LoadEntry`` per body and
maximal period in which the member sits on it, marked ``psg:loadAtSeat`` when the body's
territory is the seat itself. The query counts the entries active on its date: the membership
periods are kept apart per body rather than multiplied into one list of bodies per period, which
in a national graph would repeat the prefect's thirty councils at each of thirty joining dates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pyoxigraph as ox

from psgraph.materialise.facts import Dated, Facts, Node
from psgraph.materialise.output import genid, node_quads, psg
from psgraph.materialise.timeline import periods

LOAD_FLOOR = 2
ENTRY, MEMBER, SEAT, BODY, AT_SEAT = (psg(name) for name in (
    "LoadEntry", "loadMember", "loadSeat", "loadBody", "loadAtSeat"))
TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))


def seat_loads(facts: Facts) -> Iterator[ox.Quad]:
    by_member: dict[ox.Term, list[Dated]] = defaultdict(list)
    for membership in facts.memberships:
        by_member[membership.value].append(membership)
    for member, memberships in by_member.items():
        seats = {seat for dated in memberships for seat in facts.territories.get(dated.body, ())}
        inside: dict[ox.Term, dict[Node, list[Dated]]] = defaultdict(lambda: defaultdict(list))
        for dated in memberships:
            for wider in {w for t in facts.territories.get(dated.body, ()) for w in facts.within.get(t, ())}:
                if wider in seats:
                    inside[wider][dated.body].append(dated)
        for seat, bodies in inside.items():
            if len(bodies) < LOAD_FLOOR:
                continue
            for body, tenures in bodies.items():
                at_seat = seat in facts.territories.get(body, ())
                for start, end, _ in periods((body, d.start, d.end) for d in tenures):
                    node = genid("load-entry", member, seat, body, start)
                    values = [(MEMBER, member), (SEAT, seat), (BODY, body)]
                    if at_seat:
                        values.append((AT_SEAT, TRUE))
                    yield from node_quads(node, ENTRY, start, end, values)
