"""The canned query catalogue: queries/*.rq with a ``#+`` header, checked when loaded."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from psgraph.charts import Chart
from psgraph.errors import InputError, ParameterError
from psgraph.params import Param
from psgraph.project import Project
from psgraph.queryfile import QueryFile, read_query_file
from psgraph.sparqltext import is_select, projected_variables, result_variables

CATEGORIES = ("overlap", "duplication", "gap", "comparison", "lookup")

Bindings = dict[str, ox.NamedNode | ox.Literal]
LANGUAGES = ("en", "fr")
# How a canned query picks the language of a label: every query is written in English, and its
# language filters are the one place a language appears in it.
_LABEL_LANGUAGE = re.compile(r'(LANGMATCHES\(LANG\(\?\w+\),\s*)"en"(\))')


@dataclass(frozen=True)
class CannedQuery(QueryFile):
    """A query file of the catalogue, with its header checked and its parameters typed."""

    params: tuple[Param, ...] = ()
    charts: tuple[Chart, ...] = ()

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def in_language(self, lang: str) -> CannedQuery:
        """The query with its labels in ``lang`` (en or fr); an other value is an InputError."""
        if lang not in LANGUAGES:
            raise InputError(f"Parameter lang={lang!r} is not a language of the graph (en or fr).")
        if lang == "en":
            return self
        return dataclasses.replace(self, text=_LABEL_LANGUAGE.sub(rf'\1"{lang}"\2', self.text))

    def bind(self, given: Mapping[str, str], today: date | None = None) -> Bindings:
        """Typed terms for the given values plus the defaults; errors name the parameter."""
        unknown = sorted(set(given) - {p.name for p in self.params})
        if unknown:
            names = ", ".join(p.name for p in self.params)
            raise ParameterError(
                f"Query {self.name} has no parameter {unknown[0]!r} (its parameters: {names or 'none'}).",
                f"La requête {self.name} n'a pas de paramètre {unknown[0]!r} (ses paramètres : "
                f"{names or 'aucun'}).")
        bindings: Bindings = {}
        for param in self.params:
            if param.name in given:
                bindings[param.name] = param.parse(given[param.name])
                continue
            default = param.default_term(today or date.today())
            if default is not None:
                bindings[param.name] = default
            elif param.required:
                raise ParameterError(f"Query {self.name} needs parameter {param.name} "
                                     f"(e.g. --param {param.name}={param.example or '…'}).",
                                     f"La requête {self.name} demande le paramètre {param.name} "
                                     f"(par exemple {param.name}={param.example or '…'}).")
        return bindings


def load_query(path: Path) -> CannedQuery:
    """Read one canned query and check its header; errors name the file."""
    raw = read_query_file(path)
    where = str(path)
    header = raw.header
    for key in ("title", "description", "category"):
        if not str(header.get(key, "")).strip():
            raise InputError(f"{where}: the #+ header needs a {key}.")
    if header["category"] not in CATEGORIES:
        raise InputError(f"{where}: category {header['category']!r} is not one of {', '.join(CATEGORIES)}.")
    if not is_select(raw.text):
        raise InputError(f"{where}: a canned query must be a SELECT query (its answer is a table).")
    entries = header.get("params") or []
    if not isinstance(entries, list):
        raise InputError(f"{where}: params must be a list of parameters.")
    params = tuple(Param.from_header(entry, where) for entry in entries)
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise InputError(f"{where}: a parameter is declared twice.")
    projected = projected_variables(raw.text)
    for name in names:
        if name not in projected:
            raise InputError(f"{where}: parameter {name} must be a plain variable of the SELECT clause, "
                             "because the engine binds only projected variables.")
    entries = header.get("charts") or []
    if not isinstance(entries, list):
        raise InputError(f"{where}: charts must be a list of charts.")
    columns = sorted(result_variables(raw.text))
    charts = tuple(Chart.from_header(entry, where, columns) for entry in entries)
    return CannedQuery(name=raw.name, path=path, text=raw.text, header=header, params=params, charts=charts)


def load_catalogue(project: Project) -> dict[str, CannedQuery]:
    """Every canned query of the project by name, in category then name order."""
    queries = [load_query(path) for path in project.query_files()]
    queries.sort(key=lambda q: (CATEGORIES.index(q.category), q.name))
    return {query.name: query for query in queries}


def find(catalogue: Mapping[str, CannedQuery], name: str) -> CannedQuery:
    if name in catalogue:
        return catalogue[name]
    close = difflib.get_close_matches(name, list(catalogue), n=1)
    hint = f" Did you mean {close[0]}?" if close else ""
    raise InputError(f"Unknown query {name!r}: `psgraph query list` shows the "
                     f"{len(catalogue)} queries.{hint}")
