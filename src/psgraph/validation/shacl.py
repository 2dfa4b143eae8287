"""SHACL validation of the data.

The default engine is pyshacl-turbo, a Rust implementation of pySHACL's API that validates a
pyoxigraph store directly: on the 380,000-triple reference graph it takes about 6 s where pySHACL
needs minutes after a 16 s rdflib parse. Its SPARQL engine is slow on the SPARQL-based
constraints, which pyoxigraph evaluates instead (validation.sparqlconstraints); together they
report exactly the results pySHACL reports (tests/test_shacl.py runs both). pySHACL stays
available as the reference engine (``--shacl-engine pyshacl``).
"""

from __future__ import annotations

from collections.abc import Container
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pyshacl
import pyshacl_turbo
import rdflib
from rdflib.namespace import SH

from psgraph.validation import sparqlconstraints
from psgraph.validation.findings import INFO, VIOLATION, WARNING, Finding, OwnerResolver, to_rdflib
from psgraph.validation.sparqlconstraints import template

ENGINES = ("turbo", "pyshacl")
_SEVERITY = {SH.Violation: VIOLATION, SH.Warning: WARNING, SH.Info: INFO}


def rdflib_copy(store: ox.Store) -> rdflib.Graph:
    """The store's triples as an rdflib graph (for pySHACL), with the store's blank node labels,
    so that the report's focus nodes can be traced back in the store."""
    graph = rdflib.Graph()
    graph.addN((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph)
               for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    return graph


def shacl_report(data: ox.Store, shapes: rdflib.Graph, engine: str = "turbo") -> rdflib.Graph:
    """The SHACL validation report graph of ``data`` against ``shapes``."""
    options = {"shacl_graph": shapes, "inference": "none", "advanced": True,
               "allow_warnings": True, "abort_on_first": False}
    if engine == "turbo":
        core, constraints = sparqlconstraints.split(shapes)
        # SHACL Core in a thread while pyoxigraph evaluates the SPARQL constraints here: both
        # release the interpreter's lock, so they share the two cores (6.8 s one after the other
        # on the real graph, 3.7 s together).
        with ThreadPoolExecutor(max_workers=1) as pool:
            core_report = pool.submit(pyshacl_turbo.validate, data, **{**options, "shacl_graph": core})
            found = sparqlconstraints.evaluate(data, constraints)
            _conforms, results, _text = core_report.result()
        sparqlconstraints.add_to_report(results, found)
    elif engine == "pyshacl":
        _conforms, results, _text = pyshacl.validate(rdflib_copy(data), **options)
        _tag_languages(results, shapes)
    else:
        raise ValueError(engine)
    return results


def _tag_languages(report: rdflib.Graph, shapes: rdflib.Graph) -> None:
    """Give each untagged message of ``report`` the language of the sh:message it was made from.

    pySHACL (0.40) writes the messages of a SPARQL constraint as plain literals once it has filled
    their ``{?var}`` placeholders, dropping their language tags, where pyshacl-turbo and
    sparqlconstraints keep them. Left untagged, the English message was chosen among the English and
    French ones by alphabetical order, and "Il manque à l'instance…" comes before "The body lacks…".
    """
    for result in set(report.objects(None, SH.result)):
        sources = (report.value(result, SH.sourceConstraint), report.value(result, SH.sourceShape))
        templates = [(template(str(m)), m.language) for node in sources if node is not None
                     for m in shapes.objects(node, SH.message)
                     if isinstance(m, rdflib.Literal) and m.language]
        for message in list(report.objects(result, SH.resultMessage)):
            if not isinstance(message, rdflib.Literal) or message.language:
                continue
            languages = {language for pattern, language in templates if pattern.fullmatch(str(message))}
            if len(languages) == 1:
                report.remove((result, SH.resultMessage, message))
                report.add((result, SH.resultMessage, rdflib.Literal(str(message), lang=languages.pop())))


def run_shacl(data: ox.Store, shapes: rdflib.Graph, resolver: OwnerResolver | None = None,
              engine: str = "turbo", owners: Container[str] | None = None) -> list[Finding]:
    """Validate ``data`` (ontology plus instance data) against ``shapes``; one Finding per result
    (``owners``: only the results about these resources)."""
    results = shacl_report(data, shapes, engine)
    resolver = resolver or OwnerResolver(data)
    findings = []
    # Only top-level results: nested sh:detail results repeat a parent result's problem.
    for result in results.objects(None, SH.result):
        focus = results.value(result, SH.focusNode)
        owner = resolver.owner(focus)
        if owners is not None and str(owner) not in owners:
            continue
        value = results.value(result, SH.value)
        path = results.value(result, SH.resultPath)
        source_shape = results.value(result, SH.sourceShape)
        findings.append(Finding(
            check="shacl",
            severity=_SEVERITY.get(results.value(result, SH.resultSeverity), VIOLATION),
            owner=str(owner) if isinstance(owner, rdflib.URIRef) else "",
            owner_label=resolver.label(owner),
            focus=resolver.describe(focus),
            message=_message(results, result, shapes, source_shape),
            message_fr=_message(results, result, shapes, source_shape, "fr"),
            rule=_shape_name(shapes, source_shape, resolver),
            path=resolver.describe(path) if isinstance(path, rdflib.URIRef) else "",
            value=resolver.describe(value) if value is not None and value != focus else "",
        ))
    return findings


def _message(results: rdflib.Graph, result: rdflib.term.Node, shapes: rdflib.Graph,
             source_shape: rdflib.term.Node | None, lang: str = "en") -> str:
    """The result's message in ``lang`` (English, or an untagged one, when there is none: "" for
    another language). A SPARQL constraint inside a shape that has a message of its own gets both
    messages from the engines; the constraint's, being the specific one, is the one shown."""
    found = [m for m in results.objects(result, SH.resultMessage)]
    in_language = sorted(str(m) for m in found if getattr(m, "language", None) == lang)
    if not in_language and lang == "en":
        in_language = sorted(str(m) for m in found if not getattr(m, "language", None))
    if not in_language:
        if lang != "en":
            return ""
        return sorted(str(m) for m in found)[0] if found else "Constraint not met."
    shape_level = {str(m) for m in shapes.objects(source_shape, SH.message)} if source_shape else set()
    specific = [m for m in in_language if m not in shape_level]
    return (specific or in_language)[0]


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
    return "shape"
