"""SHACL validation of the data with pyshacl."""

from __future__ import annotations

import pyshacl
import rdflib
from rdflib.namespace import SH

from psgraph.validation.findings import INFO, VIOLATION, WARNING, Finding, OwnerResolver

_SEVERITY = {SH.Violation: VIOLATION, SH.Warning: WARNING, SH.Info: INFO}


def run_shacl(data: rdflib.Graph, shapes: rdflib.Graph) -> list[Finding]:
    """Validate ``data`` (ontology plus instance data) against ``shapes``; one Finding per result."""
    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
    )
    resolver = OwnerResolver(data)
    findings = []
    # Only top-level results: nested sh:detail results repeat a parent result's problem.
    for result in results.objects(None, SH.result):
        focus = results.value(result, SH.focusNode)
        owner = resolver.owner(focus)
        value = results.value(result, SH.value)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        findings.append(Finding(
            check="shacl",
            severity=_SEVERITY.get(results.value(result, SH.resultSeverity), VIOLATION),
            owner=str(owner) if isinstance(owner, rdflib.URIRef) else "",
            owner_label=resolver.label(owner),
            focus=resolver.describe(focus),
            message=str(message) if message is not None else "Constraint not met.",
            rule=_shape_name(shapes, results.value(result, SH.sourceShape), resolver),
            path=resolver.describe(path) if isinstance(path, rdflib.URIRef) else "",
            value=resolver.describe(value) if value is not None and value != focus else "",
        ))
    return findings


def _shape_name(shapes: rdflib.Graph, shape: rdflib.term.Node | None, resolver: OwnerResolver) -> str:
    """The named node shape a (possibly blank) property or SPARQL shape belongs to."""
    current = shape
    for _ in range(4):
        if current is None or isinstance(current, rdflib.URIRef):
            break
        parent = next((s for s in shapes.subjects(None, current)), None)
        if parent is None:
            break
        current = parent
    if isinstance(current, rdflib.URIRef):
        return shapes.namespace_manager.normalizeUri(current)
    return resolver.describe(shape) if shape is not None else "shape"
