"""What every export, report and page says of the dataset it comes from: the psgraph version, when
the graph was built and how many triples it holds."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from psgraph import __version__
from psgraph.build import read_manifest
from psgraph.project import Project
from psgraph.store import current_location


@dataclass(frozen=True)
class Dataset:
    version: str
    built_at: str  # ISO 8601, UTC: 2026-11-30T07:55:12Z
    triples: int

    @property
    def built_on(self) -> str:
        return self.built_at[:10]


def iso_stamp(stamp: str) -> str:
    """A build's stamp (20261130T075512861629Z) in ISO 8601 (2026-11-30T07:55:12Z)."""
    match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\d*Z", stamp)
    return f"{match[1]}-{match[2]}-{match[3]}T{match[4]}:{match[5]}:{match[6]}Z" if match else stamp


def describe_build(project: Project, store: ox.Store) -> Dataset:
    manifest = read_manifest(current_location(project))
    return Dataset(__version__, iso_stamp(str(manifest.get("built_at", ""))), len(store))
