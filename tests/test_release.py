"""`psgraph release`: versioned snapshots with checksums, and a changelog computed from two builds."""

from __future__ import annotations

import hashlib
import json

import pytest
import yaml

from psgraph.build import build
from psgraph.cli import main
from psgraph.errors import InputError
from psgraph.release.write import release
from tests.conftest import REPO

# A council the data does not record (the harvest recorded Villeurbanne's, which this once was).
NEW_IRI = "https://w3id.org/psgraph/id/body/fr/clspd-caluire-et-cuire"
NEW_BODY = """
bfr:clspd-caluire-et-cuire a psg:CLSPD ;
    rdfs:label "Local Security and Crime Prevention Council of Caluire-et-Cuire"@en ,
        "Conseil local de sécurité et de prévention de la délinquance de Caluire-et-Cuire"@fr ;
    psg:jurisdiction terr:fr ; psg:level psg:Municipal ; psg:territory tfrc:69034 ;
    psg:legalBasis csi:L132-4 .
"""


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory):
    """Release 1.0.0, then one body more and Lyon's council renamed, release 1.1.0."""
    import shutil

    from psgraph.project import Project
    from tests.conftest import _copy_model

    root = tmp_path_factory.mktemp("release") / "copy"
    _copy_model(root)
    shutil.copytree(REPO / "data", root / "data")
    for name in ("LICENSE", "LICENSE-DATA"):
        shutil.copy(REPO / name, root / name)
    project = Project(root)
    folder = root / "releases"
    build(project)
    texts = (path.read_text(encoding="utf-8") for path in (root / "data").rglob("*.ttl"))
    assert not any("clspd-caluire-et-cuire" in text for text in texts), \
        "the data now records the body this test adds: choose another"
    first = release(project, "1.0.0")
    bodies = root / "data" / "fr" / "intake" / "recorded.ttl"
    text = bodies.read_text(encoding="utf-8").replace(
        '"Local Security and Crime Prevention Council of Lyon"@en', '"Lyon Security and Prevention Council"@en', 1)
    bodies.write_text(text + NEW_BODY, encoding="utf-8")
    build(project)
    second = release(project, "1.1.0")
    return project, folder, first, second


def test_the_first_release_holds_every_file_with_its_checksum(two_releases) -> None:
    _, folder, first, _ = two_releases
    assert first.previous == "" and first.added > 400
    files = {path.name for path in (folder / "1.0.0").iterdir()}
    assert {"psgraph.ttl", "psgraph.nt", "psgraph.jsonld", "psgraph-datapackage.zip", "psgraph-data.xlsx",
            "void.ttl", "CITATION.cff", "CHANGELOG.md", "SHA256SUMS", "release.json", "LICENSE",
            "LICENSE-DATA"} == files
    import zipfile

    with zipfile.ZipFile(folder / "1.0.0" / "psgraph-datapackage.zip") as archive:
        assert {"LICENSE", "LICENSE-DATA"} <= set(archive.namelist())
        assert archive.read("LICENSE-DATA") == (REPO / "LICENSE-DATA").read_bytes()
    for line in (folder / "1.0.0" / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / "1.0.0" / name).read_bytes()).hexdigest() == digest
    citation = yaml.safe_load((folder / "1.0.0" / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["version"] == "1.0.0" and citation["date-released"]
    from jsonschema import Draft7Validator

    schema = json.loads((REPO / "tests/fixtures/citation/cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    assert not list(Draft7Validator(schema).iter_errors(citation))
    assert (folder / "1.0.0" / "psgraph.ttl").read_text(encoding="utf-8").startswith("# psgraph 1.0.0,")


def test_the_changelog_names_exactly_the_body_added_and_the_one_changed(two_releases) -> None:
    _, folder, _, second = two_releases
    assert (second.previous, second.added, second.removed, second.changed) == ("1.0.0", 1, 0, 1)
    changelog = (folder / "1.1.0" / "CHANGELOG.md").read_text(encoding="utf-8")
    added = changelog.split("## Bodies added (1)")[1].split("##")[0]
    assert f"<{NEW_IRI}>" in added
    assert added.strip().count("\n") == 0, "one line: that body only"
    changed = changelog.split("## Bodies changed (1)")[1].split("##")[0]
    assert "<https://w3id.org/psgraph/id/body/fr/clspd-lyon>: name, type, level, dates or chair" in changed
    assert "## Bodies removed (0)" in changelog


def test_a_release_is_never_rewritten(two_releases, capsys) -> None:
    project, folder, _, _ = two_releases
    before = (folder / "1.0.0" / "SHA256SUMS").read_bytes()
    assert main(["--root", str(project.root), "release", "1.0.0"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (folder / "1.0.0" / "SHA256SUMS").read_bytes() == before


@pytest.mark.parametrize(("version", "said"), [("v1", "not a version number"), ("1.0", "not a version number"),
                                               ("../../etc", "not a version number")])
def test_a_bad_version_is_refused(two_releases, version, said) -> None:
    project, _, _, _ = two_releases
    with pytest.raises(InputError, match=said):
        release(project, version)


def test_an_unknown_previous_release_is_refused(two_releases) -> None:
    project, _, _, _ = two_releases
    with pytest.raises(InputError, match=r"there is no release 0\.9\.0"):
        release(project, "2.0.0", previous="0.9.0")


def test_a_checkout_without_its_licence_files_cannot_release(two_releases, tmp_path) -> None:
    project, _, _, _ = two_releases
    (project.root / "LICENSE-DATA").rename(tmp_path / "LICENSE-DATA")
    try:
        with pytest.raises(InputError, match="LICENSE-DATA"):
            release(project, "9.9.9", folder=tmp_path / "releases")
    finally:
        (tmp_path / "LICENSE-DATA").rename(project.root / "LICENSE-DATA")
    assert not (tmp_path / "releases" / "9.9.9").exists()
