"""The SPARQL 1.1 Service Description (https://www.w3.org/TR/sparql11-service-description/) that
the endpoint returns to a request without a query.

It is built as RDF terms and written by pyoxigraph's Turtle serialiser, never by pasting text: the
endpoint's address comes from the operator's ``--public-url`` or else from the request's Host
header, which a client controls, and a Host like ``a> . <x:y> <x:z> "injected`` must not become
triples.
"""

from __future__ import annotations

import pyoxigraph as ox

from psgraph.server.negotiation import GRAPH, SOLUTIONS

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
TITLE = "psgraph: crime-prevention and security partnerships in France, the UK and the EU"
FORMAT_IRIS = {
    "json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "tsv": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "turtle": "http://www.w3.org/ns/formats/Turtle",
    "ntriples": "http://www.w3.org/ns/formats/N-Triples",
    "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
    "rdfxml": "http://www.w3.org/ns/formats/RDF_XML",
    "n3": "http://www.w3.org/ns/formats/N3",
}


def endpoint_iri(public_url: str, scheme: str, host_header: str, fallback_host: str) -> str:
    """The endpoint's address: the configured public URL, else the Host the client used if it makes
    a valid IRI, else the address the server listens on."""
    if public_url:
        return public_url.rstrip("/") + "/sparql"
    for host in (host_header, fallback_host):
        candidate = f"{scheme}://{host}/sparql"
        try:
            ox.NamedNode(candidate)
        except ValueError:
            continue
        if host and not any(character in host for character in "/?#@\\ "):
            return candidate
    return "http://localhost/sparql"


def service_description(endpoint: str, federated: bool) -> bytes:
    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    service, dataset, graph = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("graph")
    triples = [ox.Triple(service, RDF_TYPE, sd("Service")),
               ox.Triple(service, sd("endpoint"), ox.NamedNode(endpoint)),
               ox.Triple(service, DCTERMS_TITLE, ox.Literal(TITLE)),
               ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
               *(ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMAT_IRIS[offer.name]))
                 for offer in (*SOLUTIONS, *GRAPH)),
               ox.Triple(service, sd("defaultDataset"), dataset),
               ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
               ox.Triple(dataset, sd("defaultGraph"), graph),
               ox.Triple(graph, RDF_TYPE, sd("Graph"))]
    if federated:
        triples.append(ox.Triple(service, sd("feature"), sd("BasicFederatedQuery")))
    prefixes = {"sd": SD, "dcterms": "http://purl.org/dc/terms/"}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
