from pathlib import Path

import pytest

from psgraph.errors import InputError
from psgraph.project import Project


def test_locate_rejects_a_folder_without_data(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a psgraph project"):
        Project.locate(tmp_path)


def test_graph_files_put_the_ontology_first(real_project: Project) -> None:
    files = real_project.graph_files()
    assert files[0].parent.name == "ontology"
    assert any(f.parent.name == "fr" for f in files)
    assert all(f.suffix == ".ttl" for f in files)


def test_locate_walks_up_from_a_subfolder(real_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PSGRAPH_ROOT", raising=False)
    monkeypatch.chdir(real_project.root / "data" / "fr")
    assert Project.locate().root == real_project.root


def test_qc_files_are_the_violation_and_warning_queries(real_project: Project) -> None:
    names = [p.name for p in real_project.qc_files()]
    assert names and all(name.endswith(("-violation.rq", "-warning.rq")) for name in names)
    assert any(name.endswith("-warning.rq") for name in names)
    folder = real_project.root / "queries" / "qc"
    assert sorted(p.name for p in folder.glob("*.rq")) == sorted(names)  # no QC file left unread
