"""The reconciliation indexes kept in the build's search index (SQLite), and read back lazily.

``psgraph build`` computes the indexes once (psgraph.intake.names) and writes them beside the search
index's tables; ``psgraph intake``, ``template`` and ``export`` then look up only the names a
workbook holds (a few milliseconds) instead of reading every label of the graph (7 s on the real
graph). Suggestions for a misspelt name read the names of that one kind when they are needed.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from psgraph.errors import InputError
from psgraph.intake.reconcile import Candidate, Index, Reconciler
from psgraph.search.index import INDEX_NAME

SCHEMA = """
CREATE TABLE reconcile_names (kind TEXT NOT NULL, key TEXT NOT NULL, iri TEXT NOT NULL);
CREATE INDEX reconcile_names_by_key ON reconcile_names (kind, key);
CREATE TABLE reconcile_candidates (kind TEXT NOT NULL, iri TEXT NOT NULL, label TEXT NOT NULL,
    area TEXT NOT NULL, tier INTEGER NOT NULL, label_fr TEXT NOT NULL, PRIMARY KEY (kind, iri));
CREATE TABLE reconcile_types (iri TEXT PRIMARY KEY, level TEXT NOT NULL, country TEXT NOT NULL);
CREATE TABLE reconcile_levels (iri TEXT PRIMARY KEY, level TEXT NOT NULL);
CREATE TABLE reconcile_holders (type TEXT NOT NULL, holder TEXT NOT NULL);
CREATE TABLE reconcile_classes (kind TEXT PRIMARY KEY, class TEXT NOT NULL);
CREATE TABLE reconcile_ranks (level TEXT PRIMARY KEY, rank INTEGER NOT NULL);
"""
_AREA_SEPARATOR = "\u001f"


def write(reconciler: Reconciler, path: Path) -> int:
    """Add the reconciler's tables to the SQLite file at ``path``; the number of names written."""
    connection = sqlite3.connect(path)
    try:
        connection.executescript(SCHEMA)
        names = [
            (kind, key, iri)
            for kind, index in reconciler.indexes.items()
            for key, iris in index.names.items()
            for iri in iris
        ]
        connection.executemany("INSERT INTO reconcile_names VALUES (?, ?, ?)", names)
        connection.executemany(
            "INSERT INTO reconcile_candidates VALUES (?, ?, ?, ?, ?, ?)",
            [
                (kind, c.iri, c.label, _AREA_SEPARATOR.join(sorted(c.area)), c.tier, c.label_fr)
                for kind, index in reconciler.indexes.items()
                for c in index.candidates.values()
            ],
        )
        connection.executemany(
            "INSERT INTO reconcile_types VALUES (?, ?, ?)",
            [(iri, *facts) for iri, facts in reconciler.body_types.items()],
        )
        connection.executemany(
            "INSERT INTO reconcile_levels VALUES (?, ?)", list(reconciler.territory_levels.items())
        )
        connection.executemany(
            "INSERT INTO reconcile_holders VALUES (?, ?)",
            [(t, h) for t, holders in reconciler.seat_holders.items() for h in holders],
        )
        connection.executemany(
            "INSERT INTO reconcile_classes VALUES (?, ?)", list(reconciler.document_classes.items())
        )
        connection.executemany(
            "INSERT INTO reconcile_ranks VALUES (?, ?)", list(reconciler.level_ranks.items())
        )
        connection.commit()
    finally:
        connection.close()
    return len(names)


class _Database:
    """One read-only connection, shared by the lazy mappings of a reconciler (and by server threads)."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.lock = threading.Lock()

    def rows(self, query: str, *parameters: object) -> list[tuple]:
        with self.lock:
            return self.connection.execute(query, parameters).fetchall()


class _Names(Mapping[str, set[str]]):
    def __init__(self, database: _Database, kind: str) -> None:
        self.database, self.kind = database, kind
        self._keys: list[str] | None = None

    def __getitem__(self, key: str) -> set[str]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: str, default: object = None) -> set[str] | None:  # type: ignore[override]
        iris = {
            iri
            for (iri,) in self.database.rows(
                "SELECT iri FROM reconcile_names WHERE kind = ? AND key = ?", self.kind, key
            )
        }
        return iris if iris else default  # type: ignore[return-value]

    def _all(self) -> list[str]:
        if self._keys is None:
            self._keys = [
                key
                for (key,) in self.database.rows(
                    "SELECT DISTINCT key FROM reconcile_names WHERE kind = ?", self.kind
                )
            ]
        return self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class _Candidates(Mapping[str, Candidate]):
    def __init__(self, database: _Database, kind: str) -> None:
        self.database, self.kind = database, kind
        self._cache: dict[str, Candidate | None] = {}
        self._complete = False

    @staticmethod
    def _candidate(iri: str, label: str, area: str, tier: int, label_fr: str) -> Candidate:
        return Candidate(iri, label, set(area.split(_AREA_SEPARATOR)) if area else set(), tier, label_fr)

    def __getitem__(self, iri: str) -> Candidate:
        if iri not in self._cache and not self._complete:
            rows = self.database.rows(
                "SELECT iri, label, area, tier, label_fr FROM reconcile_candidates "
                "WHERE kind = ? AND iri = ?",
                self.kind,
                iri,
            )
            self._cache[iri] = self._candidate(*rows[0]) if rows else None
        found = self._cache.get(iri)
        if found is None:
            raise KeyError(iri)
        return found

    def _load(self) -> None:
        if not self._complete:
            for row in self.database.rows(
                "SELECT iri, label, area, tier, label_fr FROM reconcile_candidates WHERE kind = ?", self.kind
            ):
                self._cache[row[0]] = self._candidate(*row)
            self._complete = True

    def __iter__(self) -> Iterator[str]:
        self._load()
        return iter([iri for iri, c in self._cache.items() if c is not None])

    def __len__(self) -> int:
        self._load()
        return sum(1 for c in self._cache.values() if c is not None)


class _Column(Mapping[str, object]):
    """A two-column table read as a mapping, one row at a time."""

    def __init__(self, database: _Database, query: str, listing: str, shape: type = str) -> None:
        self.database, self.query, self.listing, self.shape = database, query, listing, shape

    def __getitem__(self, key: str) -> object:
        rows = self.database.rows(self.query, key)
        if not rows:
            raise KeyError(key)
        return rows[0][0] if len(rows[0]) == 1 else tuple(rows[0])

    def __iter__(self) -> Iterator[str]:
        return iter(key for (key,) in self.database.rows(self.listing))

    def __len__(self) -> int:
        return len(self.database.rows(self.listing))


class _Holders(Mapping[str, frozenset[str]]):
    def __init__(self, database: _Database) -> None:
        self.database = database

    def __getitem__(self, body_type: str) -> frozenset[str]:
        return frozenset(
            h for (h,) in self.database.rows("SELECT holder FROM reconcile_holders WHERE type = ?", body_type)
        )

    def __iter__(self) -> Iterator[str]:
        return iter(t for (t,) in self.database.rows("SELECT DISTINCT type FROM reconcile_holders"))

    def __len__(self) -> int:
        return len(list(iter(self)))


class _LazyIndex(Index):
    def __init__(self, database: _Database, kind: str) -> None:
        self.kind = kind
        self.names = _Names(database, kind)
        self.candidates = _Candidates(database, kind)


def read(location: Path) -> Reconciler:
    """The reconciler of the build at ``location`` (the store's directory)."""
    path = Path(location) / INDEX_NAME
    database = _Database(path)
    try:
        kinds = [kind for (kind,) in database.rows("SELECT DISTINCT kind FROM reconcile_candidates")]
    except sqlite3.DatabaseError:
        raise InputError(
            f"{path}: the build has no names to reconcile with (it predates this version of psgraph); "
            "run `psgraph build` again."
        ) from None
    from psgraph.intake import layout

    indexes = {
        kind: _LazyIndex(database, kind) for kind in {*kinds, *layout.KIND_NAMES, *layout.VOCABULARIES}
    }
    types = _Column(
        database,
        "SELECT level, country FROM reconcile_types WHERE iri = ?",
        "SELECT iri FROM reconcile_types",
    )
    levels = _Column(
        database, "SELECT level FROM reconcile_levels WHERE iri = ?", "SELECT iri FROM reconcile_levels"
    )
    classes = dict(database.rows("SELECT kind, class FROM reconcile_classes"))
    ranks = dict(database.rows("SELECT level, rank FROM reconcile_ranks"))
    return Reconciler(indexes, types, levels, _Holders(database), classes, ranks)  # type: ignore[arg-type]
