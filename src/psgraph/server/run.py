"""Starting ``psgraph serve``: the worker pool, the application and the HTTP server.

The HTTP layer is waitress: a pure-Python, production-grade WSGI server (bounded request sizes,
HTTP/1.1 keep-alive, a thread pool) with no further dependencies. Queries never run in its
threads; they run in the killable worker processes of :mod:`psgraph.server.workers`.
"""

from __future__ import annotations

import logging
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pyoxigraph as ox
import waitress
from waitress.server import BaseWSGIServer, MultiSocketServer

from psgraph import __version__
from psgraph.build import read_manifest
from psgraph.catalogue import load_catalogue
from psgraph.datapackage.package import licence_files
from psgraph.dataset import Dataset, iso_stamp
from psgraph.errors import InputError
from psgraph.pins import pin
from psgraph.project import Project
from psgraph.search.index import INDEX_NAME
from psgraph.server import pages
from psgraph.server.app import Application, Site
from psgraph.server.config import ServerConfig
from psgraph.server.dumps import DumpCache
from psgraph.server.egress import plan
from psgraph.server.fairness import ClientLedger
from psgraph.server.http import harden
from psgraph.server.openfiles import connection_limit
from psgraph.server.workers import WorkerLimits, WorkerPool, WorkerStartError
from psgraph.store import current_location

YASGUI_BUILD = ("web", "node_modules", "@zazuko", "yasgui", "build")
# Threads that answer HTTP requests. A query holds one while it waits for its worker (at most the
# time limit), so there are many more than workers: pages, files and /health stay answered while
# every worker is busy.
HTTP_THREADS = 64


def _pools(location: Path, config: ServerConfig) -> tuple[WorkerPool, WorkerPool | None]:
    routes = plan(config.allowed_service_hosts)  # an unknown host: said before any worker starts
    try:
        pool = WorkerPool(location, config.workers, WorkerLimits(memory_bytes=config.worker_memory),
                          spares=config.spare_workers)
    except WorkerStartError as error:
        raise InputError(f"Cannot start the query workers: {error}.") from None
    if not config.allowed_service_hosts:
        return pool, None
    try:
        federated = WorkerPool(location, 1, WorkerLimits(memory_bytes=config.worker_memory, routes=routes))
    except WorkerStartError as error:
        pool.close()
        raise InputError(f"Cannot start the federated query worker: {error}.") from None
    return pool, federated


def create(project: Project, config: ServerConfig) -> tuple[Application, list[WorkerPool]]:
    location = current_location(project)
    catalogue = load_catalogue(project)
    manifest = read_manifest(location)
    pool, federated = _pools(location, config)
    store = ox.Store.read_only(str(location))
    info = pages.SiteInfo(version=__version__, triples=len(store), built_at=str(manifest.get("built_at", "")),
                          timeout_s=config.timeout_s, max_rows=config.max_rows)
    ontology_files = {path.name: path for path in sorted((project.root / "ontology").glob("*.ttl"))}
    site = Site(config=config, catalogue=catalogue, pool=pool,
                dumps=DumpCache(store, project.state_dir / "dumps" / location.name,
                                Dataset(__version__, iso_stamp(info.built_at), info.triples),
                                licence_files(project.root)),
                citation=_citation(project),
                ontology_files=ontology_files, yasgui_dir=project.root.joinpath(*YASGUI_BUILD), info=info,
                ledger=ClientLedger(config.client_concurrency, config.client_budget_s),
                federated_pool=federated, search_index=location / INDEX_NAME, page_store=store)
    return Application(site), [pool] if federated is None else [pool, federated]


def _citation(project: Project) -> str:
    path = project.root / "CITATION.cff"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _proxy_settings(config: ServerConfig) -> dict[str, object]:
    """Behind a reverse proxy, take the client's address from the proxy's X-Forwarded-For (only on
    requests that come from the proxy's address); otherwise ignore such headers altogether."""
    if not config.trusted_proxy:
        return {"clear_untrusted_proxy_headers": True}
    return {"trusted_proxy": config.trusted_proxy, "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
            "clear_untrusted_proxy_headers": True}


def check_listen_address(host: str) -> None:
    """An InputError unless ``host`` is an address or a name that resolves."""
    try:
        socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise InputError(f"--host {host!r} is not an address this machine can listen on "
                         f"({getattr(error, 'strerror', None) or error}); give an IP address such as "
                         "127.0.0.1 or 0.0.0.0.") from None


def _stop(signum: int, frame: FrameType | None) -> None:
    _ignore_stop_signals()
    raise KeyboardInterrupt


def _ignore_stop_signals() -> None:
    """Once stopping, further Ctrl-C or SIGTERM must not cut the clean-up short (stray pins, tracebacks)."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def serve(project: Project, config: ServerConfig, announce: Callable[[str], None] = print) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM); the URL is announced once the server listens."""
    config.check()
    # Many HTTP threads share one interpreter: a shorter GIL switch interval (5 ms by default) keeps
    # a quick request (/health, a page) from waiting behind several threads busy writing answers.
    sys.setswitchinterval(0.001)
    if not logging.getLogger().handlers:  # the command line has set up standard error already
        logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    logging.getLogger("psgraph.serve").setLevel(logging.INFO)
    check_listen_address(config.host)
    application, pools = create(project, config)
    try:
        connections = connection_limit(config.connection_limit, HTTP_THREADS,
                                       sum(pool.size for pool in pools))
    except InputError:
        for pool in pools:
            pool.close()
        raise
    pin_file = pin(project, current_location(project))
    previous_term = signal.signal(signal.SIGTERM, _stop)  # so that workers stop and the pin goes
    previous_int = signal.signal(signal.SIGINT, _stop)
    try:
        try:
            server = waitress.create_server(application, host=config.host, port=config.port,
                                            threads=HTTP_THREADS, ident="psgraph",
                                            max_request_body_size=config.max_query_bytes,
                                            connection_limit=connections, asyncore_use_poll=True,
                                            log_socket_errors=False,
                                            channel_timeout=config.channel_timeout_s, cleanup_interval=5,
                                            **_proxy_settings(config))
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or error
            raise InputError(f"Cannot listen on {config.host}:{config.port} ({reason}): "
                             "choose another --port or --host.") from None
        assert isinstance(server, BaseWSGIServer | MultiSocketServer)
        harden(server)
        port = server.effective_port if isinstance(server, BaseWSGIServer) else config.port
        host = f"[{config.host}]" if ":" in config.host else config.host
        application.listen_address = f"{host}:{port}"
        announce(f"psgraph serving {application.site.info.triples} triples at http://{host}:{port}/ "
                 f"(SPARQL endpoint http://{host}:{port}/sparql; time limit {config.timeout_s:g} s, "
                 f"{config.max_rows} rows, {config.workers} query workers, {connections:,} connections). "
                 "Press Ctrl-C to stop.")
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        _ignore_stop_signals()
        for pool in pools:
            pool.close()
        pin_file.unlink(missing_ok=True)
        signal.signal(signal.SIGTERM, previous_term)
        signal.signal(signal.SIGINT, previous_int)
