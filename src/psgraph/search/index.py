"""Writing the search index of a store: one row per label of every named resource, with its kind
and a context that tells homonyms apart (the département of a commune, the territory of a body)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyoxigraph as ox

from psgraph.prefixes import PREFIXES

INDEX_NAME = "search.sqlite"

# The kind of a resource, first match wins: (kind, SPARQL pattern on ?r).
KINDS: tuple[tuple[str, str], ...] = (
    ("body", "{ ?r a ?t . ?t a psg:BodyType } UNION { ?r a ?t . ?t rdfs:subClassOf* ?root ."
             " VALUES ?root { psg:PartnershipArrangement psg:Institution } }"),
    ("type", "?r a psg:BodyType"),
    ("statistical", "?r a psg:Territory ; psg:nutsCode ?code"),
    ("territory", "?r a psg:Territory"),
    ("law", "{ ?r a eli:LegalResource } UNION { ?r a psg:PolicyDocument }"),
    ("office", "?r a psg:Office"),
    ("organisation", "?r a org:Organization"),
    ("finding", "?r a psg:Finding"),
    ("concept", "?r a skos:Concept"),
)
# The order of kinds in results: administrative territories before the NUTS regions of the same name.
KIND_ORDER = {kind: rank for rank, kind in enumerate(
    ("body", "type", "territory", "law", "office", "organisation", "finding", "concept", "statistical"))}

_HEAD = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in ("psg", "rdfs", "skos", "eli", "org"))

_LABELS = _HEAD + """
SELECT ?r ?label ?lang WHERE {
  { ?r rdfs:label ?label } UNION { ?r skos:prefLabel ?label } UNION { ?r skos:altLabel ?label }
  FILTER (isIRI(?r))
  BIND (LANG(?label) AS ?lang)
}"""

# The display name: rdfs:label or skos:prefLabel, per language.
_NAMES = _HEAD + """
SELECT ?r ?label ?lang WHERE {
  { ?r rdfs:label ?label } UNION { ?r skos:prefLabel ?label }
  FILTER (isIRI(?r))
  BIND (LANG(?label) AS ?lang)
}"""

# Words that find a resource without being its name: its type's names and acronyms (a search for
# "clspd lyon" finds the Lyon council, whose own name spells the words out).
_TYPE_WORDS = _HEAD + """
SELECT ?r ?label WHERE {
  ?r a ?t . ?t a psg:BodyType .
  { ?t rdfs:label ?label } UNION { ?t skos:altLabel ?label }
  FILTER (isIRI(?r))
}"""

# What tells two resources of the same name apart: for a territory, its official code and its
# wider territory (the département of a commune, else its region); for a body, its territory.
_TERRITORY_CODES = _HEAD + """
SELECT ?r ?code ?nuts WHERE {
  ?r a psg:Territory .
  OPTIONAL { ?r psg:inseeCode|psg:gssCode|psg:isoCode ?code }
  OPTIONAL { ?r psg:nutsCode ?nuts }
}"""
_TERRITORY_PARENTS = _HEAD + """
SELECT ?r ?label ?level WHERE {
  ?r a psg:Territory ; psg:within ?c . ?c psg:territoryLevel ?level ; rdfs:label ?label .
}"""
_PARENT_RANK = {PREFIXES["psg"] + level: rank
                for rank, level in enumerate(("County", "Regional", "InterMunicipal"))}
_BODY_CONTEXT = _HEAD + """
SELECT ?r ?label ?lang WHERE { ?r psg:territory ?c . ?c rdfs:label ?label BIND (LANG(?label) AS ?lang) }"""


def _territory_contexts(store: ox.Store) -> dict[str, dict[str, str]]:
    """territory → {language: "wider territory · code"}; NUTS regions say so. Two linear queries
    joined here: one OPTIONAL per territory over 40,000 territories is minutes in the engine."""
    # Rows are unpacked by position (the order of the SELECT), which is faster than by name over
    # the hundreds of thousands of rows of a national graph.
    codes = {territory.value: (code.value if code else f"NUTS {nuts.value}" if nuts else "")
             for territory, code, nuts in store.query(_TERRITORY_CODES)}
    parents: dict[str, dict[str, tuple[int, str]]] = {}
    for territory, label, level in store.query(_TERRITORY_PARENTS):
        rank = _PARENT_RANK.get(level.value)
        if rank is None:
            continue
        lang = label.language or ""
        for language in ((lang,) if lang else ("en", "fr")):
            best = parents.setdefault(territory.value, {}).get(language)
            if best is None or rank < best[0]:
                parents[territory.value][language] = (rank, label.value)
    contexts = {}
    for territory, code in codes.items():
        wider = parents.get(territory, {})
        contexts[territory] = {
            language: " · ".join(part for part in (wider.get(language, (0, ""))[1], code) if part)
            for language in ("en", "fr")}
    return contexts


# What a result says of a body and what the search filters read: its type, its dates (start, end,
# and the end of its activity, psg:activeUntil, which tells an ended body), and the territories it
# lies in (its territory's nesting closure, psg:withinOrSelf).
_TYPES = _HEAD + "SELECT ?r ?t WHERE { ?r a ?t . ?t a psg:BodyType FILTER(isIRI(?r)) }"
_DATES = _HEAD + """
SELECT ?r ?which ?d WHERE {
  { ?r psg:startDate ?d BIND("start" AS ?which) } UNION { ?r psg:endDate ?d BIND("end" AS ?which) }
  UNION { ?r psg:activeUntil ?d BIND("until" AS ?which) }
  FILTER(isIRI(?r)) }"""
_PLACES = _HEAD + """
SELECT DISTINCT ?r ?w WHERE { ?r psg:territory ?t . ?t psg:withinOrSelf ?w FILTER(isIRI(?r)) }"""

SCHEMA = """
CREATE VIRTUAL TABLE documents USING fts5(
    names, extra, iri UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE resources (iri TEXT PRIMARY KEY, kind TEXT NOT NULL, rank INTEGER NOT NULL,
    label_en TEXT, label_fr TEXT, context_en TEXT, context_fr TEXT, names TEXT NOT NULL,
    type TEXT, start TEXT, ends TEXT, until TEXT);
CREATE TABLE places (iri TEXT NOT NULL, territory TEXT NOT NULL);
CREATE INDEX places_by_territory ON places (territory, iri);
"""


def _kinds(store: ox.Store) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for kind, pattern in KINDS:
        for (resource,) in store.query(f"{_HEAD}SELECT DISTINCT ?r WHERE {{ {pattern} FILTER(isIRI(?r)) }}"):
            kinds.setdefault(resource.value, kind)
    return kinds


def _first_by_language(store: ox.Store, query: str) -> dict[str, dict[str, str]]:
    """resource → {language: the first value in that language (an untagged one stands for both)}."""
    found: dict[str, dict[str, str]] = {}
    for resource, label, lang in store.query(query):  # ?r ?label ?lang
        values = found.setdefault(resource.value, {})
        for language in ((lang.value,) if lang.value else ("en", "fr")):
            values.setdefault(language, label.value)
    return found


def _all(store: ox.Store, query: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for resource, label, *_ in store.query(query):  # ?r ?label …
        values = found.setdefault(resource.value, [])
        if label.value not in values:
            values.append(label.value)
    return found


def write_index(store: ox.Store, folder: Path) -> int:
    """Write ``folder/search.sqlite`` for the store; the number of indexed resources."""
    kinds = _kinds(store)
    labels, extra = _all(store, _LABELS), _all(store, _TYPE_WORDS)
    names = _first_by_language(store, _NAMES)
    contexts = {**_first_by_language(store, _BODY_CONTEXT), **_territory_contexts(store)}
    types = {resource.value: kind.value for resource, kind in store.query(_TYPES)}  # type: ignore[misc]
    dates: dict[str, dict[str, str]] = {}
    for resource, which, day in store.query(_DATES):  # type: ignore[misc]
        dates.setdefault(resource.value, {}).setdefault(which.value, day.value)
    target = folder / INDEX_NAME
    target.unlink(missing_ok=True)
    connection = sqlite3.connect(target)
    try:
        connection.executescript(SCHEMA)
        indexed = [iri for iri in kinds if iri in labels]
        connection.executemany("INSERT INTO documents VALUES (?, ?, ?)",
                               [(" | ".join(labels[iri]), " | ".join(extra.get(iri, [])), iri)
                                for iri in indexed])
        connection.executemany(
            "INSERT INTO resources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(iri, kinds[iri], KIND_ORDER[kinds[iri]], names.get(iri, {}).get("en"),
              names.get(iri, {}).get("fr"), contexts.get(iri, {}).get("en"), contexts.get(iri, {}).get("fr"),
              " | ".join(labels[iri]), types.get(iri), *(dates.get(iri, {}).get(which)
                                                       for which in ("start", "end", "until")))
             for iri in indexed])
        connection.executemany("INSERT INTO places VALUES (?, ?)",
                               [(body.value, area.value) for body, area in store.query(_PLACES)  # type: ignore[misc]
                                if kinds.get(body.value) == "body"])
        connection.commit()
    finally:
        connection.close()
    return len(indexed)
