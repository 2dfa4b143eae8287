import rdflib

from psgraph.turtle import rdflib_graph
from psgraph.validation.findings import OwnerResolver

ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
PSG = rdflib.Namespace("https://w3id.org/psgraph/ontology#")
BODY = rdflib.URIRef("https://w3id.org/psgraph/id/body/fr/mini-council")


def test_owner_of_a_mandate_citation_is_its_body(mini_project) -> None:
    graph = rdflib_graph(mini_project().graph_files())
    mandate = graph.value(BODY, PSG.hasMandate)
    citation = graph.value(mandate, PSG.citation)
    resolver = OwnerResolver(graph)
    assert resolver.owner(citation) == BODY
    assert resolver.label(BODY) == "Mini council of Lyon"


def test_owner_of_a_membership_is_its_organisation(mini_project) -> None:
    graph = rdflib_graph(mini_project().graph_files())
    membership = next(graph.subjects(ORG.organization, BODY))
    resolver = OwnerResolver(graph)
    assert resolver.owner(membership) == BODY
    assert resolver.describe(membership) == "[org:Membership]"
