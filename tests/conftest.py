"""Shared fixtures: throw-away copies of the project, or a tiny project around one data file."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from psgraph.build import build
from psgraph.project import Project

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = (FIXTURES / "mini" / "mini.ttl").read_text(encoding="utf-8")


def replace_once(text: str, old: str, new: str) -> str:
    """Replace exactly one occurrence, so a mutation that misses fails the test instead of passing it."""
    assert text.count(old) == 1, f"expected exactly one occurrence of {old!r}"
    return text.replace(old, new)


def _copy_model(root: Path) -> None:
    for name in ("ontology", "shapes"):
        shutil.copytree(REPO / name, root / name)
    shutil.copytree(REPO / "queries" / "qc", root / "queries" / "qc")


@pytest.fixture
def mini_project(tmp_path: Path) -> Callable[[str], Project]:
    """A project with the real ontology, shapes and QC queries and one given data file."""

    def make(data: str = MINI, name: str = "mini.ttl") -> Project:
        root = tmp_path / "mini"
        if not root.exists():
            _copy_model(root)
            (root / "data").mkdir()
        (root / "data" / name).write_text(data, encoding="utf-8")
        return Project(root)

    return make


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    """A full copy of the project's sources (ontology, data, shapes, queries)."""
    root = tmp_path / "copy"
    _copy_model(root)
    shutil.copytree(REPO / "data", root / "data")
    return Project(root)


def built_copy(root: Path) -> Project:
    """A copy of the project's sources at ``root``, built: what an import or a release writes into."""
    for name in ("ontology", "shapes", "queries", "data"):
        shutil.copytree(REPO / name, root / name)
    project = Project(root)
    build(project)
    return project


@pytest.fixture(scope="session")
def real_project() -> Project:
    return Project(REPO)
