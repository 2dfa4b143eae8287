"""Opening the current built store for reading."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from psgraph.errors import StoreMissingError
from psgraph.project import Project


def current_location(project: Project) -> Path:
    link = project.store_link
    if not link.exists():
        raise StoreMissingError(f"No store has been built in {project.root}: run `psgraph build` first.")
    return link.resolve()


def open_store(project: Project) -> ox.Store:
    """The current store, opened read-only (several readers may share it)."""
    location = current_location(project)
    try:
        return ox.Store.read_only(str(location))
    except (OSError, RuntimeError) as error:  # RocksDB: missing files (OSError), "Corruption" (RuntimeError)
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise StoreMissingError(f"The store {project.relative(location)} is empty or damaged ({detail}): "
                                "run `psgraph build` again.") from None
