"""SPARQL-based constraints (``sh:sparql`` with ``sh:select``) evaluated by pyoxigraph on the store.

pyshacl-turbo answers these constraints with a SPARQL engine of its own, which at national scale
(1.4 M triples) spends about 215 of its 240 s on the five of them in shapes/; pyoxigraph answers
the same SELECT with ``$this`` pre-bound in about a millisecond per focus node. The default engine
therefore splits the shapes (:func:`split`): the SPARQL constraints this module can evaluate go
here, everything else (SHACL Core) stays with pyshacl-turbo, and both sets of results go into one
report. Evaluation follows SHACL 1.0 §5.3: the query runs once per focus node with ``$this``
pre-bound, each solution is a result whose focus is ``?this``, whose value is ``?value`` (else the
focus node) and whose path is ``?path``; ``{?var}`` and ``{$var}`` in ``sh:message`` are replaced by
the solution's bindings; identical solutions give one result (as pySHACL does).

A constraint outside that subset stays with pyshacl-turbo rather than being evaluated here
differently: one in a property shape (``$PATH``), a deactivated one, one whose query does not
project ``$this`` by name or projects ``?failure``, or one in a shape with targets other than
``sh:targetClass``, ``sh:targetNode``, ``sh:targetSubjectsOf`` and ``sh:targetObjectsOf``.
pySHACL (``--shacl-engine pyshacl``) evaluates everything itself; the tests compare the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import SH

from psgraph.errors import InputError
from psgraph.sparqltext import projected_variables
from psgraph.validation.findings import to_ox, to_rdflib

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_OTHER_TARGETS = (SH.target,)
_PLACEHOLDER = re.compile(r"\{[?$](?P<name>[A-Za-z_][A-Za-z0-9_]*)\}")
_THIS = ox.Variable("this")
_SUBCLASS_OF = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass(frozen=True)
class SparqlConstraint:
    shape: URIRef | BNode
    node: URIRef | BNode
    query: str                     # the SELECT with its PREFIX declarations
    messages: tuple[Literal, ...]  # the constraint's sh:message, else the shape's
    severity: URIRef
    targets: tuple[tuple[URIRef, rdflib.term.Node], ...]


@dataclass(frozen=True)
class SparqlResult:
    constraint: SparqlConstraint
    focus: Term
    value: Term
    path: ox.NamedNode | None
    messages: tuple[Literal, ...]


def split(shapes: rdflib.Graph) -> tuple[rdflib.Graph, list[SparqlConstraint]]:
    """The shapes without the SPARQL constraints this module evaluates, and those constraints."""
    constraints = [c for c in _constraints(shapes) if c is not None]
    taken = {c.node for c in constraints}
    core = rdflib.Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    dropped = set(taken)
    for triple in shapes:
        subject, predicate, obj = triple
        if (predicate == SH.sparql and obj in taken) or subject in dropped:
            continue
        core.add(triple)
    return core, constraints


def _constraints(shapes: rdflib.Graph) -> Iterator[SparqlConstraint | None]:
    for shape, node in shapes.subject_objects(SH.sparql):
        yield _supported(shapes, shape, node)


def _supported(shapes: rdflib.Graph, shape: rdflib.term.Node,
               node: rdflib.term.Node) -> SparqlConstraint | None:
    if not isinstance(shape, URIRef | BNode) or not isinstance(node, URIRef | BNode):
        return None
    if shapes.value(shape, SH.path) is not None or _deactivated(shapes, shape) or _deactivated(shapes, node):
        return None
    if any(shapes.value(shape, target) is not None for target in _OTHER_TARGETS):
        return None
    if (shape, RDF.type, rdflib.RDFS.Class) in shapes or (shape, RDF.type, rdflib.OWL.Class) in shapes:
        return None  # an implicit class target
    selects = list(shapes.objects(node, SH.select))
    if len(selects) != 1 or not isinstance(selects[0], Literal):
        return None
    select = str(selects[0])
    projected = projected_variables(select)
    if "this" not in projected or "failure" in projected:
        return None
    targets = tuple((kind, value) for kind in _TARGETS for value in shapes.objects(shape, kind))
    messages = tuple(m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)) or \
        tuple(m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal))
    severity = shapes.value(shape, SH.severity)
    return SparqlConstraint(
        shape=shape, node=node, query=_prefixes(shapes, node) + select, messages=messages,
        severity=severity if isinstance(severity, URIRef) else SH.Violation, targets=targets)


def _deactivated(shapes: rdflib.Graph, node: rdflib.term.Node) -> bool:
    return any(isinstance(v, Literal) and v.toPython() is True for v in shapes.objects(node, SH.deactivated))


def _prefixes(shapes: rdflib.Graph, node: rdflib.term.Node) -> str:
    lines = []
    for source in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(source, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(set(lines)))


def focus_nodes(store: ox.Store, constraint: SparqlConstraint) -> list[Term]:
    """The focus nodes of the constraint's shape in ``store``, in a stable order."""
    found: set[Term] = set()
    for kind, value in constraint.targets:
        term = to_ox(value)
        if term is None:
            continue
        if kind == SH.targetNode:
            found.add(term)
            continue
        if not isinstance(term, ox.NamedNode):
            continue
        if kind == SH.targetClass:
            query = f"SELECT DISTINCT ?focus WHERE {{ ?class {_SUBCLASS_OF}* {term} . ?focus a ?class }}"
        elif kind == SH.targetSubjectsOf:
            query = f"SELECT DISTINCT ?focus WHERE {{ ?focus {term} ?object }}"
        else:
            query = f"SELECT DISTINCT ?focus WHERE {{ ?subject {term} ?focus }}"
        found.update(solution["focus"] for solution in store.query(query))
    return sorted(found, key=str)


def evaluate(store: ox.Store, constraints: Iterable[SparqlConstraint]) -> list[SparqlResult]:
    """Every result of the constraints on the data in ``store``."""
    results: list[SparqlResult] = []
    for constraint in constraints:
        for focus in focus_nodes(store, constraint):
            results.extend(_evaluate_on(store, constraint, focus))
    return results


def _evaluate_on(store: ox.Store, constraint: SparqlConstraint,
                 focus: Term) -> list[SparqlResult]:
    try:
        solutions = store.query(constraint.query, substitutions={_THIS: focus})
    except SyntaxError as error:
        raise InputError(f"The SPARQL constraint of shape {constraint.shape} does not parse "
                         f"({str(error).splitlines()[0]}).") from None
    assert isinstance(solutions, ox.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    seen: set[tuple[object, ...]] = set()
    results = []
    for solution in solutions:
        bound = {name: solution[name] for name in names if solution[name] is not None}
        key = tuple(sorted((name, str(term)) for name, term in bound.items()))
        if key in seen:
            continue
        seen.add(key)
        this = bound.get("this", focus)
        path = bound.get("path")
        results.append(SparqlResult(
            constraint=constraint, focus=this, value=bound.get("value", focus),
            path=path if isinstance(path, ox.NamedNode) else None,
            messages=tuple(_fill(message, bound) for message in constraint.messages)))
    return results


def template(message: str) -> re.Pattern[str]:
    """What ``message`` reads once its ``{?var}`` placeholders are filled, whatever they are filled with."""
    parts, start = [], 0
    for match in _PLACEHOLDER.finditer(message):
        parts += [re.escape(message[start:match.start()]), ".*?"]
        start = match.end()
    return re.compile("".join([*parts, re.escape(message[start:])]), re.DOTALL)


def _fill(message: Literal, bound: dict[str, Term]) -> Literal:
    def replace(match: re.Match[str]) -> str:
        term = bound.get(match.group("name"))
        return match.group(0) if term is None else term.value
    return Literal(_PLACEHOLDER.sub(replace, str(message)), lang=message.language)


def add_to_report(report: rdflib.Graph, results: Iterable[SparqlResult]) -> None:
    """Write the results into a SHACL validation report graph as sh:ValidationResult nodes."""
    report_node = report.value(predicate=RDF.type, object=SH.ValidationReport)
    if report_node is None:
        report_node = BNode()
        report.add((report_node, RDF.type, SH.ValidationReport))
        report.add((report_node, SH.conforms, Literal(True)))
    violated = False
    for result in results:
        node = BNode()
        report.add((report_node, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, to_rdflib(result.focus)))
        report.add((node, SH.value, to_rdflib(result.value)))
        if result.path is not None:
            report.add((node, SH.resultPath, to_rdflib(result.path)))
        report.add((node, SH.resultSeverity, result.constraint.severity))
        report.add((node, SH.sourceShape, result.constraint.shape))
        report.add((node, SH.sourceConstraint, result.constraint.node))
        report.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        for message in result.messages:
            report.add((node, SH.resultMessage, message))
        violated = violated or result.constraint.severity == SH.Violation
    if violated:
        report.set((report_node, SH.conforms, Literal(False)))
