"""The SPARQL 1.1 Service Description (https://www.w3.org/TR/sparql11-service-description/) that
the endpoint returns to a request without a query."""

from __future__ import annotations

from psgraph.server.negotiation import GRAPH, SOLUTIONS

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


def service_description(endpoint: str, federated: bool) -> bytes:
    feature = "    sd:feature sd:BasicFederatedQuery ;\n" if federated else ""
    formats = ", ".join(f"<{FORMAT_IRIS[offer.name]}>" for offer in (*SOLUTIONS, *GRAPH))
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

[] a sd:Service ;
    sd:endpoint <{endpoint}> ;
    dcterms:title "psgraph: crime-prevention and security partnerships in France, the UK and the EU" ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat {formats} ;
{feature}    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
""".encode()
