"""Running a canned query with bound parameters, on the embedded store or a SPARQL endpoint."""

from __future__ import annotations

import http.client
import json
import threading
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


def check_endpoint(endpoint: str) -> str:
    """``endpoint`` if it is an http(s) URL that can be requested; InputError saying what is wrong."""
    example = "e.g. http://127.0.0.1:7878/sparql"
    try:
        address = urllib.parse.urlsplit(endpoint)
        address.port  # noqa: B018 (reading it checks the port: a ValueError if it is not a number)
    except ValueError as error:
        raise InputError(f"--endpoint {endpoint!r} is not a valid URL ({error}); {example}.") from None
    if address.scheme not in ("http", "https") or not address.hostname:
        raise InputError(f"--endpoint {endpoint!r}: give the query URL of a SPARQL endpoint, {example}.")
    if any(character.isspace() or ord(character) < 32 for character in endpoint):
        raise InputError(f"--endpoint {endpoint!r} holds a space or control character; encode it "
                         f"(%20) or remove it, {example}.")
    return endpoint


def check_timeout(timeout: float) -> float:
    if not 0 < timeout < float("inf"):
        raise InputError(f"--timeout {timeout:g}: give a number of seconds above 0.")
    return timeout


def run_remote(endpoint: str, query: CannedQuery, bindings: Bindings,
               timeout: float = DEFAULT_TIMEOUT_S) -> ResultTable:
    """Evaluate on a SPARQL 1.1 endpoint through SPARQLWrapper (POST, JSON results).

    ``timeout`` is a deadline for the whole exchange: SPARQLWrapper's own timeout applies to each
    socket operation, so an endpoint that trickles its answer a byte at a time would never reach
    it. The request runs in a thread that is abandoned at the deadline."""
    check_endpoint(endpoint)
    check_timeout(timeout)
    client = SPARQLWrapper(endpoint)
    client.setQuery(bind_text(query.text, bindings))
    # SPARQLWrapper guesses the query form from the text and can be misled by words in the
    # description comments (e.g. "load"); canned queries are SELECT queries, checked when loaded.
    client.queryType = SELECT
    client.setMethod(POST)
    # The form is UTF-8 (labels, separators): said, since some stores (Virtuoso 7.2) read an
    # unlabelled form as Latin-1 and turn "é" into "Ã©".
    client.addCustomHttpHeader("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
    client.setReturnFormat(JSON)
    client.timeout = timeout  # setTimeout() would round 0.5 s down to 0, which means no timeout
    outcome: list[object] = []

    def exchange() -> None:
        try:
            response = client.query()
            outcome.append(json.loads(response.response.read().decode("utf-8")))
        except BaseException as error:  # handed to the calling thread
            outcome.append(error)

    worker = threading.Thread(target=exchange, name="psgraph-endpoint", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise EndpointError(f"The endpoint {endpoint} did not answer query {query.name} within "
                            f"{timeout:g} s (--timeout).")
    payload = outcome[0]
    if isinstance(payload, BaseException):
        raise _endpoint_error(endpoint, query, payload) from None
    try:
        return ResultTable.from_sparql_json(payload)  # type: ignore[arg-type]
    except (KeyError, TypeError, AttributeError):
        raise EndpointError(f"The endpoint {endpoint} did not answer with SPARQL JSON results.") from None


def _endpoint_error(endpoint: str, query: CannedQuery, error: BaseException) -> EndpointError:
    """What went wrong talking to the endpoint, in one sentence."""
    if isinstance(error, SPARQLWrapperException):
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return EndpointError(f"The endpoint {endpoint} refused query {query.name}: {first}")
    if isinstance(error, urllib.error.HTTPError):
        return EndpointError(f"The endpoint {endpoint} answered HTTP {error.code} to query {query.name}.")
    if isinstance(error, urllib.error.URLError | TimeoutError | ConnectionError | http.client.HTTPException):
        reason = getattr(error, "reason", error)
        return EndpointError(f"The endpoint {endpoint} cannot be reached ({reason}).")
    if isinstance(error, ValueError | UnicodeDecodeError):
        return EndpointError(f"The endpoint {endpoint} did not answer with SPARQL JSON results.")
    return EndpointError(f"The endpoint {endpoint} failed on query {query.name} "
                         f"({type(error).__name__}: {error}).")
