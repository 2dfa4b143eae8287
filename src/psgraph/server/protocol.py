"""Reading a SPARQL 1.1 Protocol query request (https://www.w3.org/TR/sparql11-protocol/) from WSGI.

Three ways to send a query: GET with ``query=`` in the URL, POST of an HTML form, and POST of the
query itself as ``application/sparql-query``. ``default-graph-uri`` and ``named-graph-uri`` give the
RDF dataset. Updates (``update=`` or ``application/sparql-update``) are refused: the endpoint is
read-only.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


class ProtocolError(Exception):
    """A request the protocol does not allow; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class ProtocolRequest:
    query: str | None  # None: no query was sent (the client asks for the service description)
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def _read_body(environ: Mapping[str, Any], limit: int) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ProtocolError(400, "The Content-Length header is not a number.") from None
    if length > limit:
        raise ProtocolError(413, f"The request body has {length} bytes; "
                                 f"this endpoint accepts at most {limit}.")
    return environ["wsgi.input"].read(length) if length else b""


def _decode(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"The {what} is not valid UTF-8.") from None


def _graphs(fields: Mapping[str, list[str]], name: str) -> tuple[str, ...]:
    values = tuple(fields.get(name, []))
    for value in values:
        try:
            ox.NamedNode(value)  # the engine's own IRI check
        except ValueError as error:
            raise ProtocolError(400, f"The {name} parameter {value!r} is not an absolute IRI "
                                     f"({error}).") from None
    return values


def _single_query(fields: Mapping[str, list[str]]) -> str | None:
    if "update" in fields:
        raise ProtocolError(403, "This endpoint is read-only: SPARQL Update requests are refused.")
    queries = fields.get("query", [])
    if len(queries) > 1:
        raise ProtocolError(400, "The request has more than one query parameter.")
    return queries[0] if queries else None


def read_request(environ: Mapping[str, Any], max_body_bytes: int) -> ProtocolRequest:
    """The query and dataset of a protocol request; raises ProtocolError with the status to send."""
    method = environ.get("REQUEST_METHOD", "GET")
    url_fields = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    if method in ("GET", "HEAD"):
        fields = url_fields
        query = _single_query(fields)
    elif method == "POST":
        media_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if media_type == SPARQL_UPDATE:
            raise ProtocolError(403, "This endpoint is read-only: SPARQL Update requests are refused.")
        body = _read_body(environ, max_body_bytes)
        if media_type == FORM:
            fields = urllib.parse.parse_qs(_decode(body, "form body"), keep_blank_values=True)
            query = _single_query(fields)
            if query is None:
                raise ProtocolError(400, "The form has no query parameter.")
        elif media_type == SPARQL_QUERY:
            fields = url_fields
            if "query" in fields:
                raise ProtocolError(400, "A query sent as application/sparql-query must not also be "
                                         "given as a URL parameter.")
            query = _decode(body, "query")
        else:
            raise ProtocolError(415, f"POST a query as {FORM} or {SPARQL_QUERY}, not "
                                     f"{media_type or 'a body without Content-Type'}.")
    else:
        raise ProtocolError(405, f"The SPARQL endpoint accepts GET and POST, not {method}.")
    if query is not None and not query.strip():
        raise ProtocolError(400, "The query is empty.")
    return ProtocolRequest(query, _graphs(fields, "default-graph-uri"), _graphs(fields, "named-graph-uri"))
