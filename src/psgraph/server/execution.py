"""Evaluating one protocol request on a store and writing the answer in the negotiated format.

This runs inside a query worker process (see :mod:`psgraph.server.workers`); requests and outcomes
are plain picklable values so that they cross the process boundary.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from psgraph.prefixes import PREFIXES
from psgraph.server.negotiation import BOOLEAN, GRAPH, SOLUTIONS, Offer, by_name, negotiate
from psgraph.sparqlresults import Unrepresentable, check_xml_text, write_boolean, write_solutions

_XML_NAME_END = re.compile(r"[A-Za-z_\u00C0-\uFFFD][\w.\u00B7-]*$")
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
}
# What pyoxigraph says when a SERVICE call cannot open its connection: the workers have no network,
# and the federated worker's namespace has listeners for the allowed hosts and ports only (a
# connection anywhere else is refused there, whatever the real host's state: no port scanning).
NO_NETWORK = ("os error 101", "Network is unreachable", "failed to lookup address", "os error 111")
WireTerm = tuple[str, str, str, str]  # ("iri", value, "", "") or ("literal", value, datatype, language)


@dataclass(frozen=True)
class QueryRequest:
    text: str
    accept: str = ""
    format: str = ""  # a format name (json, csv, …) that overrides the Accept header
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    substitutions: dict[str, WireTerm] = field(default_factory=dict)
    max_rows: int = 10_000


@dataclass(frozen=True)
class QueryOutcome:
    status: int
    media_type: str
    body: bytes
    form: str = ""
    rows: int = 0
    truncated: bool = False
    retry_after_s: int = 0  # with a 503: when the client may try again (the Retry-After header)
    seconds: float = 0.0  # how long a worker spent on it (what the client's time budget is charged)


def wire_term(term: ox.NamedNode | ox.Literal) -> WireTerm:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value, "", "")
    return ("literal", term.value, term.datatype.value, term.language or "")


def _term(wire: WireTerm) -> ox.NamedNode | ox.Literal:
    kind, value, datatype, language = wire
    if kind == "iri":
        return ox.NamedNode(value)
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype))


def _text(status: int, message: str) -> QueryOutcome:
    return QueryOutcome(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


def _choose(request: QueryRequest, offers: tuple[Offer, ...]) -> Offer | None:
    if request.format:
        return by_name(request.format, offers)
    return negotiate(request.accept, offers)


def _not_acceptable(form: str, offers: tuple[Offer, ...]) -> QueryOutcome:
    types = ", ".join(offer.media_type for offer in offers)
    return _text(406, f"No acceptable format for {form} results: this endpoint writes {types}.")


def _media_type(offer: Offer) -> str:
    return f"{offer.media_type}; charset=utf-8"  # every format offered is UTF-8 text


def execute(store: ox.Store, request: QueryRequest) -> QueryOutcome:
    """Run the query and write its answer; errors become 4xx/5xx outcomes with one-sentence bodies."""
    # The project's prefixes are predeclared: `SELECT * { ?b a psg:CLSPD }` needs no PREFIX line (a
    # query's own PREFIX declarations still win).
    options: dict[str, object] = {"prefixes": dict(PREFIXES)}
    if request.default_graphs:
        options["default_graph"] = [ox.NamedNode(iri) for iri in request.default_graphs]
    if request.named_graphs:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in request.named_graphs]
    if request.substitutions:
        options["substitutions"] = {ox.Variable(name): _term(wire)
                                    for name, wire in request.substitutions.items()}
    try:
        results = store.query(request.text, **options)  # type: ignore[arg-type]
        if isinstance(results, ox.QueryBoolean):
            offer = _choose(request, BOOLEAN)
            if offer is None:
                return _not_acceptable("ASK", BOOLEAN)
            return QueryOutcome(200, _media_type(offer), write_boolean(offer.name, bool(results)), "ask", 1)
        if isinstance(results, ox.QuerySolutions):
            offer = _choose(request, SOLUTIONS)
            if offer is None:
                return _not_acceptable("SELECT", SOLUTIONS)
            variables = [variable.value for variable in results.variables]
            kept = [tuple(solution) for solution in itertools.islice(results, request.max_rows + 1)]
            truncated = len(kept) > request.max_rows
            kept = kept[:request.max_rows]
            body = write_solutions(offer.name, variables, kept)
            return QueryOutcome(200, _media_type(offer), body, "select", len(kept), truncated)
        offer = _choose(request, GRAPH)
        if offer is None:
            return _not_acceptable("CONSTRUCT/DESCRIBE", GRAPH)
        triples = list(itertools.islice(results, request.max_rows + 1))
        truncated = len(triples) > request.max_rows
        triples = triples[:request.max_rows]
        body = _serialize_graph(triples, offer.name)
        return QueryOutcome(200, _media_type(offer), body, "graph", len(triples), truncated)
    except SyntaxError as error:
        return _text(400, f"The query does not parse: {error}")
    except Unrepresentable as error:
        return _text(406, str(error))
    except ValueError as error:
        return _text(400, f"The request is invalid: {error}")
    except OSError as error:
        if any(sign in str(error) for sign in NO_NETWORK):
            return _text(403, "Federated query refused: this server's query workers can reach no host but "
                              f"the SERVICE hosts its operator allows (the engine said: {error}).")
        return _text(502, f"The query failed while reading data: {error}")
    except RuntimeError as error:  # the engine's evaluation errors: caused by the query
        return _text(400, f"The query cannot be evaluated: {error}")
    except MemoryError:
        return _text(503, "The answer did not fit in this server's memory limit per query; narrow the "
                          "query (a LIMIT, a more selective pattern) and try again.")


def _serialize_graph(triples: list[ox.Triple], name: str) -> bytes:
    prefixes = PREFIXES if name in ("turtle", "n3", "rdfxml", "jsonld") else None
    body = ox.serialize(triples, format=RDF_FORMATS[name], prefixes=prefixes) or b""
    if name == "rdfxml":
        # RDF/XML writes a predicate as an XML element name: one whose IRI ends in no name
        # character (http://e/p/) cannot be written, and pyoxigraph's writer emits <oxprefix:…>.
        for triple in triples:
            if not _XML_NAME_END.search(triple.predicate.value):
                raise Unrepresentable(f"RDF/XML cannot write the predicate <{triple.predicate.value}> "
                                      "(its IRI does not end in a name); ask for Turtle, N-Triples or "
                                      "JSON-LD instead.")
        check_xml_text(body.decode("utf-8"), "answer")
    return body
