"""Reading the tables of the data package from the store: one query each, terms written as a CSV
reader expects them (IRIs whole, concepts as their codes, dates in ISO 8601, true/false), labels
added in English and French, keys derived for what the graph leaves without an IRI."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from psgraph.datapackage.tables import TABLES, VOCABULARY, Column, Table
from psgraph.prefixes import PREFIXES

_LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?x ?label ?kind WHERE {
  { ?x rdfs:label ?label BIND(1 AS ?kind) } UNION { ?x skos:prefLabel ?label BIND(2 AS ?kind) }
  FILTER(LANG(?label) IN ("en", "fr")) }"""
_ID_PREFIX = {"memberships": "membership", "seat_requirements": "seat", "mandates": "mandate",
              "change_events": "event", "citations": "citation", "role_conferrals": "conferral",
              "claims": "claim", "stated_figures": "figure"}


@dataclass(frozen=True)
class Extracted:
    table: Table
    rows: list[dict[str, str]]


def code(iri: str) -> str:
    """A concept's code: the local name of its IRI (psg:National → National)."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


class Labels:
    """Every English and French label of the graph, read once (rdfs:label before skos:prefLabel)."""

    def __init__(self, store: ox.Store) -> None:
        chosen: dict[tuple[str, str], tuple[int, str]] = {}
        for row in store.query(_LABELS):  # type: ignore[union-attr]
            subject, label = row["x"], row["label"]
            if not isinstance(subject, ox.NamedNode | ox.BlankNode):
                continue
            key = (subject.value if isinstance(subject, ox.NamedNode) else f"_:{subject.value}",
                   label.language or "")
            candidate = (int(row["kind"].value), label.value)
            if key not in chosen or candidate < chosen[key]:
                chosen[key] = candidate
        self.by_key = {key: text for key, (_, text) in chosen.items()}

    def of(self, term: object, lang: str) -> str:
        if isinstance(term, ox.NamedNode):
            return self.by_key.get((term.value, lang), "")
        if isinstance(term, ox.BlankNode):
            return self.by_key.get((f"_:{term.value}", lang), "")
        return ""


def extract(store: ox.Store, on: str = "") -> list[Extracted]:
    """Every table of the package, the vocabulary first, in the order of TABLES; ``on`` is the date
    (YYYY-MM-DD, the build's) an ``active`` column answers for."""
    labels = Labels(store)
    keys: dict[str, dict[str, str]] = {}  # table → blank node → id
    done = [_table(store, VOCABULARY, labels, keys, on)]
    done += [_table(store, table, labels, keys, on) for table in TABLES]
    return done


def _table(store: ox.Store, table: Table, labels: Labels, keys: dict[str, dict[str, str]],
           on: str = "") -> Extracted:
    solutions = store.query(table.query)
    variables = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    rows: dict[tuple[str, ...], dict[str, str]] = {}
    nodes: dict[str, str] = {}
    for solution in solutions:  # type: ignore[union-attr]
        terms = dict(zip(variables, solution, strict=True))
        row = {c.name: _cell(c, terms, labels, keys, on) for c in table.columns
               if c.kind not in ("id", "label")}
        if table.name == "citations":
            row["subject"] = _subject(terms["subject"], keys)
        if any(c.kind == "id" for c in table.columns):
            # A hidden column is a GROUP_CONCAT, in an order the engine does not fix: sorted here.
            shaped = [row[c.name] for c in table.columns if c.name in row] + [
                " ".join(sorted(_text(terms.get(h)).split(" "))) for h in table.hidden]
            digest = hashlib.sha256("|".join(shaped).encode()).hexdigest()[:16]
            row["id"] = f"{_ID_PREFIX[table.name]}-{digest}"
            if table.node and isinstance(terms.get(table.node), ox.BlankNode):
                # A resource on two rows (a mandate with two holders or two legal bases) is referred
                # to by the smaller of its ids: the engine orders such rows differently at each build.
                node = terms[table.node].value  # type: ignore[union-attr]
                nodes[node] = min(nodes.get(node, row["id"]), row["id"])
        for column in table.columns:
            if column.kind == "label":
                source = terms.get(table.node) if column.of == "id" else terms.get(column.of)
                row[column.name] = labels.of(source, column.lang)
        ordered = {c.name: row.get(c.name, "") for c in table.columns}
        rows.setdefault(tuple(ordered[k] for k in table.key), ordered)
    keys[table.name] = nodes
    # In the order of the key, not of the engine: blank nodes are named anew at every build.
    return Extracted(table, [rows[key] for key in sorted(rows)])


def _cell(column: Column, terms: Mapping[str, object], labels: Labels,
          keys: Mapping[str, Mapping[str, str]], on: str = "") -> str:
    if column.kind == "active":
        start, end = _text(terms.get("active_from")), _text(terms.get("active_until"))
        return "true" if (not start or start <= on) and (not end or on < end) else "false"
    term = terms.get(column.name)
    if column.kind == "ref":
        return keys.get(column.of, {}).get(term.value, "") if isinstance(term, ox.BlankNode) else ""
    if column.kind == "code":
        return code(term.value) if isinstance(term, ox.NamedNode) else ""
    if column.kind == "boolean":
        return "" if term is None else ("true" if _text(term) in ("true", "1") else "false")
    return _text(term)


def _text(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return ""


def _subject(term: object, keys: Mapping[str, Mapping[str, str]]) -> str:
    """A citation's subject: its IRI, or the id of the membership, seat, mandate, event, role
    conferral, claim or stated figure it supports."""
    if isinstance(term, ox.BlankNode):
        for table in ("memberships", "seat_requirements", "mandates", "change_events", "role_conferrals",
                      "claims", "stated_figures"):
            if term.value in keys.get(table, {}):
                return keys[table][term.value]
        return ""
    return _text(term)


def rows_of(done: Sequence[Extracted], name: str) -> list[dict[str, str]]:
    return next(e.rows for e in done if e.table.name == name)
