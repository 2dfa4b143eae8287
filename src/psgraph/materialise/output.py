"""How a materialised fact is written: a node with a stable IRI, its values and its period."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from psgraph.materialise.timeline import Date
from psgraph.prefixes import PREFIXES

PSG = PREFIXES["psg"]
XSD = PREFIXES["xsd"]
# Skolem IRIs (RDF 1.1 §3.5): the same node from build to build for the same content, and an IRI,
# so that every store receives it as it is (a blank node would be renamed at each load).
GENID = "https://w3id.org/psgraph/.well-known/genid/"
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
PERIOD_START = ox.NamedNode(PSG + "periodStart")
PERIOD_END = ox.NamedNode(PSG + "periodEnd")


def psg(name: str) -> ox.NamedNode:
    return ox.NamedNode(PSG + name)


def genid(kind: str, *parts: ox.Term | Date) -> ox.NamedNode:
    key = "\x1f".join("" if part is None else str(part) for part in parts)
    return ox.NamedNode(f"{GENID}{kind}/{hashlib.sha256(key.encode()).hexdigest()[:24]}")


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def period(node: ox.NamedNode, start: Date, end: Date) -> Iterator[ox.Quad]:
    """The period's dates, as psg:periodStart / psg:periodEnd (absent when unbounded)."""
    date = ox.NamedNode(XSD + "date")
    if start is not None:
        yield ox.Quad(node, PERIOD_START, ox.Literal(start, datatype=date))
    if end is not None:
        yield ox.Quad(node, PERIOD_END, ox.Literal(end, datatype=date))


def node_quads(node: ox.NamedNode, kind: ox.NamedNode, start: Date, end: Date,
               values: Iterable[tuple[ox.NamedNode, ox.Term]]) -> Iterator[ox.Quad]:
    yield ox.Quad(node, RDF_TYPE, kind)
    for predicate, value in values:
        yield ox.Quad(node, predicate, value)
    yield from period(node, start, end)
