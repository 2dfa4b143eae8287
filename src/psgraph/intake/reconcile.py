"""Names, as curators write them, reconciled to the graph's identifiers.

Each kind of resource has an index from a normalised name (case, accents and punctuation folded:
"Saint-Etienne" = "saint étienne") to the resources that bear it: labels in both languages,
alternative labels and acronyms, official codes, compact identifiers. A name that matches one
resource is taken; one that matches several is refused with the candidates; one that matches
none is refused with the closest names (rapidfuzz), never taken silently (OpenRefine's rule).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rapidfuzz import fuzz, process

from psgraph.intake import layout
from psgraph.prefixes import PREFIXES
from psgraph.results import compact

_HEAD = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
_SUFFIXES = ("Role", "Seat", "Precision", "Confidence")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")  # "CA du Grand Avignon (COGA)" is also "CA du Grand Avignon"
_CODED = re.compile(r"^.+\[(?P<code>[^\[\]]+)\]$")
_QUALIFIER = re.compile(r"^(?P<name>.+?)\s*(?:\((?P<paren>[^()]+)\)|,\s*(?P<comma>[^,]+))$")


def normal(text: str) -> str:
    """Case, accents and punctuation folded: "Saint-Étienne" and "saint etienne" are one name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain.replace("œ", "oe").replace("’", "'")).split())


class Unmatched(ValueError):
    """A name that names nothing, or several things: the message says which and what to write."""


@dataclass
class Candidate:
    iri: str
    label: str  # how it is shown in a message
    area: set[str] = field(default_factory=set)  # normalised names and codes of its département/county


@dataclass
class Index:
    kind: str
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    candidates: dict[str, Candidate] = field(default_factory=dict)

    def add(self, iri: str, label: str, *names: str) -> Candidate:
        candidate = self.candidates.setdefault(iri, Candidate(iri, label))
        for name in (*names, label, compact(iri), iri):
            for variant in (
                name,
                *(_PARENTHESIS.findall(name or "") and [_PARENTHESIS.sub("", name).strip()]),
            ):
                key = normal(variant)
                if key:
                    self.names[key].add(iri)
        return candidate

    def find(self, text: str) -> str:
        """The IRI ``text`` names, or Unmatched with candidates or suggestions."""
        key = normal(text)
        found = self.names.get(key, set())
        if not found and (coded := _CODED.match(text.strip())):  # as shown: "Avignon (84) [84007]"
            found = self.names.get(normal(coded["code"]), set())
        if not found and (qualified := _QUALIFIER.match(text.strip())):
            within = normal(qualified["paren"] or qualified["comma"] or "")
            found = {
                iri
                for iri in self.names.get(normal(qualified["name"]), set())
                if within in self.candidates[iri].area
            }
        if len(found) == 1:
            return next(iter(found))
        if found:
            shown = sorted(self.candidates[iri].label for iri in found)
            more = f" and {len(shown) - 6} more" if len(shown) > 6 else ""
            raise Unmatched(
                f"'{text}' is the name of {len(shown)} different places or things of kind {self.kind} "
                f"({'; '.join(shown[:6])}{more}); write one of them as shown, or its code"
            )
        raise Unmatched(f"'{text}' matches no {self.kind}{self.suggestion(key)}")

    def suggestion(self, key: str) -> str:
        if not key or not self.names:
            return ""
        best = process.extract(key, list(self.names), scorer=fuzz.WRatio, limit=3, score_cutoff=80)
        labels = []
        for name, _score, _ in best:
            for iri in sorted(self.names[name]):
                if self.candidates[iri].label not in labels:
                    labels.append(self.candidates[iri].label)
        return f"; did you mean {' or '.join(repr(label) for label in labels[:3])}?" if labels else ""


def _rows(store: ox.Store, query: str) -> Iterable[list[str]]:
    for solution in store.query(_HEAD + query):
        yield [term.value if term is not None else "" for term in solution]


@dataclass
class Reconciler:
    """One index per kind of cell, read from the built graph."""

    indexes: dict[str, Index]
    body_types: dict[str, tuple[str, str]]  # type IRI → (its level, its country), "" when not stated
    territory_levels: dict[str, str]

    @classmethod
    def from_store(cls, store: ox.Store) -> Reconciler:
        indexes = {
            kind: Index(kind)
            for kind in (
                *layout.VOCABULARIES,
                layout.BODY_TYPE,
                layout.TERRITORY,
                layout.COUNTRY,
                layout.LAW,
                layout.ACTOR,
                layout.SOURCE,
            )
        }
        levels: dict[str, str] = {}
        names: dict[str, tuple[str, str]] = {}
        for iri, en, fr, code, level, area, area_en, area_code in _rows(
            store,
            """
            SELECT ?t ?en ?fr (COALESCE(?insee, ?siren, ?gss, ?nuts, "") AS ?code) ?level ?a ?aEn ?aCode
            WHERE {
              ?t a psg:Territory .
              OPTIONAL { ?t rdfs:label ?en FILTER(LANG(?en) = "en") }
              OPTIONAL { ?t rdfs:label ?fr FILTER(LANG(?fr) = "fr") }
              OPTIONAL { ?t psg:inseeCode ?insee } OPTIONAL { ?t psg:sirenCode ?siren }
              OPTIONAL { ?t psg:gssCode ?gss } OPTIONAL { ?t psg:nutsCode ?nuts }
              OPTIONAL { ?t psg:territoryLevel ?level }
              OPTIONAL { ?t psg:within/psg:withinOrSelf ?a .
                         ?a psg:territoryLevel psg:County ; rdfs:label ?aEn
                         FILTER(LANG(?aEn) = "en") OPTIONAL { ?a psg:inseeCode ?aCode } }
            }""",
        ):
            # A commune is shown with its département (Saint-Denis (93) [93066]), so that
            # namesakes can be told apart in a message and in the cell.
            shown = f"{en or fr} ({area_code or area_en})" if area else (en or fr)
            candidate = indexes[layout.TERRITORY].add(
                iri, f"{shown} [{code}]" if code else shown, en, fr, code
            )
            candidate.area.update(normal(name) for name in (area_en, area_code) if name)
            levels[iri], names[iri] = level, (en, fr)
        for iri in (PREFIXES["terr"] + name for name in ("fr", "uk", "eu", "coe", "europe", "world")):
            if iri in names:
                en, fr = names[iri]
                indexes[layout.COUNTRY].add(iri, en or fr, en, fr, iri.rsplit("/", 1)[-1])
        cls._labelled(store, indexes[layout.BODY_TYPE], "?x a psg:BodyType")
        cls._labelled(store, indexes[layout.ACTOR], "{ ?x a psg:Office } UNION { ?x a org:Organization }")
        cls._labelled(
            store,
            indexes[layout.SOURCE],
            "{ ?x a psg:SeedText } UNION { ?x a psg:Dataset } UNION { ?x a eli:LegalResource }",
        )
        cls._laws(store, indexes[layout.LAW], indexes[layout.SOURCE])
        schemes = {
            layout.LEVEL: "psg:LevelScheme",
            layout.DOMAIN: "psg:DomainScheme",
            layout.FUNCTION: "psg:FunctionScheme",
            layout.SEAT: "psg:SeatKindScheme",
            layout.PRECISION: "psg:PrecisionScheme",
            layout.CONFIDENCE: "psg:ConfidenceScheme",
        }
        for kind, scheme in schemes.items():
            cls._labelled(store, indexes[kind], f"?x skos:inScheme {scheme}")
        cls._labelled(store, indexes[layout.ROLE], "?x a org:Role")
        types = {
            iri: (level, country)
            for iri, level, country in _rows(
                store,
                """
            SELECT ?x (COALESCE(?l, "") AS ?level) (COALESCE(?c, "") AS ?country) WHERE {
              ?x a psg:BodyType OPTIONAL { ?x psg:typeLevel ?l } OPTIONAL { ?x psg:typeJurisdiction ?c } }""",
            )
        }
        return cls(indexes, types, levels)

    @staticmethod
    def _labelled(store: ox.Store, index: Index, pattern: str) -> None:
        for iri, en, fr, alt in _rows(
            store,
            f"""
            SELECT ?x (SAMPLE(?e) AS ?en) (SAMPLE(?f) AS ?fr)
                   (GROUP_CONCAT(DISTINCT ?a; separator="\\u001f") AS ?alt)
            WHERE {{ {pattern}
              OPTIONAL {{ {{ ?x rdfs:label ?e }} UNION {{ ?x skos:prefLabel ?e }} FILTER(LANG(?e) = "en") }}
              OPTIONAL {{ {{ ?x rdfs:label ?f }} UNION {{ ?x skos:prefLabel ?f }} FILTER(LANG(?f) = "fr") }}
              OPTIONAL {{ ?x skos:altLabel ?a }}
            }} GROUP BY ?x""",
        ):
            local = re.split(r"[#/]", iri)[-1]
            short = next(
                (local.removesuffix(s) for s in _SUFFIXES if local.endswith(s) and local != s), local
            )
            label = (
                f"{en} ({fr})"
                if en and fr and normal(en) != normal(fr) and len(en) + len(fr) < 80
                else en or fr or local
            )
            index.add(iri, label, en, fr, local, short, *[a for a in alt.split("\u001f") if a])

    @staticmethod
    def _laws(store: ox.Store, laws: Index, sources: Index) -> None:
        """Legal texts by label, number (2007-297, "Loi 2007-297"), NOR, ELI, CELEX, and articles as
        "CSI L132-4" (the code's short name and the article)."""
        for iri, en, fr, number, nor, eli, celex, article, code_alt, code_local in _rows(
            store,
            """
            SELECT ?x (SAMPLE(?e) AS ?en) (SAMPLE(?f) AS ?fr) (SAMPLE(?n) AS ?number) (SAMPLE(?o) AS ?nor)
                   (SAMPLE(?l) AS ?eli) (SAMPLE(?c) AS ?celex) (SAMPLE(?a) AS ?article)
                   (GROUP_CONCAT(DISTINCT ?pa; separator="\\u001f") AS ?codeAlt) (SAMPLE(STR(?p)) AS ?code)
            WHERE { ?x a eli:LegalResource .
              OPTIONAL { ?x rdfs:label ?e FILTER(LANG(?e) = "en") }
              OPTIONAL { ?x rdfs:label ?f FILTER(LANG(?f) = "fr") }
              OPTIONAL { ?x psg:officialNumber ?n } OPTIONAL { ?x psg:nor ?o } OPTIONAL { ?x psg:eli ?l }
              OPTIONAL { ?x psg:celex ?c }
              OPTIONAL { ?x psg:article ?a ; eli:is_part_of ?p .
                         OPTIONAL { { ?p skos:altLabel ?pa }
                                    UNION { ?p rdfs:label ?pl FILTER(LANG(?pl) = "en")
                                    BIND(REPLACE(?pl, "^.*\\\\(([^()]+)\\\\)$", "$1") AS ?pa) } } }
            } GROUP BY ?x""",
        ):
            names = [en, fr, number, nor, eli, celex]
            if number:
                names += [
                    f"{kind}{number_sign} {number}"
                    for kind in (
                        "loi",
                        "law",
                        "act",
                        "décret",
                        "decret",
                        "decree",
                        "ordonnance",
                        "arrêté",
                        "circulaire",
                    )
                    for number_sign in ("", " n°", " no")
                ]
            if article:
                codes = {code_local.rsplit("/", 1)[-1], *[a for a in code_alt.split("\u001f") if a]}
                names += [
                    f"{code} {prefix}{article}" for code in codes for prefix in ("", "art ", "article ")
                ]
            label = en or fr or compact(iri)
            laws.add(iri, label, *names)
            sources.add(iri, label, *names)
