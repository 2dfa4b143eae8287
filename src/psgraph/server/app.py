"""The WSGI application of ``psgraph serve``: routing, and turning outcomes into HTTP responses.

Queries — from the SPARQL protocol and from the canned query pages alike — pass the same guard
(read-only, nesting, SERVICE allow-list), the same per-client share (concurrency, time budget) and
run in the same confined worker pool under the same time limit, memory cap and row cap.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from psgraph import __version__
from psgraph.catalogue import CannedQuery
from psgraph.charts import spec
from psgraph.description import description, earliest_date, schema_org, turtle
from psgraph.downloads import spreadsheet
from psgraph.errors import InputError, ParameterError
from psgraph.intake import layout
from psgraph.intake.layout import COUNTRY
from psgraph.intake.reconcile import Unmatched
from psgraph.paramnames import NameChoice, ParamNames
from psgraph.params import Param
from psgraph.results import ResultTable, compact
from psgraph.search.lookup import MAX_QUERY_CHARS
from psgraph.search.lookup import search as search_index
from psgraph.server import pages, resources, words
from psgraph.server.admission import Admission
from psgraph.server.answers import AnswerCache, Kept, answer_key
from psgraph.server.compare import compare, parse_countries
from psgraph.server.config import ServerConfig
from psgraph.server.coverage import GAP_QUERIES, coverage
from psgraph.server.dumps import DUMPS, DumpCache
from psgraph.server.execution import QueryOutcome, QueryRequest, wire_term
from psgraph.server.fairness import ClientLedger
from psgraph.server.forms import Forms, named_address, offered
from psgraph.server.guide import Guide, build_guide
from psgraph.server.negotiation import GRAPH, Offer, by_name, negotiate
from psgraph.server.ontodoc import ontology_html
from psgraph.server.protocol import ProtocolError, read_request
from psgraph.server.searchpage import search_page
from psgraph.server.servicedescription import endpoint_iri, service_description
from psgraph.server.territory import drawn_rows, what_exists
from psgraph.server.workers import WorkerPool
from psgraph.sparqltext import bind_text
from psgraph.turtle import memory_store

log = logging.getLogger("psgraph.serve")
StartResponse = Callable[[str, list[tuple[str, str]]], Any]
DOWNLOADS = {"csv": "csv", "json": "json", "tsv": "tsv", "xml": "xml"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YASGUI_FILES = {"yasgui.min.js": "text/javascript; charset=utf-8",
                "yasgui.min.css": "text/css; charset=utf-8"}
# The chart libraries, from web/node_modules (npm ci, like the editor): nothing loads from elsewhere.
CHART_FILES = {"vega.min.js": ("vega", "build", "vega.min.js"),
               "vega-lite.min.js": ("vega-lite", "build", "vega-lite.min.js"),
               "vega-embed.min.js": ("vega-embed", "build", "vega-embed.min.js"),
               "cytoscape.min.js": ("cytoscape", "dist", "cytoscape.min.js")}
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
CORS = [("Access-Control-Allow-Origin", "*")]
# A resource page: HTML for browsers (and for */*), the resource's description as RDF otherwise.
RESOURCE_OFFERS = (Offer("html", "text/html", ("application/xhtml+xml",)), *GRAPH)
LANG_COOKIE = "psgraph_lang"
PAGE_KEYS = ("lang", "page", "excel")  # parameters of the page or download, not of the canned query


class PageFailure(Exception):
    """A query behind a page was refused or failed (busy workers, a time limit)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass
class Response:
    status: int
    body: bytes | Iterable[bytes] = b""
    media_type: str = "text/plain; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


def text(status: int, message: str, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(status, (message.rstrip() + "\n").encode(), headers=headers or [])


@dataclass
class Site:
    """Everything the application serves: the catalogue, the worker pool and the files."""

    config: ServerConfig
    catalogue: Mapping[str, CannedQuery]
    pool: WorkerPool
    dumps: DumpCache
    ontology_files: Mapping[str, Path]
    yasgui_dir: Path
    info: pages.SiteInfo
    ledger: ClientLedger
    federated_pool: WorkerPool | None = None  # the one worker with network, for allowed SERVICE hosts
    search_index: Path | None = None  # the build's search.sqlite (psgraph.search)
    # A read-only handle for the fixed, bounded queries of the resource pages (no user SPARQL: an
    # IRI that passed valid_iri in a template with LIMITs), which skip the workers' round trips.
    page_store: ox.Store | None = None
    choice_cache: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    _ontology_page: bytes | None = None
    citation: str = ""  # CITATION.cff, shown on the downloads page
    guides: dict[str, Guide] = field(default_factory=dict)  # the ontology guide, built once per language
    guide_lock: threading.Lock = field(default_factory=threading.Lock)
    answers: AnswerCache = field(default_factory=AnswerCache)  # canned answers, for this build
    query_pages: Kept[Response] = field(default_factory=Kept)  # canned-query pages, for the day
    _ontology_lock: threading.Lock = field(default_factory=threading.Lock)
    names: ParamNames | None = None  # names for IRI parameters (Rhône, CLSPD), from the build's index

    def __post_init__(self) -> None:
        if self.names is None and self.search_index is not None:
            self.names = ParamNames.of_build(self.search_index.parent)

    def ontology_page(self) -> bytes:
        with self._ontology_lock:
            if self._ontology_page is None:
                self._ontology_page = ontology_html(self.ontology_files["psgraph.ttl"]).encode("utf-8")
            return self._ontology_page


class Application:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.admission = Admission(site.config, site.ledger, site.pool, site.federated_pool)
        self.forms = Forms(site.page_store, site.names, site.choice_cache)
        # host:port the server listens on (the port is known once it listens, when --port 0).
        self.listen_address = f"{site.config.host}:{site.config.port}"

    def __call__(self, environ: Mapping[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            response = self.route(environ)
        except Exception:  # a bug of ours: log it, and give the client a clean 500
            log.exception("psgraph serve: error while answering %s", environ.get("PATH_INFO"))
            response = text(500, "The server failed while answering; the error is in its log.")
        if response.status >= 500 and response.status != 503:
            log.error("psgraph serve: %s %s answered %d: %s", environ.get("REQUEST_METHOD"),
                      environ.get("PATH_INFO"), response.status,
                      bytes(response.body)[:300] if isinstance(response.body, bytes) else "")
        headers = [("Content-Type", response.media_type), *response.headers]
        body = response.body
        if isinstance(body, bytes):
            headers.append(("Content-Length", str(len(body))))
            body = [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
        start_response(f"{response.status} {HTTPStatus(response.status).phrase}", headers)
        return body

    # Routing ---------------------------------------------------------------------------------

    def route(self, environ: Mapping[str, Any]) -> Response:
        misdirected = self.misdirected(environ.get("HTTP_HOST", ""))
        if misdirected is not None:
            return misdirected
        path = _path(environ)
        if path is None:
            return text(400, "The address is not UTF-8 text once its %-escapes are decoded; "
                             "percent-encode each character as UTF-8 (é is %C3%A9).")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/sparql":
            if method == "OPTIONS":
                return Response(204, headers=[*CORS, ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                                              ("Access-Control-Allow-Headers", "Content-Type, Accept")])
            return self.sparql(environ)
        if method not in ("GET", "HEAD"):
            return text(405, f"{path} accepts GET only.", [("Allow", "GET, HEAD")])
        params = _params(environ.get("QUERY_STRING", ""))
        lang, remember = _language(environ, params)
        if path == "/":
            examples = pages.editor_examples(self.site.catalogue, date.today(), lang)
            home = self.page("index.html", examples=examples, prefixes=pages.editor_prefixes(),
                             editor_installed=(self.site.yasgui_dir / "yasgui.min.js").is_file(),
                             dataset_jsonld=self.dataset_jsonld(environ), lang=lang, switch=_switch(params))
            return _remembering(home, remember)
        if path in ("/.well-known/void", "/dumps/void.ttl"):
            return self.void(environ)
        if path == "/data":
            return _remembering(self.page("data.html", codebook=self.site.dumps.codebook(), lang=lang,
                                          switch=_switch(params)), remember)
        if path in ("/queries", "/queries/"):
            return _remembering(self.page("catalogue.html", groups=pages.by_category(self.site.catalogue),
                                          lang=lang, switch=_switch(params)), remember)
        if path.startswith("/queries/"):
            answer = self.canned(path.removeprefix("/queries/"), environ.get("QUERY_STRING", ""),
                                 _client(environ), lang)
            return _remembering(answer, remember)
        if path == "/ontology":
            return _remembering(self.guide(lang, params), remember)
        if path == "/ontology/reference":
            return Response(200, self.site.ontology_page(), "text/html; charset=utf-8")
        if path.startswith("/ontology/") and path.removeprefix("/ontology/") in self.site.ontology_files:
            source = self.site.ontology_files[path.removeprefix("/ontology/")]
            return Response(200, source.read_bytes(), "text/turtle; charset=utf-8")
        if path == "/dumps":
            listed = self.page("dumps.html", dumps=sorted(DUMPS), lang=lang, switch=_switch(params),
                               ontology_files=sorted(self.site.ontology_files), citation=self.site.citation)
            return _remembering(listed, remember)
        if path.startswith("/dumps/") and path.removeprefix("/dumps/") in DUMPS:
            return self.dump(path.removeprefix("/dumps/"))
        if path.startswith("/static/"):
            return self.static(path.removeprefix("/static/"))
        if path.startswith("/assets/yasgui/") and path.removeprefix("/assets/yasgui/") in YASGUI_FILES:
            return self.yasgui(path.removeprefix("/assets/yasgui/"))
        if path.startswith("/assets/charts/") and path.removeprefix("/assets/charts/") in CHART_FILES:
            return self.chart_library(path.removeprefix("/assets/charts/"))
        if path == "/favicon.ico":
            return Response(204)
        if path == "/compare":
            return _remembering(self.comparison(params, lang), remember)
        if path == "/search":
            return _remembering(self.search(params, lang), remember)
        if path == "/search.json":
            return self.suggest(params, lang)
        iri = resources.iri_of(path, params)
        if iri is not None:
            return _remembering(self.resource(iri, environ, params, lang), remember)
        if path == "/health":
            return self.health()
        return _remembering(self.not_found(path, lang), remember)

    def misdirected(self, host: str) -> Response | None:
        """With --public-url, a 421 for a request addressed to another host than the public one (or
        this machine's own names, for checks on loopback): this server never describes itself, nor
        serves pages that link to itself, under a name a client chose."""
        public = self.site.config.public_url
        if not public or not host:
            return None
        known = {_host_name(public.split("//", 1)[-1].split("/", 1)[0]), _host_name(self.listen_address),
                 "localhost", "127.0.0.1", "::1"}
        if _host_name(host) in known - {None}:
            return None
        return text(421, f"This server answers as {public} (its --public-url), not as {host[:100]!r}.")

    def health(self) -> Response:
        """The pool's state for operators and load balancers: 503 unless every worker is alive."""
        body: dict[str, object] = {"version": __version__, "triples": self.site.info.triples,
                                   **self.site.pool.health(), "clients": self.site.ledger.clients(),
                                   "refused_by_client_limits": self.site.ledger.refused}
        if self.site.federated_pool is not None:
            body["federated_worker"] = self.site.federated_pool.health()["status"]
        status = 200 if body["status"] == "ok" else 503
        return Response(status, json.dumps(body).encode(), "application/json",
                        [("Cache-Control", "no-store")])

    def page(self, template: str, status: int = 200, **context: Any) -> Response:
        return Response(status, pages.render(template, self.site.info, **context), "text/html; charset=utf-8")

    def not_found(self, path: str, lang: str = "en") -> Response:
        title, message = words.not_found(path)
        return self.page("error.html", 404, title=title.render(lang), message=message.render(lang), lang=lang)

    # Search and resource pages --------------------------------------------------------------

    def search(self, params: Mapping[str, str], lang: str) -> Response:
        found = search_page(params, lang, self.site.search_index, self.site.names)
        return self.page("search.html", found.status, switch=_switch(params), **found.context)

    def suggest(self, params: Mapping[str, str], lang: str) -> Response:
        """Search hits as JSON for a form field that completes as the reader types."""
        q, kind = params.get("q", "").strip(), params.get("kind", "")
        index = self.site.search_index
        if len(q) > MAX_QUERY_CHARS:
            return text(400, f"Parameter q is longer than {MAX_QUERY_CHARS} characters.")
        if index is None or not index.is_file():
            return text(503, "The search index of this build is missing: run `psgraph build` again.")
        hits = [hit for hit in search_index(index, q, lang, limit=200) if not kind or hit.kind == kind][:20]
        body = [{"iri": hit.iri, "value": compact(hit.iri), "label": hit.label, "context": hit.context}
                for hit in hits]
        if kind == "territory" and self.site.names is not None:
            # what a form's field shows and sends: a name that reads back as the territory
            for entry, hit in zip(body, hits, strict=True):
                entry["name"] = self.site.names.shown(_TERRITORY, hit.iri, lang, hit.label)
        return Response(200, json.dumps(body, ensure_ascii=False).encode(), "application/json", list(CORS))

    def resource(self, iri: str, environ: Mapping[str, Any], params: Mapping[str, str],
                 lang: str) -> Response:
        if not resources.valid_iri(iri):
            return self.page("error.html", 400, title="Not an identifier", lang=lang,
                             message="The iri parameter must be an http(s) or urn IRI of at most "
                                     f"{resources.MAX_IRI_CHARS:,} characters without spaces or <>\"{{}}|^`.")
        wanted = params.get("format", "")
        offer = (by_name(wanted, RESOURCE_OFFERS) if wanted
                 else negotiate(environ.get("HTTP_ACCEPT"), RESOURCE_OFFERS))
        headers = [*CORS, ("Vary", "Accept")]
        if offer is None:
            return text(406 if not wanted else 400,
                        "No such format here: this page is written as "
                        f"{', '.join(o.name for o in RESOURCE_OFFERS)} "
                        "(choose with ?format= or the Accept header).", headers)
        client = _client(environ)
        if offer.name != "html":
            outcome = self.run(QueryRequest(resources.describe_query(iri), format=offer.name,
                                            max_rows=self.site.config.max_rows), client)
            if outcome.status == 200 and not self.known(iri, client):
                return text(404, f"The graph says nothing about <{iri}>.", headers)
            return Response(outcome.status, outcome.body, outcome.media_type,
                            [*headers, *_retry_after(outcome)])
        try:
            page = resources.build_page(iri, lang, lambda query: self.select(query, client))
        except PageFailure as failure:
            return self.page("error.html", failure.status, title="Not available now", lang=lang,
                             message=failure.message)
        here = None
        if page.territory and self.site.page_store is not None:
            here = what_exists(iri, lang, lambda query: self.select(query, client), self.site.catalogue,
                               resources.level_order(self.site.page_store))
        status = 404 if page.empty else 200
        return self.page("resource.html", status, page=page, lang=lang, switch=_switch(params), here=here,
                         formats=[(o.name, o.media_type) for o in RESOURCE_OFFERS[1:]])

    def guide(self, lang: str, params: Mapping[str, str]) -> Response:
        store = self.site.page_store
        if store is None:
            return text(503, "The ontology guide needs the server's own store; restart `psgraph serve`.")
        with self.site.guide_lock:
            if lang not in self.site.guides:
                ontology = memory_store(list(self.site.ontology_files.values()))
                self.site.guides[lang] = build_guide(
                    lambda query: ResultTable.from_solutions(store.query(query)), lang, ontology)
        return self.page("ontology.html", guide=self.site.guides[lang], lang=lang, switch=_switch(params))

    def comparison(self, params: Mapping[str, str], lang: str) -> Response:
        store = self.site.page_store
        if store is None:
            return text(503, "The comparison page needs the server's own store; restart `psgraph serve`.")
        try:
            countries = parse_countries(params.get("countries", ""),
                                        lambda name: self._country_named(name, lang))
            as_of = date.fromisoformat(params["as_of"]) if params.get("as_of") else date.today()
        except ValueError:
            return self.page("error.html", 400, title="Bad parameter", lang=lang,
                             message=f"Parameter as_of={params.get('as_of', '')!r} is not a date: "
                                     "write YYYY-MM-DD.")
        except InputError as error:
            return self.page("error.html", 400, title="Bad parameter", lang=lang, message=str(error))
        try:
            result = compare(countries, as_of, lang, store)
        except InputError as error:
            return self.page("error.html", 400, title="Bad parameter", lang=lang, message=str(error))
        return self.page("compare.html", comparison=result, lang=lang, switch=_switch(params),
                         countries=",".join(c.rsplit("/", 1)[-1] for c in countries), as_of=as_of.isoformat())

    def _country_named(self, name: str, lang: str) -> str:
        """The country ``name`` names in the build's index (France, Royaume-Uni, Denmark)."""
        if self.site.names is None:
            raise InputError(f"Parameter countries: {name!r} is not a country code (fr, uk, eu …).")
        try:
            return self.site.names.reconciler().find(COUNTRY, name)
        except Unmatched as unmatched:
            raise InputError(f"Parameter countries: {unmatched.text.render(lang)}") from None

    def known(self, iri: str, client: str) -> bool:
        try:
            table = self.select(resources.bound(
                "SELECT ?p WHERE { { ?resource ?p ?o } UNION { ?s ?p ?resource } } LIMIT 1", iri, "en"),
                client)
        except PageFailure:
            return True  # let the description's own status speak
        return bool(table.rows)

    def select(self, query: str, client: str) -> ResultTable:
        """A SELECT for a page: on the read-only handle when there is one, else by a worker like any
        query (a refusal becomes a PageFailure)."""
        if self.site.page_store is not None:
            try:
                return ResultTable.from_solutions(self.site.page_store.query(query))
            except (SyntaxError, OSError) as error:  # a template or the store failing, not the reader
                log.error("psgraph serve: a page query failed: %s", error)
                raise PageFailure(500, "This page could not be built; the error is in the server's log.") \
                    from None
        outcome = self.run(QueryRequest(query, format="json", max_rows=self.site.config.max_rows), client)
        if outcome.status != 200:
            raise PageFailure(outcome.status, bytes(outcome.body).decode("utf-8", "replace").strip())
        return ResultTable.from_sparql_json(json.loads(bytes(outcome.body)))

    # Queries ---------------------------------------------------------------------------------

    def run(self, request: QueryRequest, client: str) -> QueryOutcome:
        """Guard, share, then evaluate in a worker (server.admission)."""
        return self.admission.run(request, client)

    def sparql(self, environ: Mapping[str, Any]) -> Response:
        try:
            protocol = read_request(environ, self.site.config.max_query_bytes)
        except ProtocolError as error:
            return text(error.status, str(error), list(CORS))
        config = self.site.config
        if protocol.query is None:
            endpoint = endpoint_iri(config.public_url, environ.get("wsgi.url_scheme", "http"),
                                    environ.get("HTTP_HOST", ""), self.listen_address)
            body = service_description(endpoint, bool(config.allowed_service_hosts))
            return Response(200, body, "text/turtle; charset=utf-8", list(CORS))
        outcome = self.run(QueryRequest(protocol.query, accept=environ.get("HTTP_ACCEPT", ""),
                                        default_graphs=protocol.default_graphs,
                                        named_graphs=protocol.named_graphs,
                                        max_rows=config.max_rows), _client(environ))
        headers = [*CORS, ("Vary", "Accept"), *_retry_after(outcome)]
        if outcome.truncated:
            headers.append(("X-SPARQL-MaxRows", str(self.site.config.max_rows)))
        return Response(outcome.status, outcome.body, outcome.media_type, headers)

    def canned(self, rest: str, query_string: str, client: str, lang: str = "en") -> Response:
        """A canned query's page, or its answer as a file; a page drawn today is kept for the day."""
        if "." in rest:
            return self._canned(rest, query_string, client, lang)
        key = (rest, query_string, lang, date.today())
        page = self.site.query_pages.get(key)
        if page is None:
            page = self._canned(rest, query_string, client, lang)
            if page.status == 200 and isinstance(page.body, bytes):
                self.site.query_pages.keep(key, page, len(page.body))
        # a copy: headers (the reader's language cookie) are added per request, never to the page kept
        return dataclasses.replace(page, headers=list(page.headers))

    def _canned(self, rest: str, query_string: str, client: str, lang: str) -> Response:
        name, _, extension = rest.partition(".")
        query = self.site.catalogue.get(name)
        if query is None or (extension and extension not in (*DOWNLOADS, "rq", "xlsx")):
            return self.not_found(f"/queries/{rest}", lang)
        given = {key: values[-1] for key, values in urllib.parse.parse_qs(query_string).items()
                 if values and values[-1].strip() and key not in PAGE_KEYS}
        today = date.today()
        view = pages.View(lang=lang, query_string=query_string, switch=_switch(_params(query_string)))
        if self.site.names is not None:  # names for IRIs (psgraph.paramnames, server/forms.py)
            try:
                address = named_address(query, given, query_string, self.site.names)
                if address is not None and not extension:
                    return Response(303, b"", headers=[("Location", f"/queries/{name}?{address}")])
                given = self.site.names.resolve(query, given) if address is not None else given
            except InputError as error:  # a NameChoice, or no build to read names from
                if extension:
                    return text(400, error.in_language(_params(query_string).get("lang", "en"))
                                if isinstance(error, ParameterError) else str(error))
                if isinstance(error, NameChoice):
                    view.offered, view.offered_heading = offered(error, query_string, lang)
                message = error.in_language(lang) if isinstance(error, ParameterError) else str(error)
                return self.query_page(query, self.forms.fields(query, given, today, lang), "", view,
                                       error=message, status=400)
        fields = self.forms.fields(query, given, today, lang)
        try:
            # A download's labels follow its own lang parameter (English when left out, so that a
            # script's URL always gives the same columns); a page's follow the reader's language.
            query = query.in_language(_params(query_string).get("lang", "en") if extension else lang)
            bindings = query.bind(given, today)
            view.page = _page_number(_params(query_string).get("page", "1"))
        except InputError as error:
            if extension:
                return text(400, str(error))
            message = error.in_language(lang) if isinstance(error, ParameterError) else str(error)
            return self.query_page(query, fields, "", view, error=message, status=400)
        bound_text = bind_text(query.text, bindings)
        if extension == "rq":
            return Response(200, bound_text.encode(), "application/sparql-query; charset=utf-8")
        # A spreadsheet is written from the typed JSON answer (CSV results carry no datatypes).
        excel = extension == "csv" and _params(query_string).get("excel") == "1"
        request = QueryRequest(query.text, format="json" if excel else DOWNLOADS.get(extension, "json"),
                               substitutions={k: wire_term(v) for k, v in bindings.items()},
                               max_rows=self.site.config.max_rows)
        key = answer_key(request)
        outcome = self.site.answers.get(key)
        if outcome is None:
            outcome = self.run(request, client)
            self.site.answers.keep_answer(key, outcome)
        if extension:
            if (excel or extension == "xlsx") and outcome.status == 200:
                outcome = self.spreadsheet(query, outcome, extension, _params(query_string).get("lang", "en"))
            filename = f"{query.name}{'-excel' if excel else ''}.{extension}"
            headers = [("Content-Disposition", f'attachment; filename="{filename}"'), *_retry_after(outcome)]
            if outcome.truncated:
                headers.append(("X-SPARQL-MaxRows", str(self.site.config.max_rows)))
            return Response(outcome.status, outcome.body, outcome.media_type, headers)
        if outcome.status != 200:
            page = self.query_page(query, fields, bound_text, view, status=outcome.status,
                                   error=bytes(outcome.body).decode().strip())
            page.headers.extend(_retry_after(outcome))
            return page
        table = ResultTable.from_sparql_json(json.loads(bytes(outcome.body)))
        view.labels = self.labels(pages.shown_iris(table, view.page), lang)
        view.charts = self.charts(query, table, lang)
        counts = self.site.catalogue.get("statutory-gap-counts")
        if query.name in GAP_QUERIES and counts is not None and self.site.page_store is not None:
            view.coverage = [line.sentence(lang)
                             for line in coverage(self.site.page_store, counts, bindings, lang)]
        return self.query_page(query, fields, bound_text, view, table=table, truncated=outcome.truncated)

    def spreadsheet(self, query: CannedQuery, outcome: QueryOutcome, extension: str,
                    lang: str) -> QueryOutcome:
        """A canned answer (SPARQL JSON) as an XLSX workbook or a CSV file for a French spreadsheet,
        with the query's headers in ``lang`` (psgraph.downloads.spreadsheet)."""
        table = ResultTable.from_sparql_json(json.loads(bytes(outcome.body)))
        headed = spreadsheet.Headed(lang, query.column_label, query.value_label)
        if extension == "csv":
            return dataclasses.replace(outcome, body=spreadsheet.french_csv(table, headed),
                                       media_type="text/csv; charset=utf-8")
        iris = {term.value for row in table.rows for term in row if isinstance(term, ox.NamedNode)}
        about = spreadsheet.about(query.title_in(lang), query.description_in(lang), __version__,
                                  self.site.info.built_at, lang)
        body = spreadsheet.xlsx(table, self.labels(iris, lang), headed, query.name, about)
        return dataclasses.replace(outcome, body=body, media_type=XLSX)

    def charts(self, query: CannedQuery, table: ResultTable, lang: str) -> list[pages.ChartView]:
        """The query's charts drawn from the whole answer, with the labels of what they show."""
        drawn = []
        for chart in query.charts:
            shown = (chart.x, chart.y, chart.colour, chart.facet, *(span[0] for span in chart.spans))
            columns = [table.variables.index(c) for c in shown if c in table.variables]
            iris = {row[i].value for row in table.rows for i in columns if isinstance(row[i], ox.NamedNode)}
            levels = resources.level_order(self.site.page_store) if self.site.page_store is not None else []
            labels = self.labels(iris, lang) if iris else {}
            rows, note = table.rows, ""
            store = self.site.page_store
            if store is not None:
                rows, note = drawn_rows(chart, table.variables, table.rows, store, labels, lang)
            figure = spec(chart, table.variables, rows, labels, levels,
                          titles={name: query.column_label(name, lang) for name in table.variables},
                          said=functools.partial(query.value_label, lang=lang))
            drawn.append(pages.ChartView(chart.title_in(lang), json.dumps(figure) if figure else "",
                                         len(rows) > chart.max_rows, chart.type == "network", note))
        return drawn

    def labels(self, iris: Iterable[str], lang: str) -> dict[str, str]:
        """The label of each IRI in ``lang`` (else in another language), for the cells of a table."""
        store = self.site.page_store
        return resources.labels_in(store, iris, lang) if store is not None else {}

    def query_page(self, query: CannedQuery, fields: list[pages.Field], bound_text: str,
                   view: pages.View, *, table: ResultTable | None = None, error: str = "",
                   truncated: bool = False,
                   status: int = 200) -> Response:
        body = pages.query_page(self.site.info, query, fields, bound_text=bound_text, table=table,
                                error=error, truncated=truncated, view=view)
        return Response(status, body, "text/html; charset=utf-8")

    # Files -----------------------------------------------------------------------------------

    def base_url(self, environ: Mapping[str, Any]) -> str:
        """The address clients reach this server at (--public-url, else the request's Host)."""
        endpoint = endpoint_iri(self.site.config.public_url, environ.get("wsgi.url_scheme", "http"),
                                environ.get("HTTP_HOST", ""), self.listen_address)
        return endpoint.removesuffix("/sparql")

    def void(self, environ: Mapping[str, Any]) -> Response:
        """The dataset's DCAT description and VoID statistics (Turtle)."""
        triples = description(self.site.dumps.dataset, self.site.dumps.statistics(), self.base_url(environ))
        return Response(200, turtle(triples), "text/turtle; charset=utf-8", list(CORS))

    def dataset_jsonld(self, environ: Mapping[str, Any]) -> str:
        """The schema.org Dataset of the home page, as JSON that can sit in a <script> element."""
        store = self.site.page_store
        earliest = earliest_date(store) if store is not None else ""
        described = schema_org(self.site.dumps.dataset, earliest, self.base_url(environ))
        return json.dumps(described, ensure_ascii=False).replace("</", "<\\/")

    def dump(self, name: str) -> Response:
        path = self.site.dumps.path(name)
        headers = [("Content-Disposition", f'attachment; filename="{name}"')]
        return Response(200, path.read_bytes(), DUMPS[name][1], headers)

    def static(self, name: str) -> Response:
        content = pages.static_file(name)
        suffix = Path(name).suffix
        if content is None or suffix not in STATIC_TYPES:
            return self.not_found(f"/static/{name}")
        return Response(200, content, STATIC_TYPES[suffix], [("Cache-Control", "max-age=300")])

    def chart_library(self, name: str) -> Response:
        path = self.site.yasgui_dir.parents[2].joinpath(*CHART_FILES[name])  # web/node_modules/…
        if not path.is_file():
            return text(404, "The chart libraries are not installed: run `make run` (npm installs them).")
        return Response(200, path.read_bytes(), "text/javascript; charset=utf-8",
                        [("Cache-Control", "max-age=3600")])

    def yasgui(self, name: str) -> Response:
        path = self.site.yasgui_dir / name
        if not path.is_file():
            return text(404, "The SPARQL editor is not installed: run `make run` (it installs it with npm).")
        return Response(200, path.read_bytes(), YASGUI_FILES[name], [("Cache-Control", "max-age=3600")])


def _retry_after(outcome: QueryOutcome) -> list[tuple[str, str]]:
    return [("Retry-After", str(outcome.retry_after_s))] if outcome.retry_after_s else []


def _path(environ: Mapping[str, Any]) -> str | None:
    """The request's path as text. The WSGI server has decoded its %-escapes into bytes and hands
    them over as Latin-1 (PEP 3333); an identifier's page address encodes each character as UTF-8
    (resources.local_path), so é arrives as "Ã©" and is read back here. None if it is not UTF-8."""
    raw = environ.get("PATH_INFO", "/") or "/"
    try:
        return str(raw.encode("latin-1").decode("utf-8"))
    except UnicodeError:
        return None


def _host_name(host: str) -> str | None:
    """The name in a Host header (``Example.org:8080`` → ``example.org``, ``[::1]:80`` → ``::1``)."""
    if "@" in host or "/" in host:
        return None
    try:
        return urllib.parse.urlsplit(f"//{host}").hostname
    except ValueError:
        return None


def _params(query_string: str) -> dict[str, str]:
    return {key: values[-1] for key, values in urllib.parse.parse_qs(query_string).items() if values}


def _language(environ: Mapping[str, Any], params: Mapping[str, str]) -> tuple[str, str]:
    """The reader's language: ?lang= (remembered in a cookie), else the cookie, else English; and
    the language to remember ("" when nothing changes)."""
    asked = params.get("lang", "")
    if asked in resources.LANGUAGES:
        return asked, asked
    cookies = dict(part.strip().split("=", 1) for part in environ.get("HTTP_COOKIE", "").split(";")
                   if "=" in part)
    remembered = cookies.get(LANG_COOKIE, "")
    return (remembered if remembered in resources.LANGUAGES else "en"), ""


def _remembering(response: Response, lang: str) -> Response:
    if lang:
        response.headers.append(("Set-Cookie",
                                 f"{LANG_COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax"))
    return response


_TERRITORY = Param("territory", "iri", range=layout.TERRITORY)


def _page_number(text: str) -> int:
    # ASCII digits only: str.isdigit() accepts "²", which int() refuses, and int() refuses more than
    # 4,300 digits; seven digits are more pages than any answer has.
    if not re.fullmatch(r"[0-9]{1,7}", text) or not 1 <= int(text) <= 1_000_000:
        raise InputError(f"Parameter page={text!r} is not a page number (1, 2, 3 …).")
    return int(text)


def _switch(params: Mapping[str, str]) -> dict[str, str]:
    """Links to the same page in each language, keeping its other parameters."""
    kept = {key: value for key, value in params.items() if key != "lang"}
    return {code: "?" + urllib.parse.urlencode({**kept, "lang": code}) for code in resources.LANGUAGES}


def _client(environ: Mapping[str, Any]) -> str:
    """Who is asking: the peer's address, or behind ``--trusted-proxy`` the one the proxy reports
    (waitress replaces REMOTE_ADDR only for requests that come from the trusted proxy)."""
    return str(environ.get("REMOTE_ADDR") or "unknown")
