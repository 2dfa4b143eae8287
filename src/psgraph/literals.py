"""Refusing literals whose text does not fit their datatype, such as ``"2020-13-45"^^xsd:date``.

The Turtle parser accepts any text with any datatype, and such a literal then fails every
comparison: a body dated ``"01/01/2009"^^xsd:date`` silently dropped out of the queries, and
rdflib printed tracebacks while validating it. The build refuses it instead, naming the file and
line where the text is written and the form the datatype expects. The engine decides what is
valid: casting a literal's text to its own datatype fails exactly when it is not a valid value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from psgraph.errors import InputError

XSD = "http://www.w3.org/2001/XMLSchema#"
EXPECTED = {
    "date": "dates as YYYY-MM-DD (e.g. 2009-01-01)",
    "dateTime": "dates and times as YYYY-MM-DDThh:mm:ss (e.g. 2009-01-01T00:00:00)",
    "integer": "whole numbers with digits only (e.g. 10000)",
    "decimal": "numbers with a dot for decimals (e.g. 0.5)",
    "double": "numbers such as 0.5 or 1.5E3",
    "boolean": "true or false",
}
_CHECKED = {XSD + name for name in EXPECTED}


def _query() -> str:
    blocks = " UNION ".join(
        f"{{ ?s ?p ?literal . FILTER(isLiteral(?literal) && datatype(?literal) = <{XSD}{name}>) "
        f"BIND(<{XSD}{name}>(STR(?literal)) AS ?value) FILTER(!BOUND(?value)) }}"
        for name in EXPECTED)
    return f"SELECT DISTINCT ?literal WHERE {{ {blocks} }}"


def ill_typed(store: ox.Store) -> list[ox.Literal]:
    """The literals of ``store`` whose text is not a valid value of their XSD datatype."""
    return [solution["literal"] for solution in store.query(_query())  # type: ignore[misc]
            if isinstance(solution["literal"], ox.Literal)]


def check_literals(files: Iterable[Path], display: Mapping[Path, str]) -> None:
    """InputError naming the file and line of the first ill-typed literal in ``files``.

    Meant for the hand-written files: the generated reference data (hundreds of thousands of
    typed populations and codes) is written by code from typed values, and checking it would add
    a second to every build."""
    for path in files:
        typed = ox.Store()
        typed.extend(quad for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE,
                                               base_iri=path.resolve().as_uri())
                     if isinstance(quad.object, ox.Literal) and quad.object.datatype.value in _CHECKED)
        found = ill_typed(typed)
        if not found:
            continue
        literal = found[0]
        name = literal.datatype.value.removeprefix(XSD)
        where = _locate(literal.value, path, display)
        more = f" ({len(found) - 1} more such values in this file)" if len(found) > 1 else ""
        raise InputError(f"{where}\"{literal.value}\" is not a valid xsd:{name}: write {EXPECTED[name]}"
                         f"{more}.")


def _locate(text: str, path: Path, display: Mapping[Path, str]) -> str:
    """``file:line: `` where the literal's text is written (``file: `` if it cannot be found)."""
    shown = display.get(path, str(path))
    pattern = re.compile(r"[\"']" + re.escape(text) + r"[\"']\s*\^\^")
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if pattern.search(line):
            return f"{shown}:{number}: "
    return f"{shown}: "
