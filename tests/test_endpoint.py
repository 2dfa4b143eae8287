"""Every canned query gives the same rows through a real SPARQL endpoint (the `oxigraph` server,
loaded with the exported graph) as on the embedded store."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.catalogue import load_catalogue
from psgraph.errors import EndpointError
from psgraph.export import export
from psgraph.querying import run_embedded, run_remote
from psgraph.store import open_store

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
PARAMS = {"as_of": "2010-01-01", "country": "terr:fr"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def endpoint(real_project, tmp_path_factory):
    if not Path(OXIGRAPH).exists():
        pytest.fail("the oxigraph server is not installed: run `make test`, which installs it")
    build(real_project)
    work = tmp_path_factory.mktemp("oxigraph")
    dump = work / "graph.nt"
    export(real_project, "nt", str(dump))
    subprocess.run([OXIGRAPH, "load", "--location", str(work / "db"), "--file", str(dump)],
                   check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", str(work / "db"),
                               "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("the oxigraph server did not start")
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


def _normalised(term) -> str:
    # GROUP_CONCAT's order is left to the engine by SPARQL 1.1: compare the joined parts as sets.
    if isinstance(term, ox.Literal):
        parts = " | ".join(sorted(term.value.split(" | ")))
        return f"{parts} @{term.language or term.datatype.value}"
    return "" if term is None else str(term)


def _sorted(table):
    return sorted(tuple(_normalised(term) for term in row) for row in table.rows)


@pytest.mark.parametrize("params", [{}, PARAMS], ids=["defaults", "as_of-2010-fr"])
def test_every_query_gives_the_same_rows_through_the_endpoint(real_project, endpoint, params) -> None:
    store = open_store(real_project)
    for query in load_catalogue(real_project).values():
        given = {k: v for k, v in params.items() if query.param(k)}
        bindings = query.bind(given)
        embedded = run_embedded(store, query, bindings)
        remote = run_remote(endpoint, query, bindings)
        assert remote.variables == embedded.variables, query.name
        assert _sorted(remote) == _sorted(embedded), query.name


def test_unreachable_endpoint_is_one_clear_error(real_project) -> None:
    query = next(iter(load_catalogue(real_project).values()))
    with pytest.raises(EndpointError, match="cannot be reached"):
        run_remote(f"http://127.0.0.1:{_free_port()}/query", query, query.bind({}), timeout=5)
