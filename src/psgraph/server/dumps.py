"""Downloads of the whole graph, written once per build and then served as files."""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox

from psgraph.export import serialize
from psgraph.files import write_atomically

DUMPS = {
    "psgraph.ttl": ("ttl", "text/turtle; charset=utf-8"),
    "psgraph.nt": ("nt", "application/n-triples; charset=utf-8"),
    "psgraph.jsonld": ("jsonld", "application/ld+json; charset=utf-8"),
}


class DumpCache:
    """Dumps of one build under ``folder``; each is written on first request, atomically."""

    def __init__(self, store: ox.Store, folder: Path) -> None:
        self.store = store
        self.folder = folder
        self._lock = threading.Lock()

    def path(self, name: str) -> Path:
        target = self.folder / name
        with self._lock:
            if not target.exists():
                self.folder.mkdir(parents=True, exist_ok=True)
                write_atomically(target, serialize(self.store, DUMPS[name][0]))
        return target
