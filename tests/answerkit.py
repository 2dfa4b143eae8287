"""Comparing the answers of two SPARQL engines to the same canned query: the same rows, with three
differences of form that are not differences of content.

1. A GROUP_CONCAT column is compared as the set of its parts, as text: SPARQL leaves the order of
   an aggregate's inputs to the engine and makes the result a simple literal, where Oxigraph keeps
   the parts' common language tag; a group with no value is "" on Virtuoso 7.2 and left unbound
   by Oxigraph.
2. A boolean is compared by value: Virtuoso 7.2 writes xsd:boolean true as "1".
3. An xsd:dateTime at midnight equals the xsd:date of that day: Virtuoso 7.2 keeps a date written in
   the query text (an ``as_of`` the query echoes) as a dateTime.
4. A column that echoes a boolean parameter is compared by value: carried through GROUP BY, Virtuoso
   7.2 turns the constant into the integer 0 or 1.

Everything else — IRIs, lexical forms, datatypes, language tags, row multiplicities — must be equal."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import pyoxigraph as ox

from psgraph.results import ResultTable

XSD = "http://www.w3.org/2001/XMLSchema#"
SEPARATOR = " | "


_CONCATENATED = re.compile(r"GROUP_CONCAT\s*\(.*?\)\s+AS\s+\?(\w+)", re.IGNORECASE | re.DOTALL)


def concatenated_columns(query_text: str) -> set[str]:
    """The columns a query fills with GROUP_CONCAT."""
    return set(_CONCATENATED.findall(query_text))


def _cell(term: object, concatenated: bool = False, boolean: bool = False) -> object:
    if concatenated:
        text = term.value if isinstance(term, ox.Literal) else ""
        return ("parts", frozenset(text.split(SEPARATOR)) if text else frozenset())
    if boolean and isinstance(term, ox.Literal) and term.value in ("true", "1", "false", "0"):
        return ("boolean", term.value in ("true", "1"))
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("blank",)
    assert isinstance(term, ox.Literal)
    value, datatype = term.value, term.datatype.value if term.datatype else ""
    if datatype == XSD + "boolean":
        value = {"1": "true", "0": "false"}.get(value, value)
    if datatype == XSD + "dateTime" and value.endswith("T00:00:00"):
        value, datatype = value.removesuffix("T00:00:00"), XSD + "date"
    return ("literal", value, datatype, term.language or "")


def comparable(table: ResultTable, concatenated: Iterable[str] = (),
               booleans: Iterable[str] = ()) -> Counter[tuple[object, ...]]:
    joined = {table.variables.index(name) for name in concatenated if name in table.variables}
    flags = {table.variables.index(name) for name in booleans if name in table.variables}
    return Counter(tuple(_cell(term, i in joined, i in flags) for i, term in enumerate(row)) for row in table.rows)


def differences(first: ResultTable, second: ResultTable, concatenated: Iterable[str] = (),
                limit: int = 2, booleans: Iterable[str] = ()) -> str:
    """What differs between two answers, for an assertion message ("" when they are the same);
    ``booleans`` names the columns that echo a boolean parameter."""
    a, b = comparable(first, concatenated, booleans), comparable(second, concatenated, booleans)
    if first.variables != second.variables:
        return f"columns {first.variables} != {second.variables}"
    if a == b:
        return ""
    only_first, only_second = list((a - b).elements())[:limit], list((b - a).elements())[:limit]
    return (f"{sum((a - b).values())} rows only in the first, {sum((b - a).values())} only in the second; "
            f"e.g. {only_first} / {only_second}")


def on_columns_of(table: ResultTable, reference: ResultTable) -> ResultTable:
    """``table`` cut to the columns of ``reference``, for comparing a canned query with the reference
    it was rewritten from when it has since gained columns (vertical-overlap's ``link`` and
    ``linked``); a gained column must be empty or one value in every row (an echoed parameter), so
    that the cut drops no difference between rows."""
    kept = [table.variables.index(name) for name in reference.variables if name in table.variables]
    for index, name in enumerate(table.variables):
        values = {row[index] for row in table.rows}
        assert name in reference.variables or len(values) <= 1, f"gained column {name} varies: {values}"
    return ResultTable(tuple(table.variables[i] for i in kept), tuple(tuple(row[i] for i in kept) for row in table.rows))
