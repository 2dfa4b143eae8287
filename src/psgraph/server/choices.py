"""The values a query form offers for a parameter, read from the graph: body types, levels, countries,
domains, kinds of finding, the bodies and types that have a lineage. Territories are too many for a
list: their field asks the search index as the reader types (query.js, /search.json)."""

from __future__ import annotations

import pyoxigraph as ox

from psgraph.prefixes import PREFIXES
from psgraph.results import compact

_HEAD = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in ("psg", "rdfs", "skos", "org"))

# parameter name → the pattern that binds ?x to the values it may take
SOURCES: dict[str, str] = {
    "body_type": "?x a psg:BodyType",
    "level": "?x psg:levelRank ?rank",
    "area_level": "?x psg:levelRank ?rank",
    "country": "?body psg:jurisdiction ?x",
    "domain": "?x skos:inScheme psg:DomainScheme",
    "kind": "?x skos:inScheme psg:FindingKindScheme",
    "root": "{ ?e psg:originalType ?x } UNION { ?e org:originalOrganization ?x }",
    "of": "{ ?e psg:originalType|psg:resultingType ?x } UNION "
          "{ ?e org:originalOrganization|org:resultingOrganization ?x }",
}
SUGGESTED = {"territory"}  # answered by the search index as the reader types


def choices(store: ox.Store, parameter: str, lang: str) -> list[tuple[str, str]]:
    """(compact IRI, label) for each value the parameter may take, by label; [] if not listed."""
    pattern = SOURCES.get(parameter)
    if pattern is None:
        return []
    found: dict[str, tuple[bool, str]] = {}
    query = (f"{_HEAD}SELECT DISTINCT ?x ?label WHERE {{ {pattern} FILTER(isIRI(?x)) "
             "OPTIONAL { ?x rdfs:label|skos:prefLabel ?label } }")
    for row in store.query(query):
        iri = row["x"].value
        label = row["label"]
        own = label is not None and label.language == lang
        if iri not in found or (own and not found[iri][0]):
            found[iri] = (own, label.value if label is not None else compact(iri))
    listed = [(compact(iri), text) for iri, (_, text) in found.items()]
    return sorted(listed, key=lambda pair: pair[1].lower())
