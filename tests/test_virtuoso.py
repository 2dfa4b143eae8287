"""The canned query catalogue on a second SPARQL store: Debian's Virtuoso 7.2, loaded with the
export, gives every query the same rows as the embedded engine at three dates (and in French), each
query run through `psgraph query run --endpoint` as a team running its own store would. Where the
two differ only in form (tests/answerkit.py says which forms), the rows are compared by value."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from psgraph.build import build
from psgraph.catalogue import load_catalogue
from psgraph.querying import run_embedded
from psgraph.results import ResultTable
from psgraph.store import open_store
from tests.answerkit import concatenated_columns, differences
from tests.conftest import REPO
from tests.serverkit import running_virtuoso, virtuoso_missing

DATES = ("1995-01-01", "2010-01-01", "2026-11-30")
# Virtuoso 7.2 fails on any decimal constant in a sorted answer ("SR128 Numeric value out of range
# for <temporary space column>"): similar-membership echoes its decimal min_similarity and sorts.
# A defect of the store, reproduced in test_virtuoso_cannot_sort_a_decimal_constant.
VIRTUOSO_DEFECTS = {"similar-membership": "Virtuoso 7.2 fails on a decimal constant in a sorted answer"}
CATALOGUE = load_catalogue(__import__("psgraph.project", fromlist=["Project"]).Project(REPO))
CASES = [(name, day, "en") for name, query in CATALOGUE.items() for day in (DATES if query.param("as_of")
                                                                              else DATES[:1])]
CASES += [(name, DATES[-1], "fr") for name in CATALOGUE]
# Parameters that change what a query reads, beyond the date: each also run on Virtuoso.
SHAPED = [("vertical-overlap", {"linked": "true"}, day, lang) for day, lang in ((DATES[1], "en"), (DATES[-1], "fr"))]


@pytest.fixture(scope="module")
def virtuoso(real_project, tmp_path_factory):
    reason = virtuoso_missing()
    if reason:
        if os.environ.get("PSGRAPH_REQUIRE_VIRTUOSO"):
            pytest.fail(reason)
        print(f"\nSkipping the Virtuoso tests: {reason}")
        pytest.skip(reason)
    build(real_project)
    with running_virtuoso(real_project, tmp_path_factory.mktemp("virtuoso")) as url:
        yield url


def _through_the_cli(endpoint: str, name: str, day: str, lang: str, params: dict[str, str] | None = None) -> ResultTable:
    given = ["-p", f"as_of={day}"] if CATALOGUE[name].param("as_of") else []
    given += [option for key, value in (params or {}).items() for option in ("-p", f"{key}={value}")]
    ran = subprocess.run([sys.executable, "-m", "psgraph", "--root", str(REPO), "query", "run", name, *given,
                          "--lang", lang, "--endpoint", endpoint, "--format", "json", "--timeout", "300"],
                         capture_output=True, text=True, timeout=400)
    assert ran.returncode == 0, ran.stderr
    return ResultTable.from_sparql_json(json.loads(ran.stdout))


def _boolean_params(name: str) -> set[str]:
    return {param.name for param in CATALOGUE[name].params if param.type == "boolean"}


@pytest.mark.parametrize(("name", "day", "lang"), CASES, ids=[f"{n}-{d}-{lang}" for n, d, lang in CASES])
def test_every_canned_query_gives_the_same_rows_on_virtuoso(virtuoso, real_project, name, day, lang) -> None:
    if name in VIRTUOSO_DEFECTS:
        pytest.xfail(VIRTUOSO_DEFECTS[name])
    query = CATALOGUE[name].in_language(lang)
    embedded = run_embedded(open_store(real_project), query,
                            query.bind({"as_of": day} if query.param("as_of") else {}))
    remote = _through_the_cli(virtuoso, name, day, lang)
    found = differences(embedded, remote, concatenated_columns(query.text), booleans=_boolean_params(name))
    assert not found, found


@pytest.mark.parametrize(("name", "params", "day", "lang"), SHAPED,
                         ids=[f"{n}-{'-'.join(f'{k}={v}' for k, v in p.items())}-{d}-{lang}" for n, p, d, lang in SHAPED])
def test_parameters_that_shape_a_query_give_the_same_rows_on_virtuoso(virtuoso, real_project, name, params, day,
                                                                       lang) -> None:
    query = CATALOGUE[name].in_language(lang)
    embedded = run_embedded(open_store(real_project), query, query.bind({**params, "as_of": day}))
    remote = _through_the_cli(virtuoso, name, day, lang, params)
    found = differences(embedded, remote, concatenated_columns(query.text), booleans=_boolean_params(name))
    assert embedded.rows and not found, found


def test_virtuoso_cannot_sort_a_decimal_constant(virtuoso) -> None:
    """The store defect that VIRTUOSO_DEFECTS names: if a later Virtuoso fixes it, this fails and
    similar-membership joins the rest."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(virtuoso)
    client.setMethod(POST)  # the URL already carries default-graph-uri
    client.setReturnFormat(JSON)
    client.setQuery("SELECT ?s (0.5 AS ?x) WHERE { ?s a <https://w3id.org/psgraph/ontology#CLSPD> } ORDER BY ?s")
    with pytest.raises(SPARQLWrapperException):
        client.query().convert()
    client.setQuery("SELECT ?s (0.5 AS ?x) WHERE { ?s a <https://w3id.org/psgraph/ontology#CLSPD> }")
    assert client.query().convert()["results"]["bindings"]
