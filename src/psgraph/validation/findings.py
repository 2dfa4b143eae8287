"""One problem found by a check, and the body (or other named resource) it belongs to."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from rdflib import RDFS, BNode, URIRef
from rdflib.namespace import Namespace

from psgraph.prefixes import PREFIXES

ORG = Namespace("http://www.w3.org/ns/org#")
PSG = Namespace("https://w3id.org/psgraph/ontology#")

VIOLATION = "Violation"
WARNING = "Warning"
INFO = "Info"

# Properties that point from a node without incoming links to the resource it is about.
_DESCRIBING = (("member", ox.NamedNode(str(ORG.member))), ("role", ox.NamedNode(str(ORG.role))),
               ("domain", ox.NamedNode(str(PSG.domain))))
_OWNER_PROPERTIES = (ORG.organization, ORG.originalOrganization, ORG.resultingOrganization,
                     PSG.originalType, PSG.resultingType, PSG.about, PSG.typeA)


@dataclass(frozen=True)
class Finding:
    check: str          # "shacl", "qc" or "owl"
    severity: str       # VIOLATION, WARNING or INFO
    owner: str          # IRI of the body or resource the problem belongs to ("" for the whole graph)
    owner_label: str
    focus: str          # the node the check fired on (an IRI, or a description of a blank node)
    message: str
    rule: str           # the shape or QC query that fired
    path: str = ""
    value: str = ""
    defined_at: str = ""  # file:line where the owner is defined, when known
    message_fr: str = ""  # the message in French, where the shape or query gives one

    @property
    def is_violation(self) -> bool:
        return self.severity == VIOLATION


def to_ox(node: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    """The pyoxigraph term for an rdflib term (literals keep their language or datatype)."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, rdflib.Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    return None


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> rdflib.term.Node | None:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        # A plain literal stays plain: rdflib does not treat "x" and "x"^^xsd:string as equal,
        # and pySHACL would report false sh:in violations.
        if term.language or term.datatype.value == _XSD_STRING:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=URIRef(term.datatype.value))
    return None


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = ox.NamedNode(str(rdflib.RDF.type))
_RDFS_LABEL = ox.NamedNode(str(RDFS.label))
OX_OWNER_PROPERTIES = tuple(ox.NamedNode(str(p)) for p in _OWNER_PROPERTIES)
_OX_MEMBER = ox.NamedNode(str(ORG.member))
_BODIES = "https://w3id.org/psgraph/id/body/"
_PREFIXES = sorted({**PREFIXES, "psgsh": "https://w3id.org/psgraph/shapes#"}.items(),
                   key=lambda item: -len(item[1]))


def compact(iri: str) -> str:
    """``psg:CLSPD`` for the full IRI, when a project prefix fits; the IRI in angle brackets otherwise."""
    for prefix, namespace in _PREFIXES:
        if iri.startswith(namespace) and iri[len(namespace):].replace("-", "").replace("_", "").isalnum():
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


class OwnerResolver:
    """Finds the named resource that a (possibly blank) node describes, and its English label.

    It reads a pyoxigraph store, so that it works on the national-scale graph; nodes may be given
    as rdflib terms (from a SHACL report) or pyoxigraph terms.
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def _objects(self, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> list[object]:
        return [quad.object for quad in self.store.quads_for_pattern(subject, predicate, None)]

    def owner(self, node: rdflib.term.Node) -> rdflib.term.Node:
        if not isinstance(node, BNode):
            return node
        start = ox.BlankNode(str(node))
        seen: set[object] = {start}
        queue: deque[ox.BlankNode] = deque([start])
        while queue:
            current = queue.popleft()
            for quad in self.store.quads_for_pattern(None, None, current):
                subject = quad.subject
                if isinstance(subject, ox.NamedNode):
                    return URIRef(subject.value)
                if subject not in seen and isinstance(subject, ox.BlankNode):
                    seen.add(subject)
                    queue.append(subject)
            # A body's seat on another body (a national council on the EUCPN) is the sitting body's.
            for target in self._objects(current, _OX_MEMBER):
                if isinstance(target, ox.NamedNode) and target.value.startswith(_BODIES):
                    return URIRef(target.value)
            for prop in OX_OWNER_PROPERTIES:
                for target in self._objects(current, prop):
                    if isinstance(target, ox.NamedNode):
                        return URIRef(target.value)
        return node

    def label(self, node: rdflib.term.Node) -> str:
        subject = to_ox(node)
        if not isinstance(subject, ox.NamedNode | ox.BlankNode):
            return ""
        labels = sorted((o for o in self._objects(subject, _RDFS_LABEL) if isinstance(o, ox.Literal)),
                        key=lambda literal: literal.value)
        for wanted in ("en", None, "fr"):
            for label in labels:
                if label.language == wanted:
                    return label.value
        return labels[0].value if labels else ""

    def describe(self, node: rdflib.term.Node) -> str:
        """A readable name for a focus node: the IRI, or the kind of a blank node."""
        if isinstance(node, BNode):
            blank = ox.BlankNode(str(node))
            kinds = sorted(compact(t.value) for t in self._objects(blank, _RDF_TYPE)
                           if isinstance(t, ox.NamedNode))
            # Which seat or mandate: its member and role, or its domains.
            said = []
            for name, prop in _DESCRIBING:
                values = sorted(compact(o.value) for o in self._objects(blank, prop)
                                if isinstance(o, ox.NamedNode))
                if values:
                    said.append(f"{name} {', '.join(values)}")
            return f"[{', '.join(kinds) or 'blank node'}{': ' + '; '.join(said) if said else ''}]"
        if isinstance(node, URIRef):
            return compact(str(node))
        return str(node)
