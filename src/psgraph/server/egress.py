"""The federated worker's only way out: one relay per allowed host and port, nothing else.

With ``--allow-service``, queries that call allowed hosts go to a worker that must reach them. Reading
the query to decide where it may connect cannot be the guard — ``….SERVICE <…>`` (no space after the
dot) and ``FILTER(?a<'x>#')`` hid a second, non-allowed SERVICE from the reading, and the worker
then reached any host and port. So this worker, like the others, lives in a network namespace of
its own (:mod:`psgraph.server.confinement`), where the only interface is a loopback that leads
nowhere. Its namespace holds exactly one listening socket per allowed host and port, and those
sockets are handed to the server, which forwards each connection to the addresses that host
resolved to when the server started:

* an allowed name (``query.wikidata.org``) is written, in the worker's own copy of ``/etc/hosts``
  (a mount namespace of its own), as a loopback address of its namespace (127.77.0.N), where the
  relay listens on the allowed ports; the engine's TLS still checks the real certificate, since the
  bytes are forwarded untouched;
* an allowed address (``192.0.2.7:8890``) is given to the namespace's loopback, and the relay
  listens on it;
* a name without a port allows its web ports, 80 and 443.

Whatever a query's text says, a connection to any other host or port finds nothing listening. The
query reading of :mod:`psgraph.server.guard` stays, as a quick, clear 403 before a worker is used.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import ipaddress
import logging
import os
import selectors
import socket
import struct
import tempfile
import threading
from dataclasses import dataclass

from psgraph.errors import InputError

log = logging.getLogger("psgraph.serve")
WEB_PORTS = (80, 443)
NAME_ADDRESSES = "127.77.0.{}"  # the worker-side addresses of allowed names
MOST_RELAYED = 32  # connections forwarded at once: one federated worker runs one query at a time
CONNECT_TIMEOUT_S = 10.0
IDLE_TIMEOUT_S = 300.0
_SIOCGIFFLAGS, _SIOCSIFFLAGS, _SIOCSIFADDR, _SIOCSIFNETMASK = 0x8913, 0x8914, 0x8916, 0x891C
_IFF_UP = 0x1
_MS_BIND, _MS_REC, _MS_PRIVATE = 0x1000, 0x4000, 0x40000


class EgressError(Exception):
    """The worker's namespace could not be given its routes; ``str()`` says why."""


@dataclass(frozen=True)
class Route:
    """One allowed host and port: where the worker connects, and where the server forwards."""

    host: str  # as the operator wrote it (lower case)
    port: int
    inside: str  # the IPv4 address the worker connects to, in its own namespace
    targets: tuple[tuple[int, str, int], ...]  # (family, address, port), resolved at start


def plan(allowed: tuple[str, ...]) -> tuple[Route, ...]:
    """The routes of ``--allow-service`` entries (``host`` or ``host:port``), each host resolved now;
    InputError naming the entry that cannot be used."""
    routes: list[Route] = []
    names: dict[str, str] = {}
    for entry in allowed:
        host, port = _split(entry)
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None and literal.version == 6:
            raise InputError(f"--allow-service {entry}: give a host name or an IPv4 address; IPv6 "
                             "addresses are not forwarded to the federated worker.")
        if literal is None and host not in names:
            names[host] = NAME_ADDRESSES.format(len(names) + 1)
        inside = host if literal is not None else names[host]
        for each in (port,) if port else WEB_PORTS:
            routes.append(Route(host, each, inside, _resolve(entry, host, each)))
    return tuple(dict.fromkeys(routes))


def _split(entry: str) -> tuple[str, int]:
    if entry.startswith("[") or entry.count(":") > 1:
        raise InputError(f"--allow-service {entry}: give a host name or an IPv4 address; IPv6 addresses "
                         "are not forwarded to the federated worker.")
    host, _, port = entry.lower().rpartition(":") if ":" in entry else (entry.lower(), "", "")
    if not port:
        return host, 0
    if not port.isascii() or not port.isdigit() or not 0 < int(port) < 65536:
        raise InputError(f"--allow-service {entry}: the port must be a number between 1 and 65535.")
    return host, int(port)


def _resolve(entry: str, host: str, port: int) -> tuple[tuple[int, str, int], ...]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise InputError(f"--allow-service {entry}: {host} cannot be resolved "
                         f"({getattr(error, 'strerror', None) or error}).") from None
    return tuple(dict.fromkeys((family, address[0], address[1]) for family, _, _, _, address in found
                               if family in (socket.AF_INET, socket.AF_INET6)))


# In the worker, just after it left the network -------------------------------------------------

def hosts_file(routes: tuple[Route, ...]) -> str:
    """Write the worker's /etc/hosts (the allowed names, at their inside addresses) to a temporary
    file, before the worker leaves its user namespace (a file cannot be created after); its path."""
    lines = sorted({f"{route.inside} {route.host}" for route in routes if route.inside != route.host})
    handle, path = tempfile.mkstemp(prefix="psgraph-hosts-")
    with os.fdopen(handle, "w", encoding="ascii") as stream:
        stream.write("".join(line + "\n" for line in lines))
    os.chmod(path, 0o644)
    return path


def open_routes(routes: tuple[Route, ...], hosts: str) -> list[socket.socket]:
    """In the worker's new network and mount namespaces: loopback up, the allowed addresses on it,
    the allowed names in /etc/hosts, and one listening socket per route (for the server)."""
    try:
        _bring_loopback_up()
        literals = sorted({route.inside for route in routes if not route.inside.startswith("127.")})
        for number, address in enumerate(literals, start=1):
            _add_address(f"lo:{number}", address)
        _mount_hosts(hosts)
        listeners = []
        for route in routes:
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((route.inside, route.port))
            listener.listen(16)
            listeners.append(listener)
        return listeners
    except OSError as error:
        raise EgressError(f"the federated worker could not open its routes ({error.strerror or error})") \
            from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(hosts)


def _bring_loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        request = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(probe, _SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(probe, _SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | _IFF_UP))


def _add_address(label: str, address: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for request, value in ((_SIOCSIFADDR, address), (_SIOCSIFNETMASK, "255.255.255.255")):
            fcntl.ioctl(probe, request, struct.pack("16sH2s4s16x", label.encode(), socket.AF_INET, b"",
                                                    socket.inet_aton(value)))


def _mount_hosts(path: str) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    steps = ((None, b"/", _MS_REC | _MS_PRIVATE),  # nothing mounted here reaches the server's namespace
             (path.encode(), b"/etc/hosts", _MS_BIND))
    for source, target, flags in steps:
        if libc.mount(source, target, None, flags, None) != 0:
            code = ctypes.get_errno()
            raise OSError(code, f"mount {target.decode()}: {os.strerror(code) or errno.errorcode.get(code)}")


# In the server --------------------------------------------------------------------------------

class Relay:
    """Forwards each connection the worker makes to one of its listeners, to that route's targets."""

    def __init__(self, listeners: list[socket.socket], routes: tuple[Route, ...]) -> None:
        self._closed = threading.Event()
        self._listeners = listeners
        self._slots = threading.BoundedSemaphore(MOST_RELAYED)
        for listener, route in zip(listeners, routes, strict=True):
            threading.Thread(target=self._accept, args=(listener, route), daemon=True,
                             name=f"psgraph-relay-{route.host}:{route.port}").start()

    def _accept(self, listener: socket.socket, route: Route) -> None:
        while not self._closed.is_set():
            try:
                inner, _ = listener.accept()
            except OSError:
                return  # closed with its worker
            if not self._slots.acquire(blocking=False):
                log.warning("psgraph serve: the federated worker opened more than %d connections at once; "
                            "refused one to %s:%d.", MOST_RELAYED, route.host, route.port)
                inner.close()
                continue
            threading.Thread(target=self._forward, args=(inner, route), daemon=True,
                             name="psgraph-relay-connection").start()

    def _forward(self, inner: socket.socket, route: Route) -> None:
        try:
            outer = _connect(route)
            if outer is None:
                return
            with outer:
                _copy_both_ways(inner, outer)
        finally:
            inner.close()
            self._slots.release()

    def close(self) -> None:
        self._closed.set()
        for listener in self._listeners:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
            listener.close()


def _connect(route: Route) -> socket.socket | None:
    for family, address, port in route.targets:
        outer = socket.socket(family, socket.SOCK_STREAM)
        outer.settimeout(CONNECT_TIMEOUT_S)
        try:
            outer.connect((address, port))
            return outer
        except OSError:
            outer.close()
    log.warning("psgraph serve: the allowed SERVICE host %s:%d did not accept a connection.", route.host,
                route.port)
    return None


def _copy_both_ways(inner: socket.socket, outer: socket.socket) -> None:
    inner.setblocking(False)
    outer.setblocking(False)
    peer = {inner: outer, outer: inner}
    with selectors.DefaultSelector() as selector:
        for end in peer:
            selector.register(end, selectors.EVENT_READ)
        while selector.get_map():
            ready = selector.select(IDLE_TIMEOUT_S)
            if not ready:
                return
            for key, _ in ready:
                source: socket.socket = key.fileobj  # type: ignore[assignment]
                try:
                    data = source.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    return
                if not data:
                    selector.unregister(source)
                    with contextlib.suppress(OSError):
                        peer[source].shutdown(socket.SHUT_WR)
                    continue
                try:
                    peer[source].settimeout(IDLE_TIMEOUT_S)
                    peer[source].sendall(data)
                    peer[source].setblocking(False)
                except OSError:
                    return
