"""A readable page for every identifier: where an IRI lives on this server, and what its page shows.

The page is assembled from a few SELECT queries on the resource — its statements, the nodes it
describes inline (mandates, citations, seats), what points to it, its members and the bodies it sits
on, its lineage — and one more that labels every IRI they return in the reader's language. Pure
functions here; app.py runs the queries (on the server's read-only handle, else by a query worker).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from psgraph.materialise.output import GENID
from psgraph.prefixes import PREFIXES
from psgraph.results import ResultTable, compact, display

BASE = "https://w3id.org/psgraph/"
ID_BASE = BASE + "id/"
ONTOLOGY = PREFIXES["psg"]
LANGUAGES = ("en", "fr")
MAX_IRI_CHARS = 2_000

Run = Callable[[str], ResultTable]

_HEAD = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n"
                for name in ("psg", "rdf", "rdfs", "skos", "org", "dcterms", "eli"))

# The queries read bare rows; the IRIs of all of them are then labelled in one query (labels_in):
# labelling in each query, four OPTIONALs for every IRI column, multiplied each row by the
# resource's labels in every language before grouping them away — 13 ms for a body's inline nodes
# at national scale, against 1 ms bare.

STATEMENTS = _HEAD + """
SELECT DISTINCT ?p ?o WHERE { ?resource ?p ?o . FILTER(!isBlank(?o)) } LIMIT 500"""

# Nodes the resource describes inline (mandates, citations, seat requirements) and one level below
# (a mandate's citation).
NESTED = _HEAD + """
SELECT DISTINCT ?p ?node ?q ?v ?r ?w WHERE {
  ?resource ?p ?node . FILTER(isBlank(?node))
  ?node ?q ?v .
  OPTIONAL { ?v ?r ?w . FILTER(isBlank(?v)) }
} LIMIT 2000"""

# At most 1,000 referring resources: a class such as psg:Territory has 40,000.
# What links to the resource, but not the nodes the build materialises for the canned queries (a
# load entry, a membership or level overlap): computations, read through those queries.
INCOMING = _HEAD + f"""
SELECT DISTINCT ?p ?s WHERE {{
  ?s ?p ?resource . FILTER(isIRI(?s) && !STRSTARTS(STR(?s), "{GENID}")) }} LIMIT 1000"""

# The memberships first (a sub-select, so that the engine starts from the resource), then what
# describes them.
MEMBERS = _HEAD + """
SELECT ?member ?role ?seat ?start ?end (SAMPLE(?q) AS ?quote) ?source WHERE {
  { SELECT ?m ?member ?role WHERE {
      ?m org:organization ?resource ; org:member ?member ; org:role ?role } LIMIT 500 }
  OPTIONAL { ?m psg:seatKind ?seat }
  OPTIONAL { ?m psg:startDate ?start } OPTIONAL { ?m psg:endDate ?end }
  OPTIONAL { ?m psg:citation ?c . ?c dcterms:source ?source . OPTIONAL { ?c psg:quote ?q } }
} GROUP BY ?member ?role ?seat ?start ?end ?source"""

SITS_ON = _HEAD + """
SELECT DISTINCT ?body ?role ?start ?end WHERE {
  { SELECT ?m ?body ?role WHERE { ?m org:member ?resource ; org:organization ?body ; org:role ?role }
     LIMIT 1000 }
  OPTIONAL { ?m psg:startDate ?start } OPTIONAL { ?m psg:endDate ?end }
}"""

LINEAGE = _HEAD + """
SELECT DISTINCT ?direction ?other ?kind ?date WHERE {
  { SELECT ?e ?other ?direction WHERE {
      { ?e org:originalOrganization ?resource ; org:resultingOrganization ?other
         BIND("successor" AS ?direction) }
      UNION { ?e psg:originalType ?resource ; psg:resultingType ?other BIND("successor" AS ?direction) }
      UNION { ?e org:resultingOrganization ?resource ; org:originalOrganization ?other
               BIND("predecessor" AS ?direction) }
      UNION { ?e psg:resultingType ?resource ; psg:originalType ?other BIND("predecessor" AS ?direction) }
  } }
  FILTER(?other != ?resource)
  OPTIONAL { ?e psg:eventType ?kind } OPTIONAL { ?e psg:date ?date }
} ORDER BY ?date"""


def local_path(iri: str) -> str:
    """Where this server shows ``iri``: /id/… for the project's identifiers, /ontology/Term for its
    terms, /resource?iri=… for any other IRI."""
    if iri.startswith(ID_BASE) and len(iri) > len(ID_BASE):
        return "/id/" + urllib.parse.quote(iri[len(ID_BASE):], safe="/-_.~:")
    if iri.startswith(ONTOLOGY) and iri[len(ONTOLOGY):].isidentifier():
        return "/ontology/" + urllib.parse.quote(iri[len(ONTOLOGY):], safe="")
    return "/resource?" + urllib.parse.urlencode({"iri": iri})


def iri_of(path: str, query: Mapping[str, str]) -> str | None:
    """The IRI a local path shows, or None (the path is not a resource page)."""
    if path.startswith("/id/") and len(path) > 4:
        return ID_BASE + path[4:]  # already decoded once by the WSGI server: "%25" stays "%"
    if path.startswith("/ontology/") and path[10:].isidentifier():
        return ONTOLOGY + path[10:]
    if path == "/resource":
        return query.get("iri")
    return None


def valid_iri(iri: str) -> bool:
    """An IRI that SPARQL's IRIREF accepts: no control character, space or <>"{}|^`\\ (so that it
    cannot end the <…> it is written in)."""
    if not (0 < len(iri) <= MAX_IRI_CHARS and iri.startswith(("http://", "https://", "urn:"))
            and not any(char in '<>"{}|^`\\' or ord(char) <= 0x20 or ord(char) == 0x7F for char in iri)):
        return False
    try:  # the engine's own reading (RFC 3987): no C1 control, no broken %-escape
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Link:
    text: str
    href: str = ""
    title: str = ""


@dataclass
class Statement:
    property: Link
    values: list[Link] = field(default_factory=list)


@dataclass
class Node:
    """A node the resource describes inline (a mandate, a citation), as property–value pairs."""

    property: Link
    pairs: list[tuple[Link, list[Link]]] = field(default_factory=list)


@dataclass
class Page:
    iri: str
    label: str
    other_labels: list[str]
    types: list[Link]
    statements: list[Statement]
    nodes: list[Node]
    incoming: list[Statement]
    members: list[list[Link]]
    sits_on: list[list[Link]]
    lineage: list[list[Link]]

    @property
    def territory(self) -> bool:
        """A territory's page, which opens with what exists there (psgraph.server.territory)."""
        return any(link.title == PREFIXES["psg"] + "Territory" for link in self.types)

    @property
    def empty(self) -> bool:
        return not (self.statements or self.nodes or self.incoming or self.members or self.sits_on)


# Words for the terms of other vocabularies the pages show (they carry no labels in the graph).
EXTERNAL_LABELS: dict[str, tuple[str, str]] = {
    PREFIXES["rdf"] + "type": ("is a", "est un(e)"),
    PREFIXES["rdfs"] + "label": ("name", "nom"),
    PREFIXES["rdfs"] + "comment": ("comment", "commentaire"),
    PREFIXES["rdfs"] + "subClassOf": ("kind of", "sorte de"),
    PREFIXES["rdfs"] + "isDefinedBy": ("defined by", "défini par"),
    PREFIXES["skos"] + "prefLabel": ("name", "nom"),
    PREFIXES["skos"] + "altLabel": ("also called", "autre nom"),
    PREFIXES["skos"] + "definition": ("definition", "définition"),
    PREFIXES["skos"] + "note": ("note", "note"),
    PREFIXES["skos"] + "inScheme": ("in scheme", "dans le vocabulaire"),
    PREFIXES["skos"] + "topConceptOf": ("top concept of", "concept de tête de"),
    PREFIXES["dcterms"] + "source": ("source", "source"),
    PREFIXES["dcterms"] + "date": ("date", "date"),
    PREFIXES["dcterms"] + "creator": ("author", "auteur"),
    PREFIXES["dcterms"] + "title": ("title", "titre"),
    PREFIXES["dcterms"] + "replaces": ("replaces", "remplace"),
    PREFIXES["dcterms"] + "temporal": ("period covered", "période couverte"),
    PREFIXES["dcterms"] + "accrualPeriodicity": ("frequency", "périodicité"),
    PREFIXES["org"] + "role": ("role", "rôle"),
    PREFIXES["org"] + "member": ("member", "membre"),
    PREFIXES["org"] + "organization": ("body", "instance"),
    PREFIXES["org"] + "subOrganizationOf": ("part of", "fait partie de"),
    PREFIXES["org"] + "originalOrganization": ("before the change", "avant le changement"),
    PREFIXES["org"] + "resultingOrganization": ("after the change", "après le changement"),
    PREFIXES["eli"] + "title": ("title", "titre"),
    PREFIXES["eli"] + "type_document": ("kind of document", "type de document"),
    PREFIXES["eli"] + "passed_by": ("adopted by", "adopté par"),
    PREFIXES["eli"] + "date_document": ("date", "date"),
    PREFIXES["eli"] + "is_part_of": ("part of", "fait partie de"),
    PREFIXES["eli"] + "cites": ("cites", "cite"),
    PREFIXES["eli"] + "amends": ("amends", "modifie"),
    PREFIXES["eli"] + "based_on": ("based on", "fondé sur"),
    PREFIXES["eli"] + "in_force": ("in force", "en vigueur"),
}


def _link(term: object, label: object = None, lang: str = "en") -> Link:
    """A term as a link to its page, named by its label (or a known name, or its compact IRI)."""
    if term is None:
        return Link("")
    if isinstance(term, ox.NamedNode):
        if isinstance(label, ox.Literal):
            text = label.value
        elif term.value in EXTERNAL_LABELS:
            text = EXTERNAL_LABELS[term.value][LANGUAGES.index(lang)]
        else:
            text = compact(term.value)
        return Link(text, local_path(term.value), term.value)
    assert isinstance(term, ox.Literal | ox.BlankNode)
    return Link(display(term))


def _records(table: ResultTable) -> list[dict[str, object]]:
    return [dict(zip(table.variables, row, strict=True)) for row in table.rows]


def _group(rows: list[dict[str, object]], key: str, value: str, lang: str) -> list[Statement]:
    grouped: dict[str, Statement] = {}
    for row in rows:
        prop = row[key]
        assert isinstance(prop, ox.NamedNode)
        statement = grouped.setdefault(prop.value, Statement(_link(prop, row.get(key + "Label"), lang)))
        statement.values.append(_link(row[value], row.get(value + "Label"), lang))
    return sorted(grouped.values(), key=lambda s: s.property.text.lower())


def _nodes(rows: list[dict[str, object]], lang: str) -> list[Node]:
    nodes: dict[str, Node] = {}
    inner: dict[str, dict[str, list[tuple[Link, Link]]]] = {}
    for row in rows:
        node = row["node"]
        assert isinstance(node, ox.BlankNode)
        entry = nodes.setdefault(node.value, Node(_link(row["p"], row.get("pLabel"), lang)))
        value = row["v"]
        if isinstance(value, ox.BlankNode):
            if row.get("r") is not None:
                inner.setdefault(node.value, {}).setdefault(value.value, []).append(
                    (_link(row["r"], row.get("rLabel"), lang), _link(row["w"], row.get("wLabel"), lang)))
            continue
        prop = _link(row["q"], row.get("qLabel"), lang)
        link = _link(value, row.get("vLabel"), lang)
        for existing, values in entry.pairs:
            if existing.title == prop.title:
                if link not in values:
                    values.append(link)
                break
        else:
            entry.pairs.append((prop, [link]))
    for node_id, children in inner.items():
        for pairs in children.values():
            text = " · ".join(f"{p.text}: {v.text}" for p, v in sorted(set(pairs), key=lambda pv: pv[0].text))
            nodes[node_id].pairs.append((Link("—"), [Link(text)]))
    return sorted(nodes.values(), key=lambda n: n.property.text.lower())


def _row(record: Mapping[str, object], lang: str, *names: str) -> list[Link]:
    return [_link(record.get(name), record.get(name + "Label"), lang) for name in names]


def build_page(iri: str, lang: str, run: Run) -> Page:
    lang = lang if lang in LANGUAGES else "en"

    def ask(query: str) -> list[dict[str, object]]:
        return _records(run(bound(query, iri, lang)))

    statements = ask(STATEMENTS)
    is_type = ox.NamedNode(PREFIXES["rdf"] + "type")
    found = {"statements": statements, "nested": ask(NESTED), "incoming": ask(INCOMING),
             "members": ask(MEMBERS), "sits_on": ask(SITS_ON), "lineage": ask(LINEAGE)}
    labels = _page_labels(found.values(), run, lang)
    rows = {name: _with_labels(records, labels) for name, records in found.items()}
    names = [row["o"] for row in statements if isinstance(row["p"], ox.NamedNode)
             and row["p"].value in (PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel")]
    own = [name for name in names if isinstance(name, ox.Literal) and name.language == lang]
    label = (own or names or [None])[0]
    return Page(
        iri=iri,
        label=label.value if isinstance(label, ox.Literal) else compact(iri),
        other_labels=sorted({f"{name.value} ({name.language})"
                             if isinstance(name, ox.Literal) and name.language
                             else str(getattr(name, "value", name)) for name in names if name is not label}),
        types=[_link(row["o"], row.get("oLabel"), lang) for row in rows["statements"] if row["p"] == is_type],
        statements=_group([row for row in rows["statements"] if row["p"] != is_type], "p", "o", lang),
        nodes=_nodes(rows["nested"], lang),
        incoming=_group(_by_labels(rows["incoming"], "p", "sLabel"), "p", "s", lang),
        members=[_row(r, lang, "member", "role", "seat", "start", "end", "source", "quote")
                 for r in _by_labels(rows["members"], "roleLabel", "memberLabel")],
        sits_on=[_row(r, lang, "body", "role", "start", "end")
                 for r in _by_labels(rows["sits_on"], "bodyLabel", "roleLabel", "start")],
        lineage=[_row(r, lang, "direction", "other", "kind", "date") for r in rows["lineage"]],
    )


def _labels_query(iris: Iterable[str], lang: str | None = None) -> str:
    """The labels of the IRIs (those valid_iri accepts; "" when none is), ranked: rdfs:label 1,
    skos:prefLabel 2; only those in ``lang`` when it is one of LANGUAGES."""
    values = " ".join(f"<{iri}>" for iri in iris if valid_iri(iri))
    only = f'FILTER(LANG(?l) = "{lang}")' if lang in LANGUAGES else ""
    return f"""{_HEAD}SELECT ?x ?l ?k WHERE {{ VALUES ?x {{ {values} }}
            {{ ?x rdfs:label ?l BIND(1 AS ?k) {only} }}
            UNION {{ ?x skos:prefLabel ?l BIND(2 AS ?k) {only} }} }}""" if values else ""


def _labels(iris: Iterable[str], lang: str, rows_of: Callable[[str], Iterable[tuple[object, ...]]]
            ) -> dict[str, str]:
    """One label per IRI (see _chosen), read in the reader's language first and in any language
    only for the IRIs that have none in it: reading every language decodes twice the strings (a
    département's 723 incoming links, 33 ms against 17)."""
    wanted = set(iris)
    query = _labels_query(wanted, lang)
    found = _chosen(rows_of(query), lang) if query else {}
    # a language outside LANGUAGES reads every language at once: there is nothing left to look for
    missing = _labels_query(wanted - set(found)) if lang in LANGUAGES else ""
    if missing:
        found.update(_chosen(rows_of(missing), lang))
    return found


def _chosen(rows: Iterable[tuple[object, object, object]], lang: str) -> dict[str, str]:
    """One label per IRI from (IRI, label, rank) rows: in ``lang`` before any other language, then
    rdfs:label (rank 1) before skos:prefLabel; the first one found among equals."""
    found: dict[str, tuple[tuple[bool, int], str]] = {}
    for iri, label, rank in rows:
        if not isinstance(iri, ox.NamedNode) or not isinstance(label, ox.Literal):
            continue
        key = (label.language != lang, int(rank.value) if isinstance(rank, ox.Literal) else 2)
        if iri.value not in found or key < found[iri.value][0]:
            found[iri.value] = (key, label.value)
    return {iri: label for iri, (_, label) in found.items()}


def level_order(store: ox.Store) -> list[str]:
    """The levels of governance from the widest down, by their rank in the level scheme."""
    ranked = store.quads_for_pattern(None, ox.NamedNode(PREFIXES["psg"] + "levelRank"), None)
    return [q.subject.value for q in sorted(ranked, key=lambda q: int(q.object.value))]


def labels_in(store: ox.Store, iris: Iterable[str], lang: str) -> dict[str, str]:
    """The label (rdfs:label or skos:prefLabel) of each IRI in ``lang``, else in another language."""
    return _labels(iris, lang, lambda query: (tuple(row) for row in store.query(query)))


def _page_labels(tables: Iterable[list[dict[str, object]]], run: Run, lang: str) -> dict[str, str]:
    """The labels of every IRI in the page's rows."""
    iris = {value.value for records in tables for record in records for value in record.values()
            if isinstance(value, ox.NamedNode)}
    return _labels(iris, lang, lambda query: run(query).rows)


def _with_labels(records: list[dict[str, object]], labels: Mapping[str, str]) -> list[dict[str, object]]:
    """The records with a ``fooLabel`` beside each IRI column ``foo`` that has a label."""
    return [{**record, **{f"{name}Label": ox.Literal(labels[value.value]) for name, value in record.items()
                          if isinstance(value, ox.NamedNode) and value.value in labels}}
            for record in records]


def _by_labels(records: list[dict[str, object]], *columns: str) -> list[dict[str, object]]:
    def key(record: dict[str, object]) -> tuple[str, ...]:
        return tuple(str(getattr(record.get(column), "value", "")).lower() for column in columns)
    return sorted(records, key=key)


def describe_query(iri: str) -> str:
    """A CONSTRUCT of the resource's concise bounded description (its statements and the blank nodes
    they lead to, two levels deep) and of the memberships and changes that name it; one branch per
    triple pattern, so that each triple is written once."""
    node = f"<{iri}>"
    links = "org:organization|org:member|org:originalOrganization|org:resultingOrganization"
    return f"""PREFIX org: <{PREFIXES['org']}>
CONSTRUCT {{ {node} ?p ?o . ?b ?q ?v . ?c ?r ?w }}
WHERE {{
  {{ {node} ?p ?o }}
  UNION {{ {node} ?p1 ?b . FILTER(isBlank(?b)) ?b ?q ?v }}
  UNION {{ {node} ?p2 ?b2 . FILTER(isBlank(?b2)) ?b2 ?q2 ?c . FILTER(isBlank(?c)) ?c ?r ?w }}
  UNION {{ ?b {links} {node} . FILTER(isBlank(?b)) ?b ?q ?v }}
  UNION {{ ?b3 {links} {node} . FILTER(isBlank(?b3)) ?b3 ?q3 ?c . FILTER(isBlank(?c)) ?c ?r ?w }}
}}"""


def bound(query: str, iri: str, lang: str) -> str:
    """The query with the resource and the language written in. The IRI has passed valid_iri (no
    character that could end it) and the language is one of LANGUAGES."""
    if not valid_iri(iri) or lang not in LANGUAGES:
        raise ValueError("an unchecked IRI or language")
    return re.sub(r"\?lang\b", f'"{lang}"', re.sub(r"\?resource\b", f"<{iri}>", query))
