"""The HTML pages of the endpoint: the editor, the canned query catalogue and one query's page."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

import jinja2
import markupsafe
import pyoxigraph as ox

from psgraph.catalogue import CATEGORIES, CannedQuery
from psgraph.dataset import iso_stamp
from psgraph.params import Param
from psgraph.prefixes import PREFIXES
from psgraph.results import ResultTable, compact, display, numeric_value
from psgraph.server.resources import local_path
from psgraph.sparqltext import bind_text

# Dates are typed as text in YYYY-MM-DD (a date input shows the browser's locale, 11/30/2026 in
# an American one, which readers then copy into their citations and downloads).
INPUT_TYPES = {"date": "text", "integer": "number", "decimal": "number", "boolean": "select",
               "iri": "text", "string": "text"}

def environment(package: str) -> jinja2.Environment:
    """The Jinja environment of a package's ``templates`` folder: autoescaped, strict."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


_ENVIRONMENT = environment("psgraph.server")


def breakable(name: str) -> markupsafe.Markup:
    """A column name that may wrap between its words (missing<wbr>Population, rule_<wbr>kind), so that
    a wide answer's headers do not set the table's width."""
    parts = re.split(r"(?<=[a-z])(?=[A-Z])|(?<=_)", name)
    return markupsafe.Markup("<wbr>").join(markupsafe.escape(part) for part in parts)


_ENVIRONMENT.filters["breakable"] = breakable

# The words of the pages around the data, in the two languages of the project (chrome/en.json,
# chrome/fr.json: one file per language, for whoever translates).
_CHROME_FOLDER = resources.files("psgraph.server") / "chrome"
CHROME: dict[str, dict[str, Any]] = {
    lang: json.loads((_CHROME_FOLDER / f"{lang}.json").read_text(encoding="utf-8")) for lang in ("en", "fr")}
_ENVIRONMENT.globals["CHROME"] = CHROME


def number(value: int | float, lang: str = "en") -> str:
    """A number as the page's language writes it: 2,248 and 99.5 in English, 2 248 and 99,5 in French."""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.{_decimals(value)}f}"
    return text.translate(_FRENCH_DIGITS) if lang == "fr" else text


_FRENCH_DIGITS = str.maketrans({",": "\u202f", ".": ","})


def _decimals(value: float) -> int:
    """As many decimals as the value has, up to 4 (a percentage 99.91, a similarity 0.6667)."""
    return min(4, len(f"{value:.4f}".rstrip("0").partition(".")[2]))


def numeric_text(term: ox.Literal, lang: str) -> str | None:
    """A numeric literal written for the page's language, or None when it is not a number."""
    value = numeric_value(term)
    return None if value is None else number(value, lang)


_ENVIRONMENT.filters["number"] = number


def build_time(stamp: str) -> str:
    """A build's time as a reader writes it, 2026-11-30 05:06 UTC, from its stamp
    (20261130T050653861629Z) or from the ISO 8601 form (2026-11-30T05:06:53Z)."""
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}Z", iso_stamp(stamp))
    return f"{match[1]} {match[2]} UTC" if match else stamp


_ENVIRONMENT.filters["build_time"] = build_time


def static_file(name: str) -> bytes | None:
    """One of the package's own static files (CSS, JS), or None."""
    folder = resources.files("psgraph.server") / "static"
    entry = folder / name
    if "/" in name or name.startswith(".") or not entry.is_file():
        return None
    return entry.read_bytes()


@dataclass(frozen=True)
class SiteInfo:
    """What every page shows in its footer."""

    version: str
    triples: int
    built_at: str
    timeout_s: float
    max_rows: int


@dataclass(frozen=True)
class Cell:
    text: str
    href: str = ""
    title: str = ""
    code: bool = False  # a compact IRI (no label): may wrap anywhere
    numeric: bool = False  # aligned right


def render(template: str, site: SiteInfo, **context: Any) -> bytes:
    return _ENVIRONMENT.get_template(template).render(site=site, **context).encode("utf-8")


def by_category(catalogue: Mapping[str, CannedQuery]) -> list[tuple[str, list[CannedQuery]]]:
    groups = [(category, [q for q in catalogue.values() if q.category == category])
              for category in CATEGORIES]
    return [(category, queries) for category, queries in groups if queries]


def editor_examples(catalogue: Mapping[str, CannedQuery], today: date) -> str:
    """The canned queries, with their defaults written in, as JSON for the editor's example list."""
    examples = [{"name": q.name, "title": q.title, "category": q.category,
                 "query": bind_text(q.text, q.bind({}, today))} for q in catalogue.values()]
    # "</" cannot appear inside the <script> element that carries this JSON.
    return json.dumps(examples, ensure_ascii=False).replace("</", "<\\/")


def editor_prefixes() -> str:
    """The prefixes the endpoint predeclares, as JSON for the editor: it knows them as declared (no
    false "Prefix 'psg' is not defined" mark) and writes result IRIs with them."""
    return json.dumps(PREFIXES).replace("</", "<\\/")


PAGE_ROWS = 200


@dataclass
class View:
    """How a query page is shown: language, page of rows, labels of the IRIs on it."""

    lang: str = "en"
    query_string: str = ""
    switch: Mapping[str, str] | None = None
    page: int = 1
    labels: Mapping[str, str] | None = None
    coverage: Sequence[str] = ()  # what a gap page measures, one sentence per rule and country
    charts: Sequence[ChartView] = ()
    offered: Sequence[tuple[str, str]] = ()  # a name that names several things (or none): (name, link)
    offered_heading: str = ""


@dataclass(frozen=True)
class ChartView:
    """A chart of a query page: its title, its Vega-Lite specification (JSON, "" when not drawn),
    and whether the answer was too long to draw."""

    title: str
    spec: str
    too_long: bool = False
    network: bool = False  # drawn with Cytoscape.js, not Vega-Lite
    note: str = ""  # what the chart leaves out, and why


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | None, labels: Mapping[str, str],
          lang: str = "en") -> Cell:
    """An IRI as its label linked to its page (the compact IRI in the tooltip); a number as the
    page's language writes it (the value itself in the tooltip); other terms as text."""
    if isinstance(term, ox.NamedNode):
        label = labels.get(term.value)
        return Cell(label or compact(term.value), local_path(term.value),
                    f"{compact(term.value)} — {term.value}", code=label is None)
    if isinstance(term, ox.Literal) and (written := numeric_text(term, lang)) is not None:
        return Cell(written, title=term.value, numeric=True)
    return Cell(display(term))


def _rows_on(table: ResultTable, page: int) -> tuple[tuple[object, ...], ...]:
    return table.rows[(page - 1) * PAGE_ROWS: page * PAGE_ROWS]


def shown_iris(table: ResultTable, page: int) -> set[str]:
    """The IRIs in the rows of one page of the table (whose labels the page shows)."""
    return {term.value for row in _rows_on(table, page) for term in row if isinstance(term, ox.NamedNode)}


def merged_columns(variables: Sequence[str], hidden: Sequence[str] = ()) -> list[tuple[int, int | None]]:
    """The columns a page shows: (column, its label column) — a ``fooLabel`` column is shown as the
    text of the ``foo`` column's links rather than beside it (when the page has no label in its own
    language for that IRI), and the ``hidden`` ones (a parameter
    echoed in every row) not at all; the downloads keep every column."""
    index = {name: position for position, name in enumerate(variables)}
    shown = []
    for position, name in enumerate(variables):
        if (name.endswith("Label") and name[:-5] in index) or name in hidden:
            continue
        shown.append((position, index.get(name + "Label")))
    return shown


def echoed_parameters(table: ResultTable, parameters: Sequence[str],
                      labels: Mapping[str, str]) -> dict[str, Cell]:
    """The parameters the query returns as a column with one value in every row: shown once."""
    echoed = {}
    for position, name in enumerate(table.variables):
        values = {row[position] for row in table.rows}
        if name in parameters and len(values) == 1 and None not in values:  # a parameter left out: nothing
            echoed[name] = _cell(values.pop(), labels)  # type: ignore[arg-type]
    return echoed


def result_cells(table: ResultTable, page: int = 1, labels: Mapping[str, str] | None = None,
                 hidden: Sequence[str] = (), lang: str = "en") -> list[list[Cell]]:
    columns = merged_columns(table.variables, hidden)
    rows = []
    for row in _rows_on(table, page):
        cells = []
        for position, label_position in columns:
            term = row[position]
            named = row[label_position] if label_position is not None else None
            given = {term.value: named.value} if isinstance(term, ox.NamedNode) and isinstance(
                named, ox.Literal) else {}
            cells.append(_cell(term, {**given, **(labels or {})}, lang))  # type: ignore[arg-type]
        rows.append(cells)
    return rows


@dataclass(frozen=True)
class Field:
    """One parameter of the form, with the value to show."""

    param: Param
    input_type: str
    value: str
    choices: Sequence[tuple[str, str]] = ()  # (value, label) offered in a drop-down list
    suggest: str = ""  # a kind of resource the search index suggests as the reader types
    placeholder: str = ""  # the example, as a name
    kind: str = ""  # what to type, when not the parameter's type ("name or code")


def form_fields(query: CannedQuery, given: Mapping[str, str], today: date) -> list[Field]:
    fields = []
    for param in query.params:
        value = given.get(param.name)
        if value is None:
            default = param.default_term(today)
            value = default.value if default is not None else ""
        fields.append(Field(param, INPUT_TYPES[param.type], value))
    return fields


def _with(query_string: str, drop: tuple[str, ...] = (), **changes: str) -> str:
    """The query string with some parameters dropped or changed."""
    params = {key: values[-1] for key, values in urllib.parse.parse_qs(query_string).items()
              if values and key not in drop}
    params.update(changes)
    return urllib.parse.urlencode(params)


def query_page(site: SiteInfo, query: CannedQuery, fields: Sequence[Field], *, bound_text: str,
               table: ResultTable | None, error: str, truncated: bool, view: View) -> bytes:
    # Downloads carry the page's language, so that their label columns are the ones the reader saw.
    downloads = _with(view.query_string, drop=("page",), **({"lang": view.lang} if view.lang != "en" else {}))
    excel = _with(downloads, excel="1")
    suffix = f"?{downloads}" if downloads else ""
    total = len(table.rows) if table else 0
    pages = max(1, -(-total // PAGE_ROWS))
    page = min(view.page, pages)
    pager = {"first": (page - 1) * PAGE_ROWS + 1 if total else 0, "last": min(page * PAGE_ROWS, total),
             "total": total, "page": page, "pages": pages,
             "previous": f"?{_with(view.query_string, page=str(page - 1))}" if page > 1 else "",
             "next": f"?{_with(view.query_string, page=str(page + 1))}" if page < pages else ""}
    names = [p.name for p in query.params]
    echoed = echoed_parameters(table, names, view.labels or {}) if table else {}
    # a parameter echoed in every row is said once above the table; one left out is no column at all
    hidden = [*echoed, *(name for position, name in enumerate(table.variables) if name in names
                        and all(row[position] is None for row in table.rows))] if table else []
    return render("query.html", site, query=query, fields=fields, bound_text=bound_text, echoed=echoed,
                  variables=[table.variables[i] for i, _ in merged_columns(table.variables, hidden)]
                  if table else (),
                  rows=result_cells(table, page, view.labels, hidden, view.lang) if table else [],
                  error=error, truncated=truncated, pager=pager, lang=view.lang, switch=view.switch or {},
                  coverage=view.coverage, charts=view.charts, offered=view.offered,
                  offered_heading=view.offered_heading,
                  csv_href=f"/queries/{query.name}.csv{suffix}",
                  excel_href=f"/queries/{query.name}.csv?{excel}",
                  json_href=f"/queries/{query.name}.json{suffix}",
                  editor_href="/?" + urllib.parse.urlencode({"query": bound_text, "tabTitle": query.name}))
