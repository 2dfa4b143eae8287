"""Query results in one shape whatever answered them (the embedded store or a remote endpoint),
and their renderings: a terminal table, CSV and SPARQL 1.1 JSON results."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from psgraph.prefixes import PREFIXES
from psgraph.sparqlresults import csv_text, solutions_json
from psgraph.tables import render_table

Term = ox.NamedNode | ox.BlankNode | ox.Literal
FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class ResultTable:
    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    @classmethod
    def from_solutions(cls, solutions: ox.QuerySolutions) -> ResultTable:
        # A solution iterates over its values in the order of the variables (None when unbound):
        # reading them by name looks each name up again, 0.1 s over a 9,000-row answer.
        variables = tuple(v.value for v in solutions.variables)
        return cls(variables, tuple(tuple(solution) for solution in solutions))

    @classmethod
    def from_sparql_json(cls, payload: Mapping[str, Any]) -> ResultTable:
        """Read the SPARQL 1.1 Query Results JSON format (what endpoints answer)."""
        variables = tuple(payload["head"]["vars"])
        rows = tuple(tuple(_term(binding.get(name)) for name in variables)
                     for binding in payload["results"]["bindings"])
        return cls(variables, rows)

    def records(self) -> list[dict[str, str | None]]:
        """Rows as dictionaries of N-Triples terms, for comparisons and tests."""
        return [{name: None if term is None else str(term)
                 for name, term in zip(self.variables, row, strict=True)} for row in self.rows]


def _term(value: Mapping[str, str] | None) -> Term | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return ox.BlankNode(value["value"])
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    datatype = value.get("datatype")
    return ox.Literal(value["value"], datatype=ox.NamedNode(datatype) if datatype else None)


_BY_NAMESPACE = {namespace: prefix for prefix, namespace in PREFIXES.items()}
_NAMESPACE_ENDS = frozenset(namespace[-1] for namespace in PREFIXES.values())


def compact(iri: str) -> str:
    """``prefix:local`` for IRIs in a known namespace (the longest that matches), the full IRI
    otherwise. Every namespace ends in "/" or "#", so the candidates are the IRI's own prefixes
    ending there, longest first: a dictionary look-up each, not a scan of every namespace."""
    for end in range(len(iri) - 1, 0, -1):
        if iri[end] in _NAMESPACE_ENDS:
            prefix = _BY_NAMESPACE.get(iri[: end + 1])
            if prefix is not None:
                return f"{prefix}:{iri[end + 1:]}"
    return iri


_XSD = PREFIXES["xsd"]
_INTEGERS = {_XSD + name for name in ("integer", "long", "int", "nonNegativeInteger", "positiveInteger")}
_REALS = {_XSD + name for name in ("decimal", "double", "float")}


def numeric_value(term: object) -> int | float | None:
    """The number a numeric literal holds (an integer type gives an int), None for anything else."""
    if not isinstance(term, ox.Literal) or term.datatype.value not in _INTEGERS | _REALS:
        return None
    try:
        return int(term.value) if term.datatype.value in _INTEGERS else float(term.value)
    except (ValueError, OverflowError):
        return None


def display(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def render(table: ResultTable, fmt: str) -> str:
    if fmt == "table":
        rows = [[display(term) for term in row] for row in table.rows]
        footer = f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})"
        return render_table(table.variables, rows) + footer
    if fmt == "csv":
        return csv_text(table.variables, table.rows).rstrip("\r\n")
    if fmt == "json":
        return json.dumps(solutions_json(table.variables, table.rows), ensure_ascii=False, indent=1)
    raise ValueError(f"unknown results format {fmt!r}")
