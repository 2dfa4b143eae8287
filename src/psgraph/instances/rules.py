"""Reading the instituting rules, their territories and the seats of their body types from a store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from psgraph.prefixes import PREFIXES

PSG = PREFIXES["psg"]
_HEAD = (f"PREFIX psg: <{PSG}>\nPREFIX rdfs: <{PREFIXES['rdfs']}>\nPREFIX org: <{PREFIXES['org']}>\n"
         f"PREFIX dcterms: <{PREFIXES['dcterms']}>\n")


@dataclass(frozen=True)
class Seat:
    holder: str
    role: str
    start: date | None
    end: date | None


@dataclass(frozen=True)
class Mandate:
    domains: tuple[str, ...]
    functions: tuple[str, ...]
    start: date | None
    end: date | None


@dataclass(frozen=True)
class Transfer:
    """From ``start`` the functions of the instituted body on ``territory`` pass to ``successor``."""

    territory: str
    start: date
    successor: str
    basis: tuple[str, ...]


@dataclass(frozen=True)
class Territory:
    iri: str
    code: str
    label_en: str
    label_fr: str
    start: date | None
    end: date | None


@dataclass(frozen=True)
class Rule:
    iri: str
    body_type: str
    level: str
    within: str
    start: date
    end: date | None
    key: str
    name_en: str
    name_fr: str
    jurisdiction: str
    replaces: str | None
    citations: tuple[tuple[str, str | None], ...]
    legal_basis: tuple[str, ...]
    seats: tuple[Seat, ...] = ()
    institution: bool = False   # an office such as the PCC: a chair, but no memberships
    mandates: tuple[Mandate, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    territories: tuple[Territory, ...] = field(default=())


def _rows(store: ox.Store, query: str) -> list[list[ox.Term | None]]:
    return [list(row) for row in store.query(_HEAD + query)]  # type: ignore[union-attr]


def _text(term: ox.Term | None) -> str | None:
    return None if term is None else term.value


def _date(term: ox.Term | None) -> date | None:
    return None if term is None else date.fromisoformat(term.value)


def _rule_rows(store: ox.Store) -> list[list[ox.Term | None]]:
    return _rows(store, """
        SELECT ?rule ?type ?level ?within ?start ?end ?key ?en ?fr ?replaces WHERE {
          ?rule a psg:StatutoryObligation ; psg:ruleKind psg:InstitutesRule ; psg:obligedBodyType ?type ;
                psg:obligedLevel ?level ; psg:obligedWithin ?within ; psg:startDate ?start ;
                psg:instanceKey ?key ; psg:instanceName ?en , ?fr .
          FILTER (lang(?en) = "en" && lang(?fr) = "fr")
          OPTIONAL { ?rule psg:endDate ?end }
          OPTIONAL { ?rule dcterms:replaces ?replaces }
        } ORDER BY ?rule""")


def read_rules(store: ox.Store) -> list[Rule]:
    """Every instituting rule version, with what it needs to generate its bodies."""
    rules = []
    for rule, body_type, level, within, start, end, key, en, fr, replaces in _rule_rows(store):
        assert rule is not None and body_type is not None and level is not None and within is not None
        iri = rule.value
        rules.append(Rule(
            iri=iri, body_type=body_type.value, level=level.value, within=within.value,
            start=date.fromisoformat(_text(start) or ""), end=_date(end), key=_text(key) or "",
            name_en=_text(en) or "", name_fr=_text(fr) or "", jurisdiction=_jurisdiction(store, within.value),
            replaces=_text(replaces), citations=_citations(store, iri), legal_basis=_legal_basis(store, iri),
            seats=_seats(store, body_type.value), mandates=_mandates(store, body_type.value),
            transfers=_transfers(store, iri), institution=_is_institution(store, body_type.value),
            territories=_territories(store, iri, level.value, within.value)))
    return rules


def _jurisdiction(store: ox.Store, within: str) -> str:
    """The country the rule applies in: its area itself if national, else the national area above it."""
    rows = _rows(store, f"""
        SELECT ?country WHERE {{
          <{within}> psg:within* ?country . ?country psg:territoryLevel psg:National }}""")
    return rows[0][0].value if rows and rows[0][0] is not None else within


def _citations(store: ox.Store, rule: str) -> tuple[tuple[str, str | None], ...]:
    rows = _rows(store, f"""
        SELECT ?source ?locator WHERE {{ <{rule}> psg:citation ?c . ?c dcterms:source ?source .
          OPTIONAL {{ ?c psg:locator ?locator }} }} ORDER BY ?source ?locator""")
    return tuple((source.value, _text(locator)) for source, locator in rows if source is not None)


def _legal_basis(store: ox.Store, rule: str) -> tuple[str, ...]:
    rows = _rows(store, f"SELECT ?law WHERE {{ <{rule}> psg:legalBasis ?law }} ORDER BY ?law")
    return tuple(law.value for (law,) in rows if law is not None)


def _seats(store: ox.Store, body_type: str) -> tuple[Seat, ...]:
    rows = _rows(store, f"""
        SELECT ?holder ?role ?start ?end WHERE {{
          <{body_type}> psg:requiresMember ?seat . ?seat psg:seatHolder ?holder ; org:role ?role .
          OPTIONAL {{ ?seat psg:startDate ?start }} OPTIONAL {{ ?seat psg:endDate ?end }}
        }} ORDER BY ?role ?holder ?start""")
    return tuple(Seat(holder.value, role.value, _date(start), _date(end))
                 for holder, role, start, end in rows if holder is not None and role is not None)


def _is_institution(store: ox.Store, body_type: str) -> bool:
    return bool(store.query(f"{_HEAD} ASK {{ <{body_type}> rdfs:subClassOf* psg:Institution }}"))


def _sorted_words(term: ox.Term | None) -> tuple[str, ...]:
    return tuple(sorted((_text(term) or "").split()))


def _mandates(store: ox.Store, body_type: str) -> tuple[Mandate, ...]:
    rows = _rows(store, f"""
        SELECT ?mandate ?start ?end
               (GROUP_CONCAT(DISTINCT STR(?domain); separator=" ") AS ?domains)
               (GROUP_CONCAT(DISTINCT STR(?function); separator=" ") AS ?functions) WHERE {{
          <{body_type}> psg:typeMandate ?mandate .
          OPTIONAL {{ ?mandate psg:domain ?domain }} OPTIONAL {{ ?mandate psg:function ?function }}
          OPTIONAL {{ ?mandate psg:startDate ?start }} OPTIONAL {{ ?mandate psg:endDate ?end }}
        }} GROUP BY ?mandate ?start ?end""")
    mandates = {Mandate(_sorted_words(domains), _sorted_words(functions), _date(start), _date(end))
                for _, start, end, domains, functions in rows}
    return tuple(sorted(mandates, key=lambda m: (m.start or date.min, m.domains, m.functions)))


def _transfers(store: ox.Store, rule: str) -> tuple[Transfer, ...]:
    rows = _rows(store, f"""
        SELECT ?territory ?start ?successor ?law WHERE {{
          <{rule}> psg:functionsTransferred ?transfer .
          ?transfer psg:territory ?territory ; psg:startDate ?start ; psg:transferredTo ?successor .
          OPTIONAL {{ ?transfer psg:legalBasis ?law }}
        }} ORDER BY ?territory ?start ?law""")
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for territory, start, successor, law in rows:
        assert territory is not None and start is not None and successor is not None
        laws = grouped.setdefault((territory.value, start.value, successor.value), [])
        if law is not None:
            laws.append(law.value)
    return tuple(Transfer(territory, date.fromisoformat(start), successor, tuple(laws))
                 for (territory, start, successor), laws in grouped.items())


def _territories(store: ox.Store, rule: str, level: str, within: str) -> tuple[Territory, ...]:
    """The territories of the rule's level within its area: administrative ones (not NUTS regions),
    of the kind it names if it names one, less those it leaves out."""
    rows = _rows(store, f"""
        SELECT ?territory ?code ?en ?fr ?start ?end WHERE {{
          ?territory psg:territoryLevel <{level}> ; psg:within+ <{within}> ; rdfs:label ?en , ?fr .
          FILTER (lang(?en) = "en" && lang(?fr) = "fr")
          FILTER NOT EXISTS {{ ?territory psg:nutsCode ?nuts }}
          FILTER NOT EXISTS {{ <{rule}> psg:obligedTerritoryType ?kind .
                               FILTER NOT EXISTS {{ ?territory a ?kind }} }}
          FILTER NOT EXISTS {{ <{rule}> psg:exceptTerritory ?territory }}
          OPTIONAL {{ ?territory psg:inseeCode|psg:gssCode ?code }}
          OPTIONAL {{ ?territory psg:startDate ?start }} OPTIONAL {{ ?territory psg:endDate ?end }}
        }} ORDER BY ?territory""")
    territories = []
    for territory, code, en, fr, start, end in rows:
        assert territory is not None
        local = territory.value.rstrip("/").rsplit("/", 1)[-1]
        territories.append(Territory(territory.value, _text(code) or local, _text(en) or local,
                                     _text(fr) or local, _date(start), _date(end)))
    return tuple(territories)
