"""One problem found by a check, and the body (or other named resource) it belongs to."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import rdflib
from rdflib import RDFS, BNode, URIRef
from rdflib.namespace import Namespace

ORG = Namespace("http://www.w3.org/ns/org#")
PSG = Namespace("https://w3id.org/psgraph/ontology#")

VIOLATION = "Violation"
WARNING = "Warning"
INFO = "Info"

# Properties that point from a node without incoming links to the resource it is about.
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

    @property
    def is_violation(self) -> bool:
        return self.severity == VIOLATION


class OwnerResolver:
    """Finds the named resource that a (possibly blank) node describes, and its English label."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        graph.bind("psgsh", "https://w3id.org/psgraph/shapes#")

    def owner(self, node: rdflib.term.Node) -> rdflib.term.Node:
        if isinstance(node, URIRef):
            return node
        seen = {node}
        queue: deque[rdflib.term.Node] = deque([node])
        while queue:
            current = queue.popleft()
            for subject in self.graph.subjects(None, current):
                if isinstance(subject, URIRef):
                    return subject
                if subject not in seen:
                    seen.add(subject)
                    queue.append(subject)
            for prop in _OWNER_PROPERTIES:
                target = self.graph.value(current, prop)
                if isinstance(target, URIRef):
                    return target
        return node

    def label(self, node: rdflib.term.Node) -> str:
        labels = list(self.graph.objects(node, RDFS.label))
        for wanted in ("en", None, "fr"):
            for label in labels:
                if getattr(label, "language", None) == wanted:
                    return str(label)
        return str(labels[0]) if labels else ""

    def describe(self, node: rdflib.term.Node) -> str:
        """A readable name for a focus node: the IRI, or the kind of a blank node."""
        if isinstance(node, BNode):
            kinds = sorted(self.graph.qname(t) for t in self.graph.objects(node, rdflib.RDF.type))
            return f"[{', '.join(kinds) or 'blank node'}]"
        if isinstance(node, URIRef):
            return self.graph.namespace_manager.normalizeUri(node)
        return str(node)
