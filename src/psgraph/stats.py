"""Counts of what the graph holds: by country, level and body type, plus sources and law."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from psgraph.tables import render_table

PREFIXES = """
PREFIX psg: <https://w3id.org/psgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""

# Bodies, instruments and institutions per jurisdiction, and body types per jurisdiction (a generic
# type without psg:typeJurisdiction counts for every jurisdiction that has a body of that type).
ENTITIES_BY_COUNTRY = PREFIXES + """
SELECT ?country ?countryLabel
       (COUNT(DISTINCT ?arrangement) AS ?arrangements)
       (COUNT(DISTINCT ?institution) AS ?institutions)
       (COUNT(DISTINCT ?type) AS ?types)
WHERE {
  {
    ?arrangement rdf:type/rdfs:subClassOf* psg:PartnershipArrangement ; psg:jurisdiction ?country .
  } UNION {
    ?institution rdf:type/rdfs:subClassOf* psg:Institution ; psg:jurisdiction ?country .
  } UNION {
    ?type a psg:BodyType ; psg:typeJurisdiction ?country .
  } UNION {
    ?type a psg:BodyType .
    FILTER NOT EXISTS { ?type psg:typeJurisdiction ?declared }
    ?instance rdf:type ?type ; psg:jurisdiction ?country .
  }
  OPTIONAL { ?country rdfs:label ?countryLabel FILTER (lang(?countryLabel) = "en") }
}
GROUP BY ?country ?countryLabel
ORDER BY DESC(COUNT(DISTINCT ?arrangement) + COUNT(DISTINCT ?institution) + COUNT(DISTINCT ?type))
"""

BODIES_BY_LEVEL = PREFIXES + """
SELECT ?levelLabel ?rank (COUNT(DISTINCT ?body) AS ?bodies) WHERE {
  { ?body rdf:type/rdfs:subClassOf* psg:PartnershipArrangement }
  UNION { ?body rdf:type/rdfs:subClassOf* psg:Institution }
  ?body psg:level ?level .
  ?level psg:levelRank ?rank .
  OPTIONAL { ?level rdfs:label ?levelLabel FILTER (lang(?levelLabel) = "en") }
}
GROUP BY ?levelLabel ?rank
ORDER BY ?rank
"""

BODIES_BY_TYPE = PREFIXES + """
SELECT ?typeLabel ?countryLabel (COUNT(DISTINCT ?body) AS ?bodies) WHERE {
  ?body rdf:type ?type .
  { ?type a psg:BodyType } UNION { VALUES ?type { psg:Institution } }
  OPTIONAL {
    ?body psg:jurisdiction ?country .
    ?country rdfs:label ?countryLabel FILTER (lang(?countryLabel) = "en")
  }
  OPTIONAL { ?type rdfs:label ?typeLabel FILTER (lang(?typeLabel) = "en") }
}
GROUP BY ?typeLabel ?countryLabel
ORDER BY ?countryLabel DESC(?bodies) ?typeLabel
"""

LEGAL_BY_JURISDICTION = PREFIXES + """
SELECT ?jurisdiction
       (COUNT(DISTINCT ?act) AS ?acts)
       (COUNT(DISTINCT ?article) AS ?articles)
       (COUNT(DISTINCT ?document) AS ?documents)
WHERE {
  {
    ?act a eli:LegalResource . FILTER NOT EXISTS { ?act eli:is_part_of ?whole }
    BIND (?act AS ?resource)
  } UNION {
    ?article a eli:LegalResource ; eli:is_part_of ?whole .
    BIND (?article AS ?resource)
  } UNION {
    ?document a psg:PolicyDocument .
    BIND (?document AS ?resource)
  }
  BIND (UCASE(STRBEFORE(STRAFTER(STR(?resource), "/id/law/"), "/")) AS ?jurisdiction)
}
GROUP BY ?jurisdiction
ORDER BY ?jurisdiction
"""

# Bodies that exist by law (generated from a rule that institutes one on every territory of a level),
# per rule version: how many are in force on the day, and how many the version ever instituted.
INSTITUTED = PREFIXES + """
SELECT ?countryLabel ?typeLabel ?ruleLabel (COUNT(DISTINCT ?current) AS ?inForce)
       (COUNT(DISTINCT ?body) AS ?instituted)
WHERE {
  ?body psg:institutedBy ?rule ; a ?type ; psg:jurisdiction ?country ; psg:startDate ?start .
  ?type a psg:BodyType .
  OPTIONAL { ?body psg:endDate ?end }
  BIND (IF(?start <= ?today && (!BOUND(?end) || ?today < ?end), ?body, ?none) AS ?current)
  OPTIONAL { ?country rdfs:label ?countryLabel FILTER (lang(?countryLabel) = "en") }
  OPTIONAL { ?type rdfs:label ?typeLabel FILTER (lang(?typeLabel) = "en") }
  OPTIONAL { ?rule rdfs:label ?ruleLabel FILTER (lang(?ruleLabel) = "en") }
}
GROUP BY ?countryLabel ?typeLabel ?ruleLabel
ORDER BY ?countryLabel DESC(?inForce) ?ruleLabel
"""

# Bodies observed in a source (recorded from a text, a dataset or a page, not generated from a rule),
# per country and type: how many, how many carry an official code, how many sources they cite, and
# across how many counties (départements, police force areas) they lie. Three queries joined in
# Python: one with the three facets as OPTIONALs took 11 s on the real graph.
_OBSERVED_BODIES = """
  { SELECT DISTINCT ?body ?type ?country WHERE { ?body psg:recordBasis psg:ObservedInSource ; a ?type ;
      psg:jurisdiction ?country . { ?type a psg:BodyType } UNION { VALUES ?type { psg:Institution } } } }"""
OBSERVED = [PREFIXES + f"""
SELECT ?country ?type (COUNT(DISTINCT ?body) AS ?bodies) (COUNT(DISTINCT ?coded) AS ?withCode) WHERE {{
  {_OBSERVED_BODIES}
  OPTIONAL {{ ?body psg:officialCode ?code BIND(?body AS ?coded) }}
}} GROUP BY ?country ?type""", PREFIXES + f"""
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?country ?type (COUNT(DISTINCT ?source) AS ?sources) (COUNT(DISTINCT ?page) AS ?pages) WHERE {{
  {_OBSERVED_BODIES}
  ?body psg:citation ?citation . ?citation dcterms:source ?source .
  OPTIONAL {{ ?source a psg:WebPage BIND(?source AS ?page) }}
}} GROUP BY ?country ?type""", PREFIXES + f"""
SELECT ?country ?type (COUNT(DISTINCT ?county) AS ?counties) WHERE {{
  {_OBSERVED_BODIES}
  ?body psg:territory ?territory . ?territory psg:within* ?county .
  ?county psg:territoryLevel psg:County . FILTER NOT EXISTS {{ ?county psg:nutsCode ?nuts }}
}} GROUP BY ?country ?type"""]
OBSERVED_LABELS = PREFIXES + """
SELECT ?x ?label WHERE { ?x rdfs:label ?label FILTER(LANG(?label) = "en")
  { ?x a psg:BodyType } UNION { VALUES ?x { psg:Institution } } UNION { ?b psg:jurisdiction ?x } }"""


# The member states a rule makes members of a network (the EUCPN), with the dates of their membership,
# the national crime-prevention bodies a source records for each (a national council or organisation,
# or a type declared its close match, with a crime-prevention mandate) and the seats in the network a
# source gives its bodies, with their roles and kinds of organisation.
MEMBER_STATES = PREFIXES + """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?countryLabel ?networkLabel ?memberFrom ?memberUntil (COUNT(DISTINCT ?body) AS ?bodies)
       (COUNT(DISTINCT ?seat) AS ?seats) (GROUP_CONCAT(DISTINCT ?held; separator=", ") AS ?heldBy)
WHERE {
  ?rule a psg:StatutoryMembershipRule ; psg:membershipIn ?network .
  ?membership psg:institutedBy ?rule ; org:organization ?network ; psg:territory ?country ;
              psg:startDate ?memberFrom .
  OPTIONAL { ?membership psg:endDate ?memberUntil }
  OPTIONAL {
    { VALUES ?type { psg:NationalCrimePreventionCouncil psg:CrimePreventionOrganisation } }
    UNION { psg:NationalCrimePreventionCouncil skos:closeMatch ?type }
    ?body a ?type ; psg:jurisdiction ?country ; psg:level psg:National ; psg:citation ?cited ;
          psg:hasMandate/psg:domain psg:CrimePrevention .
    FILTER NOT EXISTS { ?body psg:institutedBy ?generated }
  }
  OPTIONAL {
    ?seat org:organization ?network ; org:member ?sitting ; org:role ?role .
    ?sitting psg:jurisdiction ?country .
    OPTIONAL { ?role rdfs:label ?roleLabel FILTER (lang(?roleLabel) = "en") }
    OPTIONAL { ?sitting psg:bodyKind/rdfs:label ?kindLabel FILTER (lang(?kindLabel) = "en") }
    BIND (CONCAT(?roleLabel, " (", COALESCE(?kindLabel, "kind not stated"), ")") AS ?held)
  }
  OPTIONAL { ?country rdfs:label ?countryLabel FILTER (lang(?countryLabel) = "en") }
  OPTIONAL { ?network rdfs:label ?networkLabel FILTER (lang(?networkLabel) = "en") }
}
GROUP BY ?countryLabel ?networkLabel ?memberFrom ?memberUntil
ORDER BY ?networkLabel ?countryLabel
"""

TOTALS = PREFIXES + """
SELECT
  (COUNT(DISTINCT ?mandate) AS ?mandates)
  (COUNT(DISTINCT ?membership) AS ?memberships)
  (COUNT(DISTINCT ?territory) AS ?territories)
  (COUNT(DISTINCT ?citation) AS ?citations)
  (COUNT(DISTINCT ?quote) AS ?quotes)
  (COUNT(DISTINCT ?disagreement) AS ?disagreements)
WHERE {
  { ?mandate a psg:Mandate }
  UNION { ?membership a <http://www.w3.org/ns/org#Membership> }
  UNION { ?territory a psg:Territory }
  UNION { ?x psg:citation ?citation }
  UNION { ?c psg:quote ?quote }
  UNION { ?disagreement a psg:Disagreement }
}
"""


TERRITORIES_BY_SOURCE = """
PREFIX psg: <https://w3id.org/psgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?dataset ?datasetLabel ?levelLabel (COUNT(DISTINCT ?territory) AS ?territories)
       (SUM(IF(BOUND(?code), 1, 0)) AS ?withCode) (SAMPLE(?codeKind) AS ?codeName)
WHERE {
  ?territory psg:territoryLevel ?level ; psg:citation ?citation .
  ?citation dcterms:source ?dataset .
  ?dataset a psg:Dataset .
  OPTIONAL { ?dataset rdfs:label ?datasetLabel FILTER(LANGMATCHES(LANG(?datasetLabel), "en")) }
  OPTIONAL { ?level skos:prefLabel ?levelLabel FILTER(LANGMATCHES(LANG(?levelLabel), "en")) }
  OPTIONAL { VALUES ?codeKind { "inseeCode" "sirenCode" "gssCode" "nutsCode" "isoCode" }
             ?territory ?codeProperty ?code
             FILTER(?codeProperty = IRI(CONCAT(STR(psg:), ?codeKind))) }
}
GROUP BY ?dataset ?datasetLabel ?levelLabel
ORDER BY ?datasetLabel DESC(?territories)
"""


@dataclass
class Stats:
    by_country: list[dict[str, object]] = field(default_factory=list)
    by_level: list[dict[str, object]] = field(default_factory=list)
    by_type: list[dict[str, object]] = field(default_factory=list)
    legal: list[dict[str, object]] = field(default_factory=list)
    instituted: list[dict[str, object]] = field(default_factory=list)
    observed: list[dict[str, object]] = field(default_factory=list)
    member_states: list[dict[str, object]] = field(default_factory=list)
    today: str = ""
    territories: list[dict[str, object]] = field(default_factory=list)
    totals: dict[str, object] = field(default_factory=dict)
    triples: int = 0


def _rows(store: ox.Store, query: str) -> list[dict[str, object]]:
    solutions = store.query(query)
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row: dict[str, object] = {}
        for name in names:
            term = solution[name]
            if term is None:
                row[name] = None
            elif isinstance(term, ox.Literal) and term.datatype.value.endswith("#integer"):
                row[name] = int(term.value)
            else:
                row[name] = term.value
        rows.append(row)
    return rows


def collect(store: ox.Store, today: date | None = None) -> Stats:
    day = (today or date.today()).isoformat()
    return Stats(
        instituted=_rows(store, INSTITUTED.replace("?today", f'"{day}"^^<http://www.w3.org/2001/XMLSchema#date>')),
        today=day,
        observed=_observed(store),
        member_states=_rows(store, MEMBER_STATES),
        by_country=_rows(store, ENTITIES_BY_COUNTRY),
        by_level=_rows(store, BODIES_BY_LEVEL),
        by_type=_rows(store, BODIES_BY_TYPE),
        legal=_rows(store, LEGAL_BY_JURISDICTION),
        territories=_rows(store, TERRITORIES_BY_SOURCE),
        totals=_rows(store, TOTALS)[0],
        triples=len(store),
    )


def _observed(store: ox.Store) -> list[dict[str, object]]:
    labels = {row["x"]: row["label"] for row in _rows(store, OBSERVED_LABELS)}
    merged: dict[tuple[object, object], dict[str, object]] = {}
    for query in OBSERVED:
        for row in _rows(store, query):
            entry = merged.setdefault((row["country"], row["type"]), {
                "countryLabel": labels.get(str(row["country"]), row["country"]),
                "typeLabel": labels.get(str(row["type"]), row["type"]),
                "bodies": 0, "withCode": 0, "sources": 0, "pages": 0, "counties": 0})
            entry.update({k: v for k, v in row.items() if k not in ("country", "type")})
    return sorted(merged.values(),
                  key=lambda r: (str(r["countryLabel"]), -int(r["bodies"]), str(r["typeLabel"])))


def render_text(stats: Stats) -> str:
    parts = ["Entities by country or jurisdiction (bodies and instruments, institutions, body types)"]
    parts.append(render_table(
        ["jurisdiction", "bodies & instruments", "institutions", "body types", "entities"],
        [[r["countryLabel"] or r["country"], r["arrangements"], r["institutions"], r["types"],
          int(r["arrangements"]) + int(r["institutions"]) + int(r["types"])]  # type: ignore[arg-type]
         for r in stats.by_country]))
    parts += ["", "Bodies, instruments and institutions by level of governance"]
    parts.append(render_table(["level", "count"], [[r["levelLabel"], r["bodies"]] for r in stats.by_level]))
    parts += ["", "Bodies by type and jurisdiction"]
    parts.append(render_table(["type", "jurisdiction", "count"],
                              [[r["typeLabel"], r["countryLabel"], r["bodies"]] for r in stats.by_type]))
    parts += ["", f"Bodies instituted by law on every territory of a level (in force on {stats.today})"]
    parts.append(render_table(
        ["jurisdiction", "type", "instituting rule", "in force", "ever instituted"],
        [[r["countryLabel"], r["typeLabel"], r["ruleLabel"], r["inForce"], r["instituted"]]
         for r in stats.instituted]))
    parts += ["", "Bodies observed in a source (recorded from a text, a dataset or a web page), "
                  "by jurisdiction and type"]
    parts.append(render_table(
        ["jurisdiction", "type", "observed", "with an official code", "sources cited", "of which web pages",
         "counties (départements, police areas)"],
        [[r["countryLabel"], r["typeLabel"], r["bodies"], r["withCode"], r["sources"], r["pages"],
          r["counties"]]
         for r in stats.observed]))
    parts += _member_states(stats.member_states)
    parts += ["", "Legal instruments and policy documents by jurisdiction"]
    parts.append(render_table(
        ["jurisdiction", "legal acts", "articles", "policy documents"],
        [[r["jurisdiction"], r["acts"], r["articles"], r["documents"]] for r in stats.legal]))
    parts += ["", "Territories by source dataset and level (official codes)"]
    parts.append(render_table(
        ["source", "level", "territories", "codes given", "code"],
        [[r["datasetLabel"] or r["dataset"], r["levelLabel"], r["territories"], r["withCode"],
          r["codeName"] or ""] for r in stats.territories]))
    totals = stats.totals
    parts += ["", "Totals: " + ", ".join(f"{value} {name}" for name, value in totals.items())
              + f", {stats.triples} triples."]
    return "\n".join(parts)


def _member_states(rows: list[dict[str, object]]) -> list[str]:
    """Each member state's membership of the network a rule gives it, and what sources record of its
    national crime-prevention bodies and of who represents it there."""
    if not rows:
        return []
    current = [r for r in rows if not r["memberUntil"]]
    sourced = [r for r in current if int(r["bodies"] or 0) > 0]  # type: ignore[call-overload]
    represented = [r for r in rows if int(r["seats"] or 0) > 0]  # type: ignore[call-overload]
    title = (f"Member states in the {rows[0]['networkLabel'] or 'network'}: membership by rule, national "
             f"crime-prevention bodies and seats a source records ({len(sourced)} of {len(current)} member "
             f"states with a sourced national body; {len(represented)} with a sourced seat)")
    return ["", title, render_table(
        ["member state", "member from", "member until", "national bodies", "seats", "held by (role, kind)"],
        [[r["countryLabel"], r["memberFrom"], r["memberUntil"] or "", r["bodies"], r["seats"],
          r["heldBy"] or ""] for r in rows])]
