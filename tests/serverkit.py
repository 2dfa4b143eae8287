"""Real SPARQL servers for the tests and benchmarks: `psgraph serve`, and Oxigraph's own server."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from psgraph.export import export
from psgraph.project import Project

ANNOUNCE = re.compile(r"at (http://[^/\s]+)/ ")


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
          timeout: float = 30) -> tuple[int, Any, bytes]:
    """Status, headers and body of one request; an HTTP error status is returned, not raised."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def small_store(path: Path, triples: int) -> Path:
    """A pyoxigraph store at ``path`` with ``triples`` numbered statements, closed: for worker pools."""
    import pyoxigraph as ox

    store = ox.Store(str(path))
    store.extend(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"),
                         ox.Literal(str(i))) for i in range(triples))
    store.flush()
    del store
    return path


def wait_for(condition: Callable[[], object], seconds: float = 30, step: float = 0.05) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(step)


def post_query(server: str, text: str, timeout: float = 30) -> int:
    """The HTTP status a SPARQL query POSTed to ``server``'s /sparql gets."""
    request = urllib.request.Request(f"{server}/sparql", text.encode(), {"Content-Type": "application/sparql-query"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@contextmanager
def running_server(root: Path, *options: str, start_timeout: float = 60,
                   log: list[str] | None = None, include: tuple[str, ...] = (),
                   preexec_fn: Callable[[], None] | None = None) -> Iterator[str]:
    """The base URL (no trailing slash) of a server started on ``root`` with ``options``.

    The server's standard error is read all along (into ``log`` when given): a pipe nobody reads
    fills up after 64 KiB of log lines and then blocks the server's logging, and with it the
    server."""
    included = [argument for folder in include for argument in ("--include", folder)]
    process = subprocess.Popen([sys.executable, "-m", "psgraph", "--root", str(root), *included, "serve",
                                "--port", "0", *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=preexec_fn)
    lines: list[str] = [] if log is None else log
    drain = threading.Thread(target=lambda: lines.extend(process.stderr or ()), daemon=True)
    drain.start()
    first_line: list[str] = []
    reader = threading.Thread(target=lambda: first_line.append(process.stdout.readline() if process.stdout else ""))
    reader.start()
    reader.join(start_timeout)
    match = ANNOUNCE.search(first_line[0]) if first_line else None
    if match is None:
        process.kill()
        process.wait(timeout=10)
        drain.join(timeout=10)
        raise RuntimeError(f"psgraph serve did not start: {''.join(lines).strip() or first_line}")
    try:
        yield match.group(1)
    finally:
        _stop(process)


OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_oxigraph(project: Project, work: Path, start_timeout: float = 30) -> Iterator[str]:
    """The query URL of Oxigraph's own server (`oxigraph serve-read-only`), loaded with the export
    of ``project``'s current store in the folder ``work``."""
    if not Path(OXIGRAPH).exists():
        raise RuntimeError("the oxigraph server is not installed: run `make test`, which installs it")
    dump = work / "graph.nt"
    export(project, "nt", str(dump))
    subprocess.run([OXIGRAPH, "load", "--location", str(work / "db"), "--file", str(dump)],
                   check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", str(work / "db"),
                               "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        _wait_until_answering(f"{url}?query=ASK%7B%7D", server, start_timeout,
                              lambda: "the oxigraph server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "nginx"
NGINX_SERVER_NAME = "psgraph.test"  # the public name the recipe's nginx passes on as Host
NGINX_CONF = """\
{user}worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    default_type application/octet-stream;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {deploy}/limits.conf;
    upstream psgraph {{ server {upstream}; keepalive 32; keepalive_timeout 20s; }}
    proxy_cache_path {work}/cache levels=1:2 keys_zone=psgraph_cache:10m max_size=200m inactive=1h
                     use_temp_path=off;
    server {{
        listen 127.0.0.1:{port};
        server_name {server_name};
        include {deploy}/locations.conf;
    }}
}}
"""


@contextmanager
def running_nginx(upstream: str, work: Path, start_timeout: float = 20,
                  server_name: str = NGINX_SERVER_NAME) -> Iterator[str]:
    """The base URL of Debian's nginx on loopback, in front of ``upstream`` (a psgraph base URL),
    configured with the project's own deploy/nginx files, as the site ``server_name``."""
    if not Path(NGINX).exists():
        raise RuntimeError("nginx is not installed: run `make test`, which installs it")
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (work / "nginx.conf").write_text(NGINX_CONF.format(
        user="user root;\n" if os.geteuid() == 0 else "", work=work, deploy=DEPLOY,
        upstream=upstream.removeprefix("http://"), port=port, server_name=server_name), encoding="utf-8")
    process = subprocess.Popen([NGINX, "-c", str(work / "nginx.conf"), "-p", str(work)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"

    def failure() -> str:
        errors = (work / "error.log").read_text() if (work / "error.log").exists() else ""
        return f"nginx did not start: {errors.strip()[-500:]}"

    try:
        _wait_until_answering(f"{url}/health", process, start_timeout, failure)
        yield url
    finally:
        _stop(process)


def _wait_until_answering(url: str, process: subprocess.Popen, seconds: float,
                          failure: Callable[[], str]) -> None:
    """Return once ``url`` answers; RuntimeError(failure()) if ``process`` ends or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(failure()) from None
            time.sleep(0.1)


def _stop(process: subprocess.Popen, seconds: float = 15) -> None:
    """Stop a server process: SIGTERM, then SIGKILL if it has not ended in ``seconds``."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
VIRTUOSO_SQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"
VIRTUOSO_GRAPH = "urn:psgraph:graph"
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {work}/db/virtuoso.db
ErrorLogFile = {work}/db/virtuoso.log
LockFile = {work}/db/virtuoso.lck
TransactionFile = {work}/db/virtuoso.trx
xa_persistent_file = {work}/db/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {work}/db/virtuoso-temp.db
TransactionFile = {work}/db/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = ., {work}
NumberOfBuffers = 100000
MaxDirtyBuffers = 75000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {work}/www
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8
[SPARQL]
; every row, and no time limit that would silently cut an answer short
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
"""


def virtuoso_missing() -> str:
    """Why the Virtuoso tests cannot run here ("" when they can)."""
    missing = [path for path in (VIRTUOSO, VIRTUOSO_SQL) if not Path(path).exists()]
    return (f"{', '.join(missing)} not installed (`make virtuoso` installs Debian's virtuoso-opensource)"
            if missing else "")


@contextmanager
def running_virtuoso(project: Project, work: Path, start_timeout: float = 60) -> Iterator[str]:
    """The SPARQL query URL of Debian's Virtuoso 7.2 on loopback, bulk-loaded (ld_dir and
    rdf_loader_run, as Virtuoso's documentation loads a dump) with the N-Triples export of
    ``project``'s current store into one graph, which the URL names as the default graph: Virtuoso
    would otherwise also query its own system graphs."""
    if virtuoso_missing():
        raise RuntimeError(virtuoso_missing())
    (work / "db").mkdir(parents=True, exist_ok=True)
    (work / "www").mkdir(exist_ok=True)
    (work / "load").mkdir(exist_ok=True)
    export(project, "nt", str(work / "load" / "graph.nt"))
    sql_port, http_port = free_port(), free_port()
    ini = work / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(work=work, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    server = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=work,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http_port}/sparql"

    def failure() -> str:
        log = work / "db" / "virtuoso.log"
        tail = log.read_text(errors="replace").strip().splitlines()[-3:] if log.exists() else []
        return f"Virtuoso did not start: {' / '.join(tail)}"

    try:
        _wait_until_answering(f"{url}?query=ASK%7B%7D", server, start_timeout, failure)
        loading = (f"ld_dir('{work / 'load'}', 'graph.nt', '{VIRTUOSO_GRAPH}'); rdf_loader_run(); "
                   "checkpoint;")
        loaded = subprocess.run([VIRTUOSO_SQL, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={loading}"],
                                capture_output=True, text=True, timeout=600)
        if loaded.returncode != 0 or "Error" in loaded.stdout:
            raise RuntimeError(f"Virtuoso could not load the export: {(loaded.stdout + loaded.stderr)[-300:]}")
        yield f"{url}?default-graph-uri={VIRTUOSO_GRAPH}"
    finally:
        _stop(server, 60)
