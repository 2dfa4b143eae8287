"""What exists here: the opening of a territory's page.

The bodies on the territory and inside it, grouped by level and type, active and ended (dates,
chair, record basis — observed in a source or existing in law — and the sources of the observed
ones); then the rules that apply and how they are met, on the territory itself and on the
territories inside it; then the bodies on wider territories; and the canned questions narrowed to
the territory. The statements of the page follow (psgraph.server.resources). Each part is one
query on the read-only handle, starting from the territory's nesting closure (psg:withinOrSelf);
their IRIs are labelled in one more query. Measured on the real graph, in process: the Rhône in
9 ms, Lyon in 14 ms, France (317 bodies, 15,000 obliged territories) in 430 ms — the rules inside
it start from its closure, so a département does not pay for the country (31 → 4 ms).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from psgraph.catalogue import CannedQuery
from psgraph.charts import Chart, outermost
from psgraph.i18n import Text, number, plural, text
from psgraph.prefixes import PREFIXES
from psgraph.results import compact
from psgraph.server.resources import _HEAD, Link, Run, _labels, _link, _records, bound, local_path, valid_iri

PSG = PREFIXES["psg"]
OBSERVED, INSTITUTED = PSG + "ObservedInSource", PSG + "InstitutedByLaw"
SHOWN = 40  # bodies listed per type before "… of … shown"
MAX_BODIES = 3000  # bodies read for one territory (France has about 500, a national-scale graph 30,000)

# The bodies on the territory or inside it (their territory lies within it: psg:withinOrSelf is
# stored for every territory something refers to), with what the page says of each.
BODIES = _HEAD + f"""
SELECT ?body ?where ?type ?level ?start ?end ?until ?basis ?chair ?source ?sourceKind WHERE {{
  {{ SELECT DISTINCT ?body ?where ?level WHERE {{
       ?where psg:withinOrSelf ?resource . ?body psg:territory ?where ; psg:level ?level
       FILTER(isIRI(?body)) }}
     LIMIT {MAX_BODIES} }}
  OPTIONAL {{ ?body a ?type . ?type a psg:BodyType }}
  OPTIONAL {{ ?body psg:startDate ?start }} OPTIONAL {{ ?body psg:endDate ?end }}
  OPTIONAL {{ ?body psg:activeUntil ?until }}
  OPTIONAL {{ ?body psg:recordBasis ?basis }}
  OPTIONAL {{ {{ ?body psg:chairedBy ?chair }}
             UNION {{ ?chairing org:organization ?body ; org:role psg:ChairRole ; org:member ?chair }} }}
  OPTIONAL {{ ?body psg:citation ?cited . ?cited dcterms:source ?source .
             OPTIONAL {{ ?source a ?sourceKind
                        FILTER(?sourceKind IN (psg:WebPage, psg:Dataset, psg:SeedText,
                                               psg:PolicyDocument)) }} }}
}}"""

# The rules that oblige the territory itself, and the bodies that meet each.
RULES_ON = _HEAD + """
SELECT ?rule ?kind ?type ?start ?end ?body ?basis ?from ?until WHERE {
  ?resource psg:obligedBy ?rule .
  OPTIONAL { ?rule psg:ruleKind ?kind } OPTIONAL { ?rule psg:obligedBodyType ?type }
  OPTIONAL { ?rule psg:startDate ?start } OPTIONAL { ?rule psg:endDate ?end }
  OPTIONAL { ?resource psg:coveredBy ?body . ?body a ?met . ?rule psg:obligedBodyType|psg:alsoMetBy ?met .
             OPTIONAL { ?body psg:recordBasis ?basis }
             OPTIONAL { ?body psg:activeFrom ?from } OPTIONAL { ?body psg:activeUntil ?until } }
} LIMIT 500"""

# The rules in force today on the territories inside it, counted as statutory-gap-counts counts them:
# obliged territories, those with an active body that meets the rule, those whose body a source
# describes.
RULES_INSIDE = _HEAD + """
SELECT ?rule ?kind ?type (COUNT(DISTINCT ?inner) AS ?obliged) (COUNT(DISTINCT ?metInner) AS ?met)
       (COUNT(DISTINCT ?seenInner) AS ?observed) WHERE {
  { SELECT DISTINCT ?inner WHERE { ?inner psg:withinOrSelf ?resource FILTER(?inner != ?resource) } }
  ?inner psg:obligedBy ?rule .
  ?rule psg:startDate ?start ; psg:obligedBodyType ?type .
  OPTIONAL { ?rule psg:endDate ?end }
  FILTER(?start <= ?today && (!BOUND(?end) || ?today < ?end))
  OPTIONAL { ?rule psg:ruleKind ?kind }
  OPTIONAL { SELECT DISTINCT ?inner ?rule ?metInner ?seenInner WHERE {
      ?inner psg:withinOrSelf ?resource ; psg:coveredBy ?body .
      ?body a ?met . ?rule psg:obligedBodyType|psg:alsoMetBy ?met .
      OPTIONAL { ?body psg:activeFrom ?from } OPTIONAL { ?body psg:activeUntil ?until }
      FILTER((!BOUND(?from) || ?from <= ?today) && (!BOUND(?until) || ?today < ?until))
      BIND(?inner AS ?metInner)
      OPTIONAL { ?body psg:recordBasis ?basis FILTER(?basis = psg:ObservedInSource) }
      BIND(IF(BOUND(?basis), ?inner, ?unobserved) AS ?seenInner) } }
} GROUP BY ?rule ?kind ?type"""

# The bodies seated on a wider territory that contains it (the county council of a commune, the
# national committee), nearest first.
AROUND = _HEAD + """
SELECT DISTINCT ?body ?wider ?start ?end ?basis WHERE {
  ?resource psg:within+ ?wider .
  ?body psg:territory ?wider .
  OPTIONAL { ?body psg:startDate ?start } OPTIONAL { ?body psg:endDate ?end }
  OPTIONAL { ?body psg:recordBasis ?basis }
} LIMIT 500"""


@dataclass
class Entry:
    """One body of the territory: its link, where it sits (when not on the territory itself), its
    dates, chair, record basis and, for an observed body, its sources."""

    body: Link
    where: list[Link]
    start: str
    end: str
    ended: bool
    chair: list[Link]
    basis: str  # its label
    basis_iri: str
    sources: list[Link]
    level: str = ""  # IRIs, for grouping
    type: str = ""


@dataclass
class TypeGroup:
    type: Link
    count: int
    active: list[Entry] = field(default_factory=list)
    ended: list[Entry] = field(default_factory=list)
    note: str = ""  # "40 of 101 shown"


@dataclass
class LevelGroup:
    level: str
    types: list[TypeGroup]


@dataclass
class RuleOn:
    rule: Link
    kind: str
    in_force: str
    met_by: list[tuple[Link, str]]  # (body, "observed in a source · active")


@dataclass
class RuleInside:
    rule: Link
    kind: str
    obliged: str
    met: str
    observed: str
    missing: str
    gaps: Link


@dataclass
class Here:
    """The opening of a territory's page, with its words in the reader's language."""

    words: Mapping[str, str]
    summary: str
    levels: list[LevelGroup]
    rules_on: list[RuleOn]
    rules_inside: list[RuleInside]
    around: list[list[Link]]
    questions: list[Link]


WORDS: dict[str, Text] = {
    "bodies": text("What exists here: bodies on this territory and inside it"),
    "none": text("The graph records no body on this territory or inside it."),
    "body": text("body"),
    "on": text("seated on"),
    "from": text("from"),
    "until": text("until"),
    "chair": text("chair"),
    "basis": text("record"),
    "sources": text("sources"),
    "ended": text("ended"),
    "other": text("other bodies"),
    "rules": text("Rules that apply here and how they are met"),
    "rules_on": text("On this territory"),
    "rules_inside": text("On the territories inside it, today"),
    "rule": text("rule"),
    "kind": text("kind of rule"),
    "in_force": text("in force"),
    "met_by": text("met by"),
    "unmet": text("no recorded body"),
    "obliged": text("territories obliged"),
    "met": text("with a recorded body"),
    "observed": text("of which observed in a source"),
    "missing": text("without one"),
    "gaps": text("which ones"),
    "around": text("What is around: bodies on wider territories"),
    "wider": text("wider territory"),
    "questions": text("Questions narrowed to this territory"),
    "statements": text("What the graph says about the territory itself"),
}
ACTIVE, ENDED = text("active"), text("ended")


def what_exists(iri: str, lang: str, run: Run, catalogue: Mapping[str, CannedQuery], levels: Sequence[str],
                today: date | None = None) -> Here:
    """The opening of the page of territory ``iri`` in ``lang``; ``levels`` in their order, widest first."""
    today = today or date.today()
    literal = f'"{today.isoformat()}"^^<http://www.w3.org/2001/XMLSchema#date>'

    def ask(query: str) -> list[dict[str, object]]:
        return _records(run(bound(query, iri, lang).replace("?today", literal)))

    found = {"bodies": ask(BODIES), "on": ask(RULES_ON), "inside": ask(RULES_INSIDE), "around": ask(AROUND)}
    iris = {value.value for rows in found.values() for row in rows for value in row.values()
            if isinstance(value, ox.NamedNode)} | {OBSERVED, INSTITUTED}
    labels = _labels(iris, lang, lambda query: run(query).rows)
    words = {key: value.render(lang) for key, value in WORDS.items()}
    entries = _entries(found["bodies"], iri, labels, lang, today)
    return Here(
        words=words,
        summary=_summary(entries, lang),
        levels=_levels(entries, labels, levels, words["other"], lang),
        rules_on=_rules_on(found["on"], labels, lang, today),
        rules_inside=_rules_inside(found["inside"], iri, labels, lang),
        around=[[_named(row.get("body"), labels, lang), _named(row.get("wider"), labels, lang),
                 _plain(row.get("start")), _plain(row.get("end")), Link(_label(row.get("basis"), labels))]
                for row in sorted(found["around"], key=lambda r: (_key(r.get("wider"), labels),
                                                                  _key(r.get("body"), labels)))],
        questions=[Link(query.title_in(lang), f"/queries/{name}?" + urllib.parse.urlencode(
            {"territory": compact(iri)})) for name, query in catalogue.items() if query.param("territory")],
    )


def drawn_rows(chart: Chart, variables: Sequence[str], rows: Sequence[Sequence[object]], store: ox.Store,
               labels: Mapping[str, str], lang: str) -> tuple[Sequence[Sequence[object]], str]:
    """The rows a chart draws, and what it says under itself about those it leaves out: a
    ``nested: outermost`` chart draws no area beside an area that contains it (psgraph.charts)."""
    if not chart.nested:
        return rows, ""
    x = list(variables).index(chart.x)
    wider = wider_of(store, {row[x].value for row in rows if isinstance(row[x], ox.NamedNode)})
    kept, left = outermost(chart, variables, rows, wider)
    if not left:
        return kept, ""
    names = ", ".join(labels.get(area, compact(area)) for area in left)
    return kept, text("Left out of the chart, because an area it draws contains them and counts them again: "
                      "{names}.", names=names).render(lang)


def wider_of(store: ox.Store, iris: Iterable[str]) -> dict[str, set[str]]:
    """Each territory's wider territories, itself included (psg:withinOrSelf), in one query."""
    values = " ".join(f"<{iri}>" for iri in iris if valid_iri(iri))
    wider: dict[str, set[str]] = {}
    if values:
        query = f"SELECT ?a ?w WHERE {{ VALUES ?a {{ {values} }} ?a <{PSG}withinOrSelf> ?w }}"
        for area, outer in store.query(query):  # type: ignore[misc]
            wider.setdefault(area.value, set()).add(outer.value)
    return wider


def _named(term: object, labels: Mapping[str, str], lang: str) -> Link:
    named = isinstance(term, ox.NamedNode) and term.value in labels
    return _link(term, ox.Literal(labels[term.value]) if named else None, lang)  # type: ignore[union-attr]


def _key(term: object, labels: Mapping[str, str]) -> str:
    return labels.get(term.value, compact(term.value)).casefold() if isinstance(term, ox.NamedNode) else ""


def _plain(term: object) -> Link:
    return Link(term.value if isinstance(term, ox.Literal) else "")


def _label(term: object, labels: Mapping[str, str]) -> str:
    return labels.get(term.value, "") if isinstance(term, ox.NamedNode) else ""


def _iri(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode) else ""


def _entries(rows: list[dict[str, object]], here: str, labels: Mapping[str, str], lang: str,
             today: date) -> list[Entry]:
    """One entry per body, its rows (one per source, chair, territory) merged."""
    merged: dict[str, Entry] = {}
    for row in rows:
        body = row["body"]
        assert isinstance(body, ox.NamedNode)
        entry = merged.get(body.value)
        if entry is None:
            until = row.get("until")
            entry = merged[body.value] = Entry(
                _named(body, labels, lang), [], _plain(row.get("start")).text, _plain(row.get("end")).text,
                isinstance(until, ox.Literal) and until.value <= today.isoformat(), [],
                _label(row.get("basis"), labels), _iri(row.get("basis")), [], _iri(row.get("level")))
        entry.type = entry.type or _iri(row.get("type"))
        where, chair, source = row.get("where"), row.get("chair"), row.get("source")
        if isinstance(where, ox.NamedNode) and where.value != here:
            _add(entry.where, _named(where, labels, lang))
        if isinstance(chair, ox.NamedNode):
            _add(entry.chair, _named(chair, labels, lang))
        if isinstance(source, ox.NamedNode) and entry.basis_iri == OBSERVED:
            link = _named(source, labels, lang)
            if kind := _label(row.get("sourceKind"), labels):
                link = Link(f"{link.text} ({kind})", link.href, link.title)
            _add(entry.sources, link)
    return list(merged.values())


def _add(links: list[Link], link: Link) -> None:
    if all((existing.href, existing.text) != (link.href, link.text) for existing in links):
        links.append(link)


def _summary(entries: Sequence[Entry], lang: str) -> str:
    if not entries:
        return ""
    ended = sum(entry.ended for entry in entries)
    return plural(
        "{count} body — active: {active}, ended: {ended}; observed in a source: {observed}, "
        "existing in law only: {law}",
        "{count} bodies — active: {active}, ended: {ended}; observed in a source: {observed}, "
        "existing in law only: {law}",
        len(entries), active=number(len(entries) - ended, lang), ended=number(ended, lang),
        observed=number(sum(e.basis_iri == OBSERVED for e in entries), lang),
        law=number(sum(e.basis_iri == INSTITUTED for e in entries), lang)).render(lang)


def _levels(entries: Sequence[Entry], labels: Mapping[str, str], order: Sequence[str], other: str,
            lang: str) -> list[LevelGroup]:
    """The bodies by level (widest first) and type (by name): active ones, then ended ones, each by
    name, at most SHOWN of a type."""
    by_level: dict[str, dict[str, list[Entry]]] = {}
    for entry in entries:
        by_level.setdefault(entry.level, {}).setdefault(entry.type, []).append(entry)
    rank = {level: position for position, level in enumerate(order)}
    groups = []
    for level in sorted(by_level, key=lambda lv: (rank.get(lv, len(rank)), lv)):
        types = []
        for kind, members in sorted(by_level[level].items(),
                                    key=lambda item: (not item[0], labels.get(item[0], item[0]).casefold())):
            members.sort(key=lambda e: (e.ended, e.body.text.casefold()))
            shown = members[:SHOWN]
            group = TypeGroup(_named(ox.NamedNode(kind), labels, lang) if kind else Link(other), len(members),
                              [e for e in shown if not e.ended], [e for e in shown if e.ended])
            if len(members) > SHOWN:
                group.note = text("{shown} of {total} shown", shown=number(SHOWN, lang),
                                  total=number(len(members), lang)).render(lang)
            types.append(group)
        groups.append(LevelGroup(labels.get(level, compact(level)) if level else other, types))
    return groups


def _rules_on(rows: list[dict[str, object]], labels: Mapping[str, str], lang: str,
              today: date) -> list[RuleOn]:
    """Each rule that obliges the territory, when it is in force and the bodies that meet it."""
    rules: dict[str, RuleOn] = {}
    for row in sorted(rows, key=lambda r: _plain(r.get("start")).text):
        rule = _iri(row.get("rule"))
        if rule not in rules:
            start, end = _plain(row.get("start")).text, _plain(row.get("end")).text
            rules[rule] = RuleOn(_named(row.get("rule"), labels, lang), _label(row.get("kind"), labels),
                                 f"{start}–{end}" if end else (f"{start}–" if start else ""), [])
        body = row.get("body")
        if isinstance(body, ox.NamedNode):
            until, since = row.get("until"), row.get("from")
            active = (not isinstance(until, ox.Literal) or today.isoformat() < until.value) and (
                not isinstance(since, ox.Literal) or since.value <= today.isoformat())
            state = " · ".join(part for part in (_label(row.get("basis"), labels),
                                                 (ACTIVE if active else ENDED).render(lang)) if part)
            if all(existing.href != local_path(body.value) for existing, _ in rules[rule].met_by):
                rules[rule].met_by.append((_named(body, labels, lang), state))
    return list(rules.values())


def _rules_inside(rows: list[dict[str, object]], here: str, labels: Mapping[str, str], lang: str
                  ) -> list[RuleInside]:
    """Each rule in force on territories inside this one: how many it obliges, how many have a
    recorded body (and a body a source describes), how many have none — with the list."""
    inside = []
    for row in sorted(rows, key=lambda r: _key(r.get("rule"), labels)):
        obliged, met, observed = (int(row[name].value) if isinstance(row.get(name), ox.Literal) else 0
                                  for name in ("obliged", "met", "observed"))
        gaps = "/queries/statutory-gaps?" + urllib.parse.urlencode(
            {"territory": compact(here), "body_type": compact(_iri(row.get("type")))})
        inside.append(RuleInside(_named(row.get("rule"), labels, lang), _label(row.get("kind"), labels),
                                 number(obliged, lang), number(met, lang), number(observed, lang),
                                 number(obliged - met, lang), Link(WORDS["gaps"].render(lang), gaps)))
    return inside
