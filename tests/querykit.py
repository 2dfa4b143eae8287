"""Helpers for the canned-query tests: a store from a fixture text, rows in compact form."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from psgraph.catalogue import CannedQuery, load_query
from psgraph.derive import derive
from psgraph.project import Project
from psgraph.querying import run_embedded
from psgraph.results import ResultTable
from psgraph.turtle import memory_store

REPO = Path(__file__).resolve().parents[1]
PROJECT = Project(REPO)
WORLD = (REPO / "tests" / "fixtures" / "queries" / "world.ttl").read_text(encoding="utf-8")
SHORT = {"https://example.org/psgraph-test/": "ex:", "https://w3id.org/psgraph/ontology#": "psg:"}


def fixture_store(turtle: str) -> ox.Store:
    """The ontology plus the given data, with the build-time derivations applied."""
    store = memory_store(sorted((REPO / "ontology").glob("*.ttl")))
    store.bulk_load(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    derive(store, PROJECT.derive_files())
    return store


def canned(name: str) -> CannedQuery:
    return load_query(REPO / "queries" / f"{name}.rq")


def short(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        for namespace, prefix in SHORT.items():
            if term.value.startswith(namespace):
                return prefix + term.value[len(namespace):]
    return term.value


def rows(table: ResultTable, *columns: str) -> set[tuple[str | None, ...]]:
    indexes = [table.variables.index(c) for c in columns]
    return {tuple(short(row[i]) for i in indexes) for row in table.rows}


def run(store: ox.Store, name: str, **params: str) -> ResultTable:
    query = canned(name)
    return run_embedded(store, query, query.bind(params))
