"""Downloads of the whole graph, written once per build and then served as files: the RDF dumps, the
data package (with its codebook, which /data shows) and the statistics the dataset description
gives."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from psgraph.datapackage.package import package_contents, zipped
from psgraph.dataset import Dataset
from psgraph.description import Statistics, statistics
from psgraph.export import serialize
from psgraph.files import write_atomically

DUMPS = {
    "psgraph.ttl": ("ttl", "text/turtle; charset=utf-8"),
    "psgraph.nt": ("nt", "application/n-triples; charset=utf-8"),
    "psgraph.jsonld": ("jsonld", "application/ld+json; charset=utf-8"),
    "psgraph-datapackage.zip": ("datapackage", "application/zip"),
    "psgraph-data.xlsx": ("datapackage", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
CODEBOOK = "codebook.v3.json"  # its layout: a new name when it changes, so that no old cache is read


class DumpCache:
    """Dumps of one build under ``folder``; each is written on first request, atomically."""

    def __init__(self, store: ox.Store, folder: Path, dataset: Dataset | None = None,
                 licences: Mapping[str, bytes] | None = None) -> None:
        self.store = store
        self.licences = dict(licences or {})  # LICENSE and LICENSE-DATA, packed with the data
        self.folder = folder
        self.dataset = dataset or Dataset("", "", len(store))
        self._lock = threading.Lock()
        self._statistics: Statistics | None = None

    def path(self, name: str) -> Path:
        target = self.folder / name
        with self._lock:
            if not target.exists():
                self.folder.mkdir(parents=True, exist_ok=True)
                if DUMPS[name][0] == "datapackage":
                    self._package(workbook=name.endswith(".xlsx"))
                else:
                    write_atomically(target, serialize(self.store, DUMPS[name][0], self.dataset))
        return target

    def codebook(self) -> dict[str, Any]:
        """The data package's codebook (tables, columns, vocabularies, counts), as plain data."""
        target = self.folder / CODEBOOK
        with self._lock:
            if not target.exists():
                self.folder.mkdir(parents=True, exist_ok=True)
                self._package()
        loaded: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
        return loaded

    def statistics(self) -> Statistics:
        with self._lock:
            if self._statistics is None:
                self._statistics = statistics(self.store)
            return self._statistics

    def _package(self, workbook: bool = False) -> None:
        """The package and its codebook (and the workbook of its tables, when that is asked for)."""
        files, book, tables = package_contents(self.store, self.dataset, self.licences, workbook)
        write_atomically(self.folder / "psgraph-datapackage.zip", zipped(files))
        if workbook:
            write_atomically(self.folder / "psgraph-data.xlsx", tables)
        write_atomically(self.folder / CODEBOOK, json.dumps(asdict(book), ensure_ascii=False).encode())
