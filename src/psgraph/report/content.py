"""What a printed report holds, read from the built store: the country comparison, who leads, the
statutory gap counts, the overlap and duplication questions, and the literature's findings, for the
countries and date asked."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pyoxigraph as ox

from psgraph.catalogue import CannedQuery
from psgraph.charts import spec
from psgraph.prefixes import PREFIXES
from psgraph.querying import run_embedded
from psgraph.results import ResultTable
from psgraph.server.compare import Comparison, compare
from psgraph.server.coverage import coverage
from psgraph.server.pages import Cell, echoed_parameters, merged_columns, result_cells
from psgraph.server.resources import labels_in, level_order
from psgraph.server.territory import drawn_rows

SHOWN_ROWS = 25  # rows of a question's answer printed; the rest are a link away
OVERLAP_CATEGORIES = ("overlap", "duplication")
_PSG = PREFIXES["psg"]


@dataclass(frozen=True)
class Figure:
    title: str
    spec: dict[str, Any]  # Vega-Lite
    note: str = ""  # what the chart leaves out, and why


@dataclass
class Answer:
    """A canned question's answer for the report's countries and date."""

    name: str
    title: str
    description: str
    headers: list[str]
    rows: list[list[Cell]]
    total: int
    per_country: bool  # False: the question cannot be narrowed to countries (the whole graph's answer)
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    text: str
    iri: str
    kind: str
    levels: str
    source: str
    quote: str


@dataclass
class Report:
    countries: list[str]  # IRIs
    country_names: list[str]
    as_of: date
    lang: str
    comparison: Comparison
    coverage: list[str]  # one sentence per obligation and country: how much the graph records
    leads: Answer
    gaps: Answer
    overlaps: list[Answer]
    findings: list[tuple[str, list[Finding]]]  # per country


def gather(store: ox.Store, catalogue: Mapping[str, CannedQuery], countries: Sequence[str], as_of: date,
           lang: str) -> Report:
    comparison = compare(countries, as_of, lang, store)
    names = [country.text for country in comparison.countries]
    asked = Asked(store, countries, as_of, lang)
    counts = catalogue["statutory-gap-counts"]
    national = {"area_level": ox.NamedNode(_PSG + "National"), "as_of": _day(as_of)}
    lines = [line.sentence(lang) for line in coverage(store, counts, national, lang)
             if line.area in names]
    overlaps = [asked.answer(query) for query in catalogue.values() if query.category in OVERLAP_CATEGORIES]
    return Report(
        countries=list(countries), country_names=names, as_of=as_of, lang=lang, comparison=comparison,
        coverage=lines, leads=asked.answer(catalogue["who-leads"], charted=True),
        gaps=asked.answer(counts, {"area_level": "psg:National"}, charted=True),
        overlaps=overlaps, findings=asked.findings(catalogue["findings"]))


def _day(day: date) -> ox.Literal:
    return ox.Literal(day.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))


@dataclass(frozen=True)
class Asked:
    """Canned questions asked for the report's countries and date."""

    store: ox.Store
    countries: Sequence[str]
    as_of: date
    lang: str

    def table(self, query: CannedQuery, given: Mapping[str, str]) -> tuple[ResultTable, bool]:
        """The answer narrowed to the countries — by the query's own parameter where it has one
        (``country``, ``territory``), else by the country of the resource in its first column —
        and whether it could be narrowed."""
        query = query.in_language(self.lang)
        given = {**given, **({"as_of": self.as_of.isoformat()} if query.param("as_of") else {})}
        parameter = next((p for p in ("country", "territory") if query.param(p)), None)
        if parameter:
            tables = [run_embedded(self.store, query, query.bind({**given, parameter: country}))
                      for country in self.countries]
            rows = tuple(row for table in tables for row in table.rows)
            table = ResultTable(tables[0].variables, rows)
            if parameter == "country":
                return table, True
            # A territory keeps what lies in it, a member state's areas inside the Union too: the
            # first column then keeps each country's own.
            return self.own(table)[0], True
        return self.own(run_embedded(self.store, query, query.bind(given)))

    def own(self, table: ResultTable) -> tuple[ResultTable, bool]:
        """The rows whose first resource is, or belongs to, one of the countries, and whether the
        answer could be narrowed so."""
        if not table.rows:
            return table, True
        first = next((i for i, name in enumerate(table.variables)
                      if any(isinstance(row[i], ox.NamedNode) for row in table.rows)), None)
        if first is None:
            return table, False
        iris = {row[first].value for row in table.rows if isinstance(row[first], ox.NamedNode)}
        if not self.placed(iris):
            return table, False
        inside = self.in_countries(iris)
        kept = tuple(row for row in table.rows
                     if isinstance(row[first], ox.NamedNode) and row[first].value in inside)
        return dataclasses.replace(table, rows=kept), True

    def placed(self, iris: set[str]) -> bool:
        """Whether ``iris`` are things of a country: territories, bodies or body types."""
        values = " ".join(f"<{iri}>" for iri in iris)
        return bool(self.store.query(f"""PREFIX psg: <{_PSG}>
            ASK {{ VALUES ?x {{ {values} }}
              ?x psg:withinOrSelf|psg:jurisdiction|psg:typeJurisdiction [] }}"""))

    def in_countries(self, iris: set[str]) -> set[str]:
        """Those of ``iris`` that are, or belong to, one of the countries: a country or territory
        within it, a body or body type of its jurisdiction. A member state's territories belong to
        the state, not to the union it is part of."""
        if not iris:
            return set()
        values = " ".join(f"<{iri}>" for iri in iris)
        countries = " ".join(f"<{c}>" for c in self.countries)
        query = f"""PREFIX psg: <{_PSG}>
            SELECT DISTINCT ?x WHERE {{ VALUES ?x {{ {values} }} VALUES ?c {{ {countries} }}
              {{ ?x psg:withinOrSelf ?c
                FILTER NOT EXISTS {{ ?c psg:territoryLevel ?wider FILTER(?wider != psg:National)
                  ?x psg:withinOrSelf ?state . ?state psg:within ?c ; psg:territoryLevel psg:National }} }}
              UNION {{ ?x psg:jurisdiction ?c }}
              UNION {{ ?x psg:typeJurisdiction ?c }} UNION {{ FILTER(?x = ?c) }} }}"""
        return {row["x"].value for row in self.store.query(query)}  # type: ignore[union-attr]

    def answer(self, query: CannedQuery, given: Mapping[str, str] | None = None,
               charted: bool = False) -> Answer:
        table, narrowed = self.table(query, given or {})
        iris = {term.value for row in table.rows for term in row if isinstance(term, ox.NamedNode)}
        labels = labels_in(self.store, iris, self.lang)
        names = [p.name for p in query.params]
        hidden = list(echoed_parameters(table, names, labels, self.lang))
        if query.param("territory") and not query.param("country"):
            hidden.append("territory")  # the country each row was asked for, which the rows show
        shown = dataclasses.replace(table, rows=table.rows[:SHOWN_ROWS])
        headers = [query.column_label(table.variables[position], self.lang)
                   for position, _ in merged_columns(table.variables, hidden)]
        titles = {name: query.column_label(name, self.lang) for name in table.variables}
        figures = []
        for chart in query.charts if charted else ():
            rows, note = drawn_rows(chart, table.variables, table.rows, self.store, labels, self.lang)
            drawn = spec(chart, table.variables, rows, labels, level_order(self.store), titles,
                         functools.partial(query.value_label, lang=self.lang))
            if drawn is not None:
                figures.append(Figure(chart.title_in(self.lang), drawn, note))
        return Answer(name=query.name, title=query.title_in(self.lang),
                      description=query.description_in(self.lang), headers=headers,
                      rows=result_cells(shown, labels=labels, hidden=hidden, lang=self.lang, query=query),
                      total=len(table.rows), per_country=narrowed, figures=figures)

    def findings(self, query: CannedQuery) -> list[tuple[str, list[Finding]]]:
        """The literature's findings about each country, one entry per finding (with its first
        quote and source)."""
        local = query.in_language(self.lang)
        grouped = []
        for country in self.countries:
            table = run_embedded(self.store, local, local.bind({"country": country}))
            records = [dict(zip(table.variables, row, strict=True)) for row in table.rows]
            labels = labels_in(self.store, {r["source"].value for r in records if r.get("source")}
                               | {country}, self.lang)
            seen: dict[str, Finding] = {}
            for record in records:
                iri = record["finding"].value  # type: ignore[union-attr]
                if iri in seen:
                    continue
                source = record.get("source")
                seen[iri] = Finding(
                    text=_text(record.get("findingLabel")), iri=iri, kind=_text(record.get("kindLabel")),
                    levels=_text(record.get("levels")),
                    source=labels.get(source.value, source.value) if isinstance(source, ox.NamedNode) else "",
                    quote=_text(record.get("quote")))
            grouped.append((labels.get(country, country), list(seen.values())))
        return grouped


def _text(term: object) -> str:
    return term.value if isinstance(term, ox.Literal) else ""
