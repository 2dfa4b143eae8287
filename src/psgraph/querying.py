"""Running a canned query with bound parameters, on the embedded store or a SPARQL endpoint."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
from collections.abc import Mapping

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from psgraph.catalogue import Bindings, CannedQuery
from psgraph.errors import EndpointError, InputError
from psgraph.results import ResultTable
from psgraph.sparqltext import bind_text

DEFAULT_TIMEOUT_S = 60


def run_embedded(store: ox.Store, query: CannedQuery, bindings: Bindings) -> ResultTable:
    """Evaluate with pyoxigraph, which binds the parameters itself (``substitutions``)."""
    substitutions: Mapping[ox.Variable, ox.NamedNode | ox.Literal] = {
        ox.Variable(name): term for name, term in bindings.items()}
    try:
        solutions = store.query(query.text, substitutions=substitutions)
    except SyntaxError as error:
        raise InputError(f"{query.path}: the query does not parse ({error}).") from None
    assert isinstance(solutions, ox.QuerySolutions)  # load_query admits SELECT queries only
    return ResultTable.from_solutions(solutions)


def run_remote(endpoint: str, query: CannedQuery, bindings: Bindings,
               timeout: float = DEFAULT_TIMEOUT_S) -> ResultTable:
    """Evaluate on a SPARQL 1.1 endpoint through SPARQLWrapper (POST, JSON results)."""
    address = urllib.parse.urlsplit(endpoint)
    if address.scheme not in ("http", "https") or not address.hostname:
        raise InputError(f"--endpoint {endpoint!r}: give the query URL of a SPARQL endpoint, "
                         "e.g. http://127.0.0.1:7878/query.")
    if timeout <= 0:
        raise InputError(f"--timeout {timeout:g}: give a number of seconds above 0.")
    client = SPARQLWrapper(endpoint)
    client.setQuery(bind_text(query.text, bindings))
    # SPARQLWrapper guesses the query form from the text and can be misled by words in the
    # description comments (e.g. "load"); canned queries are SELECT queries, checked when loaded.
    client.queryType = SELECT
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    try:
        response = client.query()
        payload = json.loads(response.response.read().decode("utf-8"))
    except SPARQLWrapperException as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise EndpointError(f"The endpoint {endpoint} refused query {query.name}: {first}") from None
    except urllib.error.HTTPError as error:
        raise EndpointError(f"The endpoint {endpoint} answered HTTP {error.code} "
                            f"to query {query.name}.") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        raise EndpointError(f"The endpoint {endpoint} cannot be reached ({reason}).") from None
    except (ValueError, UnicodeDecodeError):
        raise EndpointError(f"The endpoint {endpoint} did not answer with SPARQL JSON results.") from None
    try:
        return ResultTable.from_sparql_json(payload)
    except (KeyError, TypeError):
        raise EndpointError(f"The endpoint {endpoint} did not answer with SPARQL JSON results.") from None
