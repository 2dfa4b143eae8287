"""SPARQL-based constraints evaluated by pyoxigraph: which constraints are taken from the engine,
and that their results are the ones pySHACL reports on the same shapes and data."""

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from rdflib.namespace import SH

from psgraph.errors import InputError
from psgraph.validation import sparqlconstraints
from psgraph.validation.shacl import rdflib_copy

PREFIXES = """
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex:   <http://example.org/> .
"""

SHAPES = PREFIXES + """
ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] ,
    [ sh:prefix "rdfs" ; sh:namespace "http://www.w3.org/2000/01/rdf-schema#"^^xsd:anyURI ] .

# targets the instances of ex:Body and of its subclasses; two results for ex:b1, one row repeated
ex:ChairShape a sh:NodeShape ; sh:targetClass ex:Body ; sh:severity sh:Violation ;
    sh:sparql [ sh:prefixes ex:prefixes ;
        sh:message "Chair {?value} of {$this} is not a member."@en ;
        sh:select \"\"\"SELECT $this ?value WHERE {
            $this ex:chair ?value .
            OPTIONAL { ?m ex:body $this ; ex:member ?value } FILTER (!BOUND(?m))
            ?value ex:seen ?twice }\"\"\" ] .

# no message on the constraint: the shape's; no ?value: the focus node; a blank-node focus
ex:CitationShape a sh:NodeShape ; sh:targetObjectsOf ex:citation ; sh:severity sh:Warning ;
    sh:message "A citation needs a source."@en ;
    sh:sparql [ sh:prefixes ex:prefixes ;
        sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this ex:source ?s } }" ] .

ex:NodeShape a sh:NodeShape ; sh:targetNode ex:b2 ; sh:targetSubjectsOf ex:chair ;
    sh:sparql [ sh:prefixes ex:prefixes ; sh:message "{?label} has no chair"@en ;
        sh:select "SELECT $this ?label WHERE { $this rdfs:label ?label FILTER NOT EXISTS { $this ex:chair ?c } }" ] .
"""

# constraints the module must leave to the engine
UNSUPPORTED = PREFIXES + """
ex:PropertyShape a sh:PropertyShape ; sh:targetClass ex:Body ; sh:path ex:chair ;
    sh:sparql [ sh:select "SELECT $this ?value WHERE { $this $PATH ?value }" ] .
ex:Off a sh:NodeShape ; sh:targetClass ex:Body ;
    sh:sparql [ sh:deactivated true ; sh:select "SELECT $this WHERE { $this ?p ?o }" ] .
ex:NoThis a sh:NodeShape ; sh:targetClass ex:Body ;
    sh:sparql [ sh:select "SELECT ?value WHERE { ?value ?p ?o }" ] .
ex:Failure a sh:NodeShape ; sh:targetClass ex:Body ;
    sh:sparql [ sh:select "SELECT $this ?failure WHERE { $this ?p ?o }" ] .
ex:Implicit a sh:NodeShape , rdfs:Class ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o }" ] .
"""

DATA = PREFIXES + """
ex:Council rdfs:subClassOf ex:Body .
ex:b1 a ex:Council ; rdfs:label "one" ; ex:chair ex:alice , ex:bob ;
    ex:citation [ ex:source ex:act ] , [ ex:page 3 ] .
ex:alice ex:seen 1 , 2 .
ex:bob ex:seen 1 .
ex:carol ex:seen 1 .
ex:m1 ex:body ex:b1 ; ex:member ex:carol .
ex:b2 a ex:Body ; rdfs:label "two" .
"""


def graph(text: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format="turtle")


def store(text: str) -> ox.Store:
    data = ox.Store()
    data.load(text.encode(), format=ox.RdfFormat.TURTLE)
    return data


def results(report: rdflib.Graph) -> list[tuple[str, ...]]:
    """Each result as comparable strings (blank nodes by what they hold, not by label)."""
    rows = []
    for result in report.objects(None, SH.result):
        def text(predicate: rdflib.URIRef, node=result) -> str:
            value = report.value(node, predicate)
            return "_:blank" if isinstance(value, rdflib.BNode) else str(value or "")
        rows.append((text(SH.focusNode), text(SH.value), text(SH.resultPath), text(SH.resultSeverity),
                     text(SH.sourceShape), str(report.value(result, SH.resultMessage) or "")))
    return sorted(rows)


def test_supported_constraints_are_taken_out_of_the_shapes() -> None:
    core, constraints = sparqlconstraints.split(graph(SHAPES))
    assert sorted(str(c.shape) for c in constraints) == [
        "http://example.org/ChairShape", "http://example.org/CitationShape", "http://example.org/NodeShape"]
    assert not list(core.triples((None, SH.sparql, None)))
    assert not list(core.triples((None, SH.select, None)))
    assert (rdflib.URIRef("http://example.org/ChairShape"), SH.targetClass,
            rdflib.URIRef("http://example.org/Body")) in core


def test_unsupported_constraints_stay_with_the_engine() -> None:
    shapes = graph(UNSUPPORTED)
    core, constraints = sparqlconstraints.split(shapes)
    assert constraints == []
    assert len(core) == len(shapes)


def test_focus_nodes_follow_subclasses_and_every_kind_of_target() -> None:
    _core, constraints = sparqlconstraints.split(graph(SHAPES))
    by_shape = {str(c.shape).rsplit("/", 1)[1]: c for c in constraints}
    data = store(DATA)
    assert [str(n) for n in sparqlconstraints.focus_nodes(data, by_shape["ChairShape"])] == [
        "<http://example.org/b1>", "<http://example.org/b2>"]
    assert [str(n) for n in sparqlconstraints.focus_nodes(data, by_shape["NodeShape"])] == [
        "<http://example.org/b1>", "<http://example.org/b2>"]
    citations = sparqlconstraints.focus_nodes(data, by_shape["CitationShape"])
    assert len(citations) == 2 and all(isinstance(n, ox.BlankNode) for n in citations)


def test_results_fill_messages_default_the_value_and_drop_repeated_rows() -> None:
    _core, constraints = sparqlconstraints.split(graph(SHAPES))
    found = sparqlconstraints.evaluate(store(DATA), constraints)
    messages = sorted(str(m) for r in found for m in r.messages)
    assert messages == [
        "A citation needs a source.",
        "Chair http://example.org/alice of http://example.org/b1 is not a member.",
        "Chair http://example.org/bob of http://example.org/b1 is not a member.",
        "two has no chair",
    ]
    citation = next(r for r in found if str(r.constraint.shape).endswith("CitationShape"))
    assert citation.value == citation.focus
    assert citation.constraint.severity == SH.Warning


@pytest.mark.parametrize("data", [DATA, DATA.replace('ex:chair ex:alice , ex:bob', 'ex:chair ex:carol'),
                                  DATA.replace("[ ex:page 3 ]", "[ ex:source ex:act2 ]")])
def test_same_report_as_pyshacl(data: str) -> None:
    shapes = graph(SHAPES)
    _core, constraints = sparqlconstraints.split(shapes)
    ours = rdflib.Graph()
    sparqlconstraints.add_to_report(ours, sparqlconstraints.evaluate(store(data), constraints))
    options = {"inference": "none", "advanced": True, "allow_warnings": True}
    _conforms, reference, _text = pyshacl.validate(rdflib_copy(store(data)), shacl_graph=shapes, **options)
    assert results(ours) == results(reference)
    conforms = next(ours.objects(None, SH.conforms), None)
    assert conforms is not None and conforms.toPython() == (not any(
        r[3] == str(SH.Violation) for r in results(ours)))


def test_a_query_that_does_not_parse_names_its_shape() -> None:
    broken = SHAPES.replace("rdfs:label ?label FILTER", "rdfs:label ?label FILTR")
    _core, constraints = sparqlconstraints.split(graph(broken))
    with pytest.raises(InputError, match=r"SPARQL constraint of shape http://example.org/NodeShape does not parse"):
        sparqlconstraints.evaluate(store(DATA), constraints)
