"""What each kind of cell can name, read from a store: the reconciliation indexes.

Read with linear queries joined here (one OPTIONAL per territory over 36,000 territories took 3.5 s
in the engine); the build runs this once and keeps the result (psgraph.intake.nameindex).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from psgraph.intake import layout
from psgraph.intake.reconcile import Index, Reconciler, normal
from psgraph.prefixes import PREFIXES
from psgraph.results import compact

_HEAD = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
_SUFFIXES = ("Role", "Seat", "Precision", "Confidence")
PSG = PREFIXES["psg"]

# The vocabularies a column takes, by the scheme (or the pattern) their values come from.
SCHEMES = {
    layout.LEVEL: "?x skos:inScheme psg:LevelScheme",
    layout.DOMAIN: "?x skos:inScheme psg:DomainScheme",
    layout.FUNCTION: "?x skos:inScheme psg:FunctionScheme",
    layout.SEAT: "?x skos:inScheme psg:SeatKindScheme",
    layout.PRECISION: "?x skos:inScheme psg:PrecisionScheme",
    layout.CONFIDENCE: "?x skos:inScheme psg:ConfidenceScheme",
    layout.ROLE: "?x a org:Role",
    layout.TYPOLOGY: "?x skos:inScheme ?s . ?s a psg:Typology",
    layout.FREQUENCY: "?x skos:inScheme psg:FrequencyScheme",
    layout.END_CONDITION: "?x skos:inScheme psg:EndConditionScheme",
    layout.RELATION: "{ ?x rdfs:subPropertyOf psg:coordinationLink } UNION { VALUES ?x { psg:subBodyOf } }",
    layout.CHANGE: "?x skos:inScheme psg:ChangeScheme",
    layout.DOCUMENT_TYPE: "{ ?x skos:inScheme psg:DocumentTypeScheme } UNION { VALUES ?x { psg:Dataset } }",
    layout.MEASURE: "?x skos:inScheme psg:MeasureScheme",
    layout.FINDING_KIND: "?x skos:inScheme psg:FindingKindScheme",
    layout.BODY_KIND: "?x skos:inScheme psg:BodyKindScheme",
}
SOURCE_CLASSES = ("psg:SeedText", "psg:Dataset", "eli:LegalResource", "psg:PolicyDocument", "psg:WebPage")
_NUMBER_WORDS = (
    "loi",
    "law",
    "act",
    "décret",
    "decret",
    "decree",
    "ordonnance",
    "arrêté",
    "circulaire",
    "circular",
    "decision",
    "décision",
    "communication",
    "com",
)
# The classes of bodies: the body types, and institutions (bodies that are no partnership: an
# inspectorate, a national mission), which the same sheets describe.
BODY_CLASSES = "{ ?x a psg:BodyType } UNION { VALUES ?x { psg:Institution } }"
_COUNTRIES = tuple(PREFIXES["terr"] + name for name in ("fr", "uk", "eu", "coe", "europe", "world"))


def _rows(store: ox.Store, query: str) -> Iterator[list[str]]:
    for solution in store.query(_HEAD + query):
        yield [term.value if term is not None else "" for term in solution]


def compute(store: ox.Store) -> Reconciler:
    indexes = {kind: Index(kind) for kind in (*layout.VOCABULARIES, *layout.KIND_NAMES)}
    levels = _territories(store, indexes[layout.TERRITORY], indexes[layout.COUNTRY])
    types = {
        iri: (level, country)
        for iri, level, country in _rows(
            store,
            f"""
            SELECT ?x (COALESCE(?l, "") AS ?level) (COALESCE(?c, "") AS ?country) WHERE {{
              {BODY_CLASSES} OPTIONAL {{ ?x psg:typeLevel ?l }}
              OPTIONAL {{ ?x psg:typeJurisdiction ?c }} }}""",
        )
    }
    _labelled(store, indexes[layout.BODY_TYPE], BODY_CLASSES)
    # An office is suggested before an organisation, and a private one (a company, an association)
    # only when it is very close: a misspelt office never suggests a company.
    tiers = {
        iri: 0 if kind == "office" else 2 if private == "true" else 1
        for iri, kind, private in _rows(
            store,
            """
            SELECT ?x ?kind (BOUND(?n) AS ?private) WHERE {
              { ?x a psg:Office BIND("office" AS ?kind) } UNION { ?x a org:Organization BIND("org" AS ?kind) }
              OPTIONAL { ?x psg:authorityKind ?n FILTER(?n = psg:NonStatutory) } }""",
        )
    }
    _labelled(store, indexes[layout.ACTOR], "{ ?x a psg:Office } UNION { ?x a org:Organization }", tiers)
    _labelled(store, indexes[layout.SOURCE], " UNION ".join(f"{{ ?x a {c} }}" for c in SOURCE_CLASSES))
    _documents(store, indexes[layout.LAW], indexes[layout.SOURCE])
    _labelled(
        store, indexes[layout.BODY], f"?x a ?x_ . {BODY_CLASSES.replace('?x', '?x_')} FILTER(isIRI(?x))"
    )
    target = indexes[layout.TARGET]
    for kind in (layout.BODY, layout.BODY_TYPE, layout.ACTOR):
        for key, iris in indexes[kind].names.items():
            target.names[key] |= iris  # type: ignore[index]
        target.candidates.update(indexes[kind].candidates)  # type: ignore[attr-defined]
    for kind, pattern in SCHEMES.items():
        _labelled(store, indexes[kind], pattern)
    holders: dict[str, set[str]] = defaultdict(set)
    for body_type, holder in _rows(
        store,
        """
        SELECT DISTINCT ?t ?h WHERE { ?t psg:requiresMember ?seat . ?seat psg:seatHolder ?h
          FILTER NOT EXISTS { ?seat psg:endDate ?e } }""",
    ):
        holders[body_type].add(holder)
    classes = dict(_rows(store, "SELECT ?k ?c WHERE { ?k psg:documentClass ?c }"))
    ranks = {level: int(rank) for level, rank in _rows(store, "SELECT ?l ?r WHERE { ?l psg:levelRank ?r }")}
    return Reconciler(indexes, types, levels, {t: frozenset(h) for t, h in holders.items()}, classes, ranks)


def _territories(store: ox.Store, territories: Index, countries: Index) -> dict[str, str]:
    """Territories by name in either language and official code; a commune is shown with its
    département (Saint-Denis (93) [93066]), so that namesakes can be told apart in a message and in
    the cell, and can be written "Saint-Denis (93)"."""
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    levels: dict[str, str] = {}
    for iri, label, lang in _rows(
        store,
        """
        SELECT ?t ?l (LANG(?l) AS ?lang) WHERE { ?t a psg:Territory ; rdfs:label ?l }""",
    ):
        labels[iri].setdefault(lang, label)
    for iri, level in _rows(store, "SELECT ?t ?v WHERE { ?t a psg:Territory ; psg:territoryLevel ?v }"):
        levels[iri] = level
    codes: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for iri, code, rank in _rows(
        store,
        """
        SELECT ?t ?c ?rank WHERE { ?t a psg:Territory .
          VALUES (?p ?rank) { (psg:inseeCode 0) (psg:gssCode 0) (psg:sirenCode 1) (psg:isoCode 2)
                              (psg:nutsCode 3) }
          ?t ?p ?c }""",
    ):
        codes[iri].append((int(rank), code))
    areas: dict[str, tuple[str, str]] = {}
    for iri, area_en, area_code in _rows(
        store,
        """
        SELECT ?t ?en (COALESCE(?code, "") AS ?c) WHERE {
          ?a psg:territoryLevel psg:County ; rdfs:label ?en FILTER(LANG(?en) = "en")
          OPTIONAL { ?a psg:inseeCode ?code }
          ?t psg:within ?a . ?t a psg:Territory }""",
    ):
        areas.setdefault(iri, (area_en, area_code))
    for iri, by_language in labels.items():
        en, fr = by_language.get("en", ""), by_language.get("fr", "")
        name = en or fr or next(iter(by_language.values()), "")
        area = areas.get(iri)
        # The code a cell shows: INSEE or GSS first, then SIREN, ISO, NUTS.
        code = min(codes[iri])[1] if codes.get(iri) else ""
        all_codes = [c for _, c in codes.get(iri, [])]
        shown = f"{name} ({area[1] or area[0]})" if area else name
        shown_fr = f"{fr or name} ({area[1] or area[0]})" if area else (fr or name)
        territories.add(
            iri,
            f"{shown} [{code}]" if code else shown,
            en,
            fr,
            *all_codes,
            area=[normal(part) for part in (area or ()) if part],
            label_fr=f"{shown_fr} [{code}]" if code else shown_fr,
        )
        if iri in _COUNTRIES or (
            levels.get(iri, "").endswith("#National")
            and iri.startswith(PREFIXES["terr"])
            and iri.count("/") == PREFIXES["terr"].count("/")
        ):
            countries.add(iri, en or fr, en, fr, iri.rsplit("/", 1)[-1], *all_codes, label_fr=fr)
    return levels


def _labelled(store: ox.Store, index: Index, pattern: str, tiers: dict[str, int] | None = None) -> None:
    names: dict[str, dict[str, str]] = defaultdict(dict)
    alternatives: dict[str, list[str]] = defaultdict(list)
    for iri, label, lang, alternative in _rows(
        store,
        f"""
        SELECT DISTINCT ?x ?l (LANG(?l) AS ?lang) (BOUND(?alt) AS ?a) WHERE {{
          {{ SELECT DISTINCT ?x WHERE {{ {pattern} }} }}
          OPTIONAL {{ {{ ?x rdfs:label ?l }} UNION {{ ?x skos:prefLabel ?l }}
                     UNION {{ ?x skos:altLabel ?l BIND(true AS ?alt) }} }} }}""",
    ):
        if not label:
            names.setdefault(iri, {})
        elif alternative == "true":
            alternatives[iri].append(label)
        else:
            names[iri].setdefault(lang, label)
    for iri in sorted({*names, *alternatives}):
        by_language = names.get(iri, {})
        en, fr = by_language.get("en", ""), by_language.get("fr", "")
        local = re.split(r"[#/]", iri)[-1]
        short = next((local.removesuffix(s) for s in _SUFFIXES if local.endswith(s) and local != s), local)
        label = (
            f"{en} ({fr})"
            if en and fr and normal(en) != normal(fr) and len(en) + len(fr) < 80
            else en or fr or next(iter(by_language.values()), "") or local
        )
        index.add(
            iri,
            label,
            en,
            fr,
            local,
            short,
            *sorted(alternatives.get(iri, [])),
            tier=(tiers or {}).get(iri, 0),
            label_fr=fr if fr and fr != label else "",
        )


def _documents(store: ox.Store, laws: Index, sources: Index) -> None:
    """Legal texts and policy documents by label, number ("2007-297", "Loi 2007-297", "COM(2004)
    165"), NOR, ELI, CELEX (also written "CELEX 32009D0902"), and articles as "CSI L132-4" (the
    code's short name and the article). Legal texts are also legal bases; policy documents only sources."""
    facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for iri, kind, name, value in _rows(
        store,
        """
        SELECT ?x ?kind ?name ?v WHERE {
          { ?x a eli:LegalResource BIND("law" AS ?kind) }
          UNION { ?x a psg:PolicyDocument BIND("policy" AS ?kind) }
          { ?x psg:officialNumber ?v BIND("number" AS ?name) } UNION { ?x psg:nor ?v BIND("nor" AS ?name) }
          UNION { ?x psg:eli ?v BIND("eli" AS ?name) } UNION { ?x psg:celex ?v BIND("celex" AS ?name) }
          UNION { ?x psg:article ?v BIND("article" AS ?name) }
          UNION { ?x eli:is_part_of ?p . ?p skos:altLabel ?v BIND("code" AS ?name) }
          UNION { ?x eli:is_part_of ?p . ?p rdfs:label ?pl FILTER(LANG(?pl) = "en")
                  BIND(REPLACE(?pl, "^.*\\\\(([^()]+)\\\\)$", "$1") AS ?v) BIND("code" AS ?name) }
          UNION { ?x eli:is_part_of ?v BIND("code" AS ?name) }
          UNION { ?x rdfs:label ?v BIND(CONCAT("label-", LANG(?v)) AS ?name) }
        }""",
    ):
        facts[iri][name].add(value)
        facts[iri]["kind"].add(kind)
    for iri in sorted(facts):
        fact = facts[iri]
        names = [
            *fact["label-en"],
            *fact["label-fr"],
            *fact["number"],
            *fact["nor"],
            *fact["eli"],
            *fact["celex"],
        ]
        names += [f"{prefix} {value}" for prefix in ("celex", "celex:") for value in fact["celex"]]
        names += [f"{prefix} {value}" for prefix in ("nor", "eli") for value in (*fact["nor"], *fact["eli"])]
        for number in fact["number"]:
            names += [f"{word}{sign} {number}" for word in _NUMBER_WORDS for sign in ("", " n°", " no")]
        codes = {value.rsplit("/", 1)[-1] for value in fact["code"]}
        names += [
            f"{code} {prefix}{article}"
            for article in fact["article"]
            for code in codes
            for prefix in ("", "art ", "article ")
        ]
        # A title is also found by its head, before the first comma ("Commission Communication COM(2004)
        # 165", "Tampere European Council"): two documents with the same head are offered as a choice.
        heads = [title.split(", ", 1)[0] for title in (*fact["label-en"], *fact["label-fr"]) if ", " in title]
        label = min(fact["label-en"], default="") or min(fact["label-fr"], default="") or compact(iri)
        label_fr = min(fact["label-fr"], default="")
        if "law" in fact["kind"]:
            laws.add(iri, label, *names, label_fr=label_fr, weak=heads)
        sources.add(iri, label, *names, label_fr=label_fr, weak=heads)


def keys_of(index: Index) -> Iterable[tuple[str, str]]:
    """(normalised name, IRI) pairs of an index, for writing it down."""
    for key, iris in index.names.items():
        for iri in iris:
            yield key, iri
