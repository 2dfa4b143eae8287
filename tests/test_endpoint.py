"""Every canned query gives the same rows through a real SPARQL endpoint (the `oxigraph` server,
loaded with the exported graph) as on the embedded store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.catalogue import load_catalogue
from psgraph.errors import EndpointError
from psgraph.querying import run_embedded, run_remote
from psgraph.store import open_store
from tests.serverkit import free_port, running_oxigraph

PARAMS = {"as_of": "2010-01-01", "country": "terr:fr"}


@pytest.fixture(scope="module")
def endpoint(real_project, tmp_path_factory):
    build(real_project)
    with running_oxigraph(real_project, tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


def _normalised(term) -> str:
    # GROUP_CONCAT's order is left to the engine by SPARQL 1.1: compare the joined parts as sets.
    if isinstance(term, ox.Literal):
        parts = " | ".join(sorted(term.value.split(" | ")))
        return f"{parts} @{term.language or term.datatype.value}"
    return "" if term is None else str(term)


def _sorted(table):
    return sorted(tuple(_normalised(term) for term in row) for row in table.rows)


@pytest.mark.parametrize("params", [{}, PARAMS, {"territory": "tfrd:69"}],
                         ids=["defaults", "as_of-2010-fr", "territory-rhone"])
def test_every_query_gives_the_same_rows_through_the_endpoint(real_project, endpoint, params) -> None:
    store = open_store(real_project)
    for query in load_catalogue(real_project).values():
        given = {k: v for k, v in params.items() if query.param(k)}
        if params and not given:
            continue  # the same question as with the defaults
        bindings = query.bind(given)
        embedded = run_embedded(store, query, bindings)
        remote = run_remote(endpoint, query, bindings)
        assert remote.variables == embedded.variables, query.name
        assert _sorted(remote) == _sorted(embedded), query.name


def test_unreachable_endpoint_is_one_clear_error(real_project) -> None:
    query = next(iter(load_catalogue(real_project).values()))
    with pytest.raises(EndpointError, match="cannot be reached"):
        run_remote(f"http://127.0.0.1:{free_port()}/query", query, query.bind({}), timeout=5)
