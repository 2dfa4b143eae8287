"""The dataset described for catalogues and data search engines: DCAT (the dataset, its licence,
publisher, version, temporal and spatial coverage, and its distributions: the dumps, the data
package, the SPARQL endpoint), VoID statistics measured on the store (triples, classes, properties,
entities, links to other datasets), and a schema.org ``Dataset`` for the home page.

The description is built as RDF terms and written by pyoxigraph's serialiser: the base address may
come from a request's Host header, which must never become triples of its own."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from psgraph.dataset import Dataset
from psgraph.prefixes import PREFIXES

DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
OWN = "https://w3id.org/psgraph/"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
TITLE = "psgraph: crime-prevention and security partnerships in France, the United Kingdom and the EU"
DESCRIPTION = ("A knowledge graph of crime-prevention and security partnership bodies in France, the "
               "United Kingdom and the European Union since the 1980s: their types, mandates, legal bases, "
               "members, levels of governance and territories, the statutory obligations that require "
               "them, how they replaced one another, and what the literature finds about their overlap, "
               "duplication and gaps — every fact with its source.")
KEYWORDS = ("crime prevention", "security partnerships", "multi-level governance", "local security "
            "councils", "community safety partnerships", "police and crime commissioners")
SPATIAL = ("fr", "uk", "eu")
DISTRIBUTIONS = (  # file under /dumps/, media type, what it is
    ("psgraph.ttl", "text/turtle", "The whole graph in Turtle"),
    ("psgraph.nt", "application/n-triples", "The whole graph in N-Triples"),
    ("psgraph.jsonld", "application/ld+json", "The whole graph in JSON-LD"),
    ("psgraph-datapackage.zip", "application/zip",
     "Tidy CSV tables with a Table Schema each and a codebook (Frictionless Data Package)"),
)


@dataclass(frozen=True)
class Statistics:
    triples: int
    entities: int  # distinct IRI subjects
    classes: int
    properties: int
    distinct_subjects: int
    distinct_objects: int
    class_partitions: tuple[tuple[str, int], ...]  # class, entities
    property_partitions: tuple[tuple[str, int], ...]  # property, triples
    linksets: tuple[tuple[str, int], ...]  # another dataset's address (scheme://host/), triples
    earliest: str  # the earliest date the data record (YYYY-MM-DD)


_COUNTS = """SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
  (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?i) AS ?entities) WHERE {
  ?s ?p ?o BIND(IF(isIRI(?s), ?s, ?unbound) AS ?i) }"""
_CLASSES = """SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"""
_PROPERTIES = """SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"""
_LINKS = f"""SELECT ?o WHERE {{ ?s ?p ?o FILTER(isIRI(?o) && ?p != <{RDF_TYPE.value}>
  && !STRSTARTS(STR(?o), "{OWN}")) FILTER NOT EXISTS {{ ?o ?anything ?else }} }}"""
_EARLIEST = """PREFIX psg: <https://w3id.org/psgraph/ontology#>
SELECT (MIN(?d) AS ?earliest) WHERE { ?s psg:startDate|psg:date ?d FILTER(DATATYPE(?d) = xsd:date) }"""


def statistics(store: ox.Store) -> Statistics:
    counts = next(iter(store.query(_COUNTS)))  # type: ignore[call-overload]
    classes = tuple((row["c"].value, int(row["n"].value)) for row in store.query(_CLASSES)  # type: ignore[union-attr]
                    if isinstance(row["c"], ox.NamedNode))
    properties = tuple((row["p"].value, int(row["n"].value)) for row in store.query(_PROPERTIES))  # type: ignore[union-attr]
    hosts: dict[str, int] = {}
    vocabularies = tuple(namespace for namespace in PREFIXES.values() if not namespace.startswith(OWN))
    for row in store.query(_LINKS):  # type: ignore[union-attr]
        if row["o"].value.startswith(vocabularies):
            continue  # a term of a vocabulary the ontology reuses, not a link to another dataset
        parts = urllib.parse.urlsplit(row["o"].value)
        if parts.scheme in ("http", "https") and parts.netloc:
            site = f"{parts.scheme}://{parts.netloc}/"
            hosts[site] = hosts.get(site, 0) + 1
    return Statistics(
        triples=len(store), entities=int(counts["entities"].value), classes=len(classes),
        properties=len(properties), distinct_subjects=int(counts["subjects"].value),
        distinct_objects=int(counts["objects"].value), class_partitions=classes,
        property_partitions=properties, linksets=tuple(sorted(hosts.items())),
        earliest=earliest_date(store))


def earliest_date(store: ox.Store) -> str:
    """The earliest date the data record (a body's start, an event), YYYY-MM-DD."""
    found = next(iter(store.query(_EARLIEST.replace("xsd:date", f"<{XSD}date>"))))  # type: ignore[call-overload]
    return found["earliest"].value if found["earliest"] is not None else ""


def description(dataset: Dataset, stats: Statistics, base: str) -> list[ox.Triple]:
    """The DCAT and VoID description of the dataset served at ``base`` (its address, no final /)."""
    def dcat(name: str) -> ox.NamedNode:
        return ox.NamedNode(DCAT + name)

    def void(name: str) -> ox.NamedNode:
        return ox.NamedNode(VOID + name)

    def dct(name: str) -> ox.NamedNode:
        return ox.NamedNode(DCT + name)

    def integer(value: int) -> ox.Literal:
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))

    def day(value: str) -> ox.Literal:
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))

    subject = ox.NamedNode(f"{base}/.well-known/void#psgraph")
    publisher = ox.NamedNode(f"{base}/.well-known/void#publisher")
    period = ox.BlankNode("coverage")
    triples = [
        ox.Triple(subject, RDF_TYPE, dcat("Dataset")), ox.Triple(subject, RDF_TYPE, void("Dataset")),
        ox.Triple(subject, dct("title"), ox.Literal(TITLE, language="en")),
        ox.Triple(subject, dct("description"), ox.Literal(DESCRIPTION, language="en")),
        ox.Triple(subject, dct("license"), ox.NamedNode(LICENCE)),
        ox.Triple(subject, dct("publisher"), publisher),
        ox.Triple(publisher, RDF_TYPE, ox.NamedNode(FOAF + "Agent")),
        ox.Triple(publisher, ox.NamedNode(FOAF + "name"), ox.Literal("The psgraph project")),
        ox.Triple(subject, dcat("version"), ox.Literal(dataset.version)),
        ox.Triple(subject, dct("modified"), day(dataset.built_on)),
        ox.Triple(subject, dcat("landingPage"), ox.NamedNode(f"{base}/")),
        ox.Triple(subject, dct("temporal"), period),
        ox.Triple(period, RDF_TYPE, dct("PeriodOfTime")),
        *([ox.Triple(period, dcat("startDate"), day(stats.earliest))] if stats.earliest else []),
        ox.Triple(period, dcat("endDate"), day(dataset.built_on)),
        *(ox.Triple(subject, dct("spatial"), ox.NamedNode(f"{OWN}id/territory/{code}")) for code in SPATIAL),
        *(ox.Triple(subject, dcat("keyword"), ox.Literal(word, language="en")) for word in KEYWORDS),
        ox.Triple(subject, void("sparqlEndpoint"), ox.NamedNode(f"{base}/sparql")),
        ox.Triple(subject, void("uriSpace"), ox.Literal(f"{OWN}id/")),
        ox.Triple(subject, void("vocabulary"), ox.NamedNode(f"{OWN}ontology#")),
        ox.Triple(subject, void("triples"), integer(stats.triples)),
        ox.Triple(subject, void("entities"), integer(stats.entities)),
        ox.Triple(subject, void("classes"), integer(stats.classes)),
        ox.Triple(subject, void("properties"), integer(stats.properties)),
        ox.Triple(subject, void("distinctSubjects"), integer(stats.distinct_subjects)),
        ox.Triple(subject, void("distinctObjects"), integer(stats.distinct_objects)),
    ]
    for name, media, title in DISTRIBUTIONS:
        node = ox.NamedNode(f"{base}/.well-known/void#{name}")
        triples += [ox.Triple(subject, dcat("distribution"), node),
                    ox.Triple(node, RDF_TYPE, dcat("Distribution")),
                    ox.Triple(node, dct("title"), ox.Literal(title, language="en")),
                    ox.Triple(node, dcat("downloadURL"), ox.NamedNode(f"{base}/dumps/{name}")),
                    ox.Triple(node, dcat("mediaType"),
                              ox.NamedNode(f"https://www.iana.org/assignments/media-types/{media}")),
                    ox.Triple(node, dct("license"), ox.NamedNode(LICENCE))]
        if name.endswith((".ttl", ".nt", ".jsonld")):
            triples.append(ox.Triple(subject, void("dataDump"), ox.NamedNode(f"{base}/dumps/{name}")))
    service = ox.NamedNode(f"{base}/.well-known/void#sparql")
    triples += [ox.Triple(subject, dcat("distribution"), service),
                ox.Triple(service, RDF_TYPE, dcat("Distribution")),
                ox.Triple(service, dcat("accessURL"), ox.NamedNode(f"{base}/sparql")),
                ox.Triple(service, dct("title"), ox.Literal("SPARQL 1.1 endpoint", language="en"))]
    for number, (iri, count) in enumerate(stats.class_partitions):
        part = ox.BlankNode(f"class{number}")
        triples += [ox.Triple(subject, void("classPartition"), part),
                    ox.Triple(part, void("class"), ox.NamedNode(iri)),
                    ox.Triple(part, void("entities"), integer(count))]
    for number, (iri, count) in enumerate(stats.property_partitions):
        part = ox.BlankNode(f"property{number}")
        triples += [ox.Triple(subject, void("propertyPartition"), part),
                    ox.Triple(part, void("property"), ox.NamedNode(iri)),
                    ox.Triple(part, void("triples"), integer(count))]
    for number, (site, count) in enumerate(stats.linksets):
        linkset, target = ox.BlankNode(f"links{number}"), ox.BlankNode(f"target{number}")
        triples += [ox.Triple(linkset, RDF_TYPE, void("Linkset")),
                    ox.Triple(linkset, void("subjectsTarget"), subject),
                    ox.Triple(linkset, void("objectsTarget"), target),
                    ox.Triple(target, RDF_TYPE, void("Dataset")),
                    ox.Triple(target, dcat("landingPage"), ox.NamedNode(site)),
                    ox.Triple(linkset, void("triples"), integer(count))]
    return triples


def turtle(triples: list[ox.Triple]) -> bytes:
    prefixes = {"dcat": DCAT, "void": VOID, "dcterms": DCT, "foaf": FOAF, "xsd": XSD}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)  # type: ignore[return-value]


def schema_org(dataset: Dataset, earliest: str, base: str) -> dict[str, Any]:
    """A schema.org ``Dataset`` (JSON-LD) for the home page, which data search engines read."""
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": TITLE,
        "description": DESCRIPTION,
        "url": f"{base}/",
        "sameAs": OWN,
        "version": dataset.version,
        "dateModified": dataset.built_on,
        "license": LICENCE,
        "isAccessibleForFree": True,
        "inLanguage": ["en", "fr"],
        "keywords": list(KEYWORDS),
        "creator": {"@type": "Organization", "name": "The psgraph project"},
        "temporalCoverage": f"{earliest}/{dataset.built_on}" if earliest else dataset.built_on,
        "spatialCoverage": [{"@type": "Place", "name": name}
                            for name in ("France", "United Kingdom", "European Union")],
        "variableMeasured": ["partnership bodies", "body types", "memberships", "mandates",
                             "legal bases", "statutory obligations", "territories", "findings"],
        "distribution": [{"@type": "DataDownload", "encodingFormat": media,
                          "contentUrl": f"{base}/dumps/{name}", "name": title}
                         for name, media, title in DISTRIBUTIONS],
        "citation": f"psgraph {dataset.version}, graph built {dataset.built_on}. {OWN}",
    }
