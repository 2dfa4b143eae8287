"""Parsing the project's Turtle files, with syntax errors reported as ``file:line:column: message``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib

from psgraph.errors import InputError

# pyoxigraph repeats the position in its message ("Parser error at line 3 between columns 1 and 7: …");
# the position is given once, in front, as file:line:column.
_POSITION_PREFIX = re.compile(
    r"^Parser error (?:between|at) line \d+ (?:column \d+(?: and line \d+ column \d+)?"
    r"|between columns \d+ and \d+): "
)


def syntax_error_message(path: Path, error: SyntaxError, display_name: str | None = None) -> str:
    """Format a pyoxigraph syntax error the way compilers do: ``file:line:column: message``."""
    line = error.lineno or 0
    column = error.offset or 0
    detail = _POSITION_PREFIX.sub("", str(error.args[0]) if error.args else str(error))
    return f"{display_name or path}:{line}:{column}: {detail}"


def load_into(store: ox.Store, files: Iterable[Path], display: dict[Path, str] | None = None) -> int:
    """Load every Turtle file into ``store``'s default graph; stop at the first syntax error.

    Returns the number of files loaded. Raises InputError naming file, line and column.
    """
    count = 0
    for path in files:
        name = (display or {}).get(path, str(path))
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
        except SyntaxError as error:
            raise InputError(syntax_error_message(path, error, name)) from None
        except OSError as error:
            raise InputError(f"{name}: cannot be read ({error.strerror or error}).") from None
        count += 1
    return count


def memory_store(files: Iterable[Path], display: dict[Path, str] | None = None) -> ox.Store:
    """An in-memory pyoxigraph store holding the given files (fails on the first syntax error)."""
    store = ox.Store()
    load_into(store, files, display)
    return store


def rdflib_graph(files: Iterable[Path], display: dict[Path, str] | None = None) -> rdflib.Graph:
    """The files parsed with rdflib's own Turtle parser, for libraries that need an rdflib graph.

    rdflib's parser keeps plain literals plain (oxrdflib types them xsd:string, which makes
    pyshacl report false sh:in violations), so validation sees the data as written.
    """
    graph = rdflib.Graph()
    for path in files:
        name = (display or {}).get(path, str(path))
        try:
            graph.parse(path, format="turtle")
        except Exception as error:  # rdflib raises many parser exception types
            raise InputError(f"{name}: {error}") from None
    return graph
