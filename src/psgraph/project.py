"""Where the project's source files live and which of them make up the graph."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from psgraph.errors import InputError
from psgraph.sourcefiles import turtle_files

GRAPH_DIRS = ("ontology", "data")
REFERENCE_DIR = Path("data/reference")
SHAPES_DIR = "shapes"
QUERIES_DIR = Path("queries")
QC_DIR = QUERIES_DIR / "qc"
DERIVE_DIR = QUERIES_DIR / "derive"
STATE_DIR = ".psgraph"


@dataclass(frozen=True)
class Project:
    """A psgraph checkout: the Turtle sources, the shapes, the QC queries and the built store.

    ``extra_dirs`` are further folders of Turtle files loaded after data/ — the synthetic layer
    written by ``psgraph synth`` (``psgraph --include DIR …``) — never part of the curated sources.
    """

    root: Path
    extra_dirs: tuple[Path, ...] = ()

    def including(self, folders: list[str]) -> Project:
        """The same project with further Turtle folders; each must exist and hold Turtle files."""
        resolved = []
        for folder in folders:
            path = Path(folder).resolve()
            if not path.is_dir():
                raise InputError(f"--include {folder}: no such folder.")
            if not turtle_files(path):
                raise InputError(f"--include {folder}: the folder holds no Turtle (.ttl) files.")
            resolved.append(path)
        return Project(self.root, tuple(resolved))

    @classmethod
    def locate(cls, root: str | os.PathLike[str] | None = None) -> Project:
        """The project at ``root``, or the nearest ancestor of the working directory holding ``data/``."""
        if root is not None:
            path = Path(root).resolve()
            if not (path / "data").is_dir() or not (path / "ontology").is_dir():
                raise InputError(f"{path} is not a psgraph project: it needs ontology/ and data/ folders.")
            return cls(path)
        env_root = os.environ.get("PSGRAPH_ROOT")
        if env_root:
            return cls.locate(env_root)
        here = Path.cwd().resolve()
        for candidate in (here, *here.parents):
            if (candidate / "data").is_dir() and (candidate / "ontology").is_dir():
                return cls(candidate)
        raise InputError(
            "No psgraph project found here or above: run from a checkout or pass --root DIR."
        )

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def store_link(self) -> Path:
        """The path of the current store (a symbolic link swapped atomically by each build)."""
        return self.state_dir / "store"

    def graph_files(self) -> list[Path]:
        """Every Turtle file of the graph, in a stable order: the ontology first, then the data."""
        files: list[Path] = []
        for name in GRAPH_DIRS:
            files.extend(turtle_files(self.root / name, self.root))
        for folder in self.extra_dirs:
            files.extend(turtle_files(folder))
        return files

    def curated_files(self) -> list[Path]:
        """The ontology and the hand-curated data, without the generated reference data."""
        reference = (self.root / REFERENCE_DIR).resolve()
        files: list[Path] = []
        for name in GRAPH_DIRS:
            files.extend(p for p in turtle_files(self.root / name, self.root)
                         if not p.resolve().is_relative_to(reference))
        return files

    def ontology_files(self) -> list[Path]:
        return turtle_files(self.root / "ontology", self.root)

    def shape_files(self) -> list[Path]:
        return sorted((self.root / SHAPES_DIR).glob("*.ttl"))

    def qc_files(self) -> list[Path]:
        """The QC checks: a row of ``*-violation.rq`` fails validation, a row of ``*-warning.rq`` is told."""
        folder = self.root / QC_DIR
        return sorted([*folder.glob("*-violation.rq"), *folder.glob("*-warning.rq")])

    def derive_files(self) -> list[Path]:
        """The build-time derivations (SPARQL updates), in the order they run."""
        return sorted((self.root / DERIVE_DIR).glob("*.ru"))

    def query_files(self) -> list[Path]:
        """The canned queries of the catalogue (queries/*.rq, not the QC checks)."""
        return sorted((self.root / QUERIES_DIR).glob("*.rq"))

    def relative(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)
