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
from psgraph.params import Param
from psgraph.results import ResultTable, compact, display
from psgraph.server.resources import local_path
from psgraph.sparqltext import bind_text

INPUT_TYPES = {"date": "date", "integer": "number", "decimal": "number", "boolean": "select",
               "iri": "text", "string": "text"}

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("psgraph.server", "templates"),
    autoescape=jinja2.select_autoescape(default=True),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def breakable(name: str) -> markupsafe.Markup:
    """A column name that may wrap between its words (missing<wbr>Population, rule_<wbr>kind), so that
    a wide answer's headers do not set the table's width."""
    parts = re.split(r"(?<=[a-z])(?=[A-Z])|(?<=_)", name)
    return markupsafe.Markup("<wbr>").join(markupsafe.escape(part) for part in parts)


_ENVIRONMENT.filters["breakable"] = breakable

# The words of the pages around the data, in the two languages of the project.
CHROME: dict[str, dict[str, Any]] = {
    "en": {
        "editor": "SPARQL editor", "queries": "Canned queries", "ontology": "Ontology",
        "downloads": "Downloads",
        "search": "Search", "search_placeholder": "Search bodies, places, laws…", "language": "Language",
        "triples": "triples", "built": "built", "endpoint": "SPARQL 1.1 endpoint at",
        "limits": "read-only; queries stop after {:g} s and return at most {} rows",
        "no_results": "Nothing in the graph is named “{}”.",
        "kinds": {"body": "Bodies and instruments", "type": "Body types", "territory": "Territories",
                  "law": "Legal texts and policy documents", "office": "Offices",
                  "organisation": "Organisations", "finding": "Findings of the literature",
                  "concept": "Vocabulary", "statistical": "Statistical regions (NUTS)"},
        "formats": "as data", "nothing_known": "The graph says nothing about this identifier.",
        "statements": "What the graph says", "members": "Members and seats",
        "member_columns": ("member", "role", "kind of seat", "from", "until", "source", "quote"),
        "lineage": "Lineage", "lineage_columns": ("", "body", "change", "date"),
        "directions": {"predecessor": "preceded by", "successor": "followed by"},
        "details": "Mandates, seats and citations", "sits_on": "Sits on",
        "sits_on_columns": ("body", "role", "from", "until"), "incoming": "What refers to it",
    },
    "fr": {
        "editor": "Éditeur SPARQL", "queries": "Requêtes prêtes", "ontology": "Ontologie",
        "downloads": "Téléchargements", "search": "Rechercher",
        "search_placeholder": "Rechercher instances, lieux, textes…", "language": "Langue",
        "triples": "triplets", "built": "construit le", "endpoint": "point d'accès SPARQL 1.1 à",
        "limits": "lecture seule ; les requêtes s'arrêtent après {:g} s et rendent au plus {} lignes",
        "no_results": "Rien dans le graphe ne s'appelle « {} ».",
        "kinds": {"body": "Instances et dispositifs", "type": "Types d'instance", "territory": "Territoires",
                  "law": "Textes juridiques et documents", "office": "Fonctions",
                  "organisation": "Organisations", "finding": "Constats de la littérature",
                  "concept": "Vocabulaire", "statistical": "Régions statistiques (NUTS)"},
        "formats": "en données", "nothing_known": "Le graphe ne dit rien de cet identifiant.",
        "statements": "Ce que dit le graphe", "members": "Membres et sièges",
        "member_columns": ("membre", "rôle", "nature du siège", "depuis", "jusqu'au", "source", "citation"),
        "lineage": "Filiation", "lineage_columns": ("", "instance", "changement", "date"),
        "directions": {"predecessor": "précédée par", "successor": "suivie de"},
        "details": "Mandats, sièges et citations", "sits_on": "Siège dans",
        "sits_on_columns": ("instance", "rôle", "depuis", "jusqu'au"), "incoming": "Ce qui y renvoie",
    },
}
_ENVIRONMENT.globals["CHROME"] = CHROME


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


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Cell:
    if isinstance(term, ox.NamedNode):
        return Cell(compact(term.value), local_path(term.value), term.value)
    return Cell(display(term))


def result_cells(table: ResultTable) -> list[list[Cell]]:
    return [[_cell(term) for term in row] for row in table.rows]


@dataclass(frozen=True)
class Field:
    """One parameter of the form, with the value to show."""

    param: Param
    input_type: str
    value: str


def form_fields(query: CannedQuery, given: Mapping[str, str], today: date) -> list[Field]:
    fields = []
    for param in query.params:
        value = given.get(param.name)
        if value is None:
            default = param.default_term(today)
            value = default.value if default is not None else ""
        fields.append(Field(param, INPUT_TYPES[param.type], value))
    return fields


def query_page(site: SiteInfo, query: CannedQuery, fields: Sequence[Field], *, bound_text: str,
               table: ResultTable | None, error: str, truncated: bool, query_string: str) -> bytes:
    suffix = f"?{query_string}" if query_string else ""
    return render("query.html", site, query=query, fields=fields, bound_text=bound_text,
                  variables=table.variables if table else (), rows=result_cells(table) if table else [],
                  error=error, truncated=truncated,
                  csv_href=f"/queries/{query.name}.csv{suffix}",
                  json_href=f"/queries/{query.name}.json{suffix}",
                  editor_href="/?" + urllib.parse.urlencode({"query": bound_text, "tabTitle": query.name}))
