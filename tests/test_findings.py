import pyoxigraph as ox
import rdflib

from psgraph.turtle import memory_store
from psgraph.validation.findings import OwnerResolver, compact, to_ox, to_rdflib

ORG = "http://www.w3.org/ns/org#"
PSG = "https://w3id.org/psgraph/ontology#"
BODY = ox.NamedNode("https://w3id.org/psgraph/id/body/fr/mini-council")


def _object(store: ox.Store, subject, predicate: str):
    return next(iter(store.quads_for_pattern(subject, ox.NamedNode(predicate), None))).object


def test_owner_of_a_mandate_citation_is_its_body(mini_project) -> None:
    store = memory_store(mini_project().graph_files())
    mandate = _object(store, BODY, PSG + "hasMandate")
    citation = _object(store, mandate, PSG + "citation")
    resolver = OwnerResolver(store)
    assert resolver.owner(to_rdflib(citation)) == rdflib.URIRef(BODY.value)
    assert resolver.label(rdflib.URIRef(BODY.value)) == "Mini council of Lyon"


def test_owner_of_a_membership_is_its_organisation(mini_project) -> None:
    store = memory_store(mini_project().graph_files())
    membership = next(iter(store.quads_for_pattern(None, ox.NamedNode(ORG + "organization"), BODY))).subject
    resolver = OwnerResolver(store)
    assert resolver.owner(to_rdflib(membership)) == rdflib.URIRef(BODY.value)
    assert resolver.describe(to_rdflib(membership)) in ("[org:Membership: member ofr:mayor; role psg:ChairRole]",
                                                       "[org:Membership: member ofr:prefect; role psg:MemberRole]")


def test_terms_round_trip_between_rdflib_and_pyoxigraph() -> None:
    for term in (ox.NamedNode("https://example.org/a"), ox.BlankNode("b1"), ox.Literal("x", language="fr"),
                 ox.Literal("2024-03-23", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
                 ox.Literal("plain")):
        assert to_ox(to_rdflib(term)) == term


def test_compact_uses_project_prefixes_and_keeps_unknown_iris_whole() -> None:
    assert compact(PSG + "CLSPD") == "psg:CLSPD"
    assert compact("https://w3id.org/psgraph/id/territory/fr/commune/69123") == "tfrc:69123"
    assert compact("https://example.org/x y") == "<https://example.org/x y>"
