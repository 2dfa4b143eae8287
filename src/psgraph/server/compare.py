"""`/compare?countries=fr,uk[,eu,dk …]&as_of=`: the body types of each country side by side, per level of
governance — who leads them, their legal bases and dates, their statutory seats, their functional
equivalents — with the literature's findings about each level and a timeline of the types. A country
whose law the graph holds no body type of (Denmark, Sweden …) shows the types that hold across
countries (a national crime-prevention council) with its recorded bodies of each."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from psgraph.errors import InputError
from psgraph.prefixes import PREFIXES
from psgraph.results import ResultTable
from psgraph.server.resources import Link, labels_in, level_order, local_path
from psgraph.server.words import authority

TERRITORY = PREFIXES["terr"]
_HEAD = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in ("psg", "org", "skos", "rdfs"))
_CODE = re.compile(r"^[a-z]{2,8}$")
MAX_COUNTRIES = 30  # every member state, the United Kingdom and the European levels



@dataclass
class TypeCard:
    type: Link
    since: str = ""
    until: str = ""
    chair: list[str] = field(default_factory=list)  # "mayor (elected)"
    bases: list[Link] = field(default_factory=list)
    seats: list[str] = field(default_factory=list)
    equivalents: list[Link] = field(default_factory=list)
    bodies: list[Link] = field(default_factory=list)  # for a type across countries: this country's


@dataclass
class LevelRow:
    level: str
    cells: list[list[TypeCard]]
    findings: list[list[Link]] = field(default_factory=list)  # per country, what the literature finds


@dataclass
class Comparison:
    countries: list[Link]
    rows: list[LevelRow]
    timeline: str  # a Vega-Lite specification (JSON), "" when no type has a date


def parse_countries(text: str, find: Callable[[str], str] | None = None) -> list[str]:
    """The country IRIs ``text`` lists, separated by commas: codes (fr, uk, eu) or, with ``find``
    (the build's names of countries), names in English or French (France, Royaume-Uni, Denmark)."""
    items = [item.strip() for item in text.split(",") if item.strip()] or ["fr", "uk"]
    if len(items) > MAX_COUNTRIES:
        raise InputError(f"Parameter countries={text!r} lists {len(items)} countries; "
                         f"{MAX_COUNTRIES} at the most.")
    countries = []
    for item in items:
        if find is not None and not _CODE.match(item):  # "France" is a name, "fr" or "eu" a code
            try:
                countries.append(find(item))
                continue
            except InputError:
                if not (_CODE.match(item.lower()) and item.isupper()):  # "FR" may still be a code
                    raise
        if _CODE.match(item.lower()):
            countries.append(TERRITORY + item.lower())
        else:
            raise InputError(
                f"Parameter countries={text!r} must list 1 to {MAX_COUNTRIES} country codes separated "
                "by commas, e.g. fr,uk,eu."
            )
    return list(dict.fromkeys(countries))


def compare(countries: Sequence[str], as_of: date, lang: str, store: ox.Store) -> Comparison:
    """The comparison, read from the server's read-only store (fixed queries; the countries are
    codes that parse_countries checked)."""

    def select(query: str) -> ResultTable:
        return ResultTable.from_solutions(store.query(query))

    values = " ".join(f"<{c}>" for c in countries)
    day = f'"{as_of.isoformat()}"^^<http://www.w3.org/2001/XMLSchema#date>'
    types = select(
        _HEAD
        + f"""
        SELECT ?type ?country ?level ?start ?end ?body WHERE {{
          VALUES ?country {{ {values} }}
          ?type a psg:BodyType ; psg:typeJurisdiction ?country ; psg:typeLevel ?level .
          OPTIONAL {{ ?type psg:startDate ?start }} OPTIONAL {{ ?type psg:endDate ?end }}
        }}"""
    )
    found = [dict(zip(types.variables, row, strict=True)) for row in types.rows]
    without = [c for c in countries if c not in {row["country"].value for row in found}]
    if without:  # no type of its own: the types across countries, at the level of each of its bodies
        across = select(
            _HEAD
            + f"""
            SELECT ?type ?country ?level ?start ?end ?body WHERE {{
              VALUES ?country {{ {" ".join(f"<{c}>" for c in without)} }}
              ?type a psg:BodyType . FILTER NOT EXISTS {{ ?type psg:typeJurisdiction ?anywhere }}
              ?body a ?type ; psg:jurisdiction ?country ; psg:level ?level .
              OPTIONAL {{ ?body psg:activeFrom ?from }} OPTIONAL {{ ?body psg:activeUntil ?until }}
              FILTER((!BOUND(?from) || ?from <= {day}) && (!BOUND(?until) || {day} < ?until))
            }}"""
        )
        found += [dict(zip(across.variables, row, strict=True)) for row in across.rows]
    for row in found:  # a type of one country is one card; a type across countries, one per country and level
        where = "" if row["body"] is None else f" {row['country'].value} {row['level'].value}"
        row["key"] = row["type"].value + where
    known = {row["country"].value for row in found}
    missing = [c for c in countries if c not in known]
    if missing:
        codes = ", ".join(c.removeprefix(TERRITORY) for c in missing)
        raise InputError(
            f"The graph records no body type for {codes}, nor any body"
            f" (countries with some: {', '.join(_countries_recorded(store))})."
        )
    iris = " ".join(sorted({f"<{row['type'].value}>" for row in found}))
    seats = select(
        _HEAD
        + f"""
        SELECT ?type ?holder ?role ?kind WHERE {{
          VALUES ?type {{ {iris} }}
          ?type psg:requiresMember ?seat . ?seat psg:seatHolder ?holder ; org:role ?role .
          OPTIONAL {{ ?seat psg:startDate ?from }} OPTIONAL {{ ?seat psg:endDate ?until }}
          FILTER((!BOUND(?from) || ?from <= {day}) && (!BOUND(?until) || {day} < ?until))
          OPTIONAL {{ ?holder psg:authorityKind ?kind }}
        }}"""
    )
    bases = select(
        _HEAD + f"SELECT ?type ?law WHERE {{ VALUES ?type {{ {iris} }} ?type psg:legalBasis ?law }}"
    )
    matches = select(
        _HEAD
        + f"""
        SELECT ?type ?other WHERE {{ VALUES ?type {{ {iris} }}
          {{ ?type skos:closeMatch|skos:relatedMatch ?other }}
          UNION {{ ?other skos:closeMatch|skos:relatedMatch ?type }} }}"""
    )
    ranked = level_order(store)
    levels = " ".join(f"<{level}>" for level in ranked)
    findings = select(
        _HEAD
        + f"""
        SELECT DISTINCT ?finding ?level ?country WHERE {{
          VALUES ?country {{ {values} }} VALUES ?level {{ {levels} }}
          ?finding psg:concernsLevel ?level ; psg:concernsJurisdiction ?country }} ORDER BY ?finding"""
    )
    everything = {
        term.value
        for table in (types, seats, bases, matches, findings)
        for row in table.rows
        for term in row
        if isinstance(term, ox.NamedNode)
    } | set(countries) | {row[k].value for row in found for k in ("type", "body") if row[k] is not None}
    labels = labels_in(store, everything, lang)

    def link(iri: str) -> Link:
        return Link(labels.get(iri, iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]), local_path(iri), iri)

    cards: dict[str, TypeCard] = {}
    of_type: dict[str, list[TypeCard]] = defaultdict(list)
    for row in found:
        start, end = (row[k].value if row[k] is not None else "" for k in ("start", "end"))
        if row["key"] not in cards:
            cards[row["key"]] = TypeCard(link(row["type"].value), start, end)
            of_type[row["type"].value].append(cards[row["key"]])
        if row["body"] is not None:
            cards[row["key"]].bodies.append(link(row["body"].value))
    for type_, holder, role, kind in seats.rows:
        name = labels.get(holder.value, holder.value)
        who = authority(name, labels.get(kind.value, "")).render(lang) if kind else name
        for card in of_type[type_.value]:
            (card.chair if role.value.endswith("#ChairRole") else card.seats).append(who)
    for type_, law in bases.rows:
        for card in of_type[type_.value]:
            card.bases.append(link(law.value))
    for type_, other in matches.rows:
        if other.value != type_.value:
            for card in of_type[type_.value]:
                card.equivalents.append(link(other.value))
    active = {
        iri
        for iri, card in cards.items()
        if (not card.since or card.since <= as_of.isoformat())
        and (not card.until or as_of.isoformat() < card.until)
    }
    grouped: dict[tuple[str, str], list[TypeCard]] = defaultdict(list)
    for key in dict.fromkeys(row["key"] for row in found):
        if key in active:
            row = next(r for r in found if r["key"] == key)
            grouped[(row["level"].value, row["country"].value)].append(cards[key])
    by_level: dict[tuple[str, str], list[Link]] = defaultdict(list)
    for finding, level, country in findings.rows:
        by_level[(level.value, country.value)].append(link(finding.value))
    rows = []
    for level in ranked:
        cells = [
            sorted(grouped.get((level, country), []), key=lambda c: c.type.text.lower())
            for country in countries
        ]
        said = [by_level.get((level, country), []) for country in countries]
        if any(cells) or any(said):
            for cell in cells:
                for card in cell:
                    card.chair.sort()
                    card.seats.sort()
                    card.bodies.sort(key=lambda body: body.text.lower())
            rows.append(LevelRow(labels.get(level, level), cells, said if any(said) else []))
    return Comparison([link(c) for c in countries], rows, _timeline(found, cards, labels, as_of))


def _timeline(
    found: list[dict[str, object]], cards: dict[str, TypeCard], labels: dict[str, str], as_of: date
) -> str:
    """Each dated body type as a bar from its creation to its end (or the date asked), one band per
    country."""
    values = []
    for row in found:
        if row["body"] is not None:
            continue  # a type across countries has no date of its own
        card = cards[row["key"]]  # type: ignore[index]
        if not card.since:
            continue
        values.append(
            {
                "type": card.type.text,
                "country": labels.get(row["country"].value, ""),  # type: ignore[union-attr]
                "from": card.since,
                "until": card.until or as_of.isoformat(),
                "ended": bool(card.until),
            }
        )
    if not values:
        return ""
    return json.dumps(
        {
            "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "data": {"values": values},
            "config": {"view": {"stroke": None}, "axis": {"labelLimit": 320}, "aria": False},
            "facet": {
                "row": {
                    "field": "country",
                    "type": "nominal",
                    "title": None,
                    "header": {"labelAngle": 0, "labelAlign": "left", "labelFontWeight": "bold"},
                }
            },
            "resolve": {"scale": {"y": "independent"}},
            "spec": {
                "width": 760,
                "height": {"step": 16},
                "mark": {"type": "bar", "cornerRadius": 2},
                "encoding": {
                    "x": {"field": "from", "type": "temporal", "title": None, "axis": {"format": "%Y"}},
                    "x2": {"field": "until"},
                    "y": {"field": "type", "type": "nominal", "title": None, "sort": {"field": "from"}},
                    "color": {"field": "country", "type": "nominal", "legend": None},
                    "tooltip": [
                        {"field": "type"},
                        {"field": "from", "type": "temporal"},
                        {"field": "until", "type": "temporal"},
                    ],
                },
            },
        }
    )


def _countries_recorded(store: ox.Store) -> list[str]:
    """The codes of the countries and areas with a body type of their own or a recorded body."""
    rows = store.query(
        _HEAD
        + f"""
        SELECT DISTINCT ?country WHERE {{
          {{ ?type a psg:BodyType ; psg:typeJurisdiction ?country }}
          UNION {{ ?type a psg:BodyType . ?body a ?type ; psg:jurisdiction ?country }}
          FILTER(STRSTARTS(STR(?country), "{TERRITORY}")) }} ORDER BY ?country"""
    )
    return [row[0].value.removeprefix(TERRITORY) for row in rows]  # type: ignore[union-attr,index]
