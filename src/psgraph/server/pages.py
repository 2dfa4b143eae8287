"""The HTML pages of the endpoint: the editor, the canned query catalogue and one query's page."""

from __future__ import annotations

import functools
import json
import re
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

import jinja2
import markupsafe
import pyoxigraph as ox

from psgraph.catalogue import CATEGORIES, CannedQuery
from psgraph.dataset import iso_stamp
from psgraph.i18n import Text, day, number, translations
from psgraph.params import Param
from psgraph.prefixes import PREFIXES
from psgraph.queryfile import QueryFile
from psgraph.results import ResultTable, compact, display, numeric_value
from psgraph.server.resources import local_path
from psgraph.server.words import CATEGORY_NAMES, DIRECTION_NAMES, KIND_NAMES, TYPE_NAMES, yes_or_no
from psgraph.sparqltext import bind_text

# Dates are typed as text in YYYY-MM-DD (a date input shows the browser's locale, 11/30/2026 in
# an American one, which readers then copy into their citations and downloads).
INPUT_TYPES = {"date": "text", "integer": "number", "decimal": "number", "boolean": "select",
               "iri": "text", "string": "text"}

def environment(package: str) -> jinja2.Environment:
    """The Jinja environment of a package's ``templates`` folder: autoescaped, strict, and speaking
    the language of the page it renders (its ``lang``) through the gettext catalogue of psgraph.i18n:
    ``{% trans %}`` blocks and ``_()`` calls, which ``make messages`` extracts (babel.cfg)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(number=_number, day=_day, tr=_tr, breakable=breakable, build_time=_build_time,
                       ticks=ticks)
    env.globals.update(KINDS=KIND_NAMES, CATEGORIES=CATEGORY_NAMES, DIRECTIONS=DIRECTION_NAMES,
                       TYPES=TYPE_NAMES)
    return env


def _lang(context: Any) -> str:
    return context.get("lang") or "en"


@jinja2.pass_context
def _gettext(context: Any, message: str) -> str:
    return translations(_lang(context)).gettext(message)


@jinja2.pass_context
def _ngettext(context: Any, singular: str, plural_form: str, count: int) -> str:
    return translations(_lang(context)).ngettext(singular, plural_form, count)


@jinja2.pass_context
def _number(context: Any, value: int | float, lang: str = "") -> str:
    return number(value, lang or _lang(context))


@jinja2.pass_context
def _day(context: Any, value: date | str, form: str = "long") -> str:
    return day(value, _lang(context), form)


@jinja2.pass_context
def _tr(context: Any, value: Text) -> str:
    return value.render(_lang(context))


@jinja2.pass_context
def _build_time(context: Any, stamp: str) -> str:
    return build_time(stamp, _lang(context))


def breakable(name: str) -> markupsafe.Markup:
    """A column name that may wrap between its words (missing<wbr>Population, rule_<wbr>kind), so that
    a wide answer's headers do not set the table's width."""
    parts = re.split(r"(?<=[a-z])(?=[A-Z])|(?<=_)", name)
    return markupsafe.Markup("<wbr>").join(markupsafe.escape(part) for part in parts)


def ticks(text: str) -> markupsafe.Markup:
    """Text whose `backticked` parts are code (a column's name, a command), as HTML."""
    parts = re.split(r"`([^`]+)`", text)
    return markupsafe.Markup("").join(markupsafe.Markup("<code>{}</code>").format(part) if odd
                                      else markupsafe.escape(part) for odd, part in
                                      ((i % 2 == 1, part) for i, part in enumerate(parts)))


_ENVIRONMENT = environment("psgraph.server")


def numeric_text(term: ox.Literal, lang: str) -> str | None:
    """A numeric literal written for the page's language, or None when it is not a number."""
    value = numeric_value(term)
    return None if value is None else number(value, lang)


def build_time(stamp: str, lang: str = "en") -> str:
    """A build's time as a reader writes it, 30 November 2026, 05:06 UTC (« 30 novembre 2026,
    05:06 UTC »), from its stamp (20261130T050653861629Z) or the ISO 8601 form (2026-11-30T05:06:53Z)."""
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}Z", iso_stamp(stamp))
    return f"{day(match[1], lang)}, {match[2]} UTC" if match else stamp


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
    data: bool = False  # text the graph holds (a name, a quote): shown as it is, marked translate="no"


def render(template: str, site: SiteInfo, **context: Any) -> bytes:
    return _ENVIRONMENT.get_template(template).render(site=site, **context).encode("utf-8")


def by_category(catalogue: Mapping[str, CannedQuery]) -> list[tuple[str, list[CannedQuery]]]:
    groups = [(category, [q for q in catalogue.values() if q.category == category])
              for category in CATEGORIES]
    return [(category, queries) for category, queries in groups if queries]


def editor_examples(catalogue: Mapping[str, CannedQuery], today: date, lang: str = "en") -> str:
    """The canned queries, with their defaults written in, as JSON for the editor's example list
    (titles and categories in the page's language)."""
    examples = [{"name": q.name, "title": q.title_in(lang), "category": q.category,
                 "category_label": CATEGORY_NAMES[q.category].render(lang),
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


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | None, labels: Mapping[str, str],
          lang: str = "en", said: Callable[[str], str] | None = None) -> Cell:
    """An IRI as its label linked to its page (the compact IRI in the tooltip); a number or a date as
    the page's language writes it (the value itself in the tooltip); a boolean as yes or no; a
    value the query writes itself through ``said`` (its translation); other terms as text."""
    if isinstance(term, ox.NamedNode):
        label = labels.get(term.value)
        return Cell(label or compact(term.value), local_path(term.value),
                    f"{compact(term.value)} — {term.value}", code=label is None)
    if isinstance(term, ox.Literal) and (written := numeric_text(term, lang)) is not None:
        return Cell(written, title=term.value, numeric=True)
    if isinstance(term, ox.Literal) and term.datatype.value == _XSD + "boolean":
        return Cell(yes_or_no(term.value in ("true", "1"), lang), title=term.value)
    if isinstance(term, ox.Literal) and term.datatype.value == _XSD + "date":
        return Cell(day(term.value, lang, "medium"), title=term.value)
    if isinstance(term, ox.Literal) and said is not None and term.language is None:
        shown = said(term.value)
        return Cell(shown, data=shown == term.value)
    return Cell(display(term), data=isinstance(term, ox.Literal))



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
                      labels: Mapping[str, str], lang: str = "en") -> dict[str, Cell]:
    """The parameters the query returns as a column with one value in every row: shown once."""
    echoed = {}
    for position, name in enumerate(table.variables):
        values = {row[position] for row in table.rows}
        if name in parameters and len(values) == 1 and None not in values:  # a parameter left out: nothing
            echoed[name] = _cell(values.pop(), labels, lang)  # type: ignore[arg-type]
    return echoed


def result_cells(table: ResultTable, page: int = 1, labels: Mapping[str, str] | None = None,
                 hidden: Sequence[str] = (), lang: str = "en",
                 query: QueryFile | None = None) -> list[list[Cell]]:
    columns = merged_columns(table.variables, hidden)
    said = {position: functools.partial(query.value_label, table.variables[position], lang=lang)
            for position, _ in columns} if query is not None else {}
    rows = []
    for row in _rows_on(table, page):
        cells = []
        for position, label_position in columns:
            term = row[position]
            named = row[label_position] if label_position is not None else None
            given = {term.value: named.value} if isinstance(term, ox.NamedNode) and isinstance(
                named, ox.Literal) else {}
            cells.append(_cell(term, {**given, **(labels or {})}, lang,  # type: ignore[arg-type]
                               said.get(position)))
        rows.append(cells)
    return rows


@dataclass(frozen=True)
class Field:
    """One parameter of the form, with the value to show."""

    param: Param
    input_type: str
    value: str
    label: str = ""  # the parameter's name in the page's language (its column's header)
    choices: Sequence[tuple[str, str]] = ()  # (value, label) offered in a drop-down list
    suggest: str = ""  # a kind of resource the search index suggests as the reader types
    placeholder: str = ""  # the example, as a name
    kind: str = ""  # what to type, when not the parameter's type ("name or code")


def form_fields(query: CannedQuery, given: Mapping[str, str], today: date, lang: str = "en") -> list[Field]:
    fields = []
    for param in query.params:
        value = given.get(param.name)
        if value is None:
            default = param.default_term(today)
            value = default.value if default is not None else ""
        fields.append(Field(param, INPUT_TYPES[param.type], value, query.column_label(param.name, lang)))
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
    echoed = echoed_parameters(table, names, view.labels or {}, view.lang) if table else {}
    # a parameter echoed in every row is said once above the table; a column empty in every row (a
    # parameter left out, vertical-overlap's link when linked pairs are not asked for) is no column
    hidden = [*echoed, *(name for position, name in enumerate(table.variables)
                        if all(row[position] is None for row in table.rows))] if table else []
    return render("query.html", site, query=query, fields=fields, bound_text=bound_text, echoed=echoed,
                  columns=[(table.variables[i], query.column_label(table.variables[i], view.lang))
                           for i, _ in merged_columns(table.variables, hidden)] if table else (),
                  echoed_labels={name: query.column_label(name, view.lang) for name in echoed},
                  rows=result_cells(table, page, view.labels, hidden, view.lang, query)
                  if table else [],
                  error=error, truncated=truncated, pager=pager, lang=view.lang, switch=view.switch or {},
                  coverage=view.coverage, charts=view.charts, offered=view.offered,
                  offered_heading=view.offered_heading,
                  csv_href=f"/queries/{query.name}.csv{suffix}",
                  excel_href=f"/queries/{query.name}.csv?{excel}",
                  json_href=f"/queries/{query.name}.json{suffix}",
                  xlsx_href=f"/queries/{query.name}.xlsx{suffix}",
                  editor_href="/?" + urllib.parse.urlencode({"query": bound_text, "tabTitle": query.name}))
