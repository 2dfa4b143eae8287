"""Typed parameters of canned queries: declared in a query's ``#+`` header, given as text.

A value given on the command line or in a form is parsed into an RDF term of the declared type,
which the engine then binds; a value is never pasted into query text as a string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from psgraph.errors import InputError, ParameterError
from psgraph.intake.layout import KIND_NAMES
from psgraph.prefixes import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("date", "iri", "string", "integer", "decimal", "boolean")
TODAY = "today"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PREFIXED = re.compile(r"^([A-Za-z][\w.-]*)?:([^\s<>\"{}|^`\\]*)$")


@dataclass(frozen=True)
class Param:
    """One declared parameter: its SPARQL variable name, type, default and an example value."""

    name: str
    type: str
    default: str | None = None
    example: str | None = None
    description: str = ""
    required: bool = False
    description_fr: str = ""
    minimum: Decimal | None = None  # integer and decimal parameters: the range the query answers
    maximum: Decimal | None = None
    # An IRI parameter: the kind of resource it names (a kind of psgraph.intake.layout: territory,
    # country, body type …), so that a name, acronym or code is read as the intake reads it.
    range: str = ""

    def description_in(self, lang: str) -> str:
        """The help text in ``lang`` (``description_fr``), else the English one."""
        return (self.description_fr if lang == "fr" else "") or self.description

    @classmethod
    def from_header(cls, entry: Any, where: str) -> Param:
        if not isinstance(entry, dict) or "name" not in entry or "type" not in entry:
            raise InputError(f"{where}: each entry of params needs at least a name and a type.")
        name, kind = str(entry["name"]), str(entry["type"])
        if not _NAME.match(name):
            raise InputError(f"{where}: parameter name {name!r} is not a valid SPARQL variable name.")
        if kind not in PARAM_TYPES:
            raise InputError(f"{where}: parameter {name} has unknown type {kind!r} "
                             f"(choose among {', '.join(PARAM_TYPES)}).")
        default = None if entry.get("default") is None else str(entry["default"])
        bounds = {key: _bound(entry, key, kind, where) for key in ("minimum", "maximum")}
        named = str(entry.get("range") or "")
        if named and (kind != "iri" or named not in KIND_NAMES):
            raise InputError(f"{where}: parameter {name} has range {named!r}; only an iri parameter takes a "
                             f"range, one of {', '.join(sorted(KIND_NAMES))}.")
        param = cls(name=name, type=kind, default=default, range=named,
                    example=None if entry.get("example") is None else str(entry["example"]),
                    description=str(entry.get("description", "")).strip(),
                    required=bool(entry.get("required", False)),
                    description_fr=str(entry.get("description_fr", "")).strip(), **bounds)
        for label, value in (("default", param.default), ("example", param.example)):
            if value is not None and not (kind == "date" and value == TODAY):
                try:
                    param.parse(value)
                except InputError as error:
                    raise InputError(f"{where}: the {label} of parameter {name} is invalid: "
                                     f"{error}") from None
        return param

    def parse(self, text: str) -> ox.NamedNode | ox.Literal:
        """The RDF term for ``text``; a value of the wrong type is an InputError naming the parameter."""
        parser = _PARSERS[self.type]
        try:
            term = parser(text.strip())
        except (ValueError, InvalidOperation):
            raise ParameterError(f"Parameter {self.name}={text!r} is not {_EXPECTED[self.type]}.",
                                 f"Le paramètre {self.name}={text!r} n'est pas {_EXPECTED_FR[self.type]}.") \
                from None
        if self.minimum is not None and Decimal(term.value) < self.minimum:
            raise ParameterError(
                f"Parameter {self.name}={text!r} is below {self.minimum}, the smallest value this query "
                "answers.",
                f"Le paramètre {self.name}={text!r} est inférieur à {_french_number(self.minimum)}, la plus "
                "petite valeur à laquelle cette requête répond.")
        if self.maximum is not None and Decimal(term.value) > self.maximum:
            raise ParameterError(
                f"Parameter {self.name}={text!r} is above {self.maximum}, the largest value this query "
                "answers.",
                f"Le paramètre {self.name}={text!r} est supérieur à {_french_number(self.maximum)}, la plus "
                "grande valeur à laquelle cette requête répond.")
        return term

    def default_term(self, today: date) -> ox.NamedNode | ox.Literal | None:
        if self.default is None:
            return None
        if self.type == "date" and self.default == TODAY:
            return _typed(today.isoformat(), "date")
        return self.parse(self.default)


def _bound(entry: dict[str, Any], key: str, kind: str, where: str) -> Decimal | None:
    """The ``minimum`` or ``maximum`` of a numeric parameter, if declared."""
    if entry.get(key) is None:
        return None
    if kind not in ("integer", "decimal"):
        raise InputError(f"{where}: parameter {entry['name']} is {kind}; only integer and decimal "
                         f"parameters take a {key}.")
    try:
        return Decimal(str(entry[key]))
    except InvalidOperation:
        raise InputError(f"{where}: the {key} of parameter {entry['name']} is not a number.") from None


def _typed(lexical: str, datatype: str) -> ox.Literal:
    return ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))


def _parse_date(text: str) -> ox.Literal:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(text)
    return _typed(date.fromisoformat(text).isoformat(), "date")


def _parse_iri(text: str) -> ox.NamedNode:
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    elif (match := _PREFIXED.match(text)) and not text.startswith(("http://", "https://", "urn:")):
        prefix = match.group(1) or ""
        if prefix not in PREFIXES:
            raise ValueError(text)
        text = PREFIXES[prefix] + match.group(2)
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
        raise ValueError(text)
    return ox.NamedNode(text)


def _parse_integer(text: str) -> ox.Literal:
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(text)
    return _typed(str(int(text)), "integer")


def _parse_decimal(text: str) -> ox.Literal:
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError(text)
    return _typed(str(Decimal(text)), "decimal")


def _parse_boolean(text: str) -> ox.Literal:
    lowered = text.lower()
    if lowered not in ("true", "false", "1", "0"):
        raise ValueError(text)
    return _typed("true" if lowered in ("true", "1") else "false", "boolean")


_PARSERS = {
    "date": _parse_date,
    "iri": _parse_iri,
    "string": lambda text: ox.Literal(text),
    "integer": _parse_integer,
    "decimal": _parse_decimal,
    "boolean": _parse_boolean,
}

_EXPECTED = {
    "date": "a date written YYYY-MM-DD",
    "iri": f"an IRI (<http://…>, http://… or a prefixed name with a known prefix such as "
           f"terr:fr; known prefixes: {', '.join(sorted(PREFIXES))})",
    "string": "a string",
    "integer": "an integer",
    "decimal": "a decimal number",
    "boolean": "true or false",
}


_EXPECTED_FR = {
    "date": "une date écrite AAAA-MM-JJ",
    "iri": f"un IRI (<http://…>, http://… ou un nom préfixé d'un préfixe connu comme terr:fr ; "
           f"préfixes connus : {', '.join(sorted(PREFIXES))})",
    "string": "une chaîne de caractères",
    "integer": "un nombre entier",
    "decimal": "un nombre décimal",
    "boolean": "true ou false",
}


def _french_number(value: Decimal) -> str:
    return str(value).replace(".", ",")


def parse_assignments(assignments: list[str]) -> dict[str, str]:
    """``["as_of=2005-01-01", …]`` as a dictionary; each item must be NAME=VALUE, each name once."""
    values: dict[str, str] = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--param {item!r}: write it as NAME=VALUE, e.g. --param as_of=2005-01-01.")
        if name.strip() in values:
            raise InputError(f"--param {name.strip()} is given twice.")
        values[name.strip()] = value
    return values
