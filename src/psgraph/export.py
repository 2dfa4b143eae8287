"""Writing the merged graph of the current store as Turtle, N-Triples or JSON-LD."""

from __future__ import annotations

import sys

import pyoxigraph as ox

from psgraph.dataset import Dataset, describe_build
from psgraph.errors import InputError
from psgraph.files import output_file, write_output
from psgraph.prefixes import PREFIXES
from psgraph.project import Project
from psgraph.store import open_store

FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def serialize(store: ox.Store, fmt: str, dataset: Dataset | None = None) -> bytes:
    """The graph in ``fmt``; Turtle and N-Triples begin with a comment naming the version and build
    (JSON-LD has no comments)."""
    if fmt not in FORMATS:
        raise InputError(f"Unknown export format {fmt!r}: choose ttl, nt or jsonld.")
    rdf_format = FORMATS[fmt]
    prefixes = PREFIXES if rdf_format is ox.RdfFormat.TURTLE else None
    payload = store.dump(format=rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)
    if dataset is None or rdf_format is ox.RdfFormat.JSON_LD:
        return payload
    header = (f"# psgraph {dataset.version}, graph built {dataset.built_at}, {dataset.triples} triples; "
              "CC BY 4.0 (ontology and data); cite it with CITATION.cff. https://w3id.org/psgraph\n")
    return header.encode("utf-8") + payload


def export(project: Project, fmt: str, output: str) -> int:
    """Write the current store to ``output`` ("-" for standard output); return the bytes written.

    A file is written to a temporary name beside it and renamed into place, so an interrupted
    export never leaves a half-written file.
    """
    target = None if output == "-" else output_file(output)
    store = open_store(project)
    payload = serialize(store, fmt, describe_build(project, store))
    if target is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return len(payload)
    write_output(target, payload)
    return len(payload)
